"""MQM-style scoring and the gate verdict. Severity weights live here and nowhere else.

Two numbers come out of here:

* the **MQM penalty**: severity-weighted findings per 100 source words (minor 1, major 5,
  critical 25), reported as it is;
* the **quality** (0-100): a linear model over reference-free signals of the article (the
  findings per severity counted by their confidence, the per-bead similarity, the share of
  unaligned text, the length ratio, the JMdict word support, the Latin share and the learned
  sentence QE of ``mtqa.qe``). Its weights are not set by hand: ``bench/fit_article.py`` fits
  them at the article level as a ranking model (the translations of one WMT24 ESA document in
  the order of their human scores, the professional reference among them; every professional
  translation of ``bench/trust.py`` above each of its planted-error copies), each signal held to
  its direction, and maps the fitted value onto the ESA scale by a strictly monotone
  calibration (``calibrate``); they are read from ``data/score_weights.json``. Without that
  file the quality falls back to ``100 - penalty``. A text that is not in the target language at
  all (``VOID_CODES``) gets 0.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

from .config import Gate
from .model import Bead, Document, Finding, Score, Severity, Verdict

# MQM's customary weights (minor 1, major 5) with critical at 25: one critical error in a
# 100-word text is enough to drive its quality to zero.
SEVERITY_WEIGHTS: dict[Severity, float] = {
    Severity.MINOR: 1.0,
    Severity.MAJOR: 5.0,
    Severity.CRITICAL: 25.0,
}

# The signals the fitted quality reads, in a fixed order (the weights file names them too).
SIGNALS = (
    "mqm_minor",       # log1p(minor findings per 100 source words, each counted by its confidence)
    "mqm_major",       # log1p(major findings per 100 source words, likewise)
    "mqm_critical",    # log1p(critical findings per 100 source words, likewise)
    "sim_mean",        # length-weighted mean similarity of the beads with both sides (a bead
                       # left untranslated counts 0: a copy of the source is no translation)
    "sim_min",         # lowest bead similarity (beads whose source has >= 20 characters)
    "unaligned_src",   # share of source characters in 1-0 beads
    "unaligned_tgt",   # share of target characters in 0-1 beads
    "len_ratio",       # log(target characters / source characters)
    "len_ratio_sq",    # its square: too long and too short are both bad
    "support",         # share of English content words with a JMdict rendering in their bead
    "latin_share",     # share of Latin letters among the target's letters
    "qe_mean",         # length-weighted mean of the learned sentence QE (mtqa.qe) over the beads
)

# Findings that say a bead's target is not a translation of its source at all: its similarity
# to the source (high for a copy) says nothing of a translation's quality.
UNTRANSLATED_BEAD_CODES = frozenset({"UNT002", "UNT005"})


# Findings that say the text is not a translation into the target language at all (left in
# the source language, or written in a third one). Such a text gets quality 0 whatever the
# signals say: the fitted model never saw one, and its similarity signals are high for a copy
# of the source (an untranslated copy of the NATO article scored 90 before this rule).
VOID_CODES = frozenset({"UNT001", "UNT004"})


def is_void(codes) -> bool:
    """Whether findings with these codes make the translation worthless (quality 0)."""
    return not VOID_CODES.isdisjoint(codes)


def mqm_penalty(findings: list[Finding], source_words: int) -> float:
    """Severity-weighted error count per 100 source words."""
    absolute = sum(SEVERITY_WEIGHTS[f.severity] for f in findings)
    return 100.0 * absolute / max(source_words, 1)


def signals(findings: list[Finding], source_words: int, beads: list[Bead],
            source: Document | None = None, target: Document | None = None,
            support: float | None = None,
            qe: list[float | None] | None = None) -> dict[str, float | None]:
    """The reference-free signals of one article (None where a signal cannot be computed).

    ``qe``: the learned QE score of every bead (None for one-sided beads)."""
    words = max(source_words, 1)
    out: dict[str, float | None] = {}
    for sev in Severity:
        n = sum(f.confidence for f in findings if f.severity is sev)
        out[f"mqm_{sev.value}"] = math.log1p(100.0 * n / words)
    untranslated = {f.bead for f in findings if f.code in UNTRANSLATED_BEAD_CODES}
    beads = [b if k not in untranslated else Bead(b.src, b.tgt, 0.0)
             for k, b in enumerate(beads)]
    paired = [b for b in beads if b.src and b.tgt]
    if source is not None and target is not None:
        slen = {s.id: len(s.text) for s in source.segments}
        tlen = {s.id: len(s.text) for s in target.segments}
        weights = [sum(slen[i] for i in b.src) for b in paired]
        out["sim_mean"] = (sum(w * b.similarity for w, b in zip(weights, paired)) / sum(weights)
                           if paired and sum(weights) else None)
        long = [b.similarity for b, w in zip(paired, weights) if w >= 20]
        out["sim_min"] = min(long) if long else (min(b.similarity for b in paired)
                                                 if paired else None)
        src_total = max(sum(slen.values()), 1)
        tgt_total = max(sum(tlen.values()), 1)
        out["unaligned_src"] = sum(slen[i] for b in beads if not b.tgt for i in b.src) / src_total
        out["unaligned_tgt"] = sum(tlen[j] for b in beads if not b.src for j in b.tgt) / tgt_total
        ratio = math.log(tgt_total / src_total)
        out["len_ratio"] = ratio
        out["len_ratio_sq"] = ratio * ratio
        letters = [ch for ch in target.text if ch.isalpha()]
        out["latin_share"] = (sum(1 for ch in letters if ch.isascii()) / len(letters)
                              if letters else 0.0)
        scored = [(w, q) for w, q in zip((sum(slen[i] for i in b.src) for b in beads), qe or [])
                  if q is not None and w]
        out["qe_mean"] = (sum(w * q for w, q in scored) / sum(w for w, _ in scored)
                          if scored else None)
    else:
        sims = [b.similarity for b in paired]
        out["sim_mean"] = sum(sims) / len(sims) if sims else None
        out["sim_min"] = min(sims) if sims else None
        for key in ("unaligned_src", "unaligned_tgt", "len_ratio", "len_ratio_sq", "latin_share",
                    "qe_mean"):
            out[key] = None
    out["support"] = support
    return out


@lru_cache(maxsize=1)
def fitted_weights() -> dict[str, Any] | None:
    """The weights written by ``bench/fit_score.py``, or None when the file is not there."""
    try:
        text = resources.files("mtqa").joinpath("data/score_weights.json").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return None
    return json.loads(text)


def fitted_quality(sig: dict[str, float | None], weights: dict[str, Any]) -> float:
    """``intercept + sum(coef * (clip(x, lo, hi) - mean) / scale)``, mapped onto the human score
    scale by the weights' monotone calibration when there is one, clipped to 0-100. A missing
    signal contributes nothing (it is taken at its training mean)."""
    total = float(weights["intercept"])
    for name, spec in weights["signals"].items():
        x = sig.get(name)
        if x is None:
            continue
        x = min(max(x, spec.get("lo", x)), spec.get("hi", x))
        total += spec["coef"] * (x - spec["mean"]) / spec["scale"]
    calib = weights.get("calibration")
    if calib:
        return calibrate(total, calib["raw"], calib["quality"])
    return min(100.0, max(0.0, total))


def calibrate(x: float, xs: list[float], ys: list[float]) -> float:
    """The monotone map from the linear model's value onto the 0-100 quality scale.

    Piecewise-linear through the knots (``xs`` and ``ys`` strictly increasing, ``ys`` inside
    0-100); beyond the ends it approaches 0 and 100 exponentially with the slope of the map as a
    whole, so the quality is *strictly* increasing in the model's value: two translations the
    model tells apart never tie (a tie counts against a metric in WMT's tie-aware accuracy).
    """
    slope = (ys[-1] - ys[0]) / (xs[-1] - xs[0]) if xs[-1] > xs[0] else 1.0
    if x <= xs[0]:
        room = ys[0]
        return room * math.exp(slope * (x - xs[0]) / room) if room > 0 else 0.0
    if x >= xs[-1]:
        room = 100.0 - ys[-1]
        return 100.0 - room * math.exp(-slope * (x - xs[-1]) / room) if room > 0 else 100.0
    return _interp(x, xs, ys)


def _interp(x: float, xs: list[float], ys: list[float]) -> float:
    """Piecewise-linear interpolation, flat beyond the ends (numpy.interp without numpy)."""
    if x <= xs[0]:
        return ys[0]
    for i in range(1, len(xs)):
        if x <= xs[i]:
            span = xs[i] - xs[i - 1]
            t = (x - xs[i - 1]) / span if span > 0 else 1.0
            return ys[i - 1] + t * (ys[i] - ys[i - 1])
    return ys[-1]


def score_findings(findings: list[Finding], source_words: int, beads: list[Bead],
                   source: Document | None = None, target: Document | None = None,
                   support: float | None = None, qe: list[float | None] | None = None) -> Score:
    """The article's score: the MQM penalty and the fitted 0-100 quality (see the module doc)."""
    penalty = mqm_penalty(findings, source_words)
    by_sev = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    sig = signals(findings, source_words, beads, source, target, support, qe)
    weights = fitted_weights()
    if weights is not None:
        quality, model = fitted_quality(sig, weights), weights.get("model", "fitted")
    else:
        quality, model = max(0.0, 100.0 - penalty), "mqm"
    if is_void(f.code for f in findings):
        quality = 0.0
    paired = [b.similarity for b in beads if b.src and b.tgt]
    return Score(
        quality=quality,
        penalty=penalty,
        source_words=source_words,
        by_severity=by_sev,
        mean_similarity=sum(paired) / len(paired) if paired else None,
        signals={k: (None if v is None else round(v, 4)) for k, v in sig.items()},
        model=model,
    )


def gating_findings(findings: list[Finding], gate: Gate) -> list[Finding]:
    """The findings that fail the gate: at or above ``fail_on`` and at least ``min_confidence``
    sure (a finding of a kind that is mostly a false alarm on good translations is shown, not
    gated on)."""
    return [f for f in findings if f.severity.rank >= gate.fail_on.rank
            and f.confidence >= gate.min_confidence - 1e-9]


def verdict(score: Score, findings: list[Finding], gate: Gate) -> Verdict:
    reasons: list[str] = []
    gating = gating_findings(findings, gate)
    if gating:
        codes = sorted({f.code for f in gating})
        conf = (f" with confidence >= {gate.min_confidence:g}" if gate.min_confidence > 0 else "")
        reasons.append(f"{len(gating)} finding{'s' if len(gating) != 1 else ''} at or above "
                       f"{gate.fail_on.value}{conf} ({', '.join(codes)}); --fail-on "
                       f"{gate.fail_on.value}")
    if gate.min_score is not None and score.quality < gate.min_score:
        reasons.append(f"quality {score.quality:.1f} is below --min-score {gate.min_score:g}")
    ids = {id(f) for f in gating}
    return Verdict(passed=not reasons, reasons=reasons,
                   gating=[i for i, f in enumerate(findings) if id(f) in ids])
