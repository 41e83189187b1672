"""The HTML report without a browser: escaping, highlights, structure, the committed golden page.

The golden file ``reports/nato.html`` is the report of ``corpora/nato`` with its one volatile field,
the generated date (``<span id="generated">``), normalised on both sides. When a change to the
pipeline changes the report, regenerate it (exit code 1 is the failing gate, expected) with:

    mtqa check corpora/nato/source.en.txt corpora/nato/mt.ja.txt --html reports/nato.html

and the screenshot with ``python bench/report.py`` (which also refreshes reports/nato.png).
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import HOSTILE_SRC, HOSTILE_TGT, NATO_MT, NATO_SRC, build_hostile_result
from mtqa.render import html

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "reports" / "nato.html"
NATO_PATHS = {"source_path": "corpora/nato/source.en.txt",
              "target_path": "corpora/nato/mt.ja.txt"}

# Everything the renderer itself emits; any other element would have come from a document.
OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "div", "span", "h1", "h2",
            "h3", "ul", "ol", "li", "p", "code", "aside", "form", "fieldset", "legend", "label",
            "input", "kbd", "mark", "main", "section", "a", "br", "article", "strong", "script",
            "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "button"}


def normalise(page: str) -> str:
    return re.sub(r'(<span id="generated">)[^<]*(</span>)', r"\1(date)\2", page)


class Page(HTMLParser):
    """Collects tags, attributes and the highlight pieces of a rendered page."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict] = []
        self.scripts: list[str] = []
        self._in_mark: dict | None = None
        self._in_script = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "mark" and "data-s" in a:
            self._in_mark = {"attrs": a, "text": ""}
            self.marks.append(self._in_mark)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = None
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_mark is not None:
            self._in_mark["text"] += data
        if self._in_script:
            self.scripts[-1] += data


def embedded_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="mtqa-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def spans_of(result) -> dict[str, str]:
    out = {}
    for i, f in enumerate(result.findings):
        for n, sp in enumerate(f.source_spans):
            out[f"{i}.s{n}"] = sp.text
        for n, sp in enumerate(f.target_spans):
            out[f"{i}.t{n}"] = sp.text
    return out


def assert_inert(page: str) -> None:
    """No markup from a document made it into the page as markup."""
    parsed = Page(page)
    tags = {t for t, _ in parsed.tags}
    assert tags <= OUR_TAGS, tags - OUR_TAGS
    for tag, attrs in parsed.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        assert tag != "img" and tag != "svg"
    # exactly our two scripts: the JSON data block and the page script
    assert [a.get("type") for t, a in parsed.tags if t == "script"] == ["application/json", None]
    assert page.count("</style>") == 1 and page.count("<style>") == 1
    for needle in ("<script>window", "<img", "<svg", "</style><style>", "onerror=\"", "<b>", "<i>"):
        assert needle not in page, needle


def test_hostile_result_is_escaped_everywhere():
    result = build_hostile_result()
    page = html.render(result, generated="(date)")
    assert_inert(page)
    # the text is still there, shown as text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "&lt;/style&gt;&lt;style&gt;body{display:none}&lt;/style&gt;" in page
    assert "&quot;&#x27;&gt;&lt;script&gt;" in page  # the attribute breaker, as text
    assert "&lt;img src=x onerror=alert(1)&gt;.en.txt" in page  # the path
    # the embedded JSON has no raw markup characters but round-trips exactly
    block = re.search(r'id="mtqa-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert embedded_data(page)["findings"] == [f.to_dict() for f in result.findings]


def test_csp_forbids_external_loads_and_pins_the_script():
    page = html.render(build_hostile_result(), generated="x")
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"',
                             page).group(1))
    script_src = csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "default-src 'none'" in csp and script_src.strip().startswith("'sha256-")
    assert "'unsafe-inline'" not in script_src
    assert "http" not in re.sub(r'http-equiv="[^"]*"', "", page.split("<body>")[0])
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_pipeline_result_with_hostile_text_is_inert():
    from mtqa.pipeline import check_texts

    src = "NATO ministers met in Brussels on Wednesday.\n" + HOSTILE_SRC
    tgt = "NATOの閣僚は水曜日にブリュッセルで会合した。\n" + HOSTILE_TGT
    result = check_texts(src, tgt, source_path="<script>alert(1)</script>.txt",
                         target_path="\"'><img src=x onerror=alert(1)>.txt")
    assert_inert(html.render(result, generated="x"))


