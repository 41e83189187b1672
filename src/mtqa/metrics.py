"""Reference-based metrics (sacrebleu): BLEU with the ja-mecab tokenizer, chrF and TER.

They are computed only when the user gives a reference translation, and never replace the
reference-free score. Segments: the reference is segmented and aligned to the *source* with the
same bead aligner as the MT; each MT alignment bead (the unit of the report) is then paired with
the reference segments aligned to its source sentences. Every reference segment goes to exactly
one bead (the first that claims it; a reference segment aligned to no source sentence is a pair of
its own with an empty hypothesis), so the pairs partition both texts and the document scores are
sacrebleu corpus scores over the same pairs: per-segment statistics computed once, every aggregate
from them. Each score carries its sacrebleu signature.
"""

from __future__ import annotations

from typing import Any

from .model import Bead, Document

# Defaults live once, here (sacrebleu style); the signatures record them.
BLEU_ARGS: dict[str, Any] = {"tokenize": "ja-mecab"}
CHRF_ARGS: dict[str, Any] = {}
# TER has no Japanese tokenizer of its own (its asian_support splits only some scripts), so its
# input is pre-tokenized with the same MeCab tokenizer as BLEU; the signature says so.
TER_ARGS: dict[str, Any] = {}
TER_PRETOKENIZE = "ja-mecab"


def _mecab(texts: list[str]) -> list[str]:
    from sacrebleu.tokenizers.tokenizer_ja_mecab import TokenizerJaMecab

    tok = TokenizerJaMecab()
    return [tok(t) for t in texts]


def _metrics():
    from sacrebleu.metrics import BLEU, CHRF, TER

    return (("bleu", BLEU(**BLEU_ARGS), BLEU(**BLEU_ARGS, effective_order=True)),
            ("chrf", CHRF(**CHRF_ARGS), CHRF(**CHRF_ARGS)),
            ("ter", TER(**TER_ARGS), TER(**TER_ARGS)))


def pair_segments(mt_beads: list[Bead], ref_beads: list[Bead], target: Document,
                  reference: Document) -> list[dict[str, Any]]:
    """(bead, hypothesis, reference) units: MT beads with the reference segments aligned to
    their source sentences. Sentences both texts add between the same two source sentences (a
    headline, a credit line) pair with each other in order; leftover reference segments are units
    with an empty hypothesis."""
    ref_of_src: dict[int, list[int]] = {}
    for b in ref_beads:
        for i in b.src:
            ref_of_src.setdefault(i, []).extend(b.tgt)
    # additions on either side, keyed by how many source sentences come before them
    ref_added: dict[int, list[list[int]]] = {}
    for gap, b in _gaps(ref_beads):
        if not b.src:
            ref_added.setdefault(gap, []).append(list(b.tgt))
    used: set[int] = set()
    units: list[dict[str, Any]] = []
    for k, (gap, b) in enumerate(_gaps(mt_beads)):
        refs = []
        for i in b.src:
            for r in ref_of_src.get(i, []):
                if r not in used:
                    used.add(r)
                    refs.append(r)
        if not b.src and ref_added.get(gap):
            refs = [r for r in ref_added[gap].pop(0) if r not in used]
            used.update(refs)
        units.append({"bead": k, "tgt": list(b.tgt), "ref": sorted(refs)})
    for b in ref_beads:
        if not b.src:
            for r in b.tgt:
                if r not in used:
                    used.add(r)
                    units.append({"bead": None, "tgt": [], "ref": [r]})
    for u in units:
        u["hyp_text"] = "".join(target.segments[j].text for j in u["tgt"])
        u["ref_text"] = "".join(reference.segments[r].text for r in u["ref"])
    return [u for u in units if u["hyp_text"] or u["ref_text"]]


def _gaps(beads: list[Bead]):
    """(number of source sentences before the bead, bead) for each bead, in order."""
    seen = 0
    for b in beads:
        yield seen, b
        seen += len(b.src)


def reference_metrics(hyps: list[str], refs: list[str]) -> dict[str, Any]:
    """Document and per-segment BLEU/chrF/TER over aligned (hypothesis, reference) pairs."""
    out: dict[str, Any] = {"document": {}, "segments": [{} for _ in hyps]}
    for name, corpus_metric, sentence_metric in _metrics():
        h_in, r_in = (hyps, refs) if name != "ter" else (_mecab(hyps), _mecab(refs))
        doc = corpus_metric.corpus_score(h_in, [r_in])
        signature = str(corpus_metric.get_signature())
        if name == "ter":
            signature += f"|pretok:{TER_PRETOKENIZE}"
        out["document"][name] = {"score": round(doc.score, 4), "signature": signature}
        for seg, h, r in zip(out["segments"], h_in, r_in):
            seg[name] = round(sentence_metric.sentence_score(h, [r]).score, 4)
    return out


def compare_with_reference(source: Document, target: Document, mt_beads: list[Bead],
                           reference: Document, encoder, src_lang, tgt_lang) -> dict[str, Any]:
    """The ``Result.metrics`` block: align the reference to the source, pair it with the MT
    beads, score the pairs."""
    from .align import DEFAULT_PARAMS, align_documents

    ref_beads = align_documents(source, reference, encoder, src_lang, tgt_lang, DEFAULT_PARAMS)
    units = pair_segments(mt_beads, ref_beads, target, reference)
    scores = reference_metrics([u["hyp_text"] for u in units], [u["ref_text"] for u in units])
    segments = []
    for u, s in zip(units, scores["segments"]):
        segments.append({"bead": u["bead"], "tgt": u["tgt"], "ref": u["ref"],
                         "reference": u["ref_text"], **s})
    return {
        "reference": {"path": reference.path, "segments": len(reference.segments)},
        "unit": "bead",  # per MT alignment bead, the reference paired through the source
        "document": scores["document"],
        "segments": segments,
    }
