"""The actor knowledge base: shipped file, validator (file, line, problem), user additions, CLI."""

from __future__ import annotations

import textwrap

from typer.testing import CliRunner

from orbat.knowledge.actors import ACTOR_TYPES, load_actor_kb
from orbat.knowledge.validate import validate_files
from orbat.views.kb_cli import app


def test_shipped_kb_is_valid_and_large():
    assert validate_files() == []
    kb = load_actor_kb()
    assert len(kb.actors) >= 150
    assert {a.type for a in kb.actors.values()} == ACTOR_TYPES
    for required in ("syria_government", "rebels_generic", "civilians", "pro_government_militias",
                     "islamic_state", "jabhat_al_nusra", "sdf", "us_led_coalition", "un", "opcw"):
        assert required in kb.actors


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return p


def test_validator_names_file_line_and_problem(tmp_path):
    p = _write(tmp_path, "bad.yaml", """
        actors:
          - id: alpha_group
            name: Alpha Group
            type: armed_group
            aliases: [Alpha Brigade]
          - id: alpha_group
            name: Alpha Again
            type: armed_group
          - id: beta_group
            name: Beta Group
            type: militia
            aliases: [Alpha Brigade]
            names:
              - {name: Beta Front, from: "2015-13-01"}
            background:
              - {type: member_of, object: no_such_actor, source: "a test note"}
          - id: gamma_group
            type: armed_group
        """)
    problems = validate_files([p])
    text = "\n".join(str(x) for x in problems)
    assert all(x.path == str(p) for x in problems)
    assert any(x.line == 6 and "duplicate id 'alpha_group'" in x.message for x in problems), text
    assert any(x.line == 11 and "unknown type 'militia'" in x.message for x in problems), text
    assert any(x.line == 12 and "also claimed by 'alpha_group'" in x.message for x in problems), text
    assert any(x.line == 14 and "bad date '2015-13-01'" in x.message for x in problems), text
    assert any(x.line == 16 and "unknown actor 'no_such_actor'" in x.message for x in problems), text
    assert any(x.line == 17 and "missing required field `name`" in x.message for x in problems), text


def test_validator_reports_yaml_syntax_line(tmp_path):
    p = _write(tmp_path, "broken.yaml", """
        actors:
          - id: one
            name: [unclosed
        """)
    (problem,) = validate_files([p])
    assert problem.line >= 3 and "not valid YAML" in problem.message


def test_user_file_extends_an_actor(tmp_path):
    base = _write(tmp_path, "base.yaml", """
        actors:
          - id: delta_group
            name: Delta Group
            type: armed_group
        """)
    local = _write(tmp_path, "local.yaml", """
        actors:
          - id: delta_group
            aliases: [Delta Lions]
        """)
    kb = load_actor_kb([base, local])
    assert kb.get("delta_group").aliases == ["Delta Lions"]
    assert validate_files([base, local]) == []


def test_cli_add_alias_writes_the_user_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ORBAT_DATA", str(tmp_path / "data"))
    db = f"sqlite:///{tmp_path / 'o.db'}"
    r = CliRunner().invoke(app, ["add-alias", "jaysh_al_islam", "Islam Army of Ghouta", "--db", db])
    assert r.exit_code == 0, r.output
    local = tmp_path / "data" / "actors" / "local.yaml"
    assert "Islam Army of Ghouta" in local.read_text(encoding="utf-8")
    assert "Islam Army of Ghouta" in load_actor_kb().get("jaysh_al_islam").aliases
    r = CliRunner().invoke(app, ["validate"])
    assert r.exit_code == 0, r.output


def test_cli_decisions_and_validate_errors(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["reject", "fsa", "--db", db]).exit_code == 2  # only provisional actors are settled
    assert runner.invoke(app, ["merge", "prov_some_brigade", "fsa", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["accept", "prov_other_brigade", "--name", "Other Brigade", "--db", db]).exit_code == 0
    from orbat.store import Store

    with Store.open(db) as store:
        kinds = [c["kind"] for c in store.corrections()]
    assert kinds == ["actor:merge", "actor:accept"]
    bad = _write(tmp_path, "bad.yaml", """
        actors:
          - id: Bad-Id
            name: Bad
            type: armed_group
        """)
    r = runner.invoke(app, ["validate", str(bad)])
    assert r.exit_code == 1 and f"{bad}:2:" in r.output
