"""Analyst decisions on actors (accept, merge, reject, add-alias), kept in the store.

Knowledge lives in files; decisions live with the facts they settle, in the corrections table,
so every machine sharing a store re-applies the same decisions after re-extraction. This class
is the store's side of `orbat.annotate.discovery.Decisions`.
"""

from __future__ import annotations

from typing import Any

from orbat.store.repository import Store

PREFIX = "actor:"


class StoreDecisions:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, kind: str, target: str, payload: dict[str, Any], who: str) -> None:
        from orbat.annotate.discovery import KINDS

        if kind not in KINDS:
            raise ValueError(f"unknown decision kind {kind!r} (one of {', '.join(sorted(KINDS))})")
        self.store.add_correction(PREFIX + kind, target, payload, who)

    def all(self) -> list[dict[str, Any]]:
        return [{"kind": c["kind"][len(PREFIX):], "target": c["target"], "payload": c.get("payload") or {},
                 "who": c.get("who"), "at": c.get("created_at")}
                for c in self.store.corrections() if str(c["kind"]).startswith(PREFIX)]
