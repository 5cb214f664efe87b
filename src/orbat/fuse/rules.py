"""The fusion rules file (`data/picture/fusion.yaml`), loaded once per process.

Thresholds, compatible sub-types, the consensus rule and the interchange mappings are data so
an analyst can tighten or loosen fusion without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from orbat.knowledge.files import files, load_yaml


@dataclass(frozen=True)
class Rules:
    compatible: dict[str, frozenset[str]]
    max_km: dict[int, float]
    slack_days: int
    week_half_days: int
    fatalities_rule: str
    acled: dict[str, Any] = field(default_factory=dict)
    plover: dict[str, dict[str, str]] = field(default_factory=dict)
    symmetric: frozenset[str] = frozenset()
    version: str = ""

    def sub_types_fuse(self, a: str, b: str) -> bool:
        return a == b or b in self.compatible.get(a, frozenset())


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in extra.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """Package rules, overridden key by key by any later `picture/fusion*.yaml` on ORBAT_DATA."""
    data: dict[str, Any] = {}
    for path in files("picture"):
        if path.stem.startswith("fusion"):
            data = _merge(data, load_yaml(path) or {})
    ev = data.get("events") or {}
    compatible: dict[str, set[str]] = {}
    for group in ev.get("compatible_sub_types") or []:
        for s in group:
            compatible.setdefault(s, set()).update(group)
    return Rules(
        compatible={k: frozenset(v) for k, v in compatible.items()},
        max_km={int(k): float(v) for k, v in (ev.get("max_km") or {1: 10, 2: 25}).items()},
        slack_days=int(ev.get("slack_days", 1)),
        week_half_days=int(ev.get("week_half_days", 3)),
        fatalities_rule=str(ev.get("fatalities_rule", "min")),
        acled=dict(data.get("acled") or {}),
        plover=dict(data.get("plover") or {}),
        symmetric=frozenset((data.get("relations") or {}).get("symmetric") or ["fights", "ally_of"]),
        version=str(data.get("version", "")),
    )
