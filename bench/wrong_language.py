"""Wrong-language text (UNT004/UNT005): what the detector finds in every Japanese text we have.

    python bench/wrong_language.py     # writes the 'wrong_language' section of reports/benchmarks.md

UNT004/UNT005 rest on ``Language.foreign_text`` (for Japanese: runs of Hangul, Cyrillic and other
non-Japanese scripts, and whole sentences of Chinese told from Japanese by simplified-only
characters and Chinese function words) less the stretches copied from the source. This script
runs exactly that on every distinct Japanese text (MT outputs and human references) of the
shared data sets and counts the hits by set, side and language. Human references should draw
none (a hit there is a false alarm); on MT outputs a hit is an off-target stretch, and the
samples show what it is. EA-MT (entity questions, 29 systems) is included: its NLLB, Mistral and
Llama systems are known to answer in Korean or Chinese now and then.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, need_data, write_section  # noqa: E402

from mtqa.lang import get_language  # noqa: E402

# (set, file, [(side, key)], source key)
# (set, file, keys of the Japanese texts, source key); a row's "mt" is a human translation when
# its system says so (bsd's "human-translation", wmt24pp's "refA", WMT24 ESA's is_human_ref)
SETS = [
    ("wmt22-enja", "segments.jsonl", ("mt", "ref"), "src"),
    ("wmt23-enja", "segments.jsonl", ("mt", "ref"), "src"),
    ("wmt24-esa-enja", "dev.jsonl", ("mt", "ref"), "src"),
    ("wmt24pp-enja", "segments.jsonl", ("mt", "ref"), "src"),
    ("bsd-enja", "segments.jsonl", ("mt", "ref"), "src"),
    ("eamt-enja", "predictions.validation.jsonl", ("prediction",), "source"),
]


def _side(row: dict, key: str) -> str:
    if key == "ref" or row.get("is_human_ref"):
        return "reference"
    system = str(row.get("system", "")).lower()
    return "reference" if ("human" in system or "ref" in system) else "MT"


def main() -> None:
    ja = get_language("ja")
    t0 = time.time()
    texts: Counter = Counter()
    hits: Counter = Counter()
    samples: dict[tuple[str, str], list[str]] = {}
    for name, fname, sides, src_key in SETS:
        path = need_data(name) / fname
        seen: set[tuple[str, str]] = set()
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            src = row.get(src_key) or ""
            for key in sides:
                side = _side(row, key)
                text = row.get(key)
                if not isinstance(text, str) or not text.strip() or (side, text) in seen:
                    continue
                seen.add((side, text))
                texts[(name, side)] += 1
                found = [(s, e, lang) for s, e, lang in ja.foreign_text(text)
                         if text[s:e] not in src]
                if found:
                    hits[(name, side)] += 1
                    for s, e, lang in found:
                        hits[(name, side, lang)] += 1
                        samples.setdefault((name, lang), []).append(
                            f"{row.get('system', '?')}: `{text[s:e][:50]}`")
    secs = time.time() - t0
    lines = [
        "## Wrong-language text (`python bench/wrong_language.py`)", "",
        f"Machine: {machine()}; {secs:.0f} s. Every distinct Japanese text of the shared sets run "
        "through `Language.foreign_text`, the detector behind UNT004/UNT005 (stretches copied "
        "from the source left out). On human references every hit is a false alarm.", "",
        "| set | side | texts | texts with a hit | hits by language |",
        "|---|---|---|---|---|",
    ]
    for (name, side), n in sorted(texts.items()):
        langs = ", ".join(f"{lang} {c}" for (nm, sd, lang), c in sorted(
            (k, v) for k, v in hits.items() if len(k) == 3) if nm == name and sd == side)
        lines.append(f"| {name} | {side} | {n} | {hits[(name, side)]} | {langs or '-'} |")
    total_ref = sum(n for (nm, sd), n in texts.items() if sd == "reference")
    ref_hits = sum(v for k, v in hits.items() if len(k) == 2 and k[1] == "reference")
    lines += ["", f"Human references: **{ref_hits} hits in {total_ref} texts**.", "",
              "Samples of the hits on MT outputs (up to 5 per set and language):", ""]
    for (name, lang), ss in sorted(samples.items()):
        lines.append(f"- {name}, {lang}: " + "; ".join(ss[:5]))
    body = "\n".join(lines)
    print(body)
    write_section("wrong_language", body)


if __name__ == "__main__":
    main()
