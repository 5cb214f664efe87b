"""Batch pieces without spaCy: cutting inputs into units, reading units back, the local engine."""

from __future__ import annotations

import io
import json
import os
import signal
from pathlib import Path

import pytest

from orbat.batch.engine import make_engine
from orbat.batch.local import LocalEngine
from orbat.batch.units import Unit, plan, read_unit
from orbat.errors import OrbatError, ReadError
from orbat.read import read_paths


def _line(i: int) -> str:
    return json.dumps({"doc_id": f"d{i}", "format": "text",
                       "raw": f"Report number {i}\n\nRebels and soldiers traded fire near a bridge, day {i}."})


def _hashes(items) -> list[str]:
    return [d.content_hash for d in items if not isinstance(d, ReadError)]


def test_jsonl_units_cover_every_line_once(tmp_path):
    shard = tmp_path / "a.jsonl"
    shard.write_text("\n".join([_line(i) for i in range(5)] + ["", "{broken"] + [_line(i) for i in range(5, 9)]) + "\n")
    units = list(plan([shard], chunk=3))
    assert all(u.kind == "jsonl" for u in units)
    assert [u.start for u in units][0] == 0 and units[-1].end == shard.stat().st_size
    assert all(a.end == b.start for a, b in zip(units, units[1:], strict=False))
    got = [x for u in units for x in read_unit(u)]
    errors = [e for e in got if isinstance(e, ReadError)]
    assert len(errors) == 1 and "line 7" in str(errors[0])  # line numbers of the whole file
    assert _hashes(got) == _hashes(read_paths([shard]))
    assert len(_hashes(got)) == 9


def test_loose_files_grouped_and_missing_input_reported(tmp_path):
    for i in range(5):
        (tmp_path / f"r{i}.txt").write_text(f"Shelling hit a market in the old town, report {i}.")
    units = list(plan([tmp_path, tmp_path / "nope.txt"], chunk=2))
    errs = [u for u in units if isinstance(u, ReadError)]
    files = [u for u in units if isinstance(u, Unit)]
    assert [len(u.files) for u in files] == [2, 2, 1]
    assert len(errs) == 1 and "E010" in str(errs[0])
    assert sorted(_hashes(x for u in files for x in read_unit(u))) == sorted(_hashes(read_paths([tmp_path])))


def _warc(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            html = (f"<html><head><title>Convoy hit {i}</title></head><body><article><h1>Convoy hit {i}</h1>"
                    f"<p>An aid convoy was struck on the road to the northern villages, day {i}. "
                    f"Drivers said the trucks burned for hours before help came.</p></article></body></html>")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"http://example.org/{i}", "response",
                                                payload=io.BytesIO(html.encode()), http_headers=headers))
            w.write_record(w.create_warc_record(f"http://example.org/{i}", "metadata",
                                                payload=io.BytesIO(b"note: none"), warc_content_type="text/plain"))


def test_warc_cut_at_record_boundaries(tmp_path):
    arc = tmp_path / "crawl.warc.gz"
    _warc(arc, 7)
    units = list(plan([arc], chunk=2))
    assert len(units) == 4 and all(u.kind == "warc" for u in units)
    assert units[0].start == 0 and units[-1].end == arc.stat().st_size
    got = [x for u in units for x in read_unit(u)]
    assert not [e for e in got if isinstance(e, ReadError)]
    whole = _hashes(read_paths([arc]))
    assert len(whole) == 7 and _hashes(got) == whole


def _square(x: int) -> int:
    return x * x


def _die_once(arg: tuple[int, str]) -> int:
    """Kill this worker the first time it sees 3 (a marker file remembers across processes)."""
    x, marker = arg
    if x == 3 and not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return x * 10


def test_local_engine_maps_lazily_and_survives_a_killed_worker(tmp_path):
    with LocalEngine(2) as eng:
        assert sorted(eng.map_chunks(_square, range(10))) == [i * i for i in range(10)]
        marker = str(tmp_path / "died")
        got = sorted(eng.map_chunks(_die_once, ((i, marker) for i in range(8))))
    assert os.path.exists(marker)  # a worker really died
    assert got == [i * 10 for i in range(8)]  # and every chunk still came back exactly once


def test_unknown_and_ray_engines_say_what_to_use():
    with pytest.raises(OrbatError) as e:
        make_engine("spark", 1)
    assert "E080" in str(e.value) and "local" in str(e.value)
    with pytest.raises(OrbatError) as e:
        make_engine("dask", 1)
    assert "E080" in str(e.value) and "Ray" in str(e.value)
    with pytest.raises(ValueError):
        make_engine("local", 0)


class _FakeAnnotator:
    """Stands in for the spaCy Annotator: findings with no facts, a failure on demand."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def annotate(self, doc):
        from orbat.model import Findings

        self.seen.append(doc.key)
        if "explode" in doc.body:
            raise RuntimeError("boom")
        return Findings(document=doc, extractor_version="fake", knowledge_version="fake")


def test_worker_skips_stored_and_repeated_documents_and_reports_failures(tmp_path):
    from orbat.batch import worker
    from orbat.store import Store

    shard = tmp_path / "s.jsonl"
    rows = [_line(0), _line(1), _line(1), _line(2),
            json.dumps({"doc_id": "x", "format": "text", "raw": "This one will explode on purpose."}),
            json.dumps({"doc_id": "y", "format": "text", "raw": "A bad date.", "published": "March 2016"})]
    shard.write_text("\n".join(rows) + "\n")
    db = f"sqlite:///{tmp_path / 'w.db'}"
    fake = _FakeAnnotator()
    store = Store.open(db)
    worker._local.state = {"annotator": fake, "store": store, "db": db}
    try:
        (unit,) = list(plan([shard], chunk=10))
        r = worker.run_unit(worker.Task(unit, db, write_batch=2))
        assert (r.read, r.saved, r.skipped) == (6, 3, 1)  # d1 repeated; x fails; y's date is refused
        assert len(r.errors) == 2 and "E082" in r.errors[0] and "E050" in r.errors[1]
        assert store.counts()["documents"] == 3
        again = worker.run_unit(worker.Task(unit, db))
        assert (again.saved, again.skipped) == (0, 4)  # only the two refused ones are tried again
    finally:
        worker._local.state = None
        store.close()
