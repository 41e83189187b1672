"""The HTML report in a real headless browser: Debian's chromium driven by playwright.

Skipped (with the reason) when /usr/bin/chromium or playwright is missing, except under CI=true,
where a missing browser is a failure: `bash scripts/setup-browser.sh` installs both.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import build_hostile_result
from mtqa.render import html

CHROMIUM = os.environ.get("MTQA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"{CHROMIUM} not found (bash scripts/setup-browser.sh installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright; never `playwright install`)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Loaded:
    def __init__(self, page, errors, dialogs):
        self.page, self.errors, self.dialogs = page, errors, dialogs


@pytest.fixture()
def open_report(browser, tmp_path):
    pages = []

    def load(page_html: str, name: str = "report.html") -> Loaded:
        path = tmp_path / name
        path.write_text(page_html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        dialogs: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: errors.append(f"request: {r.url}")
                if not r.url.startswith(("file:", "data:")) else None)
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready]")
        pages.append(page)
        return Loaded(page, errors, dialogs)

    yield load
    for p in pages:
        p.close()


@pytest.fixture(scope="module")
def nato_page_html(nato_result) -> str:
    return html.render(nato_result, generated="(date)")


def dom_span_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "mark.hl[data-start]",
        "ms => ms.flatMap(m => m.getAttribute('data-start').split(' '))")


def test_nato_report_loads_without_console_errors(open_report, nato_page_html):
    r = open_report(nato_page_html)
    assert r.errors == [] and r.dialogs == []
    assert r.page.title().startswith(("FAIL", "PASS"))
    assert r.page.locator("header .verdict").inner_text().strip() in ("FAIL", "PASS")
    # Japanese text is marked as Japanese, so the browser picks a Japanese font for it
    assert r.page.locator('.tgt[lang="ja"]').count() == r.page.locator(".pairs .row[id]").count()


def test_highlights_in_the_dom_match_the_spans_in_the_json(open_report, nato_page_html,
                                                           nato_result):
    r = open_report(nato_page_html)
    data = r.page.evaluate("JSON.parse(document.getElementById('mtqa-data').textContent)")
    n_json = sum(len(f["source_spans"]) + len(f["target_spans"]) for f in data["findings"])
    assert n_json == sum(len(f.source_spans) + len(f.target_spans)
                         for f in nato_result.findings)
    ids = dom_span_ids(r.page)
    assert len(ids) == len(set(ids)) == n_json
    assert r.page.locator("li.fi").count() == len(data["findings"])


def _visible(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.offsetParent !== null)"
                  ".map(e => e.getAttribute('data-i') || e.id)")


@pytest.mark.parametrize("which", ["nato", "hostile"])
def test_filtering_by_severity_hides_and_shows_the_right_rows(open_report, nato_page_html, which):
    result_html = nato_page_html if which == "nato" else html.render(build_hostile_result(),
                                                                     generated="x")
    r = open_report(result_html)
    page = r.page
    data = page.evaluate("JSON.parse(document.getElementById('mtqa-data').textContent)")
    sev_of = {str(i): f["severity"] for i, f in enumerate(data["findings"])}
    present = sorted(set(sev_of.values()))
    assert len(_visible(page, "li.fi")) == len(sev_of)
    for sev in present:
        page.uncheck(f'input[name="sev"][value="{sev}"]')
        shown = _visible(page, "li.fi")
        assert sorted(shown) == sorted(i for i, s in sev_of.items() if s != sev)
        assert page.locator("#shown").text_content() == f"{len(shown)} of {len(sev_of)}"
        # highlights that only belong to hidden findings are switched off
        on = page.eval_on_selector_all(
            "mark.hl[data-f]:not(.off)", "ms => ms.map(m => m.getAttribute('data-f'))")
        assert all(any(sev_of[i] != sev for i in f.split()) for f in on)
        # "only pairs with shown findings" hides the rows whose findings are all hidden
        page.check("#only-problems")
        rows = page.eval_on_selector_all(
            ".pairs .row[id]", "rs => rs.map(r => [r.id, r.hidden, r.getAttribute('data-f')])")
        for rid, hidden, fids in rows:
            want_shown = any(sev_of[i] != sev for i in fids.split())
            assert hidden is (not want_shown), (rid, fids)
        page.uncheck("#only-problems")
        page.check(f'input[name="sev"][value="{sev}"]')
        assert len(_visible(page, "li.fi")) == len(sev_of)
        assert page.locator(".pairs .row[id][hidden]").count() == 0
    assert r.errors == []


def test_filtering_by_category_and_code(open_report):
    r = open_report(html.render(build_hostile_result(), generated="x"))
    page = r.page
    page.uncheck('input[name="code"][value="UNT003"]')
    assert sorted(_visible(page, "li.fi")) == ["0", "1", "3", "5", "6", "7"]
    page.uncheck('input[name="cat"][value="Fluency/<i>Odd</i>"]')
    assert sorted(_visible(page, "li.fi")) == ["0", "1", "3", "5", "6"]


def test_injected_markup_runs_nothing(open_report, nato_result):
    from conftest import HOSTILE_SRC, HOSTILE_TGT
    from mtqa.pipeline import check_texts

    hand = build_hostile_result()
    piped = check_texts("NATO ministers met in Brussels on Wednesday.\n" + HOSTILE_SRC,
                        "NATOの閣僚は水曜日にブリュッセルで会合した。\n" + HOSTILE_TGT,
                        source_path="<script>window.__pwned=1</script>.txt")
    for n, result in enumerate((hand, piped)):
        r = open_report(html.render(result, generated="x"), name=f"hostile{n}.html")
        page = r.page
        # focus every highlight and open every popover: the texts go through textContent only
        for i in range(page.locator("mark.hl[data-f]").count()):
            page.keyboard.press("Escape")  # the open popover may cover the next highlight
            page.locator("mark.hl[data-f]").nth(i).click()
        page.keyboard.press("j")
        page.wait_for_timeout(100)
        assert page.evaluate("window.__pwned") is None
        assert r.dialogs == []
        assert page.locator("main img, main svg, main script, aside script, #pop *:is(img,script,b)"
                            ).count() == 0
        assert page.locator("body").is_visible()  # the </style><style>body{display:none} is text
        assert page.locator("main").inner_text().count("<script>window.__pwned=1</script>") >= 1
        assert r.errors == []


def test_clicking_a_highlight_shows_message_code_and_suggestion(open_report):
    r = open_report(html.render(build_hostile_result(), generated="x"))
    page = r.page
    page.locator('mark.hl[data-start~="0.t0"]').click()
    pop = page.locator("#pop")
    assert pop.is_visible()
    text = pop.inner_text()
    assert "GRB002" in text and "CRITICAL" in text and "window.__pwned" in text
    assert "suggestion" in text
    assert pop.locator('a[href="#doc-GRB002"]').count() == 1
    page.keyboard.press("Escape")
    assert not pop.is_visible()


def test_keyboard_moves_focus_between_findings(open_report, nato_page_html):
    r = open_report(nato_page_html)
    page = r.page
    n = page.locator("li.fi").count()
    assert n >= 2

    def focused() -> list[str]:
        return page.evaluate(
            "(document.activeElement.getAttribute('data-f') || "
            "document.activeElement.getAttribute('data-i') || '').split(' ')")

    page.keyboard.press("j")
    assert "0" in focused()
    page.keyboard.press("j")
    assert "1" in focused()
    page.keyboard.press("n")
    assert "2" in focused()
    page.keyboard.press("k")
    assert "1" in focused()
    page.keyboard.press("p")
    assert "0" in focused()
    assert page.locator("li.fi.current").get_attribute("data-i") == "0"
    assert page.locator("#pop").is_visible()
    # typing in a filter box is not navigation
    page.focus('input[name="sev"]')
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.name") == "sev"


def test_index_page_sorts_by_score_and_verdict(open_report):
    entries = [{"id": f"a{i}", "href": f"a{i}.html", "quality": q, "passed": q >= 90,
                "findings": 0, "critical": 0, "major": 0, "minor": 0}
               for i, q in enumerate([95.0, 40.5, 99.9, 88.0])]
    r = open_report(html.render_index(entries, generated="x"), name="index.html")
    page = r.page

    def order() -> list[str]:
        return page.eval_on_selector_all("#index tbody tr td:first-child",
                                         "tds => tds.map(t => t.innerText)")

    assert order() == ["a0", "a1", "a2", "a3"]
    page.click('th button[data-col="2"]')
    assert order() == ["a1", "a3", "a0", "a2"]
    page.click('th button[data-col="2"]')
    assert order() == ["a2", "a0", "a3", "a1"]
    page.click('th button[data-col="1"]')
    assert order()[:2] == ["a1", "a3"]  # failed first, then passed, stable
    assert r.errors == []
