"""Calibrated confidence and the gate: a finding's confidence is its check's measured precision
(data/check_precision.json, written by bench/trust.py), and only findings sure enough gate."""

from __future__ import annotations

import json
import subprocess
import sys

from mtqa import calibration
from mtqa.config import Config, Gate
from mtqa.model import Finding, Score, Severity
from mtqa.pipeline import check_texts
from mtqa.score import gating_findings, verdict

SRC = "Soldiers fire a self-propelled howitzer toward Russian forces on Monday."
TGT = "兵士たちは月曜日、ロシア軍に向けて自走how弾砲を発射した。"


def test_the_shipped_table_is_the_benchmark_s_and_sets_confidence():
    table = calibration.table()
    assert "GRB001" in table, "run bench/trust.py --write-calibration"
    entry = table["GRB001"]["major"]
    assert entry["precision"] == round((entry["true"] + 1) / (entry["true"] + entry["false"] + 2), 3)
    finding = next(f for f in check_texts(SRC, TGT).findings if f.code == "GRB001")
    assert finding.confidence == calibration.precision("GRB001", "major")


def test_too_little_evidence_keeps_the_check_s_own_confidence(monkeypatch):
    monkeypatch.setattr(calibration, "table", lambda: {"GRB001": {"major": {
        "true": 1, "false": 1, "precision": 0.5}}})
    assert calibration.precision("GRB001", "major") is None  # 2 findings < MIN_SUPPORT


def _finding(sev: str, conf: float) -> Finding:
    return Finding("X001", "x", Severity(sev), "Accuracy", "m", confidence=conf)


def test_the_gate_fails_only_on_findings_sure_enough():
    score = Score(90.0, 0.0, 10)
    unsure, sure = _finding("major", 0.2), _finding("major", 0.9)
    gate = Gate()  # major, confidence >= 0.5
    assert gating_findings([unsure, sure, _finding("minor", 1.0)], gate) == [sure]
    assert verdict(score, [unsure], gate).passed
    v = verdict(score, [unsure, sure], gate)
    assert not v.passed and v.gating == [1]
    assert not verdict(score, [unsure], Gate(min_confidence=0.0)).passed


def test_min_confidence_is_validated_and_in_the_signature():
    import pytest

    from mtqa.errors import UsageError

    with pytest.raises(UsageError):
        Config(gate=Gate(min_confidence=1.5))
    assert Config().digest() != Config(gate=Gate(min_confidence=0.9)).digest()


def test_cli_flag_and_explain(tmp_path):
    src, tgt = tmp_path / "a.en.txt", tmp_path / "a.ja.txt"
    src.write_text(SRC + "\n", encoding="utf-8")
    tgt.write_text(TGT + "\n", encoding="utf-8")
    run = [sys.executable, "-m", "mtqa", "check", str(src), str(tgt), "--isolated", "--json", "-"]
    strict = subprocess.run(run, capture_output=True, text=True)
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["verdict"]["gating"]
    lenient = subprocess.run(run + ["--min-confidence", "1"], capture_output=True, text=True)
    assert lenient.returncode == 0, lenient.stderr
    bad = subprocess.run(run + ["--min-confidence", "2"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    explain = subprocess.run([sys.executable, "-m", "mtqa", "explain", "GRB001"],
                             capture_output=True, text=True)
    assert "Measured precision" in explain.stdout and "false alarms" in explain.stdout


def test_min_confidence_in_the_configuration_file(tmp_path):
    import pytest

    from mtqa.errors import UsageError
    from mtqa.settings import effective_config, load_settings

    path = tmp_path / "mtqa.toml"
    path.write_text("min_confidence = 0.8\n", encoding="utf-8")
    assert effective_config(load_settings(path)).gate.min_confidence == 0.8
    assert effective_config(load_settings(path), min_confidence=0.3).gate.min_confidence == 0.3
    path.write_text("min_confidence = 7\n", encoding="utf-8")
    with pytest.raises(UsageError):
        load_settings(path)
