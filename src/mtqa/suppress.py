"""Configured exceptions: suppressions (a code for a pattern) and allowlisted terms.

Applied to the findings of one article before scoring, so that a suppressed finding neither
counts against the score nor gates. What was suppressed is part of the configuration, and so of
the run signature.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .config import Config
from .model import Finding, Span


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _spans(f: Finding, side: str) -> list[Span]:
    if side == "target":
        return f.target_spans
    if side == "source":
        return f.source_spans
    return [*f.target_spans, *f.source_spans]


def _allowlisted(f: Finding, terms: frozenset[str]) -> bool:
    """Every flagged target text is an allowlisted term (or a run of them)."""
    if not f.target_spans:
        return False
    return all(sp.text.strip() in terms or (sp.text.split() and all(w in terms for w in
                                                                      sp.text.split()))
               for sp in f.target_spans)


def filter_findings(findings: list[Finding], config: Config) -> list[Finding]:
    if not config.suppress and not config.allowlists:
        return findings
    from .glossary import load_allowlist

    terms: frozenset[str] = frozenset().union(*(load_allowlist(p) for p in config.allowlists))
    kept = []
    for f in findings:
        if terms and _allowlisted(f, terms):
            continue
        if any(f.code.startswith(s.code.upper())
               and any(_compiled(s.pattern).search(sp.text) for sp in _spans(f, s.side))
               for s in config.suppress):
            continue
        kept.append(f)
    return kept
