"""Exactly once, for real: batch runs in subprocesses, killed with SIGKILL and run again.

Every run ends with the same store as a clean run: same documents (content hashes), same
fact counts, and the same facts per document. The clean run uses the Ray engine (a local
instance with one CPU), so it also shows the distributed engine and the process pool agree.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import orbat
from orbat.store import Store, facts_hash

SRC = str(Path(orbat.__file__).resolve().parents[1])
SIDES = ["the Free Syrian Army", "the Islamic State", "government troops", "Hezbollah", "the Kurdish YPG"]
TOWNS = ["Aleppo", "Homs", "Idlib", "Hama", "Palmyra"]


def _corpus(root: Path) -> Path:
    """A directory with a JSONL shard of 32 short reports and 8 loose text files (my own words)."""
    d = root / "archive"
    d.mkdir()
    lines = []
    for i in range(40):
        a, b, town = SIDES[i % 5], SIDES[(i + 2) % 5], TOWNS[(i + i // 5) % 5]
        body = (f"Clashes near {town}, report {i}\n\n{a.capitalize()} said its units fought {b} "
                f"north of {town} on Tuesday. A monitor counted {i % 6 + 2} dead. {b.capitalize()} "
                f"later claimed it still held the road.")
        if i < 32:
            lines.append(json.dumps({"doc_id": f"r{i:02d}", "format": "text", "raw": body,
                                     "published": f"2016-02-{i % 27 + 1:02d}"}))
        else:
            (d / f"note{i}.txt").write_text(body, encoding="utf-8")
    (d / "shard.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return d


def _start(archive: Path, db: Path, *, engine: str = "local", workers: int = 1, chunk: int = 2) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "COLUMNS": "120"}
    cmd = [sys.executable, "-m", "orbat.batch", str(archive), "--db", str(db), "--engine", engine,
           "--workers", str(workers), "--chunk", str(chunk)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _finish(p: subprocess.Popen, timeout: float = 240) -> str:
    out, _ = p.communicate(timeout=timeout)
    assert p.returncode == 0, out
    return out


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as c:
            return c.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:  # schema not created yet
        return 0


def _wait_for(db: Path, p: subprocess.Popen, at_least: int, timeout: float = 180) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        n = _stored(db)
        if n >= at_least:
            return n
        assert p.poll() is None, p.communicate()[0]
        time.sleep(0.03)
    raise AssertionError(f"the batch stored fewer than {at_least} documents in {timeout} s")


def _descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below `pid`, from /proc (Linux)."""
    parent: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parent[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for child, par in parent.items():
            if par == p:
                try:
                    cmd = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                out.append((child, cmd))
                todo.append(child)
    return out


def _state(db: Path) -> dict:
    with Store.open(db) as s:
        counts = s.counts()
        docs = s.documents()
        facts = {d["content_hash"]: facts_hash(s.findings(d["key"])) for d in docs}
    return {"counts": counts, "facts": facts}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return _corpus(tmp_path_factory.mktemp("batch"))


@pytest.fixture(scope="module")
def clean(archive, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    pytest.importorskip("ray")
    out = _finish(_start(archive, db, engine="ray", workers=1, chunk=8))
    assert "40 new" in out, out
    state = _state(db)
    assert state["counts"]["documents"] == 40
    assert state["counts"]["mentions"] > 40 and state["counts"]["events"] > 0
    return state


def test_whole_run_killed_and_rerun(archive, clean, tmp_path):
    db = tmp_path / "killed.db"
    p = _start(archive, db, workers=1, chunk=2)
    _wait_for(db, p, 4)
    os.killpg(p.pid, signal.SIGKILL)  # the driver and its workers, no chance to clean up
    p.wait()
    done = _stored(db)
    assert 4 <= done < 40, f"the kill came too late to test anything ({done} stored)"
    out = _finish(_start(archive, db, workers=2, chunk=2))
    assert f"{40 - done} new, {done} already stored" in out, out
    assert _state(db) == clean


def test_worker_killed_mid_run(archive, clean, tmp_path):
    db = tmp_path / "worker.db"
    p = _start(archive, db, workers=2, chunk=2)
    try:
        _wait_for(db, p, 4)
        workers = [pid for pid, cmd in _descendants(p.pid) if "spawn_main" in cmd]
        assert workers, "no worker processes found"
        os.kill(workers[0], signal.SIGKILL)
        out = _finish(p)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    assert _stored(db) == 40
    assert "40 new" in out or "already stored" in out
    assert _state(db) == clean
