"""Sentence alignment as monotone beads (vecalign/bertalign style): 1-1, 2-1, 1-2, 2-2, optionally
3-1 and 1-3, with 1-0 and 0-1 for deleted and inserted sentences.

Signals, all combined in one additive bead cost (lower is better):
- cross-lingual similarity of the bead's two sides (a merged side is the normalised sum of its
  sentence embeddings, each weighted by a power of its length so that "I see." does not count as
  much as the long sentence it was joined to; nothing is embedded twice), weighted by how many
  sentences the bead covers so that one merged bead and the 1-1 beads it replaces are comparable;
- optionally a hubness correction (CSLS): a similarity minus the mean similarity of both sides to
  their k nearest neighbours, so "Yes." / "はい。"-like turns that resemble everything count less;
- a Gale-Church length model: the bead's target length is normal around the document's
  target/source character ratio times its source length, variance proportional to the length;
  the cost is -log P(|Z| >= |z|), with a small outlier probability so free translations are not
  vetoed; the ratio is re-estimated from confident 1-1 beads in a second pass;
- per-kind priors (merges are rarer than 1-1 beads);
- skip costs per sentence: a sentence with a strong match near its expected position is costly to
  leave unaligned, a sentence that matches nothing nearby (inserted or deleted text) is cheap;
- lexical anchors: numbers (normalised: 3, 三, ３ and "three" agree) and Latin-script tokens that
  occur on both sides (NATO, ICC, Reuters);
- paragraph boundaries: a merge across one costs extra, a strong hint and not a wall.

Three post-passes tidy lone sentences the DP left:
- pieces (needs the texts and the encoder): a lone sentence whose translation was run together
  with its neighbour's in one segment ("有難う。じゃあ今から…", or two sentences joined with 、) is
  found by embedding the one piece of the neighbouring segment where monotonicity puts it; this is
  what keeps 1-0 beads for sentences that really have no translation (deletion precision);
- absorb: a target sentence that matches a neighbouring bead's source well (inside a free m-n
  translation) joins that bead;
- fragments: a segment that is no sentence (punctuation only, or a clause ending in a comma) joins
  a neighbour when the texts are given.

The dynamic programme runs row by row in numpy; the in-row 0-1 transition is solved with a
running minimum, so a 500 x 500 article costs milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Callable, Sequence

import numpy as np

from .lang import Language
from .model import Bead, Document

# Transition ids stored in the back-pointer table, and the (source, target) sentences they take.
_T11, _T10, _T01, _T21, _T12, _T22, _T31, _T13, _T32, _T23 = range(1, 11)
_STEP = {_T11: (1, 1), _T10: (1, 0), _T01: (0, 1), _T21: (2, 1), _T12: (1, 2), _T22: (2, 2),
         _T31: (3, 1), _T13: (1, 3), _T32: (3, 2), _T23: (2, 3)}
_MATCH = (_T11, _T21, _T12, _T22, _T31, _T13, _T32, _T23)  # kinds with both sides non-empty


@dataclass(frozen=True)
class AlignParams:
    """Weights of the bead cost; a perfect 1-1 match costs about 0, everything else is relative.

    Fitted by ``bench/align.py --fit`` on the first half of each align-eval-enja set.
    """

    skip: float = 1.5            # base cost of leaving one sentence unaligned (1-0 / 0-1)
    skip_match: float = 0.25     # extra skip cost per unit of the sentence's best nearby similarity above skip_sim0
    skip_sim0: float = 0.1       # similarity a nearby match must exceed before it raises the skip cost
    skip_window: int = 8         # "nearby": target positions within this many (+ |n - m|) of the diagonal
    similarity: float = 3.0      # weight of (1 - cosine similarity) in a 1-1 bead
    min_similarity: float = 0.1   # below this a pair looks unrelated: a deletion plus an insertion, not a bead
    mismatch: float = 3.0        # extra cost per unit of similarity below min_similarity
    merge: float = 1.0           # prior cost of a 2-1 / 1-2 bead
    merge22: float = 4.5         # prior cost of a 2-2 bead
    merge3: float = 2.5          # prior cost of a 3-1 / 1-3 bead; 0 disables these kinds
    merge23: float = 0.0         # prior cost of a 3-2 / 2-3 bead; 0 disables these kinds
    merge_scale: float = 1.35    # weight of (1 - similarity) for a 2-1 / 1-2 bead (1-1: 1; +this-1 per extra sentence)
    merge_gain: float = 0.5      # cost per unit a merged side's similarity falls short of its best single sentence
    merge_weight: float = 0.25   # a merged side's embedding sums its sentences' embeddings weighted by
                                 # (character length)**this: 0 weighs "I see." like a long sentence, 1 weighs
                                 # by length, as an encoder reading the concatenated text roughly would
    length: float = 0.15         # weight of the Gale-Church length cost -log(P(|Z| >= |z|) + floor)
    length_var: float = 1.4      # Gale-Church s2: variance of target chars per source char, over the ratio
    length_floor: float = 1e-3   # outlier probability in the length model (caps its cost at -log floor)
    anchor: float = 0.6          # bonus for shared numbers / Latin tokens (cosine of anchor sets)
    paragraph: float = 0.45      # merging sentences across a paragraph boundary
    margin: float = 0.0          # hubness correction: subtract margin * mean k-NN similarity of both sides (CSLS)
    margin_k: int = 4            # k of the k nearest neighbours for the margin
    passes: int = 1              # 2: re-estimate the length ratio from the first pass's confident 1-1 beads
    absorb: float = 0.0          # post-pass: a lone target sentence (0-1) joins an adjacent bead when its best
                                 # cosine with one of that bead's source sentences reaches this; 0 disables
                                 # (the current fit: the pieces pass below does better).
                                 # (Lone source sentences are left alone: deleted ones match their neighbours'
                                 # targets as well as split ones do, so the same test only loses deletions.)
    absorb_gain: float = 0.0     # ... and the joined bead's similarity drops by no more than -this (0: must not drop)
    pieces: float = 0.2          # post-pass (needs the texts and an encoder): a lone sentence joins the
                                 # neighbouring bead when the near end of that bead's other side is a
                                 # sentence run together with another (「はい。じゃあ…」) whose piece there
                                 # matches the lone sentence at least this well, and better than it matches
                                 # the bead's own sentences; 0 disables
    pieces_clause: float = 0.5   # the same with the segment cut at commas too (a translator who joined two
                                 # sentences with 、), at this (higher) threshold; 0 disables
    fragments: bool = True       # post-pass (needs the texts): a lone segment that is no sentence, only
                                 # punctuation/symbols or a clause ending in a comma (「しかし、」, a stray
                                 # quote mark), joins its neighbouring bead instead of counting as added/omitted

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


def _span_sums(x: np.ndarray, k: int) -> np.ndarray:
    """Row r is x[r] + ... + x[r + k - 1] (len(x) - k + 1 rows, possibly none)."""
    if len(x) < k:
        return np.zeros((0,) + x.shape[1:], dtype=x.dtype)
    out = x[: len(x) - k + 1].copy()
    for d in range(1, k):
        out = out + x[d: len(x) - k + 1 + d]
    return out


def _pair_sums(x: np.ndarray) -> np.ndarray:
    """Row k is x[k] + x[k+1]."""
    return _span_sums(x, 2)


def _log_erfc(x: np.ndarray) -> np.ndarray:
    """log(erfc(x)) for x >= 0 (Numerical Recipes' erfcc, relative error < 1.2e-7), stable for big x."""
    t = 1.0 / (1.0 + 0.5 * x)
    poly = (-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277)))))))))
    return np.log(t) - x * x + poly


