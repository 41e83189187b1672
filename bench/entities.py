"""Entity-check benchmark on ../shared/data/eamt-enja (SemEval-2025 EA-MT, en->ja validation).

    python bench/entities.py            # writes the 'entities' section of reports/benchmarks.md
    python bench/entities.py --sample 20 --dump /tmp/disagreements.jsonl

Each row is one (source question, system output) pair labelled ``meta_match`` (the gold Japanese
name occurs in the output). A row is *flagged* when any ENT check fires. We score flagged against
``meta_match == false``: precision, recall, F1 and Matthews correlation (MCC, the headline: the
base rate of misses is ~0.74, so "flag everything" already has a high F1 and MCC 0), overall, per
entity type and per system.

Code path: each pair is segmented by mtqa's segmenters and the ENT checks run through
``run_checks`` on a ``Context`` exactly as in ``mtqa check``; the only difference is the
alignment: every row is one question, so the bead is all source sentences to all target
sentences (no sentence encoder), which keeps the 20k rows to about a minute. The data is used for
evaluation only (its README asks that it not be used for training); no rule or table was derived
from it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, need_data, write_section  # noqa: E402

from mtqa.checks import Context, run_checks, select_checks  # noqa: E402
from mtqa.lang import get_language  # noqa: E402
from mtqa.model import Bead  # noqa: E402
from mtqa.segment import segment  # noqa: E402


# What a read of the printed disagreement samples (seed 0) showed; the data was not used to
# write rules or tables.
NOTES = """
What the disagreements are (from reading the samples this script prints, seed 0, and the
breakdown table above; the data was not used to write rules or tables):

- Not flagged although the gold name is missing (most rows): in about two thirds the gold is a
  kanji name, nearly always the official Japanese title of a work or a Sino-Japanese name
  (*The Girl in the Red Velvet Swing* as 赤いベルベット・スイングの少女 where the release title
  is 夢去りぬ, *Love Twist* as ラブ・ツウィスト for 愛のプレッツェル, 唐の皇帝 for 哀帝; and label
  noise: *Never Let Me Go* as 私を離さないで counts as a miss against わたしを離さないで); another fifth are kana names rendered otherwise (a translated
  title, an English reading where Japanese uses the original language: アレクサンダー for a Russian
  Alexander, キリル for Cyril Lucaris). A check that has no table of official titles cannot tell a
  good literal title from the official one, and the matcher rightly accepts such renderings as
  plausible; about 6% of these rows even contain the gold up to ヴ/ブ, long vowels and ・
  (variants the checks accept on purpose: the label's exact-substring rule counts them as
  misses) and 5% hold another spelling within edit similarity 0.75 of it.
- Flagged although the gold name is there: (a) the output holds the gold *and* an English copy or
  note (an echo of the question, "(Note: I translated ...)"), and ENT005 fires on the English;
  (b) names read in the original language (キリロス for Cyril, アフメト for Ahmed, ボスポルス for
  Bosphorus): the gazetteer/model reading is English-based, so ENT002 fires; (c) a title whose
  official Japanese form is in Latin letters (『LOST』).
- What this round added, and why each is precise: ENT005 now looks for every name token (and
  for title-case phrases such as *The War of the Worlds* copied into the Japanese), not only the
  whole name; ENT001 now checks each distinctive token (not a dictionary word, not romanised
  Chinese/Japanese/Korean) of person and place names and fires when a place, or a person's
  surname, has no rendering at all (kanji forms from JMnedict and dictionary translations
  count), never for a dropped given name (トランプ大統領 is standard) or a territorial
  designation (*Joan I of Navarre* as フアナ1世). Extending "missing" to works and other names
  was tried and dropped: its precision (~0.7) was the base rate, i.e. no signal, because titles
  are legitimately translated. Hyphenated names are matched piece by piece and demonyms are not
  judged as names (fewer false ENT002); a common word inside a title (*Monday's Child*,
  *The Princess and the Pea*) is no longer ENT006.
- So on this set the checks stay precise but recall is capped: what separates a hit from a
  miss here is mostly knowing each work's official Japanese title, which needs a table of
  Wikidata ja labels for works (not in the shipped data); the targets (MCC 0.5 / 0.4) are not
  reached by gold-free checks.
