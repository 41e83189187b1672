"""The MQM penalty, the fitted quality and the weights file written by bench/fit_article.py."""

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
    assert weights is not None, "run bench/fit_article.py"
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


CALIB = {"raw": [40.0, 50.0, 60.0], "quality": [20.0, 80.0, 99.0]}


def test_calibration_is_strictly_increasing_and_stays_inside_0_100():
    from mtqa.score import calibrate

    xs = [-1e3, 0.0, 30.0, 39.9, 40.0, 45.0, 50.0, 55.0, 60.0, 60.1, 70.0, 1e3]
    qs = [calibrate(x, CALIB["raw"], CALIB["quality"]) for x in xs]
    assert qs[4] == pytest.approx(20.0) and qs[6] == pytest.approx(80.0)
    assert qs[8] == pytest.approx(99.0)
    assert all(0.0 <= q <= 100.0 for q in qs)
    # strictly increasing where floating point can tell (the far tails round to 0 and 100)
    assert all(a < b for a, b in zip(qs[1:-1], qs[2:-1]))
    assert qs[0] == pytest.approx(0.0, abs=1e-6) and qs[-1] == pytest.approx(100.0)


def test_fitting_script_uses_the_run_time_calibration():
    import sys
    from pathlib import Path

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from fit_score import calibrate as vectorised

    from mtqa.score import calibrate

    raw = np.linspace(0, 100, 41)
    want = [calibrate(float(x), CALIB["raw"], CALIB["quality"]) for x in raw]
    assert vectorised(raw, CALIB["raw"], CALIB["quality"]) == pytest.approx(want)


def test_shipped_calibration_never_ties_distinct_translations():
    weights = fitted_weights()
    calib = weights["calibration"]
    assert all(a < b for a, b in zip(calib["raw"], calib["raw"][1:]))
    assert all(a < b for a, b in zip(calib["quality"], calib["quality"][1:]))
    assert 0 < calib["quality"][0] and calib["quality"][-1] < 100


def test_a_text_not_in_the_target_language_scores_zero():
    """An untranslated copy and a Chinese "translation" align with high similarity, which the
    fitted model alone would score highly (the NATO copy scored 90 before the rule)."""
    from mtqa.pipeline import check_texts

    src = ("NATO defence chiefs held talks on Wednesday about security guarantees for Ukraine.\n"
           "Russia has repeatedly said it will not accept NATO troops in Ukraine.\n")
    zh = "北约国防参谋长周三就乌克兰的安全保障问题进行了会谈。\n俄罗斯多次表示不会接受北约部队进驻乌克兰。\n"
    ja = ("NATOの国防参謀長らは水曜日、ウクライナの安全の保証について協議した。\n"
          "ロシアはウクライナへのNATO軍の駐留を受け入れないと繰り返し述べている。\n")
    for tgt, code in ((src, "UNT001"), (zh, "UNT004")):
        result = check_texts(src, tgt)
        assert code in {f.code for f in result.findings}
        assert result.score.quality == 0.0
        assert result.score.signals["sim_mean"] > 0.5  # the signals alone look fine
        assert not result.verdict.passed
    assert check_texts(src, ja).score.quality > 50