def _topk_mean(s: np.ndarray, k: int, axis: int) -> np.ndarray:
    """Mean of the k largest entries along ``axis`` (all of them when there are fewer)."""
    size = s.shape[axis]
    if size == 0:
        return np.zeros(s.shape[1 - axis], s.dtype)
    k = max(1, min(k, size))
    part = -np.partition(-s, k - 1, axis=axis)
    return np.take(part, np.arange(k), axis=axis).mean(axis=axis)


def _anchor_vectors(src_anchors, tgt_anchors, n, m):
    vocab = sorted(set().union(*tgt_anchors) & set().union(*src_anchors))
    if not vocab:
        return None
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
    return xs, xt


def _length_cost(a: np.ndarray, b: np.ndarray, ratio: float, p: AlignParams) -> np.ndarray:
    """Gale-Church: z = (b - c a) / sqrt(s2 c mean), cost = -log(P(|Z| >= |z|) + floor)."""
    if not p.length or a.size == 0 or b.size == 0:
        return np.zeros((a.size, b.size))
    mean = np.maximum((a[:, None] + b[None, :] / ratio) / 2.0, 1.0)
    z = np.abs(b[None, :] - ratio * a[:, None]) / np.sqrt(p.length_var * ratio * mean)
    tail = np.exp(_log_erfc(z / np.sqrt(2.0)))
    return p.length * -np.log((1.0 - p.length_floor) * tail + p.length_floor)


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
    src_texts: Sequence[str] | None = None,
    tgt_texts: Sequence[str] | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> list[Bead]:
    """Monotone beads covering every source and target sentence exactly once.

    The texts are optional; with them, stray fragments (see ``AlignParams.fragments``) are never
    left on their own, and with ``encode`` too (texts -> embeddings, the encoder that made
    ``src_emb``/``tgt_emb``) a lone sentence whose translation was run together with a neighbour's
    is found inside it (``AlignParams.pieces``)."""
    n, m = len(src_emb), len(tgt_emb)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    p = params
    kinds = [t for t in _MATCH if (p.merge3 or t not in (_T31, _T13))
             and (p.merge23 or t not in (_T32, _T23))]
    es, et = _normalise(src_emb.astype(np.float32)), _normalise(tgt_emb.astype(np.float32))
    ls = np.asarray(src_len, dtype=np.float64)
    lt = np.asarray(tgt_len, dtype=np.float64)
    spans = sorted({k for t in kinds for k in _STEP[t]})
    ws = es * np.maximum(ls, 1.0)[:, None].astype(np.float32) ** p.merge_weight
    wt = et * np.maximum(lt, 1.0)[:, None].astype(np.float32) ** p.merge_weight
    emb_s = {k: _normalise(_span_sums(ws, k)) for k in spans}
    emb_t = {k: _normalise(_span_sums(wt, k)) for k in spans}
    len_s = {k: _span_sums(ls, k) for k in spans}
    len_t = {k: _span_sums(lt, k) for k in spans}
    sims = {t: emb_s[_STEP[t][0]] @ emb_t[_STEP[t][1]].T for t in kinds}

    # Hubness (CSLS): a sentence similar to everything ("Yes.", "Thank you.") gets its similarity
    # lowered by its mean similarity to its k nearest neighbours, per bead kind, on both sides.
    adj = {}
    for t, s in sims.items():
        if p.margin and s.size:
            rx = _topk_mean(s, p.margin_k, 1)
            ry = _topk_mean(s, p.margin_k, 0)
            adj[t] = s - p.margin * 0.5 * (rx[:, None] + ry[None, :])
        else:
            adj[t] = s

    anc = None
    if src_anchors is not None and tgt_anchors is not None and p.anchor:
        vec = _anchor_vectors(src_anchors, tgt_anchors, n, m)
        if vec is not None:
            anc_s = {k: _normalise(np.minimum(_span_sums(vec[0], k), 1.0)) for k in spans}
            anc_t = {k: _normalise(np.minimum(_span_sums(vec[1], k), 1.0)) for k in spans}
            anc = {t: anc_s[_STEP[t][0]] @ anc_t[_STEP[t][1]].T for t in kinds}

    def crossings(para, k):  # paragraph boundaries inside each span of k sentences
        if para is None or k == 1:
            return None
        pa = np.asarray(para)
        return _span_sums((pa[1:] != pa[:-1]).astype(np.float64), k - 1)

    prior = {_T11: 0.0, _T21: p.merge, _T12: p.merge, _T22: p.merge22, _T31: p.merge3,
             _T13: p.merge3, _T32: p.merge23, _T23: p.merge23}
    base = {}
    for t in kinds:
        di, dj = _STEP[t]
        weight = p.similarity * (1.0 + (p.merge_scale - 1.0) * (di + dj - 2))
        c = weight * (1.0 - adj[t]) + prior[t]
        if p.mismatch:
            c = c + weight * p.mismatch * np.maximum(p.min_similarity - sims[t], 0.0)
        if anc is not None:
            c = c - p.anchor * anc[t]
        if p.merge_gain and t != _T11:
            # A merged bead must earn its merge: it should match at least as well as its best part.
            s11 = adj[_T11]
            best = np.full(c.shape, -np.inf)
            for a in range(di):
                for b in range(dj):
                    best = np.maximum(best, s11[a: a + c.shape[0], b: b + c.shape[1]])
            c = c + p.similarity * p.merge_gain * np.maximum(best - adj[t], 0.0)
        cs, ct = crossings(src_para, di), crossings(tgt_para, dj)
        if cs is not None:
            c = c + p.paragraph * cs[:, None]
        if ct is not None:
            c = c + p.paragraph * ct[None, :]
        base[t] = c

    # Skip costs: a sentence with a strong match near its expected position is costly to drop.
    s11 = adj[_T11]
    skip_src = np.full(n, p.skip)
    skip_tgt = np.full(m, p.skip)
    if p.skip_match:
        diag = np.arange(n)[:, None] * (m / n)
        near = np.abs(np.arange(m)[None, :] - diag) <= p.skip_window + abs(n - m)
        masked = np.where(near, s11, -np.inf)
        skip_src = skip_src + p.skip_match * np.maximum(masked.max(axis=1) - p.skip_sim0, 0.0)
        skip_tgt = skip_tgt + p.skip_match * np.maximum(masked.max(axis=0) - p.skip_sim0, 0.0)

    ratio = max(lt.sum(), 1.0) / max(ls.sum(), 1.0)
    beads: list = []
    for npass in range(max(1, p.passes)):
        costs = {t: base[t] + _length_cost(len_s[_STEP[t][0]], len_t[_STEP[t][1]], ratio, p)
                 for t in kinds}
        beads = _dp(n, m, costs, skip_src, skip_tgt)
        if npass + 1 == max(1, p.passes):
            break
        # Re-estimate the document's length ratio from its confident 1-1 beads, which deleted
        # or inserted sentences no longer skew.
        good = [(b[0][0], b[1][0]) for b in beads if len(b[0]) == 1 and len(b[1]) == 1
                and sims[_T11][b[0][0], b[1][0]] >= 0.5]
        if len(good) < 3:
            break
        ratio = max(lt[[j for _, j in good]].sum(), 1.0) / max(ls[[i for i, _ in good]].sum(), 1.0)

    if p.pieces and encode is not None and src_texts is not None and tgt_texts is not None:
        beads = _rescue_by_pieces(beads, es, et, src_texts, tgt_texts, encode, p)
    if p.absorb:
        beads = _absorb(beads, es, et, sims[_T11], p)
    if p.fragments and (src_texts is not None or tgt_texts is not None):
        beads = _join_fragments(beads, src_texts, tgt_texts)

    out = []
    for src, tgt in beads:
        sim = _bead_sim(es, et, src, tgt) if src and tgt else 0.0
        out.append(Bead(src, tgt, sim))
    return out


