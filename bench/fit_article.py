"""Fit mtqa's quality score at the article level; write ``src/mtqa/data/score_weights.json``.

    python bench/fit_article.py [--workers 2] [--folds 5] [--per-type 60]

What the score must do (issue 16): order translations of the same article as humans do, rank
professional human translations at or above machine translation, and fall whenever an error
is planted into a good translation. So it is fitted to exactly those orderings, as a pairwise
ranking model (RankNet-style logistic loss on score differences):

* **ESA pairs**: the WMT24 ESA dev articles (the paragraphs of one document by one system, 13
  systems with the human reference refA), scored by the length-weighted mean of the paragraphs'
  human ESA scores; every two translations of the same document whose human scores differ by
  at least ``MARGIN`` points make a pair, the better one to score higher.
* **Planted pairs**: every professional human translation of ``bench/trust.py``'s set and each
  of its planted-error copies: the clean article must score higher (weight ``PLANT_WEIGHT``
  for these pairs as a whole against the ESA pairs as a whole).

Only the **dev** documents of ``bench/trust.py``'s split are used: its held-aside quarter stays
unseen, so the benchmark's held figures are figures on text the score never saw. The model is
linear in the standardised signals of ``mtqa.score.SIGNALS`` (winsorised at their 1st/99th
percentiles, a missing signal at its mean), with an L2 penalty; the finding signals
(``mqm_*``) and the others with a known direction are constrained to their sign (``SIGNS``),
so that a finding, unaligned text or a lower similarity can only lower the quality.
The fitted value is mapped onto the ESA 0-100 scale by the same strictly increasing
calibration as before (``fit_score.calibration_knots``), on the ESA dev articles.

Cross-validation (``--folds``, by document for ESA, by clean article for the planted pairs):
the out-of-fold pairwise accuracy, the AUC between ESA articles rated >= 90 and < 70, refA's rank
among the 13 systems, the system-level Pearson of the 12 MT systems and the share of planted
copies that score below their clean article are printed; the shipped weights are then fitted on
all dev pairs. mtqa's output for every article comes from ``bench/trust.py``'s cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import trust  # noqa: E402
from _common import ROOT  # noqa: E402
from fit_score import CALIB_BLEND, calibrate, calibration_knots  # noqa: E402
from fit_score import feature_matrix as features  # noqa: E402

WEIGHTS = ROOT / "src" / "mtqa" / "data" / "score_weights.json"
SIGNALS_ONLY = (WEIGHTS.name,)  # the signals do not depend on the weights: cache them without
MARGIN = 5.0          # ESA points between two translations of one document to make a pair
PLANT_WEIGHT = 20.0    # the planted pairs' share of the loss, against the ESA pairs'
L2 = 0.01             # on the standardised coefficients
# The direction each signal may act in, where it has one: findings, unaligned text, Latin
# letters and a squared length mismatch only lower the quality; similarity, dictionary support
# and the learned QE only raise it. Free fits on the ESA pairs (small differences between strong
# systems) gave several of them the wrong sign, which no translator would accept (more omitted
# text scoring better) and which made planted errors raise the score.
SIGNS = {"mqm_minor": -1, "mqm_major": -1, "mqm_critical": -1, "unaligned_src": -1,
         "unaligned_tgt": -1, "latin_share": -1, "len_ratio_sq": -1, "sim_mean": 1, "sim_min": 1,
         "support": 1, "qe_mean": 1}
STEPS = 3000
LEARNING_RATE = 0.05


def standardise(X: np.ndarray) -> dict:
    lo, hi = np.nanpercentile(X, 1, axis=0), np.nanpercentile(X, 99, axis=0)
    mean = np.nanmean(np.clip(X, lo, hi), axis=0)
    Xf = np.clip(np.where(np.isnan(X), mean, X), lo, hi)
    scale = Xf.std(axis=0)
    scale[scale == 0] = 1.0
    return {"lo": lo, "hi": hi, "mean": mean, "scale": scale}


def transform(X: np.ndarray, st: dict) -> np.ndarray:
    Xf = np.clip(np.where(np.isnan(X), st["mean"], X), st["lo"], st["hi"])
    return (Xf - st["mean"]) / st["scale"]


def fit_pairs(Z: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray, float]],
              signs: np.ndarray) -> np.ndarray:
    """Coefficients minimising sum_g weight_g * mean(log(1 + exp(-(s_hi - s_lo)))) + L2 |w|^2,
    each coefficient kept to the sign in ``signs`` (-1, +1; 0 free) by projected gradient with
    Adam."""
    w = np.zeros(Z.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    diffs = [(Z[hi] - Z[lo], weight) for hi, lo, weight in groups if len(hi)]
    for t in range(1, STEPS + 1):
        grad = 2 * L2 * w
        for D, weight in diffs:
            margin = D @ w
            p = 1.0 / (1.0 + np.exp(np.clip(margin, -30, 30)))  # d/dmargin of log(1+exp(-m))
            grad -= weight * (D * p[:, None]).mean(axis=0)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= LEARNING_RATE * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        w = np.where(signs < 0, np.minimum(w, 0.0), np.where(signs > 0, np.maximum(w, 0.0), w))
    return w


def esa_pairs(esa: list[dict], idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        by_doc[esa[i]["doc"]].append(i)
    hi, lo = [], []
    for members in by_doc.values():
        for a in members:
            for b in members:
                if esa[a]["human"] - esa[b]["human"] >= MARGIN:
                    hi.append(a)
                    lo.append(b)
    return np.array(hi, int), np.array(lo, int)


def fold_of(key: str, folds: int) -> int:
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % folds


def evaluate(q_esa: np.ndarray, esa: list[dict], q_clean: np.ndarray,
             q_planted: np.ndarray) -> dict:
    good = [q for q, a in zip(q_esa, esa) if a["human"] >= 90]
    bad = [q for q, a in zip(q_esa, esa) if a["human"] < 70]
    per_sys: dict[str, list[float]] = defaultdict(list)
    hum: dict[str, list[float]] = defaultdict(list)
    for q, a in zip(q_esa, esa):
        per_sys[a["system"]].append(q)
        hum[a["system"]].append(a["human"])
    means = {s: float(np.mean(v)) for s, v in per_sys.items()}
    ranked = sorted(means, key=lambda s: -means[s])
    mt = [s for s in means if s != "refA"]
    return {"auc": trust.auc(good, bad),
            "refA_rank": ranked.index("refA") + 1 if "refA" in ranked else None,
            "sys_pearson": trust.pearson([means[s] for s in mt],
                                         [float(np.mean(hum[s])) for s in mt]),
            "planted_drop": float(np.mean(q_planted < q_clean)) if len(q_clean) else None}


def main() -> None:
    from mtqa.score import SIGNALS

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--per-type", type=int, default=60, help="as bench/trust.py's")
    args = ap.parse_args()

    human = [a for a in trust.human_articles()]
    h_out = trust.run_all(human, args.workers, SIGNALS_ONLY)
    planted = trust.plant_all(human, h_out, args.per_type)
    p_out = trust.run_all(planted, args.workers, SIGNALS_ONLY)
    esa_all = trust.esa_articles()
    e_out_all = trust.run_all(esa_all, args.workers, SIGNALS_ONLY)

    # dev documents only; articles mtqa could not check are left out
    esa = [a for a, o in zip(esa_all, e_out_all) if a["split"] == "dev" and "error" not in o]
    e_out = [o for a, o in zip(esa_all, e_out_all) if a["split"] == "dev" and "error" not in o]
    clean_of = {a["id"]: i for i, a in enumerate(human)}
    pairs_p = [(clean_of[p["clean"]], k) for k, (p, o) in enumerate(zip(planted, p_out))
               if p["split"] == "dev" and "error" not in o and "error" not in h_out[clean_of[p["clean"]]]]

    X_esa, X_h, X_p = features(e_out), features(h_out), features(p_out)
    st = standardise(np.vstack([X_esa, X_h[[c for c, _ in pairs_p]], X_p[[k for _, k in pairs_p]]]))
    Z_esa, Z_h, Z_p = transform(X_esa, st), transform(X_h, st), transform(X_p, st)
    signs = np.array([SIGNS.get(n, 0) for n in SIGNALS], float)
    # one matrix holding every article, so that pairs index into it
    Z = np.vstack([Z_esa, Z_h, Z_p])
    off_h, off_p = len(Z_esa), len(Z_esa) + len(Z_h)
    y = np.array([a["human"] for a in esa])

    def groups(esa_idx: np.ndarray, plant_pairs: list[tuple[int, int]]):
        hi, lo = esa_pairs(esa, esa_idx)
        ph = np.array([off_h + c for c, _ in plant_pairs], int)
        pl = np.array([off_p + k for _, k in plant_pairs], int)
        return [(hi, lo, 1.0), (ph, pl, PLANT_WEIGHT)]

    # cross-validation by document / clean article
    oof_esa = np.zeros(len(esa))
    oof_clean = np.zeros(len(pairs_p))
    oof_plant = np.zeros(len(pairs_p))
    for f in range(args.folds):
        tr_e = np.array([i for i, a in enumerate(esa) if fold_of(a["doc"], args.folds) != f])
        te_e = np.array([i for i, a in enumerate(esa) if fold_of(a["doc"], args.folds) == f])
        tr_p = [pp for pp in pairs_p if fold_of(human[pp[0]]["id"], args.folds) != f]
        te_p = [n for n, pp in enumerate(pairs_p) if fold_of(human[pp[0]]["id"], args.folds) == f]
        w = fit_pairs(Z, groups(tr_e, tr_p), signs)
        oof_esa[te_e] = Z_esa[te_e] @ w
        for n in te_p:
            c, k = pairs_p[n]
            oof_clean[n], oof_plant[n] = Z_h[c] @ w, Z_p[k] @ w
    cv = evaluate(oof_esa, esa, oof_clean, oof_plant)
    hi, lo = esa_pairs(esa, np.arange(len(esa)))
    cv_acc = float(np.mean(oof_esa[hi] > oof_esa[lo]))

    w = fit_pairs(Z, groups(np.arange(len(esa)), pairs_p), signs)
    raw_esa = Z_esa @ w
    cx, cy = calibration_knots(raw_esa, y)
    fitted = evaluate(calibrate(raw_esa, cx, cy), esa,
                      np.array([Z_h[c] @ w for c, _ in pairs_p]),
                      np.array([Z_p[k] @ w for _, k in pairs_p]))
    data_hash = hashlib.sha256(
        (trust.need_data("wmt24-esa-enja") / "dev.jsonl").read_bytes()).hexdigest()
    out = {
        "model": f"pairwise-article-enja-{data_hash[:8]}",
        "about": "Written by bench/fit_article.py; do not edit by hand. quality = calibrate("
                 "intercept + sum(coef * (clip(signal, lo, hi) - mean) / scale)); see "
                 "mtqa/score.py.",
        "data": {"esa": {"file": "wmt24-esa-enja/dev.jsonl", "sha256": data_hash,
                         "articles": len(esa), "pairs": int(len(hi)), "margin": MARGIN,
                         "documents": "bench/trust.py dev split"},
                 "planted": {"pairs": len(pairs_p), "weight": PLANT_WEIGHT,
                             "articles": "bench/trust.py professional translations, dev split"}},
        "fit": {"method": "pairwise logistic (RankNet) on standardised signals, L2 "
                          f"{L2}, signs constrained (bench/fit_article.py SIGNS)",
                "folds": args.folds, "grouped_by": "document",
                "cv": {"pairwise_accuracy": round(cv_acc, 4),
                       **{k: (round(v, 4) if isinstance(v, float) else v)
                          for k, v in cv.items()}},
                "calibration_blend": CALIB_BLEND},
        "intercept": 0.0,
        "signals": {name: {"coef": round(float(c), 6), "mean": round(float(m), 6),
                           "scale": round(float(sc), 6), "lo": round(float(l_), 6),
                           "hi": round(float(h_), 6)}
                    for name, c, m, sc, l_, h_ in zip(SIGNALS, w, st["mean"], st["scale"],
                                                      st["lo"], st["hi"])},
        "calibration": {"raw": [round(float(v), 7) for v in cx],
                        "quality": [round(float(v), 4) for v in cy]},
    }
    WEIGHTS.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"cross-validated ({args.folds} folds, dev documents): pairwise accuracy {cv_acc:.3f}, "
          f"AUC {trust.fmt(cv['auc'])}, refA rank {cv['refA_rank']}, system Pearson "
          f"{trust.fmt(cv['sys_pearson'])}, planted drop {trust.fmt(cv['planted_drop'])}")
    print(f"fitted on all dev pairs (in-sample): AUC {trust.fmt(fitted['auc'])}, refA rank "
          f"{fitted['refA_rank']}, system Pearson {trust.fmt(fitted['sys_pearson'])}, planted "
          f"drop {trust.fmt(fitted['planted_drop'])}; wrote {WEIGHTS.relative_to(ROOT)}")
    for name, spec in out["signals"].items():
        print(f"  {name:14s} {spec['coef']:+8.3f}")


if __name__ == "__main__":
    main()
