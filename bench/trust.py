"""The trust benchmark: does mtqa pass good translations and still catch real errors?

    python bench/trust.py [--workers 2] [--per-type 100] [--write-calibration]

Every figure is reported twice, for the **dev** documents (what the checks may be tuned on) and
the **held-aside** documents (a quarter of every set, chosen by ``sha256(document id)``, never
looked at while tuning). Four parts:

1. **Professional human translations** (presumed good; a finding on them is a false alarm unless
   shown otherwise): WMT22 and WMT23 refA (no document ids in those files: 10 consecutive lines
   make an article), WMT24 refA (``wmt24pp-enja`` field ``mt``) and its WMT24++ post-edit (field
   ``ref``) by document, one line per paragraph, and the BSD dialogues (one line per turn).
   Per article: does the default gate pass; findings per 1,000 target characters by code and
   severity.
2. **Planted errors**: for a fixed sample of those articles (seeded), one error of each of 13
   types planted into a copy of the human translation (see ``PLANTERS``). Detection: a finding
   that is not in the clean article's result and overlaps the planted span (for a dropped
   sentence or clause, the source sentence whose translation lost it); the quality drop: the
   planted copy scores below the clean article.
3. **WMT24 ESA dev** at the article level (the paragraphs of one document by one system, 13
   systems with the human reference refA): AUC of the quality between articles humans rate
   >= 90 and < 70, refA's rank among the 13 by mean article quality, the gate's fail rate on
   each group, system-level Pearson (12 MT systems).
4. **MLQE-PE en-ja critical errors** (``critical_dev.jsonl``): MCC of the gate's fail against
   the ERR label.
5. **MLQE-PE en-ja test21**: Spearman of the quality with the human DA z-scores (issue 17).

Per-check precision (the share of its findings that are real) counts the findings on the human
translations as false and the planted hits as true: one planted error of each type per article,
which is about the error density of a decent MT. ``--write-calibration`` writes those figures
(dev documents only) to ``src/mtqa/data/check_precision.json``: the runner reads it to set each
finding's ``confidence`` and ``mtqa explain`` prints it.

mtqa's output for every article is cached under ``$MTQA_BENCH_CACHE`` (default /tmp/mtqa-bench),
keyed by the hashes of mtqa's sources and data: any change to the checks recomputes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, need_data, read_cache, write_section  # noqa: E402

CACHE = Path(os.environ.get("MTQA_BENCH_CACHE", "/tmp/mtqa-bench"))
VERIFIED = Path(__file__).with_name("trust_verified.tsv")
CALIBRATION = ROOT / "src" / "mtqa" / "data" / "check_precision.json"
CHUNK = 10  # consecutive lines per article where a set has no document ids
SEED = 20261204


def load_verified() -> set[tuple[str, str, str, str]]:
    """(article id, code, target text, source text) of findings on human translations that were
    checked by hand and are real errors (``trust_verified.tsv``)."""
    out = set()
    for line in VERIFIED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            art, code, tgt, src = line.split("\t")[:4]
            out.add((art, code, tgt, src))
    return out


def is_verified(verified, art: dict, f) -> bool:
    tgt = "".join(art["tgt"][s:e] for s, e in f[3])
    src = "".join(art["src"][s:e] for s, e in f[4])
    return (art["id"], f[0], tgt, src) in verified


def split_of(doc: str) -> str:
    """A quarter of the documents of every set is held aside, by a hash of the document id."""
    return "held" if int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 4 == 0 else "dev"


# ---------------------------------------------------------------------------------------------
# articles

def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def human_articles() -> list[dict]:
    """Every professional human translation in the shared data, as articles."""
    arts: list[dict] = []

    def add(set_name: str, doc: str, src: list[str], tgt: list[str]) -> None:
        pairs = [(s.strip(), t.strip()) for s, t in zip(src, tgt) if s and t and s.strip()
                 and t.strip()]
        if not pairs:
            return
        arts.append({"set": set_name, "id": f"{set_name}/{doc}", "split": split_of(doc),
                     "src": "\n".join(p[0] for p in pairs), "tgt": "\n".join(p[1] for p in pairs)})

    for name in ("wmt22-enja", "wmt23-enja"):
        rows = _jsonl(need_data(name) / "segments.jsonl")
        first = rows[0]["system"]
        rows = sorted((r for r in rows if r["system"] == first and r.get("ref")),
                      key=lambda r: r["seg_id"])
        for k in range(0, len(rows), CHUNK):
            part = rows[k:k + CHUNK]
            add(name.split("-")[0] + "-refA", f"lines{part[0]['seg_id']:04d}",
                [r["src"] for r in part], [r["ref"] for r in part])
    rows = [r for r in _jsonl(need_data("wmt24pp-enja") / "segments.jsonl")
            if not r.get("is_bad_source")]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["doc_id"]].append(r)
    for doc, part in sorted(by_doc.items()):
        part.sort(key=lambda r: r["seg_id"])
        add("wmt24-refA", doc, [r["src"] for r in part], [r["mt"] for r in part])
        add("wmt24pp-postedit", doc, [r["src"] for r in part], [r["ref"] for r in part])
    by_doc = defaultdict(list)
    for r in _jsonl(need_data("bsd-enja") / "segments.jsonl"):
        by_doc[r["doc_id"]].append(r)
    for doc, part in sorted(by_doc.items()):
        part.sort(key=lambda r: r["seg_id"])
        add("bsd", doc, [r["src"] for r in part], [r["mt"] for r in part])
    return arts


def esa_articles() -> list[dict]:
    rows = _jsonl(need_data("wmt24-esa-enja") / "dev.jsonl")
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["doc_id"], r["system"])].append(r)
    arts = []
    for (doc, system), part in sorted(groups.items()):
        part.sort(key=lambda r: r["seg_id"])
        part = [r for r in part if r["src"].strip() and r["mt"].strip()]
        scored = [r for r in part if r.get("human_score") is not None]
        if not part or not scored:
            continue
        weights = [len(r["src"]) for r in scored]
        human = sum(w * r["human_score"] for w, r in zip(weights, scored)) / sum(weights)
        arts.append({"set": "esa", "id": f"esa/{doc}/{system}", "doc": doc, "system": system,
                     "split": split_of(doc), "human": human,
                     "src": "\n".join(r["src"] for r in part),
                     "tgt": "\n".join(r["mt"] for r in part)})
    return arts


_SPACE_IN_JA = re.compile(r"(?<=[^\x00-\x7f]) +|(?<=[\x00-\x7f]) +(?=[^\x00-\x7f])")


def test21_articles() -> list[dict]:
    """MLQE-PE en-ja test21: 1,000 Wikipedia sentences with human DA z-scores, one an article."""
    return [{"set": "test21", "id": f"test21/{r['seg_id']}", "split": split_of(f"test21/{r['seg_id']}"),
             "src": r["src"], "tgt": r["mt"], "da_z": r["da_z"]}
            for r in _jsonl(need_data("mlqe-pe-enja") / "test21.jsonl")]


def spearman(x: list[float], y: list[float]) -> float | None:
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r
    return pearson(ranks(x), ranks(y))


def critical_articles() -> list[dict]:
    arts = []
    for r in _jsonl(need_data("mlqe-pe-enja") / "critical_dev.jsonl"):
        mt = _SPACE_IN_JA.sub("", r["mt"])  # the MT is word-segmented; undo it
        arts.append({"set": "critical", "id": f"critical/{r['seg_id']}", "split":
                     split_of(f"critical/{r['seg_id']}"), "src": r["src"], "tgt": mt,
                     "label": r["label"]})
    return arts


# ---------------------------------------------------------------------------------------------
# running mtqa, cached

def _sources_digest(ignore: tuple[str, ...] = ()) -> str:
    pkg = ROOT / "src" / "mtqa"
    h = hashlib.sha256()
    for f in sorted([*pkg.rglob("*.py"), *pkg.glob("data/*")]):
        if f.is_file() and "__pycache__" not in f.parts and f.name not in ignore:
            h.update(str(f.relative_to(pkg)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _run_one(args: tuple[str, str]) -> dict:
    from mtqa.pipeline import check_texts

    src, tgt = args
    try:
        res = check_texts(src, tgt)
    except Exception as exc:  # an unusable row is data (reported), not a crash of the benchmark
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "passed": res.verdict.passed,
        # (an mtqa from before the verdict listed its gating findings gated on severity alone)
        "gating": list(getattr(res.verdict, "gating", None) or [
            i for i, f in enumerate(res.findings) if not res.verdict.passed
            and f.severity.rank >= 2]),
        "quality": round(res.score.quality, 4),
        "signals": res.score.signals,
        "source_words": res.score.source_words,
        "findings": [[f.code, f.severity.value, round(f.confidence, 3),
                      [[s.start, s.end] for s in f.target_spans],
                      [[s.start, s.end] for s in f.source_spans]] for f in res.findings],
        "tsegs": [[s.start, s.end] for s in res.target.segments],
        "ssegs": [[s.start, s.end] for s in res.source.segments],
        "beads": [[list(b.src), list(b.tgt)] for b in res.alignment],
        "entities": [{"t": [[sp["start"], sp["end"]] for r in e["renderings"] if r["kind"] in
                            ("katakana", "known") for sp in r["target_spans"]],
                      "s": [[sp["start"], sp["end"]] for sp in e["source_spans"]]}
                     for e in res.tables.get("entities", [])],
    }


def run_all(arts: list[dict], workers: int, ignore: tuple[str, ...] = ()) -> list[dict]:
    """mtqa's compact result for every article, from the cache where present. ``ignore``: data
    files left out of the cache key (``bench/fit_article.py`` reads only the signals, which the
    score's own weights do not change)."""
    digest = _sources_digest(ignore)
    cache_file = CACHE / f"trust-{digest}.jsonl"
    cached = read_cache(cache_file)

    def key(a: dict) -> str:
        return hashlib.sha256(f"{a['src']}\x00{a['tgt']}".encode()).hexdigest()[:24]

    todo = list({key(a): a for a in arts if key(a) not in cached}.values())
    if todo:
        CACHE.mkdir(parents=True, exist_ok=True)
        print(f"running mtqa on {len(todo)} articles ({workers} workers)...", file=sys.stderr)
        t0 = time.time()
        with ProcessPoolExecutor(max_workers=workers) as pool, \
                cache_file.open("a", encoding="utf-8") as fh:
            for n, (a, out) in enumerate(zip(todo, pool.map(
                    _run_one, [(a["src"], a["tgt"]) for a in todo], chunksize=4)), 1):
                cached[key(a)] = out
                fh.write(json.dumps({"key": key(a), "out": out}, ensure_ascii=False) + "\n")
                if n % 250 == 0:
                    print(f"  {n}/{len(todo)} ({time.time() - t0:.0f} s)", file=sys.stderr)
    return [cached[key(a)] for a in arts]


# ---------------------------------------------------------------------------------------------
# planted errors: each planter takes (article, clean result, rng) and returns a planted copy
# {"tgt": new target text, "tspan": (start, end) in the new text or None, "sspans": [(start,
# end), ...] in the source: what the planted error contradicts or lost} or None when the article
# offers no place for that error. A finding on either counts as catching it.

KANJI = r"\u4e00-\u9fff\u3005"
KATAKANA = r"\u30a0-\u30ff"
WEEKDAYS = "月火水木金土日"
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
OTHER_NAMES = ["ジョンソン", "ガルシア", "ミュラー", "ペトロフ", "タナカ", "ウィリアムズ", "ロドリゲス",
               "シュミット", "アンダーソン", "マルティネス", "ホフマン", "ノヴァク"]
# (English word, its sense here, a wrong sense) for a word given the wrong sense; written for
# this benchmark, independent of mtqa's pitfall rules.
SENSES = [
    (r"\bbank\b", "銀行", "土手"), (r"\bcapital\b", "首都", "資本"), (r"\binterest\b", "関心", "利子"),
    (r"\binterest rates?\b", "金利", "興味"), (r"\bparty\b", "党", "宴会"), (r"\bstate\b", "州", "状態"),
    (r"\bstates\b", "州", "状態"), (r"\bplant\b", "工場", "植物"), (r"\bmatch\b", "試合", "マッチ棒"),
    (r"\bcharge\b", "料金", "突撃"), (r"\bsentence\b", "判決", "文章"), (r"\bfine\b", "罰金", "元気"),
    (r"\bgame\b", "試合", "獲物"), (r"\bgames\b", "試合", "獲物"), (r"\border\b", "注文", "秩序"),
    (r"\bright\b", "権利", "右"), (r"\brights\b", "権利", "右"), (r"\bscale\b", "規模", "鱗"),
    (r"\bseason\b", "シーズン", "調味"), (r"\bdrive\b", "運転", "衝動"), (r"\bmarket\b", "市場", "朝市"),
    (r"\bchange\b", "変化", "小銭"), (r"\bsecurity\b", "安全", "証券"), (r"\bpower\b", "電力", "権力"),
    (r"\bpower\b", "権力", "電力"), (r"\bstudy\b", "研究", "書斎"), (r"\bservice\b", "サービス", "礼拝"),
    (r"\bnote\b", "メモ", "紙幣"), (r"\bleague\b", "リーグ", "里"), (r"\bcell\b", "細胞", "独房"),
    (r"\bpresent\b", "現在", "贈り物"), (r"\bcase\b", "事件", "容器"), (r"\bcases\b", "症例", "容器"),
    (r"\bstar\b", "スター", "恒星"), (r"\bfigure\b", "数字", "人物"), (r"\bfigures\b", "数字", "人物"),
    (r"\bbody\b", "遺体", "団体"), (r"\bbill\b", "法案", "請求書"), (r"\bwatch\b", "見", "腕時計"),
    (r"\bspring\b", "春", "ばね"), (r"\bfall\b", "秋", "落下"), (r"\bmean\b", "意味", "平均"),
    (r"\bline\b", "線", "行列"), (r"\blight\b", "光", "軽"), (r"\bpoint\b", "点", "先端"),
    (r"\bterm\b", "任期", "用語"), (r"\bterms\b", "条件", "用語"), (r"\bhead\b", "頭", "長"),
    (r"\bdate\b", "日付", "デート"), (r"\bsign\b", "兆候", "署名"), (r"\bsigns\b", "兆候", "署名"),
    (r"\bpaper\b", "論文", "紙"), (r"\bfire\b", "火災", "解雇"), (r"\bwork\b", "仕事", "作品"),
    (r"\bculture\b", "文化", "培養"), (r"\bcourse\b", "コース", "進路"), (r"\bsupport\b", "支援", "支柱"),
]
NEGATIONS = [("しました", "しませんでした"), ("ました", "ませんでした"), ("います", "いません"),
             ("できる", "できない"), ("している", "していない"), ("ている", "ていない"),
             ("あります", "ありません"), ("ある", "ない"), ("です", "ではありません"),
             ("した", "しなかった"), ("する", "しない"), ("れた", "れなかった"), ("った", "わなかった")]


def _sentences(res: dict, art: dict) -> list[tuple[int, int, int]]:
    """(target segment id, start, end) of segments in 1-1 beads, with their bead's source."""
    out = []
    for src, tgt in res["beads"]:
        if len(src) == 1 and len(tgt) == 1:
            s, e = res["tsegs"][tgt[0]]
            out.append((tgt[0], s, e))
    return out


def _bead_source(res: dict, seg_id: int) -> tuple[int, int] | None:
    for src, tgt in res["beads"]:
        if seg_id in tgt and src:
            return res["ssegs"][src[0]][0], res["ssegs"][src[-1]][1]
    return None


def _replace(text: str, start: int, end: int, new: str, extra: dict | None = None) -> dict:
    out = {"tgt": text[:start] + new + text[end:], "tspan": (start, start + len(new)),
           "sspans": []}
    out.update(extra or {})
    return out


def plant_number(art, res, rng):
    t = art["tgt"]
    # a number as a reader reads one: not part of an identifier ([PERSON4], A321, 417H, 2Go)
    cands = [m for m in re.finditer(r"(?<![A-Za-z0-9０-９_\-\[])[0-9０-９][0-9０-９,，.]*(?![A-Za-z\]_])",
                                    t)]
    cands = [m for m in cands if re.sub(r"\D", "", m.group()) and
             re.sub(r"[^0-9]", "", m.group().translate(_FW)) in re.sub(r"[^0-9]", "", art["src"])]
    if not cands:
        return None
    m = rng.choice(cands)
    digits = [i for i, ch in enumerate(m.group()) if ch.isdigit()]
    i = rng.choice(digits)
    d = int(m.group()[i].translate(_FW))
    new_d = str((d + rng.randint(1, 8)) % 10)
    if i == digits[0] and new_d == "0":
        new_d = str(d % 9 + 1)
    new = m.group()[:i] + new_d + m.group()[i + 1:]
    digits_of = re.sub(r"[^0-9]", "", m.group().translate(_FW))
    src = [(x.start(), x.end()) for x in re.finditer(r"\d[\d,.]*", art["src"])
           if re.sub(r"[^0-9]", "", x.group()) == digits_of]
    return _replace(t, m.start(), m.end(), new, {"sspans": src})


_FW = str.maketrans("０１２３４５６７８９", "0123456789")


def plant_date(art, res, rng):
    t = art["tgt"]
    cands = [("wd", m) for m in re.finditer(rf"[{WEEKDAYS}]曜", t)]
    cands += [("mo", m) for m in re.finditer(r"(?<![0-9])(1[0-2]|[1-9])月", t)]
    cands += [("yr", m) for m in re.finditer(r"(19[5-9][0-9]|20[0-4][0-9])年", t)]
    if not cands:
        return None
    kind, m = rng.choice(cands)
    if kind == "wd":
        new = rng.choice([w for w in WEEKDAYS if w != m.group()[0]]) + "曜"
        name = EN_WEEKDAYS[WEEKDAYS.index(m.group()[0])]
    elif kind == "mo":
        new = f"{(int(m.group(1)) + rng.randint(1, 10)) % 12 + 1}月"
        name = EN_MONTHS[int(m.group(1)) - 1]
    else:
        new = f"{int(m.group(1)) + rng.choice([-3, -2, -1, 1, 2, 3])}年"
        name = m.group(1)
    src = [(x.start(), x.end()) for x in re.finditer(rf"\b{name}", art["src"])]
    return _replace(t, m.start(), m.end(), new, {"sspans": src})


def _name_spans(res):
    """(target span, the entity's source spans) of every katakana rendering of a name."""
    return [(tuple(sp), [tuple(x) for x in ent["s"]]) for ent in res["entities"]
            for sp in ent["t"] if sp[1] - sp[0] >= 3]


def plant_name_misspelt(art, res, rng):
    spans = _name_spans(res)
    if not spans:
        return None
    (s, e), src = rng.choice(spans)
    name = art["tgt"][s:e]
    kana = [i for i, ch in enumerate(name) if "\u30a1" <= ch <= "\u30f6"]
    if len(kana) < 2:
        return None
    i = rng.choice(kana[1:])
    pool = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモラリルレロ"
    new = name[:i] + rng.choice([c for c in pool if c != name[i]]) + name[i + 1:]
    return _replace(art["tgt"], s, e, new, {"sspans": src})


def plant_name_other(art, res, rng):
    spans = _name_spans(res)
    if not spans:
        return None
    (s, e), src = rng.choice(spans)
    name = art["tgt"][s:e]
    new = rng.choice([n for n in OTHER_NAMES if n != name])
    return _replace(art["tgt"], s, e, new, {"sspans": src})


def plant_drop_sentence(art, res, rng):
    sents = _sentences(res, art)
    if len(res["tsegs"]) < 3 or not sents:
        return None
    seg, s, e = rng.choice(sents)
    src = _bead_source(res, seg)
    if src is None or e - s < 8:
        return None
    t = art["tgt"]
    e2 = e
    while e2 < len(t) and t[e2] in " \u3000":
        e2 += 1
    return {"tgt": t[:s] + t[e2:], "tspan": None, "sspans": [src]}


def plant_drop_clause(art, res, rng):
    t = art["tgt"]
    cands = []
    for seg, s, e in _sentences(res, art):
        commas = [m.start() for m in re.finditer("、", t[s:e])]
        for a, b in zip([-1] + commas, commas):
            if b - a >= 9:
                cands.append((seg, s + a + 1, s + b + 1))
    if not cands:
        return None
    seg, a, b = rng.choice(cands)
    src = _bead_source(res, seg)
    rest_end = res["tsegs"][seg][1] - (b - a)
    return {"tgt": t[:a] + t[b:], "tspan": (res["tsegs"][seg][0], rest_end),
            "sspans": [src] if src else []}


def plant_add_sentence(art, res, rng, donors=None):
    sents = _sentences(res, art)
    if not sents or not donors:
        return None
    seg, s, e = rng.choice(sents)
    extra = rng.choice(donors)
    t = art["tgt"]
    return {"tgt": t[:e] + extra + t[e:], "tspan": (e, e + len(extra)), "sspans": []}


def plant_untranslated(art, res, rng):
    sents = [x for x in _sentences(res, art) if x[2] - x[1] >= 8]
    if len(res["tsegs"]) < 2 or not sents:
        return None
    seg, s, e = rng.choice(sents)
    src = _bead_source(res, seg)
    if src is None:
        return None
    return _replace(art["tgt"], s, e, art["src"][src[0]:src[1]])


def plant_latin_fused(art, res, rng):
    t = art["tgt"]
    cands = []
    for seg, s, e in _sentences(res, art):
        src = _bead_source(res, seg)
        if src is None:
            continue
        words = [w for w in re.findall(r"\b[a-z]{5,}\b", art["src"][src[0]:src[1]])]
        for m in re.finditer(rf"[{KANJI}]{{2,4}}", t[s:e]):
            if words:
                cands.append((s + m.start(), s + m.end(), words))
    if not cands:
        return None
    a, b, words = rng.choice(cands)
    word = rng.choice(words)
    new = word[:rng.randint(3, min(5, len(word) - 1))] + t[a + 1:b]
    return _replace(t, a, b, new)


def plant_negation(art, res, rng):
    t = art["tgt"]
    cands = []
    for seg, s, e in _sentences(res, art):
        sent = t[s:e]
        for old, new in NEGATIONS:
            for m in re.finditer(re.escape(old) + r"(?=[。、」）]|$)", sent):
                cands.append((s + m.start(), s + m.end(), new))
            if cands and cands[-1][0] >= s:
                break
    if not cands:
        return None
    a, b, new = rng.choice(cands)
    return _replace(t, a, b, new)


def plant_wrong_sense(art, res, rng):
    t = art["tgt"]
    cands = []
    for seg, s, e in _sentences(res, art):
        src = _bead_source(res, seg)
        if src is None:
            continue
        stext = art["src"][src[0]:src[1]]
        for pat, right, wrong in SENSES:
            w = re.search(pat, stext, re.I)
            if w:
                for m in re.finditer(re.escape(right), t[s:e]):
                    cands.append((s + m.start(), s + m.end(), wrong,
                                  (src[0] + w.start(), src[0] + w.end())))
    if not cands:
        return None
    a, b, new, word = rng.choice(cands)
    return _replace(t, a, b, new, {"sspans": [word]})


_CHUNK_END = re.compile(r"(?<=[はがをにでともへやの、])")


def plant_word_salad(art, res, rng):
    t = art["tgt"]
    cands = []
    for seg, s, e in _sentences(res, art):
        body = t[s:e]
        end = len(body.rstrip("。！？!?」"))
        chunks = [c for c in _CHUNK_END.split(body[:end]) if c]
        if len(chunks) >= 4 and e - s >= 15:
            cands.append((s, s + end, chunks))
    if not cands:
        return None
    a, b, chunks = rng.choice(cands)
    shuffled = chunks[:]
    for _ in range(10):
        rng.shuffle(shuffled)
        if shuffled != chunks:
            break
    return _replace(t, a, b, "".join(shuffled))


def plant_truncated(art, res, rng):
    """The last sentence of a paragraph cut at its middle, as an MT system that hits its
    output-length limit leaves it."""
    t = art["tgt"]
    sents = [x for x in _sentences(res, art) if x[2] - x[1] >= 20
             and (x[2] >= len(t.rstrip()) or t[x[2]:].lstrip(" \u3000").startswith("\n"))]
    if not sents:
        return None
    seg, s, e = rng.choice(sents)
    cut = s + (e - s) // 2
    src = _bead_source(res, seg)
    return {"tgt": t[:cut] + t[e:], "tspan": (s, cut), "sspans": [src] if src else []}


PLANTERS = {
    "number": plant_number,
    "date": plant_date,
    "name-misspelt": plant_name_misspelt,
    "name-other": plant_name_other,
    "drop-sentence": plant_drop_sentence,
    "drop-clause": plant_drop_clause,
    "add-sentence": plant_add_sentence,
    "untranslated": plant_untranslated,
    "latin-fused": plant_latin_fused,
    "negation": plant_negation,
    "wrong-sense": plant_wrong_sense,
    "word-salad": plant_word_salad,
    "truncated": plant_truncated,
}


def plant_all(arts: list[dict], outs: list[dict], per_type: int) -> list[dict]:
    """Planted copies: for each type, up to ``per_type`` articles of each split (seeded)."""
    ok = [(a, o) for a, o in zip(arts, outs) if "error" not in o]
    donors_by_set: dict[str, list[str]] = defaultdict(list)
    for a, o in ok:
        for s, e in o["tsegs"]:
            if 15 <= e - s <= 80:
                donors_by_set[a["id"]].append(a["tgt"][s:e])
    all_ids = sorted(donors_by_set)
    planted = []
    for kind, planter in PLANTERS.items():
        for split in ("dev", "held"):
            rng = random.Random(f"{SEED}-{kind}-{split}")
            pool = [x for x in ok if x[0]["split"] == split]
            rng.shuffle(pool)
            made = 0
            for a, o in pool:
                if made >= per_type:
                    break
                if kind == "add-sentence":
                    other = [i for i in all_ids if i.split("/")[0] != a["id"].split("/")[0]]
                    donor_id = rng.choice(other)
                    p = planter(a, o, rng, donors_by_set[donor_id])
                else:
                    p = planter(a, o, rng)
                if p is None or p["tgt"] == a["tgt"]:
                    continue
                planted.append({"set": a["set"], "id": f"{a['id']}#{kind}", "split": split,
                                "kind": kind, "clean": a["id"], "src": a["src"], **p})
                made += 1
    return planted


# ---------------------------------------------------------------------------------------------
# statistics

def overlaps(spans, span) -> bool:
    return span is not None and any(s < span[1] and span[0] < e for s, e in spans)


def overlaps_any(spans, targets) -> bool:
    return any(overlaps(spans, t) for t in targets)


def auc(pos: list[float], neg: list[float]) -> float | None:
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def pearson(x: list[float], y: list[float]) -> float | None:
    n = len(x)
    if n < 3:
        return None
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else None


def mcc(pred: list[bool], gold: list[bool]) -> float | None:
    tp = sum(p and g for p, g in zip(pred, gold))
    tn = sum(not p and not g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(not p and g for p, g in zip(pred, gold))
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else None


def fmt(x, digits=3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def new_findings(planted_out: dict, clean_out: dict, planted: dict) -> list:
    """Findings of the planted copy that are not in the clean article (by code and the text
    they flag; offsets after the planted edit shift)."""
    def texts(out, tgt, src):
        return Counter((f[0], tuple(tgt[s:e] for s, e in f[3]), tuple(src[s:e] for s, e in f[4]))
                       for f in out["findings"])

    clean_tgt = planted["clean_tgt"]
    base = texts(clean_out, clean_tgt, planted["src"])
    out = []
    for f in planted_out["findings"]:
        k = (f[0], tuple(planted["tgt"][s:e] for s, e in f[3]),
             tuple(planted["src"][s:e] for s, e in f[4]))
        if base[k] > 0:
            base[k] -= 1
            continue
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--per-type", type=int, default=60,
                    help="planted articles per error type and split (default 60)")
    ap.add_argument("--write-calibration", action="store_true",
                    help="write the dev precision of every check to src/mtqa/data/check_precision.json")
    ap.add_argument("--no-report", action="store_true", help="print, do not write the report")
    ap.add_argument("--dump", help="write per-article results (JSON lines) here for reading")
    args = ap.parse_args()

    t0 = time.time()
    human = human_articles()
    esa = esa_articles()
    crit = critical_articles()
    t21 = test21_articles()
    h_out = run_all(human, args.workers)
    planted = plant_all(human, h_out, args.per_type)
    by_id = {a["id"]: (a, o) for a, o in zip(human, h_out)}
    for p in planted:
        p["clean_tgt"] = by_id[p["clean"]][0]["tgt"]
    p_out = run_all(planted, args.workers)
    e_out = run_all(esa, args.workers)
    c_out = run_all(crit, args.workers)
    t_out = run_all(t21, args.workers)
    elapsed = time.time() - t0

    lines: list[str] = []
    w = lines.append
    w("## Trust: good translations pass, planted errors are caught\n")
    w(f"`python bench/trust.py --per-type {args.per_type}` ({elapsed:.0f} s with "
      f"{args.workers} workers; {machine()}). **dev** = three quarters of the documents of every "
      f"set; **held** = the quarter chosen by `sha256(document id) % 4 == 0`, never used for "
      f"tuning. Data: `../shared/data` (see the script's docstring).\n")

    # 1. human translations -----------------------------------------------------------------
    verified = load_verified()
    w("### Professional human translations (every finding counts as a false alarm)\n")
    w("Unless checked by hand and found to be a real error of the human translator "
      f"(`bench/{VERIFIED.name}`, {len(verified)} findings): *fails* counts every article the "
      "gate fails, *false fails* those it fails for anything but such an error.\n")
    w("| set | split | articles | gate fails | false fails | false-fail rate | major+ per 1k chars "
      "| all per 1k chars |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    fp_by_code: dict[str, Counter] = defaultdict(Counter)
    tp_by_code: dict[str, Counter] = defaultdict(Counter)
    sets = sorted({a["set"] for a in human})
    totals = {}
    for split in ("dev", "held"):
        for s in sets + ["all"]:
            sel = [(a, o) for a, o in zip(human, h_out) if (s == "all" or a["set"] == s)
                   and a["split"] == split and "error" not in o]
            chars = sum(len(a["tgt"]) for a, _ in sel)
            fails = sum(not o["passed"] for _, o in sel)
            false_fails = sum(not o["passed"] and not all(
                is_verified(verified, a, o["findings"][i]) for i in o["gating"]) for a, o in sel)
            major = sum(1 for a, o in sel for f in o["findings"] if f[1] in ("major", "critical")
                        and not is_verified(verified, a, f))
            allf = sum(1 for a, o in sel for f in o["findings"] if not is_verified(verified, a, f))
            if s == "all":
                totals[split] = {"articles": len(sel), "fails": false_fails, "chars": chars,
                                 "fail_rate": false_fails / max(len(sel), 1),
                                 "major_per_k": 1000 * major / max(chars, 1)}
            w(f"| {s} | {split} | {len(sel)} | {fails} | {false_fails} | "
              f"{false_fails / max(len(sel), 1):.1%} | {1000 * major / max(chars, 1):.2f} | "
              f"{1000 * allf / max(chars, 1):.2f} |")
            if s == "all":
                for a, o in sel:
                    for f in o["findings"]:
                        if is_verified(verified, a, f):
                            tp_by_code[split][(f[0], f[1])] += 1
                        else:
                            fp_by_code[split][(f[0], f[1])] += 1
    errors = [o["error"] for o in h_out if "error" in o]
    if errors:
        w(f"\n{len(errors)} human articles could not be checked: "
          + "; ".join(f"{n}x {e}" for e, n in Counter(errors).most_common(3)))
    w("")

    # 2. planted errors -------------------------------------------------------------------------
    w("### Planted errors (detection: a new finding on the planted span; drop: quality falls)\n")
    w("| error type | dev n | dev detected | dev quality drop | held n | held detected | "
      "held quality drop | codes that caught it (dev) |")
    w("|---|---:|---:|---:|---:|---:|---:|---|")
    det_summary = {}
    for kind in PLANTERS:
        row = [kind]
        catchers = Counter()
        for split in ("dev", "held"):
            sel = [(p, o) for p, o in zip(planted, p_out) if p["kind"] == kind
                   and p["split"] == split and "error" not in o]
            hits = drops = 0
            for p, o in sel:
                clean = by_id[p["clean"]][1]
                new = new_findings(o, clean, p)
                hit = [f for f in new if overlaps(f[3], p["tspan"])
                       or overlaps_any(f[4], p["sspans"])]
                hits += bool(hit)
                drops += o["quality"] < clean["quality"]
                for f in hit:
                    tp_by_code[split][(f[0], f[1])] += 1
                    if split == "dev":
                        catchers[f[0]] += 1
            n = len(sel)
            det_summary[(kind, split)] = (hits / n if n else None, drops / n if n else None, n)
            row += [str(n), fmt(hits / n if n else None, 2), fmt(drops / n if n else None, 2)]
        row.append(", ".join(f"{c} {k}" for c, k in catchers.most_common(4)))
        w("| " + " | ".join(row) + " |")
    planted_summary = {}
    for split in ("dev", "held"):
        vals = [v for (k, s), v in det_summary.items() if s == split and v[2]]
        n = sum(v[2] for v in vals)
        planted_summary[split] = (min(v[0] for v in vals), sum(v[1] * v[2] for v in vals) / max(n, 1))
        w(f"\n{split}: detection min over types {fmt(planted_summary[split][0], 2)}, quality drop "
          f"overall {fmt(planted_summary[split][1], 3)} ({n} planted articles).")
    w("")

    # precision per check --------------------------------------------------------------------
    w("### Precision per check (planted hits true, findings on human translations false)\n")
    w("| code | severity | dev true | dev false | dev precision | held true | held false | "
      "held precision |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    keys = sorted(set(fp_by_code["dev"]) | set(tp_by_code["dev"]) | set(fp_by_code["held"])
                  | set(tp_by_code["held"]))
    calib: dict[str, dict] = {}
    for code, sev in keys:
        cells = [code, sev]
        for split in ("dev", "held"):
            tp, fp = tp_by_code[split][(code, sev)], fp_by_code[split][(code, sev)]
            cells += [str(tp), str(fp), fmt(tp / (tp + fp) if tp + fp else None, 2)]
        w("| " + " | ".join(cells) + " |")
        tp, fp = tp_by_code["dev"][(code, sev)], fp_by_code["dev"][(code, sev)]
        calib.setdefault(code, {})[sev] = {"true": tp, "false": fp,
                                           "precision": round((tp + 1) / (tp + fp + 2), 3)}
    w("\n(`precision` in `check_precision.json` is smoothed: (true + 1) / (true + false + 2).)\n")

    # 3. ESA --------------------------------------------------------------------------------------
    w("### WMT24 ESA dev, article level (one document by one system)\n")
    w("| split | articles | AUC (>= 90 vs < 70) | gate fails >= 90 | gate fails < 70 | "
      "refA rank of 13 | system Pearson (12 MT) |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    esa_summary = {}
    for split in ("dev", "held", "all"):
        sel = [(a, o) for a, o in zip(esa, e_out) if (split == "all" or a["split"] == split)
               and "error" not in o]
        good = [o for a, o in sel if a["human"] >= 90]
        bad = [o for a, o in sel if a["human"] < 70]
        a_ = auc([o["quality"] for o in good], [o["quality"] for o in bad])
        fg = sum(not o["passed"] for o in good) / max(len(good), 1)
        fb = sum(not o["passed"] for o in bad) / max(len(bad), 1)
        per_sys: dict[str, list] = defaultdict(list)
        hum_sys: dict[str, list] = defaultdict(list)
        for a, o in sel:
            per_sys[a["system"]].append(o["quality"])
            hum_sys[a["system"]].append(a["human"])
        means = {s: sum(v) / len(v) for s, v in per_sys.items()}
        ranked = sorted(means, key=lambda s: -means[s])
        rank = ranked.index("refA") + 1 if "refA" in ranked else None
        mt = [s for s in means if s != "refA"]
        pr = pearson([means[s] for s in mt], [sum(hum_sys[s]) / len(hum_sys[s]) for s in mt])
        esa_summary[split] = (a_, fg, fb, rank, pr)
        w(f"| {split} | {len(sel)} | {fmt(a_)} | {fg:.1%} ({len(good)}) | {fb:.1%} ({len(bad)}) "
          f"| {rank} | {fmt(pr)} |")
    w("")

    # 4. critical errors ---------------------------------------------------------------------
    w("### MLQE-PE en-ja critical errors (critical_dev.jsonl)\n")
    w("| split | rows | ERR | gate fails on ERR | gate fails on NOT | MCC |")
    w("|---|---:|---:|---:|---:|---:|")
    mcc_summary = {}
    for split in ("dev", "held", "all"):
        sel = [(a, o) for a, o in zip(crit, c_out) if (split == "all" or a["split"] == split)]
        pred = [("error" in o) or not o["passed"] for a, o in sel]
        gold = [a["label"] == "ERR" for a, o in sel]
        n_err = sum(gold)
        f_err = sum(p for p, g in zip(pred, gold) if g)
        f_not = sum(p for p, g in zip(pred, gold) if not g)
        mcc_summary[split] = mcc(pred, gold)
        w(f"| {split} | {len(sel)} | {n_err} | {f_err} | {f_not} | {fmt(mcc(pred, gold))} |")
    w("")

    # 5. test21 ---------------------------------------------------------------------------------
    w("### MLQE-PE en-ja test21: quality vs human direct assessment (issue 17)\n")
    w("Each of the 1,000 Wikipedia sentences checked as one article; Spearman of mtqa's quality "
      "with `da_z` (the score's weights never saw test21).\n")
    w("| split | rows | Spearman |")
    w("|---|---:|---:|")
    for split in ("dev", "held", "all"):
        sel = [(a, o) for a, o in zip(t21, t_out) if (split == "all" or a["split"] == split)
               and "error" not in o]
        w(f"| {split} | {len(sel)} | "
          f"{fmt(spearman([o['quality'] for _, o in sel], [a['da_z'] for a, _ in sel]))} |")
    w("")

    # false alarms by code (dev), the list to work from ---------------------------------------
    w("### Findings on human translations by code (dev), most frequent first\n")
    w("| code | severity | findings | per 1k chars |")
    w("|---|---|---:|---:|")
    for (code, sev), n in fp_by_code["dev"].most_common(25):
        w(f"| {code} | {sev} | {n} | {1000 * n / max(totals['dev']['chars'], 1):.3f} |")

    summary = [
        "### Against the targets of issue 16\n",
        "| measure | target | dev | held |", "|---|---|---:|---:|",
        f"| human translations failed for no real error | <= 5% | "
        f"{totals['dev']['fail_rate']:.1%} | {totals['held']['fail_rate']:.1%} |",
        f"| major+ findings per 1,000 characters (human) | <= 0.3 | "
        f"{totals['dev']['major_per_k']:.2f} | {totals['held']['major_per_k']:.2f} |",
        f"| planted errors: detection, worst type | >= 0.9 | {fmt(planted_summary['dev'][0], 2)} "
        f"| {fmt(planted_summary['held'][0], 2)} |",
        f"| planted errors: quality drop | >= 0.97 | {fmt(planted_summary['dev'][1])} | "
        f"{fmt(planted_summary['held'][1])} |",
        f"| ESA articles: AUC (>= 90 vs < 70) | >= 0.80 | {fmt(esa_summary['dev'][0])} | "
        f"{fmt(esa_summary['held'][0])} |",
        f"| ESA: refA's rank of 13 | top 3 | {esa_summary['dev'][3]} | {esa_summary['held'][3]} |",
        f"| ESA: gate fails, articles rated >= 90 | <= 10% | {esa_summary['dev'][1]:.1%} | "
        f"{esa_summary['held'][1]:.1%} |",
        f"| ESA: gate fails, articles rated < 70 | >= 50% | {esa_summary['dev'][2]:.1%} | "
        f"{esa_summary['held'][2]:.1%} |",
        f"| critical_dev: MCC of the gate | >= 0.30 | {fmt(mcc_summary['dev'])} | "
        f"{fmt(mcc_summary['held'])} |",
        "",
    ]
    lines[2:2] = summary
    body = "\n".join(lines)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for arts, outs in ((human, h_out), (planted, p_out), (esa, e_out), (crit, c_out),
                               (t21, t_out)):
                for a, o in zip(arts, outs):
                    fh.write(json.dumps({**{k: v for k, v in a.items()}, "out": o},
                                        ensure_ascii=False) + "\n")
    if args.write_calibration:
        CALIBRATION.write_text(json.dumps(
            {"about": "measured by bench/trust.py on the dev documents: planted errors caught "
                      "count as true, findings on professional human translations as false",
             "checks": calib}, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8")
        print(f"wrote {CALIBRATION.relative_to(ROOT)}")
    if args.no_report:
        print(body)
    else:
        write_section("trust", body)
        print(body)


if __name__ == "__main__":
    main()
