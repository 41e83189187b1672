"""MQM-style scoring and the gate verdict. Severity weights live here and nowhere else."""

from __future__ import annotations

from .config import Gate
from .model import Bead, Finding, Score, Severity, Verdict

# MQM's customary weights (minor 1, major 5) with critical at 25: one critical error in a
# 100-word text is enough to drive its quality to zero.
SEVERITY_WEIGHTS: dict[Severity, float] = {
    Severity.MINOR: 1.0,
    Severity.MAJOR: 5.0,
    Severity.CRITICAL: 25.0,
}


def score_findings(findings: list[Finding], source_words: int, beads: list[Bead]) -> Score:
    """Quality = 100 - penalty, where penalty is the weighted error count per 100 source words."""
    absolute = sum(SEVERITY_WEIGHTS[f.severity] for f in findings)
    words = max(source_words, 1)
    penalty = 100.0 * absolute / words
    by_sev = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    sims = [b.similarity for b in beads if b.src and b.tgt]
    return Score(
        quality=max(0.0, 100.0 - penalty),
        penalty=penalty,
        source_words=source_words,
        by_severity=by_sev,
        mean_similarity=sum(sims) / len(sims) if sims else None,
    )


def verdict(score: Score, findings: list[Finding], gate: Gate) -> Verdict:
    reasons: list[str] = []
    gating = [f for f in findings if f.severity.rank >= gate.fail_on.rank]
    if gating:
        codes = sorted({f.code for f in gating})
        reasons.append(f"{len(gating)} finding{'s' if len(gating) != 1 else ''} at or above "
                       f"{gate.fail_on.value} ({', '.join(codes)}); --fail-on {gate.fail_on.value}")
    if gate.min_score is not None and score.quality < gate.min_score:
        reasons.append(f"quality {score.quality:.1f} is below --min-score {gate.min_score:g}")
    return Verdict(passed=not reasons, reasons=reasons)
