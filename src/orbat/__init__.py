"""orbat: a sourced, time-aware order of battle from conflict reporting."""

__version__ = "0.1.0"
