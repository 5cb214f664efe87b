"""Screenshot of the dashboard on the example reports, for docs/dashboard.png.

    PYTHONPATH=src python scripts/dashboard_screenshot.py [--out docs/dashboard.png] [--db /tmp/orbat-demo.db]

Reads examples/ with orbat's readers, runs extraction (the Annotator) on each report, stores the
findings, serves the dashboard on loopback and has Debian's headless Chromium photograph it with
one event's evidence open.
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


def build(db: str) -> None:
    Path(db).unlink(missing_ok=True)
    annotator = Annotator()
    docs = [d for d in read_paths([str(ROOT / "examples")]) if not isinstance(d, Exception)]
    with Store.open(db) as store:
        for doc in docs:
            store.save(annotator.annotate(doc))
        print(store.counts())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "dashboard.png"))
    ap.add_argument("--db", default="/tmp/orbat-demo.db")
    ap.add_argument("--keep", action="store_true", help="reuse the store if it exists")
    args = ap.parse_args()
    if not (args.keep and Path(args.db).exists()):
        build(args.db)
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
            markers.nth(markers.count() // 2).click(force=True)
            page.locator("#evidence-mark").wait_for(timeout=10000)
        page.wait_for_timeout(800)
        page.screenshot(path=args.out)
        browser.close()
    server.should_exit = True
    print("wrote", args.out)


if __name__ == "__main__":
    main()
