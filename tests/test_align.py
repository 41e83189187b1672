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


def test_pieces_split_run_together_sentences():
    from mtqa.align import _pieces

    assert _pieces("有難う。じゃあ今から戻るよ。") == ["有難う。", "じゃあ今から戻るよ。"]
    assert _pieces("「アル！」と呼んだ。") == ["「アル！」", "と呼んだ。"]
    assert _pieces("Mr. Smith went to the U.S. Army. Then he slept.") == [
        "Mr. Smith went to the U.S. Army.", "Then he slept."]
    assert _pieces("そうですか。") == ["そうですか。"]


def _piece_case(rng, joined_text):
    """s0, s1 (short), s2; the target runs s1's and s2's translations together in t1."""
    from mtqa.align import AlignParams

    src = unit(rng, 3)
    piece1, piece2 = noisy(src[1:2], rng, 0.05)[0], noisy(src[2:3], rng, 0.05)[0]
    t1 = piece2 + 0.2 * piece1  # the long part dominates the embedding of the joined segment
    tgt = np.stack([noisy(src[:1], rng, 0.05)[0], t1 / np.linalg.norm(t1)])
    vectors = {"はい。": piece1, "じゃあ始めましょう。": piece2}
    params = AlignParams(pieces=0.3, merge_weight=1.0, skip=0.5, skip_match=0.0)
    src_texts = ["Good morning, everyone, and welcome.", "Yes.", "Let's start then."]
    tgt_texts = ["皆さんおはようございます。", joined_text]
    return align(src, tgt, [40, 4, 18], [14, 18], params=params, src_texts=src_texts,
                 tgt_texts=tgt_texts, encode=lambda texts: np.stack([vectors[t] for t in texts]))


def test_a_short_sentence_run_into_its_neighbour_is_not_deleted():
    rng = np.random.default_rng(3)
    got = pairs(_piece_case(rng, "はい。じゃあ始めましょう。"))
    assert ((1,), ()) not in got and ((1, 2), (1,)) in got


def test_without_a_matching_piece_the_deletion_stays():
    rng = np.random.default_rng(3)
    got = pairs(_piece_case(rng, "じゃあ始めましょう。"))  # one sentence: nothing to find inside
    assert ((1,), ()) in got
