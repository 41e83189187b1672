"""Rebuild the shipped name data from ``../shared/data`` (run by hand; never at run time).

``python -m mtqa.entities.build_data [DATA_DIR]`` writes

- ``data/name_forms.tsv``: English person-name token -> its katakana renderings, most frequent
  first, from Wikidata labels (CC0 1.0) as aligned by Merhav & Ash (COLING 2018,
  steveash/NETransliteration-COLING2018 @ 5d5f59e). Only katakana forms are kept, and only the
  forms seen at least ``MIN_SHARE`` as often as the token's most frequent one.
- ``data/placenames.tsv``: outdated -> current official Japanese place names, copied (names and
  source citations only) from the hand-compiled ``placenames`` tables, whose PROVENANCE.md says
  they are facts compiled from the cited news reports.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

DATA_OUT = Path(__file__).resolve().parent.parent / "data"
MIN_SHARE = 0.2
MAX_FORMS = 4


def _is_katakana_word(s: str) -> bool:
    return bool(s) and all("\u30a0" <= ch <= "\u30ff" for ch in s)


def build_name_forms(src: Path) -> int:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name in ("wd_katakana_tokens.tsv", "wd_japanese_tokens.tsv"):
        with open(src / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                token, ja = row["english_token"].strip(), row["japanese"].strip()
                if not token.isalpha() or not _is_katakana_word(ja) or len(token) < 2:
                    continue
                # the two files overlap; keep the larger count rather than double it
                n = int(row["wikidata_count"] or 1)
                counts[token][ja] = max(counts[token][ja], n)
    rows = []
    for token in sorted(counts):
        forms = sorted(counts[token].items(), key=lambda kv: (-kv[1], kv[0]))
        top = forms[0][1]
        keep = [f for f, n in forms if n >= top * MIN_SHARE][:MAX_FORMS]
        rows.append(f"{token}\t{'|'.join(keep)}\t{top}")
    header = ("# English name token -> katakana forms (most frequent first) and the top form's "
              "Wikidata count.\n# Source: Wikidata labels (CC0 1.0) via Merhav & Ash, COLING 2018, "
              "github.com/steveash/NETransliteration-COLING2018 @ 5d5f59e (data/, CC0 1.0).\n"
              "# Rebuild: python -m mtqa.entities.build_data\n")
    (DATA_OUT / "name_forms.tsv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def build_placenames(src: Path) -> int:
    out = ["# english aliases (|)\toutdated Japanese (|)\tcurrent official Japanese\tsource",
           "# Compiled from the cited reports (facts only); see the source column. User "
           "tables can extend it (entity allowlist)."]
    for name in ("ua_placenames.tsv", "other_official_renames.tsv"):
        with open(src / name, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                old, cur = row["old_japanese"].strip(), row["current_japanese"].strip()
                eng = row["english"].replace("(", "|").replace(")", "").replace("/", "|")
                aliases = [a.strip().split(" of ")[0] if "capital" in a else a.strip()
                           for a in eng.split("|")]
                aliases = [a for a in aliases if a and not a.startswith("capital")
                           and a != "country"]
                out.append(f"{'|'.join(aliases)}\t{old if old != cur else ''}\t{cur}\t"
                           f"{row['source'].strip()}")
    (DATA_OUT / "placenames.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    return len(out) - 2


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[4] / "shared" / "data"
    print(build_name_forms(root / "wikidata-name-translit-enja"), "name tokens")
    print(build_placenames(root / "placenames"), "place names")
