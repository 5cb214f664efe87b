"""Screenshot of the dashboard on the example reports, for docs/dashboard.png.

    PYTHONPATH=src python scripts/dashboard_screenshot.py [--out docs/dashboard.png] [--db /tmp/orbat-demo.db]

Reads examples/ with orbat's readers, runs extraction (the Annotator) on each report, stores the
findings, serves the dashboard on loopback and has Debian's headless Chromium photograph it with
one event's evidence open. With --with-test-world it also stores the tests' hand-built world
(tests/api_fixtures.py: invented sentences about real actors and places, with coordinates), which
fills the map while the extraction on this branch has no gazetteer to place events.
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from orbat.annotate import Annotator
from orbat.read import read_paths
from orbat.store.repository import Store
from orbat.views.api import create_app

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def build(db: str, test_world: bool) -> None:
    Path(db).unlink(missing_ok=True)
    annotator = Annotator()
    docs = [d for d in read_paths([str(ROOT / "examples")]) if not isinstance(d, Exception)]
    with Store.open(db) as store:
        for doc in docs:
            store.save(annotator.annotate(doc))
        if test_world:
            import sys

            sys.path.insert(0, str(ROOT / "tests"))
            from api_fixtures import world

            for f in world():
                store.save(f)
        print(store.counts())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"))
    ap.add_argument("--db", default="/tmp/orbat-demo.db")
    ap.add_argument("--keep", action="store_true", help="reuse the store if it exists")
    ap.add_argument("--with-test-world", action="store_true", help="also store the tests' hand-built world")
    args = ap.parse_args()
    if not (args.keep and Path(args.db).exists()):
        build(args.db, args.with_test_world)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(create_app(args.db, None), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_selector("body[data-ready='1']", timeout=30000)
        page.select_option("#window", "0")
        page.wait_for_timeout(1500)
        markers = page.locator("path.event-marker")
        if markers.count():
            markers.nth(min(3, markers.count() - 1)).click(force=True)
            page.locator("#evidence-mark").wait_for(timeout=10000)
        page.wait_for_timeout(800)
        page.screenshot(path=args.out)
        browser.close()
    server.should_exit = True
    print("wrote", args.out)


if __name__ == "__main__":
    main()
