"""Measured precision of the checks: what a finding's ``confidence`` means.

``bench/trust.py --write-calibration`` writes ``data/check_precision.json``: for every check code
and the severity the check gave a finding, how many of its findings on the benchmark's dev
documents were real (a planted error it caught) and how many were false alarms (a finding on a
professional human translation). The runner sets each finding's ``confidence`` to that
precision, smoothed as (true + 1) / (true + false + 2), so that "confidence 0.8" means "about
eight in ten such findings were real on the benchmark". A code or severity with fewer than
``MIN_SUPPORT`` findings there keeps the confidence its check gave. ``mtqa explain CODE`` prints
the figures.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

MIN_SUPPORT = 5  # findings (true + false) below which a measured precision is not used


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, dict[str, Any]]]:
    """code -> severity -> {"true", "false", "precision"}; empty without the data file."""
    try:
        text = resources.files("mtqa").joinpath("data/check_precision.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return {}
    return json.loads(text).get("checks", {})


def precision(code: str, severity: str) -> float | None:
    """The measured precision of ``code``'s findings at ``severity``, or None when unmeasured."""
    entry = table().get(code, {}).get(severity)
    if not entry or entry["true"] + entry["false"] < MIN_SUPPORT:
        return None
    return float(entry["precision"])


def describe(code: str) -> list[str]:
    """Lines for ``mtqa explain``: the measured precision per severity."""
    rows = table().get(code, {})
    out = []
    for sev in ("critical", "major", "minor"):
        e = rows.get(sev)
        if e:
            out.append(f"  {sev}: {e['true']} real, {e['false']} false alarms -> confidence "
                       f"{e['precision']:.2f}"
                       + ("" if e["true"] + e["false"] >= MIN_SUPPORT else " (too few to use)"))
    return out
