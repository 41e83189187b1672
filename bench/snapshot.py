"""Findings snapshot: did a change (a speed-up, a refactoring) keep every finding as it was?

    python bench/snapshot.py before.json                      # at the old commit
    python bench/snapshot.py after.json --compare before.json  # at the new one: what changed

Checks a fixed sample with the default configuration and writes, for each article, what a
reader sees: the alignment, the findings (code, severity, message, spans, suggestion), the score,
the verdict and the entity table (the signature and the version are left out: they change with
every commit; so are the input paths, in a temporary directory). The sample, from ../shared/data:

- wmt23-enja: the AIRC system's output cut into articles of 25 consecutive lines (as
  bench/batch.py builds them), 82 articles;
- wmt24-esa-enja: every document of two systems (ONLINE-B, Aya23) and of the human reference
  (refA), one article each;
- the bundled NATO example.

``--compare`` lists the articles whose snapshot differs and exits 1 when any does. Run the
two snapshots on the same machine: the encoder's last bits differ between CPUs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, need_data  # noqa: E402
from batch import SYSTEM, build  # noqa: E402
from fit_score import load_rows  # noqa: E402

ESA_SYSTEMS = ("ONLINE-B", "Aya23", "refA")


def _esa_articles(out: Path) -> None:
    docs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in load_rows(include_refs=True):
        if r["system"] in ESA_SYSTEMS:
            docs[(r["doc_id"], r["system"])].append(r)
    out.mkdir(parents=True)
    for i, (_, rows) in enumerate(sorted(docs.items())):
        rows.sort(key=lambda r: r["seg_id"])
        (out / f"esa{i:03d}.en.txt").write_text("\n".join(r["src"] for r in rows) + "\n",
                                                encoding="utf-8")
        (out / f"esa{i:03d}.ja.txt").write_text("\n".join(r["mt"] for r in rows) + "\n",
                                                encoding="utf-8")


def _view(result) -> dict:
    d = result.to_dict()
    for key in ("mtqa_version", "signature"):
        d.pop(key, None)
    for side in ("source", "target"):
        d[side].pop("path", None)  # a temporary directory's name
    return d


def snapshot(jobs: int) -> dict[str, dict]:
    from mtqa.batch import load_pairs, run_batch
    from mtqa.config import Config
    from mtqa.pipeline import check_files

    with (need_data("wmt23-enja") / "segments.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(x) for x in f]
    rows = sorted((r for r in rows if r["system"] == SYSTEM), key=lambda r: r["seg_id"])
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        build(rows, 25, None, Path(tmp) / "wmt23")
        _esa_articles(Path(tmp) / "esa")
        for name in ("wmt23", "esa"):
            articles = load_pairs(Path(tmp) / name, "en", "ja")
            for o in run_batch(articles, Config(), jobs=jobs).outcomes:
                out[f"{name}/{o.article.id}"] = ({"error": o.error} if o.result is None
                                                 else _view(o.result))
    nato = ROOT / "corpora" / "nato"
    out["nato"] = _view(check_files(str(nato / "source.en.txt"), str(nato / "mt.ja.txt"),
                                    Config()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="where to write the snapshot (JSON)")
    ap.add_argument("--compare", type=Path, help="an earlier snapshot to compare with")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    snap = snapshot(args.jobs)
    args.out.write_text(json.dumps(snap, ensure_ascii=False, indent=1, sort_keys=True),
                        encoding="utf-8")
    n_findings = sum(len(v.get("findings", ())) for v in snap.values())
    print(f"{len(snap)} articles, {n_findings} findings -> {args.out}")
    if args.compare:
        old = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = sorted(k for k in old.keys() | snap.keys() if old.get(k) != snap.get(k))
        old_n = sum(len(v.get("findings", ())) for v in old.values())
        print(f"against {args.compare}: {old_n} findings there; "
              f"{len(differ)} of {len(snap)} articles differ" + (":" if differ else ""))
        for k in differ[:50]:
            a, b = old.get(k) or {}, snap.get(k) or {}
            codes = lambda d: sorted(f["code"] for f in d.get("findings", ()))  # noqa: E731
            print(f"  {k}: findings {codes(a)} -> {codes(b)}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
