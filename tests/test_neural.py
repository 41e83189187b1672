"""The optional transformers backend, on tiny random models this test saves (no network)."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from mtqa.errors import ModelError

IN_CI = os.environ.get("CI") == "true"
try:
    import torch  # noqa: F401
    import transformers  # noqa: F401
except ImportError:  # pragma: no cover - CI installs the extra
    if IN_CI:
        raise
    pytest.skip("the neural extra (torch, transformers) is not installed", allow_module_level=True)

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list(
    "abcdefghijklmnopqrstuvwxyz.,0123456789") + list("のはにをがとでたしてるいうかすまこれ") + [
    "nato", "russia", "ukraine", "chiefs", "held", "talks", "ロシア", "ウクライナ", "##s", "##ed"]


def _tokenizer(path):
    from transformers import BertTokenizerFast

    vocab = path / "vocab.txt"
    vocab.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tok = BertTokenizerFast(vocab_file=str(vocab), do_lower_case=True)
    tok.save_pretrained(str(path))


def _config(**kw):
    from transformers import BertConfig

    return BertConfig(vocab_size=len(VOCAB), hidden_size=32, num_hidden_layers=2,
                      num_attention_heads=2, intermediate_size=64, max_position_embeddings=128,
                      **kw)


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory):
    from transformers import BertModel

    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("tiny-encoder")
    BertModel(_config()).save_pretrained(str(path))
    _tokenizer(path)
    return path


@pytest.fixture(scope="module")
def tiny_qe(tmp_path_factory):
    from transformers import BertForSequenceClassification

    torch.manual_seed(1)
    path = tmp_path_factory.mktemp("tiny-qe")
    BertForSequenceClassification(_config(num_labels=1)).save_pretrained(str(path))
    _tokenizer(path)
    return path


TEXTS = ["NATO chiefs held talks.", "ロシアはウクライナに", "a", "russia " * 20, "ukraine talks."]


def test_encoder_shapes_norms_and_determinism(tiny_encoder):
    from mtqa.neural import HFEncoder

    enc = HFEncoder(tiny_encoder)
    a = enc.encode(TEXTS)
    assert a.shape == (5, 32) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    b = HFEncoder(tiny_encoder).encode(TEXTS)
    assert np.array_equal(a, b)
    assert enc.name.startswith(f"hf-{tiny_encoder.name}-")


def test_batched_and_one_by_one_agree(tiny_encoder):
    from mtqa.neural import HFEncoder

    batched = HFEncoder(tiny_encoder, batch_size=4).encode(TEXTS)
    single = HFEncoder(tiny_encoder, batch_size=1)
    one = np.stack([single.encode([t])[0] for t in TEXTS])
    assert np.allclose(batched, one, atol=1e-5)


def test_pooling_from_a_sentence_transformers_export(tiny_encoder, tmp_path):
    import json
    import shutil

    from mtqa.neural import HFEncoder

    st = tmp_path / "st"
    shutil.copytree(tiny_encoder, st)
    (st / "1_Pooling").mkdir()
    (st / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    (st / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]))
    enc = HFEncoder(st)
    assert enc.pooling == "cls" and enc.normalize is False
    assert HFEncoder(st, pooling="mean").pooling == "mean"


def test_alignment_runs_through_the_hf_encoder(tiny_encoder):
    from mtqa.config import Config
    from mtqa.pipeline import check_texts

    cfg = Config(encoder=f"hf:{tiny_encoder}")
    r = check_texts("NATO chiefs held talks.\nRussia held talks.\n",
                    "NATOの首長は協議した。\nロシアは協議した。\n", cfg)
    assert "enc:hf-" in r.signature
    assert [i for b in r.alignment for i in b.src] == [0, 1]


def test_qe_model_scores_pairs(tiny_qe):
    from mtqa.neural import QEModel, qe_document

    qe = QEModel(tiny_qe)
    pairs = [("NATO chiefs held talks.", "NATOの首長は協議した。"), ("a", "ロシア")]
    doc = qe_document(qe, pairs)
    assert len(doc["segments"]) == 2 and isinstance(doc["score"], float)
    assert qe_document(QEModel(tiny_qe, batch_size=1), pairs) == doc


def test_a_classifier_is_not_a_qe_model(tiny_encoder, tmp_path):
    from transformers import BertForSequenceClassification

    from mtqa.neural import QEModel

    path = tmp_path / "clf"
    BertForSequenceClassification(_config(num_labels=3)).save_pretrained(str(path))
    _tokenizer(path)
    with pytest.raises(ModelError, match="num_labels=1"):
        QEModel(path)


@pytest.mark.parametrize(("spec", "needle"), [
    ("hf:org/some-model", "never downloads"),
    ("hf:/no/such/dir", "no such directory"),
    ("bert", "hf:PATH"),
])
def test_error_paths_are_one_line(spec, needle):
    from mtqa.neural import parse_spec

    with pytest.raises(ModelError) as exc:
        parse_spec(spec, "--encoder")
    assert needle in str(exc.value) and "\n" not in str(exc.value)


def test_missing_extra_says_what_to_install(monkeypatch, tiny_encoder):
    from mtqa import neural

    monkeypatch.setitem(sys.modules, "transformers", None)
    with pytest.raises(ModelError, match=r"mtqa\[neural\]"):
        neural.HFEncoder(tiny_encoder)


def test_default_check_never_imports_transformers():
    code = ("import sys; from mtqa.pipeline import check_texts; "
            "check_texts('NATO chiefs held talks.\\n', 'NATOの首長は協議した。\\n'); "
            "print('transformers' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


# --- through the command line: the flags users type -------------------------------------------

SRC = "NATO chiefs held talks in Brussels.\n\nRussia attacked Ukraine again.\n"
MT = "NATOの首脳はブリュッセルで協議した。\n\nロシアは再びウクライナを攻撃した。\n"


def _cli(tmp_path, *args):
    (tmp_path / "s.en.txt").write_text(SRC, encoding="utf-8")
    (tmp_path / "m.ja.txt").write_text(MT, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "mtqa", "check", str(tmp_path / "s.en.txt"),
                           str(tmp_path / "m.ja.txt"), "--isolated", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def test_cli_encoder_and_qe_model_flags(tiny_encoder, tiny_qe, tmp_path):
    import json

    out = _cli(tmp_path, "--encoder", f"hf:{tiny_encoder}", "--pooling", "cls",
               "--qe-model", f"hf:{tiny_qe}", "--json", "-")
    assert out.returncode in (0, 1), out.stderr
    data = json.loads(out.stdout)
    assert f"enc:hf-{tiny_encoder.name}-" in data["signature"] and "-cls" in data["signature"]
    qe = data["qe"]
    assert qe["model"].startswith(f"hf-{tiny_qe.name}-")
    assert len(qe["segments"]) == len(qe["beads"]) >= 1 and isinstance(qe["score"], float)
    # The QE score is reported beside mtqa's own, never mixed into it.
    plain = json.loads(_cli(tmp_path, "--json", "-").stdout)
    assert "qe" not in plain and plain["score"]["quality"] != qe["score"]


def test_cli_min_qe_gates_on_the_qe_score(tiny_qe, tmp_path):
    import json

    base = json.loads(_cli(tmp_path, "--qe-model", f"hf:{tiny_qe}", "--fail-on", "critical",
                           "--json", "-").stdout)
    qe = base["qe"]["score"]
    above = _cli(tmp_path, "--qe-model", f"hf:{tiny_qe}", "--fail-on", "critical",
                 "--min-qe", f"{qe - 1:.4f}", "-q")
    below = _cli(tmp_path, "--qe-model", f"hf:{tiny_qe}", "--fail-on", "critical",
                 "--min-qe", f"{qe + 1:.4f}", "-q")
    assert above.returncode == 0, above.stdout + above.stderr
    assert below.returncode == 1 and "QE model score" in below.stdout
    assert "QE model" in below.stdout  # the terminal summary shows the QE line


@pytest.mark.parametrize(("args", "needle"), [
    (("--encoder", "hf:org/some-model"), "never downloads"),
    (("--qe-model", "hf:/no/such/dir"), "no such directory"),
    (("--min-qe", "0.5"), "--qe-model"),
    (("--pooling", "avg"), "--pooling"),
])
def test_cli_neural_errors_are_one_line(tmp_path, args, needle):
    out = _cli(tmp_path, *args)
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert out.returncode == 2 and len(lines) == 1 and needle in lines[0], out.stderr
    assert "Traceback" not in out.stderr
