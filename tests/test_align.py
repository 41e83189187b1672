"""The bead aligner on controlled embeddings, and on the NATO example."""

from __future__ import annotations

import numpy as np

from mtqa.align import align


def unit(rng, n, d=32):
    x = rng.normal(size=(n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def noisy(x, rng, eps=0.1):
    y = x + eps * rng.normal(size=x.shape).astype(np.float32)
    return y / np.linalg.norm(y, axis=1, keepdims=True)


def pairs(beads):
    return [(b.src, b.tgt) for b in beads]


def test_one_to_one_with_a_deletion_and_an_insertion():
    rng = np.random.default_rng(0)
    src = unit(rng, 6)
    tgt = np.concatenate([noisy(src[:2], rng), unit(rng, 1), noisy(src[3:], rng)])
    # target: s0, s1, <foreign>, s3, s4, s5  (s2 deleted, one sentence inserted)
    tgt = np.concatenate([tgt[:2], tgt[2:3], tgt[3:]])
    lens = [40] * 6
    beads = align(src, tgt, lens, [18] * 6)
    got = pairs(beads)
    assert ((0,), (0,)) in got and ((1,), (1,)) in got
    assert ((2,), ()) in got and ((), (2,)) in got
    assert ((5,), (5,)) in got
    # every sentence is covered exactly once, in order
    assert [i for b in beads for i in b.src] == list(range(6))
    assert [j for b in beads for j in b.tgt] == list(range(6))


def test_merge_is_a_two_to_one_bead():
    rng = np.random.default_rng(1)
    src = unit(rng, 4)
    merged = src[1] + src[2]
    tgt = np.stack([src[0], merged / np.linalg.norm(merged), src[3]])
    beads = align(src, noisy(tgt, rng, 0.02), [30, 30, 30, 30], [12, 24, 12])
    assert pairs(beads) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


def test_empty_sides():
    rng = np.random.default_rng(2)
    assert pairs(align(unit(rng, 2), np.zeros((0, 32), np.float32), [5, 5], [])) == [
        ((0,), ()), ((1,), ())]


def test_nato_aggregator_additions_are_0_1_beads(nato_result):
    tgt = nato_result.target.segments
    added = {tgt[b.tgt[0]].text for b in nato_result.alignment if not b.src}
    for chrome in ("プレスリリース", "Related Articles", "コメントを残す", "Back to top button",
                   "が付いている欄は必須項目です"):
        assert chrome in added
    assert any(t.startswith("(これはシンジケート") for t in added)
    ap = next(b for b in nato_result.alignment if b.tgt and tgt[b.tgt[0]].text == "AP通信")
    assert nato_result.source.segments[ap.src[0]].text == "The Associated Press"