@pytest.mark.parametrize("which", ["hostile", "nato"])
def test_every_span_is_highlighted_once_and_pieces_spell_it(which, nato_result):
    result = build_hostile_result() if which == "hostile" else nato_result
    page = html.render(result, generated="x")
    marks = Page(page).marks
    expected = spans_of(result)
    starts = [sid for m in marks for sid in (m["attrs"].get("data-start") or "").split()]
    assert sorted(starts) == sorted(expected)  # one start per span, no more, no less
    assert {sid for m in marks for sid in m["attrs"]["data-s"].split()} == set(expected)
    for sid, text in expected.items():
        pieces = "".join(m["text"] for m in marks if sid in m["attrs"]["data-s"].split())
        # a span inside one sentence is spelled exactly by its pieces
        assert pieces == text or "\n" in text, (sid, pieces, text)
    for m in marks:  # each piece names the findings it covers and is focusable
        fids = {int(sid.split(".")[0]) for sid in m["attrs"]["data-s"].split()}
        assert {int(x) for x in m["attrs"]["data-f"].split()} == fids
        assert m["attrs"]["tabindex"] == "0"


def test_overlaps_are_split_at_every_boundary():
    result = build_hostile_result()
    marks = Page(html.render(result, generated="x")).marks
    t0 = [m for m in marks if any(s.endswith(".t0") and s[0] in "012"
                                  for s in m["attrs"]["data-s"].split())]
    covers = [(m["text"], m["attrs"]["data-s"]) for m in t0]
    # critical [0,12) crosses major [5,end) which contains minor [8,20)
    assert covers[:4] == [("見出し<s", "0.t0"), ("cri", "0.t0 1.t0"), ("pt>w", "0.t0 1.t0 2.t0"),
                          ("indow.__", "1.t0 2.t0")]
    classes = [m["attrs"]["class"] for m in t0]
    assert "sev-critical" in classes[1] and "multi" in classes[1] and "sev-major" in classes[3]


def test_structure_rows_languages_and_beads(hostile_result):
    page = html.render(hostile_result, generated="x")
    assert page.count('class="src" lang="en"') == len(hostile_result.alignment)
    assert page.count('class="tgt" lang="ja"') == len(hostile_result.alignment)
    assert 'class="row omitted' in page and 'class="row added' in page
    assert page.count('<div class="row') == len(hostile_result.alignment) + 1  # + header row
    assert 'id="article-findings"' in page  # the finding with no bead and no span
    assert 'class="hl sev-minor start caret"' in page  # the zero-length span
    # every finding is listed once in the sidebar and noted once in the body
    assert page.count('<li class="fi"') == len(hostile_result.findings)
    assert page.count('<li class="note"') == len(hostile_result.findings)
    # codes link to their documentation, embedded in the page; an unknown code links nowhere
    for code in ("GRB002", "MIS001", "OMI001"):
        assert f'href="#doc-{code}"' in page and f'id="doc-{code}"' in page
    assert 'href="#doc-X' not in page


def test_header_has_verdict_score_counts_inputs_signature_and_date(nato_result):
    page = html.render(nato_result, generated="2031-01-02")
    assert ("FAIL" if not nato_result.verdict.passed else "PASS") in page
    assert f"{nato_result.score.quality:.1f}" in page
    assert html.esc(nato_result.signature) in page
    assert '<span id="generated">2031-01-02</span>' in page
    assert html.esc(str(NATO_SRC)) in page and html.esc(str(NATO_MT)) in page
    for f in nato_result.findings:
        assert html.esc(f.category) in page
    assert f'<span id="generated">{date.today().isoformat()}</span>' in html.render(nato_result)


def test_render_is_deterministic(nato_result):
    assert html.render(nato_result, generated="x") == html.render(nato_result, generated="x")


def test_entity_table_only_when_the_result_has_one(hostile_result):
    assert "Named entities" not in html.render(hostile_result, generated="x")
    hostile_result.tables["entities"] = [
        {"source": "<script>alert(1)</script>", "renderings": ["ラヴロフ", "<b>"], "status": "ok"}]
    page = html.render(hostile_result, generated="x")
    assert "Named entities" in page and "ラヴロフ<br>&lt;b&gt;" in page
    assert_inert(page)


