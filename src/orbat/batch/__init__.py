"""Archive-scale extraction: one small engine interface, a local process pool and Ray.

Entry point: `run_batch(inputs, db, engine=..., workers=..., chunk=...)`; the CLI is
`orbat batch` (views/batch_cli.py). See runner.py (driving), units.py (cutting inputs into
work), worker.py (what a worker does and why that is exactly once) and engine.py.
"""

from orbat.batch.runner import BatchSummary, run_batch

__all__ = ["run_batch", "BatchSummary"]
