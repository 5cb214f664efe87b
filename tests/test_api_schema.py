"""Property-based run against the OpenAPI spec (schemathesis strategies driven by hypothesis):
no generated input makes the API answer 500.

Every operation gets generated path and query parameters and bodies, sent with the write token
so the write paths (ingest, corrections) run too; ingest uses a stub annotator to keep this fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from api_fixtures import seed
from orbat.model import Document, Findings
from orbat.views.api import create_app

TOKEN = "schema-token"
EXAMPLES = int(os.environ.get("ORBAT_SCHEMA_EXAMPLES", "25"))  # per operation; raise it for a long run


def _stub(doc: Document) -> Findings:
    return Findings(doc, extractor_version="stub")


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    db = str(Path(tmp_path_factory.mktemp("schema")) / "world.db")
    seed(db)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, TOKEN, annotator=_stub))


def test_no_generated_input_makes_a_server_error(api_schema) -> None:  # type: ignore[no-untyped-def]
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 14
    seen: dict[str, set[int]] = {}

    def check(op):  # type: ignore[no-untyped-def]
        label = f"{op.method.upper()} {op.path}"

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  phases=(Phase.explicit, Phase.generate))  # report, do not spend minutes shrinking
        @given(case=op.as_strategy())
        def run(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
            seen.setdefault(label, set()).add(response.status_code)
            assert response.status_code < 500, (label, case.path_parameters, case.query, response.text[:300])

        return run

    for op in operations:
        check(op)()
    # The run reached every operation, and the reads answered with data at least once.
    assert set(seen) == {f"{op.method.upper()} {op.path}" for op in operations}
    assert 200 in seen["GET /api/events"] and 201 in seen["POST /api/corrections"]