def _bead_sim(es, et, src, tgt) -> float:
    a, b = es[list(src)].sum(axis=0), et[list(tgt)].sum(axis=0)
    return float(a @ b / max(np.linalg.norm(a) * np.linalg.norm(b), 1e-12))


def _absorb(beads, es, et, s11, p: AlignParams):
    """Attach lone target sentences (0-1) that the DP left next to a bead whose source they clearly
    match: inside a free m-n translation a split-off sentence often matches its neighbours' source
    too weakly to pay for a merge bead, yet far better than inserted text from another document,
    which rarely matches anything above ~0.25. Merges into the neighbour with the best match."""
    beads = [(list(s), list(t)) for s, t in beads]
    k = 0
    while k < len(beads):
        src, tgt = beads[k]
        if src or len(tgt) != 1:
            k += 1
            continue
        x = tgt[0]
        best, best_k = -np.inf, -1
        for kk in (k - 1, k + 1):
            if 0 <= kk < len(beads) and beads[kk][0] and beads[kk][1]:
                sim = float(s11[beads[kk][0], x].max())
                if sim > best:
                    best, best_k = sim, kk
        if best_k >= 0 and best >= p.absorb:
            ns, nt = beads[best_k]
            merged = (sorted(ns + src), sorted(nt + tgt))
            gain = _bead_sim(es, et, *merged) - _bead_sim(es, et, ns, nt)
            if gain >= p.absorb_gain:
                beads[best_k] = merged
                del beads[k]
                k = max(k - 1, 0)
                continue
        k += 1
    return [(tuple(s), tuple(t)) for s, t in beads]


