"""The MQM penalty, the fitted quality and the weights file written by bench/fit_score.py."""

from __future__ import annotations

import pytest

from mtqa.model import Bead, Finding, Severity
from mtqa.score import (SEVERITY_WEIGHTS, SIGNALS, fitted_quality, fitted_weights, mqm_penalty,
                        score_findings)


def finding(sev: str) -> Finding:
    return Finding("MIS001", "wrong-sense", Severity(sev), "Accuracy/Mistranslation", "m")


@pytest.mark.parametrize(("severities", "words", "penalty"), [
    ([], 100, 0.0),
    (["minor"], 100, 1.0),
    (["major", "minor"], 50, 12.0),
    (["critical"], 200, 12.5),
    (["major"], 0, 500.0),  # no words: counted as one
])
def test_mqm_penalty(severities, words, penalty):
    assert mqm_penalty([finding(s) for s in severities], words) == pytest.approx(penalty)


def test_weights_live_in_one_place():
    assert SEVERITY_WEIGHTS[Severity.MAJOR] == 5 * SEVERITY_WEIGHTS[Severity.MINOR]


WEIGHTS = {"intercept": 80.0, "signals": {
    "sim_mean": {"coef": 10.0, "mean": 0.7, "scale": 0.1},
    "mqm_major": {"coef": -5.0, "mean": 0.0, "scale": 1.0}}}


@pytest.mark.parametrize(("sig", "quality"), [
    ({"sim_mean": 0.7, "mqm_major": 0.0}, 80.0),
    ({"sim_mean": 0.8, "mqm_major": 0.0}, 90.0),
    ({"sim_mean": None, "mqm_major": 2.0}, 70.0),   # a missing signal sits at its mean
    ({"sim_mean": 1.5, "mqm_major": 0.0}, 100.0),   # clipped
    ({"sim_mean": 0.0, "mqm_major": 9.0}, 0.0),
])
def test_fitted_quality(sig, quality):
    assert fitted_quality(sig, WEIGHTS) == pytest.approx(quality)


def test_shipped_weights_cover_the_signals():
    weights = fitted_weights()
    assert weights is not None, "run bench/fit_score.py"
    assert set(weights["signals"]) == set(SIGNALS)
    assert weights["fit"]["grouped_by"] == "document"
    # fitted, not hand-set: more major errors never raise the quality
    assert weights["signals"]["mqm_major"]["coef"] <= 0


def test_score_keeps_its_json_keys():
    beads = [Bead((0,), (0,), 0.8)]
    d = score_findings([finding("major")], 20, beads).to_dict()
    assert {"quality", "penalty", "source_words", "signals", "model"} <= set(d)
    assert d["penalty"] == 25.0
    assert 0 <= d["quality"] <= 100


def test_more_errors_lower_the_quality():
    beads = [Bead((0,), (0,), 0.8)]
    clean = score_findings([], 20, beads).quality
    bad = score_findings([finding("major")] * 3, 20, beads).quality
    assert bad <= clean