"""


def stats(pairs: list[tuple[bool, bool]]) -> dict:
    tp = sum(1 for f, y in pairs if f and y)
    fp = sum(1 for f, y in pairs if f and not y)
    fn = sum(1 for f, y in pairs if not f and y)
    tn = sum(1 for f, y in pairs if not f and not y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / den if den else 0.0
    pos = tp + fn
    base_p = pos / len(pairs) if pairs else 0.0
    base_f1 = 2 * base_p / (base_p + 1) if base_p else 0.0
    return {"n": len(pairs), "pos": pos, "flagged": tp + fp, "tp": tp, "fp": fp, "p": p, "r": r,
            "f1": f1, "mcc": mcc, "base_f1": base_f1}


def row_line(name: str, s: dict) -> str:
    return (f"| {name} | {s['n']} | {s['pos'] / max(s['n'], 1):.2f} | {s['flagged']} | "
            f"{s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['base_f1']:.3f} | {s['mcc']:.3f} |")


HEAD = ("| slice | rows | miss rate | flagged | precision | recall | F1 | F1 flag-all | MCC |\n"
        "|---|---|---|---|---|---|---|---|---|")


def disagreement_table(verdicts, ref_path: Path) -> list[str]:
    """Sort the rows that miss the gold name and that nothing flagged by what the output holds
    instead (gold mentions read from the references, for this breakdown only)."""
    from mtqa.entities.kana import KATAKANA_RUN, normalise, similarity

    gold = {}
    if ref_path.exists():
        for line in ref_path.open(encoding="utf-8"):
            r = json.loads(line)
            gold[r["id"]] = [t["mention"] for t in r["targets"] if t.get("mention")]
    kinds: dict[str, int] = defaultdict(int)
    pp = defaultdict(int)
    for row, findings in verdicts:
        if findings or row["meta_match"]:
            continue
        pred = row.get("prediction") or ""
        golds = gold.get(row["id"], [])
        runs = [m.group(0) for m in KATAKANA_RUN.finditer(pred)]
        if not pred.strip():
            k = "empty output"
        elif any(normalise(g) and normalise(g) in normalise(pred) for g in golds):
            k = "gold present up to ヴ/ブ, long vowels, ・, small kana (a variant the checks accept)"
        elif any(similarity(run, g) >= 0.75 for g in golds for run in runs):
            k = "a katakana name within edit similarity 0.75 of the gold (another spelling)"
        elif re.search(r"[A-Za-z]{3,}", pred):
            k = "Latin letters left in the output, but not the source name as written"
        elif any(any("\u4e00" <= ch <= "\u9fff" for ch in g) for g in golds):
            k = "gold has kanji (a translated or Sino-Japanese name); output renders it otherwise"
        else:
            k = "gold is kana; output renders it otherwise (translated, other reading, dropped)"
        kinds[k] += 1
        if {"Person", "Landmark", "Place of worship"} & set(row["entity_types"]):
            pp[k] += 1
    total, tpp = sum(kinds.values()), sum(pp.values())
    out = ["", "What the output holds in the rows that miss the gold name and that nothing "
           "flagged (gold mentions from the references; computed by this script):", "",
           "| kind | rows | share | person+place rows |", "|---|---|---|---|"]
    for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
        out.append(f"| {k} | {n} | {n / max(total, 1):.2f} | {pp[k]} |")
    out.append(f"| all | {total} | 1.00 | {tpp} |")
    return out


def run_pair(src_text: str, tgt_text: str, specs, en, ja) -> list:
    source = segment(src_text + "\n", en)
    target = segment(tgt_text + "\n", ja)
    beads = [Bead(tuple(s.id for s in source.segments), tuple(t.id for t in target.segments), 1.0)]
    ctx = Context(source, target, beads, en, ja, resources={})
    return run_checks(ctx, specs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="validation")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--sample", type=int, default=12, help="disagreements shown per kind")
    ap.add_argument("--dump", help="write every row's verdict as JSONL here")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()

    path = need_data("eamt-enja") / f"predictions.{args.split}.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    if args.limit:
        rows = rows[:args.limit]
    en, ja = get_language("en"), get_language("ja")
    specs = select_checks(["ENT"])
    t0 = time.time()
    verdicts = []
    for row in rows:
        pred = (row.get("prediction") or "").strip()
        if not pred:
            findings = []
        else:
            findings = run_pair(row["source"], pred, specs, en, ja)
        verdicts.append((row, findings))
    secs = time.time() - t0

    pairs_all, by_type, by_sys, by_code = [], defaultdict(list), defaultdict(list), defaultdict(list)
    for row, findings in verdicts:
        flagged, miss = bool(findings), not row["meta_match"]
        pairs_all.append((flagged, miss))
        for t in row["entity_types"]:
            by_type[t].append((flagged, miss))
        if any(t in ("Person",) for t in row["entity_types"]) or \
                any(t in ("Landmark", "Place of worship") for t in row["entity_types"]):
            by_type["(Person and place)"].append((flagged, miss))
        by_sys[row["system"]].append((flagged, miss))
        for code in {f.code for f in findings}:
            by_code[code].append(miss)

    overall = stats(pairs_all)
    lines = ["## Named entities (ENT checks) on EA-MT en->ja",
             "",
             f"`python bench/entities.py` ({machine()}); data `eamt-enja/predictions.{args.split}"
             f".jsonl`: {len(rows)} (source, system output) rows, {len(by_sys)} systems. "
             f"Positive = `meta_match == false` (the gold name is not in the output); flagged = "
             f"any ENT finding. {secs:.0f} s for all rows ({1000 * secs / max(len(rows), 1):.1f} ms "
             f"a row), ENT checks run through `run_checks` on a one-bead `Context` per row.",
             "",
             "Targets (issue 3): MCC >= 0.5 on person and place entities, >= 0.4 overall, "
             "precision >= 0.90. \"F1 flag-all\" is the flag-everything baseline (its MCC is 0).",
             "", HEAD, row_line("**overall**", overall)]
    order = ["(Person and place)"] + sorted(k for k in by_type if k != "(Person and place)")
    for t in order:
        lines.append(row_line(t, stats(by_type[t])))
    lines += ["", "Per finding code (rows where the code fired; precision = share of those rows "
              "that miss the gold name):", "", "| code | rows | precision |", "|---|---|---|"]
    for code in sorted(by_code):
        v = by_code[code]
        lines.append(f"| {code} | {len(v)} | {sum(v) / len(v):.3f} |")
    lines += ["", "Per system:", "", HEAD]
    for sysname in sorted(by_sys):
        lines.append(row_line(sysname, stats(by_sys[sysname])))

    lines += disagreement_table(verdicts, need_data("eamt-enja") / f"references.{args.split}.jsonl")
    rng = random.Random(0)
    fps = [(r, f) for r, f in verdicts if f and r["meta_match"]]
    fns = [(r, f) for r, f in verdicts if not f and not r["meta_match"]]
    print(f"overall P={overall['p']:.3f} R={overall['r']:.3f} MCC={overall['mcc']:.3f} "
          f"flagged={overall['flagged']} ({secs:.0f}s)")
    for title, pool in (("flagged but the gold name is there (false positives)", fps),
                        ("not flagged but the gold name is missing (false negatives)", fns)):
        print(f"\n== {title}: {len(pool)}")
        for r, f in rng.sample(pool, min(args.sample, len(pool))):
            print(f"- [{r['system']}] {r['source']} => {r['prediction']}")
            for x in f:
                print(f"    {x.code} {x.message} -> {x.suggestion}")
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r, f in verdicts:
                fh.write(json.dumps({"id": r["id"], "system": r["system"], "source": r["source"],
                                     "prediction": r["prediction"], "meta_match": r["meta_match"],
                                     "types": r["entity_types"],
                                     "findings": [[x.code, x.message] for x in f]},
                                    ensure_ascii=False) + "\n")
    lines += ["", f"Disagreements: {len(fps)} rows flagged while `meta_match` is true, {len(fns)} "
              f"rows missing the gold name that nothing flagged.", "", NOTES.strip()]
    if not args.no_write:
        write_section("entities", "\n".join(lines))


if __name__ == "__main__":
    main()
