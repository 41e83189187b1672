"""Sentence alignment as monotone beads (vecalign/bertalign style), up to 2-2, with 1-0 and 0-1.

Signals, all combined in one bead cost:
- cross-lingual similarity of the bead's two sides (a merged side is the normalised sum of its
  sentence embeddings, so nothing is embedded twice);
- a length prior: the target/source character ratio of the bead against the document's own ratio;
- lexical anchors: numbers (normalised: 3, 三, ３ and "three" agree) and Latin-script tokens that
  occur on both sides (NATO, ICC, Reuters);
- paragraph boundaries: a merge across one costs extra, a strong hint and not a wall.

The dynamic programme runs row by row in numpy; the in-row 0-1 transition is solved with a
running minimum, so a 500 x 500 article costs milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Sequence

import numpy as np

from .lang import Language
from .model import Bead, Document

# Transition ids stored in the back-pointer table.
_T11, _T10, _T01, _T21, _T12, _T22 = range(1, 7)
_STEP = {_T11: (1, 1), _T10: (1, 0), _T01: (0, 1), _T21: (2, 1), _T12: (1, 2), _T22: (2, 2)}


@dataclass(frozen=True)
class AlignParams:
    """Weights of the bead cost. Fitted by ``bench/align.py --fit`` on align-eval-enja."""

    skip: float = 0.42           # cost of leaving one sentence unaligned (1-0 / 0-1)
    merge: float = 0.08          # extra cost of a 2-1 / 1-2 bead
    merge22: float = 0.25        # extra cost of a 2-2 bead
    length: float = 0.35         # weight of the squared log length-ratio deviation
    anchor: float = 0.25         # bonus for shared numbers / Latin tokens (cosine of anchor sets)
    paragraph: float = 0.15      # merging two sentences from different paragraphs
    min_similarity: float = 0.0  # pairs below this similarity cannot form a 1-1 bead cheaply

    def signature(self) -> str:
        return ",".join(f"{k}={v:g}" for k, v in asdict(self).items())


DEFAULT_PARAMS = AlignParams()

_LATIN_RE = re.compile(r"[A-Za-z][A-Za-z0-9&'.-]*[A-Za-z0-9]|[A-Za-z]")


def _anchor_sets(texts: Sequence[str], lang: Language) -> list[set[str]]:
    out = []
    for t in texts:
        keys = {f"#{q.kind if q.kind in ('month', 'weekday') else 'n'}:{q.value:g}"
                for q in lang.quantities(t) if q.strong}
        keys.update(w.lower() for w in _LATIN_RE.findall(t) if len(w) > 1)
        out.append(keys)
    return out


def _normalise(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(n, 1e-12)


def _pair_sums(x: np.ndarray) -> np.ndarray:
    """Row k is x[k] + x[k+1]."""
    if len(x) < 2:
        return np.zeros((0,) + x.shape[1:], dtype=x.dtype)
    return x[:-1] + x[1:]


def align(
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    src_len: Sequence[int],
    tgt_len: Sequence[int],
    src_anchors: Sequence[set[str]] | None = None,
    tgt_anchors: Sequence[set[str]] | None = None,
    src_para: Sequence[int] | None = None,
    tgt_para: Sequence[int] | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Bead]:
    """Monotone beads covering every source and target sentence exactly once."""
    n, m = len(src_emb), len(tgt_emb)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    p = params
    es, et = _normalise(src_emb.astype(np.float32)), _normalise(tgt_emb.astype(np.float32))
    es2, et2 = _normalise(_pair_sums(es)), _normalise(_pair_sums(et))
    sim11 = es @ et.T
    sim21 = es2 @ et.T if n > 1 else np.zeros((0, m), np.float32)
    sim12 = es @ et2.T if m > 1 else np.zeros((n, 0), np.float32)
    sim22 = es2 @ et2.T if n > 1 and m > 1 else np.zeros((max(n - 1, 0), max(m - 1, 0)), np.float32)

    # Length prior: log of the bead's target/source ratio against the document's ratio.
    ls = np.asarray(src_len, dtype=np.float64) + 8.0
    lt = np.asarray(tgt_len, dtype=np.float64) + 8.0
    ratio = np.log(lt.sum() / ls.sum())
    ls2, lt2 = _pair_sums(ls), _pair_sums(lt)

    def lencost(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        d = np.log(b[None, :]) - np.log(a[:, None]) - ratio
        return p.length * np.minimum(d * d, 4.0)

    # Anchors: cosine of binary bag-of-anchor vectors over the anchors both sides can share.
    anc11 = anc21 = anc12 = anc22 = None
    if src_anchors is not None and tgt_anchors is not None and p.anchor:
        vocab = sorted(set().union(*tgt_anchors) & set().union(*src_anchors))
        if vocab:
            index = {a: k for k, a in enumerate(vocab)}
            xs = np.zeros((n, len(vocab)), np.float32)
            xt = np.zeros((m, len(vocab)), np.float32)
            for i, s in enumerate(src_anchors):
                for a in s:
                    if a in index:
                        xs[i, index[a]] = 1.0
            for j, s in enumerate(tgt_anchors):
                for a in s:
                    if a in index:
                        xt[j, index[a]] = 1.0
            xs2, xt2 = np.minimum(_pair_sums(xs), 1.0), np.minimum(_pair_sums(xt), 1.0)
            ns, nt, ns2, nt2 = (_normalise(v) for v in (xs, xt, xs2, xt2))
            anc11 = ns @ nt.T
            anc21 = ns2 @ nt.T if n > 1 else None
            anc12 = ns @ nt2.T if m > 1 else None
            anc22 = ns2 @ nt2.T if n > 1 and m > 1 else None

    def bead_cost(sim, a_len, b_len, anc, weight):
        c = weight * (1.0 - sim) + lencost(a_len, b_len)
        if anc is not None:
            c = c - p.anchor * anc
        return c

    c11 = bead_cost(sim11, ls, lt, anc11, 1.0)
    c21 = bead_cost(sim21, ls2, lt, anc21, 1.5) + p.merge if n > 1 else None
    c12 = bead_cost(sim12, ls, lt2, anc12, 1.5) + p.merge if m > 1 else None
    c22 = bead_cost(sim22, ls2, lt2, anc22, 2.0) + p.merge22 if n > 1 and m > 1 else None
    if src_para is not None and n > 1:
        sp = np.asarray(src_para)
        cross = (sp[1:] != sp[:-1]).astype(np.float32)[:, None] * p.paragraph
        c21 = c21 + cross
        if c22 is not None:
            c22 = c22 + cross
    if tgt_para is not None and m > 1:
        tp = np.asarray(tgt_para)
        cross = (tp[1:] != tp[:-1]).astype(np.float32)[None, :] * p.paragraph
        c12 = c12 + cross
        if c22 is not None:
            c22 = c22 + cross

    inf = np.float64(1e18)
    D = np.full((n + 1, m + 1), inf)
    back = np.zeros((n + 1, m + 1), np.int8)
    skip = p.skip
    cols = np.arange(m + 1, dtype=np.float64)
    for i in range(n + 1):
        x = np.full(m + 1, inf)
        choice = np.zeros(m + 1, np.int8)
        if i == 0:
            x[0] = 0.0
        else:
            cand = D[i - 1] + skip  # 1-0
            better = cand < x
            x[better], choice[better] = cand[better], _T10
            cand = np.full(m + 1, inf)
            cand[1:] = D[i - 1, :-1] + c11[i - 1]
            better = cand < x
            x[better], choice[better] = cand[better], _T11
            if i >= 2 and c21 is not None:
                cand = np.full(m + 1, inf)
                cand[1:] = D[i - 2, :-1] + c21[i - 2]
                better = cand < x
                x[better], choice[better] = cand[better], _T21
            if c12 is not None:
                cand = np.full(m + 1, inf)
                cand[2:] = D[i - 1, :-2] + c12[i - 1]
                better = cand < x
                x[better], choice[better] = cand[better], _T12
            if i >= 2 and c22 is not None:
                cand = np.full(m + 1, inf)
                cand[2:] = D[i - 2, :-2] + c22[i - 2]
                better = cand < x
                x[better], choice[better] = cand[better], _T22
        # 0-1 transitions within the row: D[j] = min_k<=j x[k] + (j - k) * skip
        run = np.minimum.accumulate(x - cols * skip) + cols * skip
        from_left = run < x - 1e-12
        D[i] = np.where(from_left, run, x)
        choice[from_left] = _T01
        back[i] = choice

    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j])
        if t == 0:  # unreachable in a well-formed table; be safe
            t = _T10 if i > 0 else _T01
        di, dj = _STEP[t]
        src = tuple(range(i - di, i))
        tgt = tuple(range(j - dj, j))
        if t == _T11:
            sim = float(sim11[i - 1, j - 1])
        elif t == _T21:
            sim = float(sim21[i - 2, j - 1])
        elif t == _T12:
            sim = float(sim12[i - 1, j - 2])
        elif t == _T22:
            sim = float(sim22[i - 2, j - 2])
        else:
            sim = 0.0
        beads.append(Bead(src, tgt, sim))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def align_documents(source: Document, target: Document, encoder, src_lang: Language,
                    tgt_lang: Language, params: AlignParams = DEFAULT_PARAMS) -> list[Bead]:
    """Embed both documents' sentences and align them."""
    src_texts = [s.text for s in source.segments]
    tgt_texts = [s.text for s in target.segments]
    emb = encoder.encode(src_texts + tgt_texts)
    es, et = emb[: len(src_texts)], emb[len(src_texts):]
    return align(
        es, et,
        [len(t) for t in src_texts], [len(t) for t in tgt_texts],
        _anchor_sets(src_texts, src_lang), _anchor_sets(tgt_texts, tgt_lang),
        [s.paragraph for s in source.segments], [s.paragraph for s in target.segments],
        params,
    )