def test_index_page_escapes_and_sorts_by_keys():
    entries = [
        {"id": "<script>alert(1)</script>", "href": "javascript:alert(1)", "quality": 51.25,
         "passed": False, "findings": 3, "critical": 1, "major": 2, "minor": 0},
        {"id": "ok\"><img src=x>", "href": "reports/ok.html", "quality": 99.0, "passed": True,
         "findings": 1, "critical": 0, "major": 0, "minor": 1},
    ]
    page = html.render_index(entries, generated="x")
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="#"' in page and 'href="reports/ok.html"' in page
    assert 'data-key="51.2500"' in page and "PASS" in page and "FAIL" in page
    assert "2 articles" in page and "1 passed" in page and "1 failed" in page
    assert "script-src &#x27;sha256-" in page


def test_golden_nato_report_is_current():
    from mtqa.pipeline import check_texts

    result = check_texts(NATO_SRC.read_text(encoding="utf-8"),
                         NATO_MT.read_text(encoding="utf-8"), **NATO_PATHS)
    fresh = normalise(html.render(result))
    assert GOLDEN.exists(), "reports/nato.html is missing; see this module's docstring"
    committed = normalise(GOLDEN.read_text(encoding="utf-8"))
    assert committed == fresh, (
        "reports/nato.html is stale; regenerate it with `mtqa check corpora/nato/source.en.txt "
        "corpora/nato/mt.ja.txt --html reports/nato.html` and the screenshot with "
        "`python bench/report.py`")


def test_cli_writes_the_html_report(tmp_path):
    from mtqa.cli import main

    out = tmp_path / "sub" / "report.html"
    with pytest.raises(SystemExit) as exc:
        main(["check", str(NATO_SRC), str(NATO_MT), "--html", str(out), "--quiet"])
    assert exc.value.code == 1  # the NATO translation fails the gate
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and 'lang="ja"' in page
    assert not list(out.parent.glob(".*.tmp"))


def test_batch_html_writes_one_page_per_article_and_an_index(tmp_path):
    import subprocess
    import sys

    d = tmp_path / "pairs"
    d.mkdir()
    (d / "a b.en.txt").write_text("Russia attacked Kyiv on Monday.\n", encoding="utf-8")
    (d / "a b.ja.txt").write_text("ロシアは月曜日にキエフを攻撃した。\n", encoding="utf-8")
    (d / "ok.en.txt").write_text("NATO leaders met in Brussels.\n", encoding="utf-8")
    (d / "ok.ja.txt").write_text("NATO首脳はブリュッセルで会談した。\n", encoding="utf-8")
    (d / "bad.en.txt").write_text("A source.\n", encoding="utf-8")
    (d / "bad.ja.txt").write_bytes(b"\xff\xfe\x00\x00binary\x00\x00")
    out = tmp_path / "report"
    proc = subprocess.run([sys.executable, "-m", "mtqa", "check", "--pairs", str(d), "--html",
                           str(out), "--isolated", "-q"], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a_b.html", "index.html", "ok.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a_b.html"' in index and 'href="ok.html"' in index
    assert "error:" in index and "bad" in index  # the broken article is a row with its error
    page = (out / "a_b.html").read_text(encoding="utf-8")
    assert "キエフ" in page and "ENT004" in page
    # a path that is a file, not a directory, is one error line
    bad = subprocess.run([sys.executable, "-m", "mtqa", "check", "--pairs", str(d), "--html",
                          str(out / "index.html"), "--isolated", "-q"], capture_output=True,
                         text=True, timeout=300)
    assert bad.returncode == 2 and bad.stderr.startswith("mtqa: error: --html")


def test_index_page_lists_names_rendered_differently_across_articles():
    entries = [{"id": "a<1>", "href": "a_1.html", "quality": 80.0, "passed": True},
               {"id": "b", "error": "b.ja.txt: no such file", "passed": False}]
    cross = [{"name": "Sergei Lavrov", "renderings": [
        {"rendering": "セルゲイ・ラブロフ", "articles": ["a<1>"]},
        {"rendering": "<b>ラヴロフ</b>", "articles": ["a<1>", "b"]}]}]
    page = html.render_index(entries, generated="x", cross_article=cross)
    assert "Names rendered differently across articles (1)" in page
    assert '<span lang="ja">セルゲイ・ラブロフ</span> <span class="dim">in</span> ' \
           '<a href="a_1.html">a&lt;1&gt;</a></li>' in page
    assert "&lt;b&gt;ラヴロフ&lt;/b&gt;" in page and "<b>ラヴロフ" not in page
    assert '<a href="a_1.html">a&lt;1&gt;</a>, b</li>' in page  # no page for b: no link
    assert "Names rendered" not in html.render_index(entries, generated="x")
    assert '<span class="verdict-chip fail">ERROR</span>' in page  # b was not checked
    assert page.count("<script") == 1  # the index's own sorting script, nothing from the batch