# A sentence end inside a segment: after 。！？!? (and closing quotes/brackets), or after a full stop
# (and a closing quote) followed by a space and an upper-case letter or an opening quote; not after
# a title or abbreviation such as "Mr." or "U.S.".
_PIECE_END = re.compile(r"(?<=[。！？!?])[」』）)\"”’]*\s*|(?<=[.])[\"”’]?\s+(?=[A-Z\"“‘(])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Gov|Sen|Rep|Lt|Col|Capt|Sgt|No|vs|etc|"
                     r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)|\b[A-Z]|\.[A-Za-z])\.[\"”’]?\s*$")


_CLAUSE_END = re.compile(r"(?<=[、，,;；:：])\s*")


def _pieces(text: str, clauses: bool = False) -> list[str]:
    """The sentences run together in one segment (usually just the segment itself); with
    ``clauses``, cut after commas and semicolons as well."""
    cuts = [m.end() for m in _PIECE_END.finditer(text)
            if 0 < m.end() < len(text) and not _ABBREV.search(text[: m.end()])]
    if clauses:
        cuts = sorted(set(cuts) | {m.end() for m in _CLAUSE_END.finditer(text)
                                   if 0 < m.end() < len(text)})
    parts = [text[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(text)])]
    return [x for x in parts if any(ch.isalnum() for ch in x)]


