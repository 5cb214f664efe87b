"""The store: every fact with its evidence, in SQLite (a file) or PostgreSQL (shared).

Public entry point: `Store.open(url)`; see repository.py for the interface.
"""

from orbat.store.repository import Store, facts_hash

__all__ = ["Store", "facts_hash"]
