"""sacrebleu reference metrics: pairing through the source, signatures, sanity values."""

from __future__ import annotations

from mtqa.metrics import reference_metrics
from mtqa.pipeline import check_texts

SRC = "NATO chiefs held talks on Wednesday.\nRussia said it will not accept troops.\n"
MT = "NATOの首長は水曜日に協議した。\nロシアは軍を受け入れないと述べた。\n"
REF = "NATOの参謀総長らは水曜日に協議した。\nロシアは部隊を受け入れないと述べた。\n"


def test_identical_reference_is_perfect():
    m = reference_metrics(["ロシアは軍を受け入れないと述べた。"], ["ロシアは軍を受け入れないと述べた。"])
    assert m["document"]["bleu"]["score"] == 100.0
    assert m["document"]["chrf"]["score"] == 100.0
    assert m["document"]["ter"]["score"] == 0.0
    assert "tok:ja-mecab" in m["document"]["bleu"]["signature"]
    assert "nc:6" in m["document"]["chrf"]["signature"]
    assert "pretok:ja-mecab" in m["document"]["ter"]["signature"]


def test_check_with_reference_fills_metrics_per_bead():
    result = check_texts(SRC, MT, reference_text=REF)
    metrics = result.metrics
    assert metrics["unit"] == "bead"
    assert [s["ref"] for s in metrics["segments"]] == [[0], [1]]
    assert 0 < metrics["document"]["chrf"]["score"] < 100
    assert {"bleu", "chrf", "ter"} <= set(metrics["segments"][0])
    assert result.to_dict()["metrics"] == metrics
    # the reference never changes the reference-free score
    assert result.score.quality == check_texts(SRC, MT).score.quality


def test_reference_segments_are_used_once():
    ref = "NATOの参謀総長らは水曜日に協議した。ロシアは部隊を受け入れないと述べた。\n追加の一文。\n"
    metrics = check_texts(SRC, MT, reference_text=ref).metrics
    used = [r for s in metrics["segments"] for r in s["ref"]]
    assert sorted(used) == sorted(set(used))
    assert len(used) == metrics["reference"]["segments"]


def test_without_reference_no_metrics():
    assert check_texts(SRC, MT).metrics is None
    assert "metrics" not in check_texts(SRC, MT).to_dict()


def test_the_translation_as_its_own_reference_scores_perfectly():
    """Additions (a category label, a disclaimer) present in both texts pair with each other,
    so an identical reference gives BLEU 100, chrF 100, TER 0 on the NATO example."""
    from pathlib import Path

    from mtqa.pipeline import check_texts

    root = Path(__file__).resolve().parent.parent / "corpora" / "nato"
    mt = (root / "mt.ja.txt").read_text(encoding="utf-8")
    result = check_texts((root / "source.en.txt").read_text(encoding="utf-8"), mt,
                         reference_text=mt)
    doc = result.metrics["document"]
    assert (doc["bleu"]["score"], doc["chrf"]["score"], doc["ter"]["score"]) == (100, 100, 0)
    assert all(seg["reference"] == "".join(result.target.segments[j].text for j in seg["tgt"])
               for seg in result.metrics["segments"])