def _rescue_by_pieces(beads, es, et, src_texts, tgt_texts, encode, p: AlignParams):
    """Join a lone sentence (1-0 or 0-1) to a neighbouring bead whose other side, at the end next
    to it, runs two sentences together, one of them its translation.

    A segmenter misses sentence ends (or an input gives two sentences on one line), so "Thank you.
    Now let me get back..." can arrive as one target segment: "有難う。じゃあ今から…". Its embedding is
    dominated by the long part, and the short sentence looks deleted. Monotonicity says where its
    translation must be: at the start of the bead that follows it, or at the end of the one before.
    So only that one piece is embedded and compared; it must match the lone sentence at least
    ``p.pieces`` and better than it matches the bead's own sentences on the lone sentence's side.
    A sentence whose translation was really dropped has no such piece: the segment next to it is
    one sentence, or its near piece translates the bead's own text."""
    beads = [(list(s), list(t)) for s, t in beads]

    def candidates(k):
        """(neighbour bead index, its sentences on the lone sentence's side, threshold, piece text)
        for the lone bead k; none when k is no lone bead."""
        src, tgt = beads[k]
        if bool(src) == bool(tgt) or len(src) + len(tgt) != 1:
            return
        other_texts = tgt_texts if src else src_texts
        for kk, first in ((k + 1, True), (k - 1, False)):
            if not (0 <= kk < len(beads)) or not (beads[kk][0] and beads[kk][1]):
                continue
            own_ids, other_ids = (beads[kk][0], beads[kk][1]) if src else (beads[kk][1], beads[kk][0])
            y = other_ids[0] if first else other_ids[-1]
            for clauses, threshold in ((False, p.pieces), (True, p.pieces_clause)):
                parts = _pieces(other_texts[y], clauses)
                if threshold and len(parts) >= 2:
                    yield kk, own_ids, threshold, parts[0] if first else parts[-1]

    # Embed every candidate piece in one batch (a merge below rarely creates a new one).
    emb: dict[str, np.ndarray] = {}

    def embed(texts):
        missing = list(dict.fromkeys(t for t in texts if t not in emb))
        if missing:
            emb.update(zip(missing, _normalise(np.asarray(encode(missing), np.float32))))

    embed([c[3] for k in range(len(beads)) for c in candidates(k)])
    k = 0
    while k < len(beads):
        src, tgt = beads[k]
        own_emb = es if src else et
        best, best_k, done = -np.inf, -1, set()
        for kk, own_ids, threshold, text in candidates(k):
            if kk in done:  # a sentence piece matched: the clause pieces of that segment need not
                continue
            embed([text])
            sim = float(own_emb[(src or tgt)[0]] @ emb[text])
            if sim >= threshold and sim > float((own_emb[own_ids] @ emb[text]).max()):
                done.add(kk)
                if sim > best:
                    best, best_k = sim, kk
        if best_k < 0:
            k += 1
            continue
        ns, nt = beads[best_k]
        beads[best_k] = (sorted(ns + src), sorted(nt + tgt))
        del beads[k]
    return [(tuple(s), tuple(t)) for s, t in beads]


_COMMA_END = re.compile(r"[,、，]\s*$")


def _is_fragment(text: str) -> bool:
    """Punctuation or symbols only, or a clause cut at a comma: not a sentence of its own."""
    return not any(ch.isalnum() for ch in text) or bool(_COMMA_END.search(text))


def _join_fragments(beads, src_texts, tgt_texts):
    """Join each lone fragment to a neighbouring bead with both sides: a clause ending in a comma
    to the following one (it continues there), anything else to the preceding one."""
    beads = [(list(s), list(t)) for s, t in beads]
    k = 0
    while k < len(beads):
        src, tgt = beads[k]
        texts = src_texts if src and not tgt else tgt_texts if tgt and not src else None
        ids = src or tgt
        if texts is None or len(ids) != 1 or not _is_fragment(texts[ids[0]]):
            k += 1
            continue
        order = (k + 1, k - 1) if _COMMA_END.search(texts[ids[0]]) else (k - 1, k + 1)
        near = [kk for kk in order if 0 <= kk < len(beads) and beads[kk][0] and beads[kk][1]]
        if not near:
            k += 1
            continue
        ns, nt = beads[near[0]]
        beads[near[0]] = (sorted(ns + src), sorted(nt + tgt))
        del beads[k]
    return [(tuple(s), tuple(t)) for s, t in beads]


def _dp(n, m, costs, skip_src, skip_tgt):
    """Monotone DP over the bead kinds, row by row; returns (src ids, tgt ids) pairs."""
    inf = np.float64(1e18)
    D = np.full((n + 1, m + 1), inf)
    back = np.zeros((n + 1, m + 1), np.int8)
    ctgt = np.concatenate([[0.0], np.cumsum(skip_tgt)])  # cost of skipping targets 1..j
    for i in range(n + 1):
        x = np.full(m + 1, inf)
        choice = np.zeros(m + 1, np.int8)
        if i == 0:
            x[0] = 0.0
        else:
            cand = D[i - 1] + skip_src[i - 1]  # 1-0
            better = cand < x
            x[better], choice[better] = cand[better], _T10
            for t, c in costs.items():
                di, dj = _STEP[t]
                if i < di or m < dj or c.shape[1] == 0:
                    continue
                cand = np.full(m + 1, inf)
                cand[dj:] = D[i - di, : m + 1 - dj] + c[i - di]
                better = cand < x
                x[better], choice[better] = cand[better], t
        # 0-1 transitions within the row: D[j] = min_k<=j x[k] + (ctgt[j] - ctgt[k])
        run = np.minimum.accumulate(x - ctgt) + ctgt
        from_left = run < x - 1e-12
        D[i] = np.where(from_left, run, x)
        choice[from_left] = _T01
        back[i] = choice

    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        t = int(back[i, j])
        if t == 0:  # unreachable in a well-formed table; be safe
            t = _T10 if i > 0 else _T01
        di, dj = _STEP[t]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
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
        params, src_texts, tgt_texts, encoder.encode,
    )
