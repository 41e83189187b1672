"""HTML report: one self-contained page editors read to decide whether an article can be published.

The page has the verdict, score and counts on top, the aligned sentence pairs side by side (source
left, translation right) with every finding's spans highlighted on both sides, a filterable
findings list with keyboard navigation, and the documentation of every check that fired.

Safety: document text is untrusted. Every string that came from a document, a finding or a path is
escaped with ``html.escape(quote=True)``; the data the script reads is embedded as
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and is parsed with
``JSON.parse`` and written with ``textContent`` only. A Content-Security-Policy forbids every
external load and allows only the page's own script (by hash), so even a missed escape could not
run injected code.

Renderers never recompute: everything shown comes from the ``Result`` (plus each check's
documentation from the registry). The only volatile field is the ``generated`` date, written in one
element (``id="generated"``) so tests can normalise it; the page is otherwise byte-identical for
equal input.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any, Iterable

from ..model import Document, Finding, Result, Segment, Severity

SEVERITIES = (Severity.CRITICAL, Severity.MAJOR, Severity.MINOR)  # display order
GLYPH = {Severity.CRITICAL: "✖", Severity.MAJOR: "▲", Severity.MINOR: "●"}


def esc(value: Any) -> str:
    """Escape anything for element content and double-quoted attributes."""
    return escape("" if value is None else str(value), quote=True)


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    # No external load of any kind; only this page's own script (by hash) runs. Inline styles
    # stay allowed so a line-ending conversion of the file cannot leave it unstyled.
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "img-src data:; font-src 'none'; connect-src 'none'; base-uri 'none'; "
            "form-action 'none'")


# --------------------------------------------------------------------------------------------
# Highlights: split each segment's text at every span boundary; each piece lists the spans and
# findings covering it, so overlapping (even crossing) spans render correctly.


@dataclass(frozen=True)
class _Span:
    sid: str  # "<finding>.<s|t><n>", unique per span
    finding: int
    start: int
    end: int
    severity: Severity


def _side_spans(findings: list[Finding], side: str) -> list[_Span]:
    out = []
    for i, f in enumerate(findings):
        spans = f.source_spans if side == "s" else f.target_spans
        for n, sp in enumerate(spans):
            out.append(_Span(f"{i}.{side}{n}", i, sp.start, sp.end, f.severity))
    return out


def _touches(sp: _Span, start: int, end: int) -> bool:
    if sp.start == sp.end:
        return start <= sp.start <= end
    return sp.start < end and start < sp.end


class _Marker:
    """Renders highlighted text for one side, remembering which spans already began."""

    def __init__(self, doc: Document, spans: list[_Span], findings: list[Finding],
                 shown: Iterable[int], prefix: str) -> None:
        self.doc = doc
        self.spans = spans
        self.findings = findings
        self.prefix = prefix
        self.started: set[str] = set()
        rendered = sorted((doc.segments[i] for i in set(shown)), key=lambda g: g.start)
        starts = [g.start for g in rendered]
        self.by_seg: dict[int, list[_Span]] = {}
        # Spans that touch no segment (e.g. only whitespace between sentences) still get a
        # visible marker, at the start of their finding's row.
        self.orphans: list[_Span] = []
        for sp in spans:
            hit = False
            k = max(bisect_right(starts, sp.start) - 1, 0)
            while k < len(rendered) and rendered[k].start <= sp.end:
                if _touches(sp, rendered[k].start, rendered[k].end):
                    self.by_seg.setdefault(rendered[k].id, []).append(sp)
                    hit = True
                k += 1
            if not hit:
                self.orphans.append(sp)

    def _mark(self, text: str, covering: list[_Span], starts: list[_Span], caret: bool = False
              ) -> str:
        top = max((sp.severity for sp in covering), key=lambda s: s.rank)
        fids = sorted({sp.finding for sp in covering})
        classes = ["hl", f"sev-{top.value}"]
        if len(covering) > 1:
            classes.append("multi")
        if starts:
            classes.append("start")
        if caret:
            classes.append("caret")
        attrs = (f'class="{" ".join(classes)}" tabindex="0" data-f="{" ".join(map(str, fids))}" '
                 f'data-s="{" ".join(sp.sid for sp in covering)}"')
        if starts:
            attrs += f' data-start="{" ".join(sp.sid for sp in starts)}"'
        label = "; ".join(f"{self.findings[i].severity.value} {self.findings[i].code}"
                          for i in fids)
        return f'<mark {attrs} aria-label="{esc(label)}">{esc(text)}</mark>'

    def _begin(self, spans: list[_Span]) -> list[_Span]:
        new = [sp for sp in spans if sp.sid not in self.started]
        self.started.update(sp.sid for sp in new)
        return new

    def carets(self, spans: list[_Span]) -> str:
        return "".join(self._mark("", [sp], self._begin([sp]), caret=True) for sp in spans)

    def segment(self, seg: Segment) -> str:
        a, b = seg.start, seg.end
        text = self.doc.text
        here = self.by_seg.get(seg.id, [])
        if not here:
            return esc(text[a:b])
        cuts = {a, b}
        for sp in here:
            cuts.update(p for p in (sp.start, sp.end) if a <= p <= b)
        points = sorted(cuts)
        out = []
        for x, y in zip(points, points[1:] + [None]):
            empty = [sp for sp in here if sp.start == sp.end == x]
            if empty:
                out.append(self.carets(empty))
            if y is None:
                break
            covering = [sp for sp in here if sp.start <= x and y <= sp.end and sp.start < sp.end]
            piece = text[x:y]
            if covering:
                out.append(self._mark(piece, covering, self._begin(covering)))
            else:
                out.append(esc(piece))
        return "".join(out)


# --------------------------------------------------------------------------------------------
# Page parts


def _sev_badge(sev: Severity) -> str:
    return f'<span class="sev sev-{sev.value}">{GLYPH[sev]} {sev.value.upper()}</span>'


def _note(i: int, f: Finding, known_docs: set[str]) -> str:
    code = (f'<a class="code" href="#doc-{esc(f.code)}">{esc(f.code)}</a>'
            if f.code in known_docs else f'<span class="code">{esc(f.code)}</span>')
    sugg = (f' <span class="sugg"><span class="arrow" aria-hidden="true">→</span> '
            f'<span class="label">suggestion:</span> {esc(f.suggestion)}</span>'
            if f.suggestion else "")
    return (f'<li class="note" id="n-{i}" data-i="{i}">{_sev_badge(f.severity)} {code} '
            f'<span class="name">{esc(f.name)}</span> <span class="msg">{esc(f.message)}</span>'
            f'{sugg} <span class="conf" title="the measured share of such findings that are '
            f'real errors">({f.confidence:.0%} sure)</span></li>')


def _doc_html(doc: str) -> str:
    paras = []
    for block in re.split(r"\n\s*\n", doc.strip()):
        h = esc(" ".join(line.strip() for line in block.splitlines()))
        h = re.sub(r"`([^`]+)`", r"<code>\1</code>", h)
        h = re.sub(r"^([A-Z][A-Za-z ]{2,30}):", r"<strong>\1:</strong>", h)
        paras.append(f"<p>{h}</p>")
    return "".join(paras)


def _docs(findings: list[Finding]) -> tuple[str, set[str]]:
    from ..checks import get_check
    from ..errors import MtqaError

    parts, known = [], set()
    for code in sorted({f.code for f in findings}):
        try:
            spec = get_check(code)
        except MtqaError:
            continue  # a finding from a check this version does not know: no doc to link
        known.add(code)
        parts.append(
            f'<article class="doc" id="doc-{esc(code)}"><h3><span class="code">{esc(code)}</span> '
            f'{esc(spec.name)}</h3><p class="meta">default severity {esc(spec.severity.value)}, '
            f'category {esc(spec.category)}</p>{_doc_html(spec.doc)}</article>')
    if not parts:
        return "", known
    return ('<section id="docs" class="docs"><h2>About the checks that fired</h2>'
            + "".join(parts) + "</section>"), known


def _tables(result: Result) -> str:
    """Tables some checks build for readers, e.g. ``entities`` (source name, renderings, status).

    Rendered generically (columns in first-seen key order) and only when present: the entity
    checks do not exist yet, and nothing is shown until they fill ``Result.tables``.
    """
    titles = {"entities": "Named entities"}
    out = []
    for name in sorted(result.tables):
        rows = result.tables[name]
        if not rows:
            continue
        cols: list[str] = []
        for row in rows:
            cols.extend(k for k in row if k not in cols)

        tgt_cols = {"renderings", "standard", "suggestion"}  # target-language text

        def cell(c: str, v: Any) -> str:
            lang = f' lang="{esc(result.target.lang)}"' if c in tgt_cols else ""
            if c == "status":
                return f'<td class="status st-{esc(v)}">{esc(v)}</td>'
            return f"<td{lang}>{_compact(v)}</td>"

        head = "".join(f"<th>{esc(c.replace('_', ' '))}</th>" for c in cols)
        body = "".join("<tr>" + "".join(cell(c, r.get(c, "")) for c in cols) + "</tr>"
                       for r in rows)
        out.append(f'<section class="table" id="table-{esc(name)}"><h2>'
                   f'{esc(titles.get(name, name))}</h2><table><thead><tr>{head}</tr></thead>'
                   f'<tbody>{body}</tbody></table></section>')
    return "".join(out)


def _compact(v: Any) -> str:
    """A table value for reading: span lists as counts, records as ``text ×count``."""
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        if v and all(isinstance(x, dict) and {"start", "end"} <= set(x) for x in v):
            return f'<span class="dim">{len(v)}×</span>'
        return "<br>".join(_compact(x) for x in v)
    if isinstance(v, dict):
        if "text" in v:
            extra = [f"×{v['count']}" if "count" in v else "",
                     esc(v["kind"]) if "kind" in v else ""]
            extra_s = " ".join(x for x in extra if x)
            return esc(v["text"]) + (f' <span class="dim">{extra_s}</span>' if extra_s else "")
        return esc(json.dumps(v, ensure_ascii=False, sort_keys=True))
    return esc(v)


def _fmt_path(doc: Document, fallback: str) -> str:
    return (f'<span class="path">{esc(doc.path or fallback)}</span> '
            f'<span class="dim">({esc(doc.lang)}, {esc(doc.encoding)}, '
            f'{len(doc.segments)} sentences)</span>')


def _header(result: Result, generated: str, categories: Counter) -> str:
    sc, v = result.score, result.verdict
    status = "pass" if v.passed else "fail"
    word = "PASS" if v.passed else "FAIL"
    if v.reasons:
        why = "".join(f"<li>{esc(r)}</li>" for r in v.reasons)
        why = f'<ul class="reasons">{why}</ul>'
    else:
        why = '<p class="reasons">The gate passed: nothing at or above the gate severity.</p>'
    sevs = "".join(
        f'<li class="count sev-{s.value}{"" if sc.by_severity.get(s.value) else " zero"}"><span class="n">{sc.by_severity.get(s.value, 0)}</span> '
        f'{_sev_badge(s)}</li>' for s in SEVERITIES)
    cats = "".join(f'<li><span class="n">{n}</span> {esc(c)}</li>'
                   for c, n in sorted(categories.items()))
    kinds = Counter(b.kind for b in result.alignment)
    added, omitted = kinds.get("0-1", 0), kinds.get("1-0", 0)
    sim = ("" if sc.mean_similarity is None
           else f" · mean similarity {sc.mean_similarity:.2f}")
    metrics = ""
    if result.metrics:
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(json.dumps(result.metrics[k], ensure_ascii=False, sort_keys=True) if isinstance(result.metrics[k], (dict, list)) else result.metrics[k])}</dd>"  # noqa: E501
                        for k in sorted(result.metrics))
        metrics = f'<dl class="metrics">{items}</dl>'
    return f"""<header class="banner {status}">
<div class="top">
<div class="verdict {status}" role="status"><span class="word">{word}</span></div>
<div class="why"><h1>{"Ready to publish" if v.passed else "Not ready to publish"}</h1>{why}</div>
<div class="score"><span class="q">{sc.quality:.1f}</span><span class="of">/100</span>
<span class="lbl">quality score</span></div>
</div>
<div class="facts">
<div class="fact"><h2>Findings by severity</h2><ul class="counts">{sevs}</ul>
<p class="dim">{len(result.findings)} findings · penalty {sc.penalty:.2f} per 100 source words ·
{sc.source_words} source words</p></div>
<div class="fact"><h2>By category</h2><ul class="cats">{cats or "<li>none</li>"}</ul></div>
<div class="fact files"><h2>Input</h2>
<p><span class="which">Source</span> {_fmt_path(result.source, "source")}</p>
<p><span class="which">Translation</span> {_fmt_path(result.target, "translation")}</p>
<p class="dim">{len(result.alignment)} aligned pairs: {kinds.get("1-1", 0)} one-to-one,
{added} added, {omitted} omitted{sim}</p></div>
</div>{metrics}
<p class="sig"><span class="dim">mtqa {esc(result.mtqa_version)} · signature</span>
<code>{esc(result.signature)}</code> <span class="dim">· generated</span>
<span id="generated">{esc(generated)}</span></p>
</header>"""


def _sidebar(result: Result, categories: Counter, codes: Counter, known_docs: set[str]) -> str:
    f_all = result.findings
    sev_counts = Counter(f.severity for f in f_all)
    sev_boxes = "".join(
        f'<label class="opt"><input type="checkbox" name="sev" value="{s.value}" checked> '
        f'{_sev_badge(s)} <span class="dim">{sev_counts.get(s, 0)}</span></label>'
        for s in SEVERITIES)
    cat_boxes = "".join(
        f'<label class="opt"><input type="checkbox" name="cat" value="{esc(c)}" checked> '
        f'{esc(c)} <span class="dim">{n}</span></label>' for c, n in sorted(categories.items()))
    code_boxes = "".join(
        f'<label class="opt"><input type="checkbox" name="code" value="{esc(c)}" checked> '
        f'<span class="code">{esc(c)}</span> <span class="dim">{n}</span></label>'
        for c, n in sorted(codes.items()))
    items = []
    for i, f in enumerate(f_all):
        where = f"pair {f.bead}" if f.bead is not None else "whole article"
        target = f"#b-{f.bead}" if f.bead is not None else "#article-findings"
        sugg = f'<span class="sugg">→ {esc(f.suggestion)}</span>' if f.suggestion else ""
        items.append(
            f'<li class="fi" data-i="{i}" data-sev="{f.severity.value}" '
            f'data-cat="{esc(f.category)}" data-code="{esc(f.code)}"><a class="fl" '
            f'href="{target}" data-i="{i}">{_sev_badge(f.severity)} <span class="code">'
            f'{esc(f.code)}</span> <span class="where">{where}</span>'
            f'<span class="msg">{esc(f.message)}</span>{sugg}</a></li>')
    listing = (f'<ol class="findings" id="findings">{"".join(items)}</ol>' if items
               else '<p class="empty">No findings.</p>')
    return f"""<aside class="side" aria-label="Findings">
<h2>Findings <span class="dim" id="shown">{len(f_all)} of {len(f_all)}</span></h2>
<form class="filters" id="filters" aria-label="Filter findings">
<fieldset><legend>Severity</legend>{sev_boxes}</fieldset>
<fieldset><legend>Category</legend>{cat_boxes or '<span class="dim">none</span>'}</fieldset>
<fieldset><legend>Check</legend>{code_boxes or '<span class="dim">none</span>'}</fieldset>
<label class="opt only"><input type="checkbox" id="only-problems"> only sentence pairs with
shown findings</label>
</form>
<p class="keys dim"><kbd>j</kbd>/<kbd>n</kbd> next finding · <kbd>k</kbd>/<kbd>p</kbd> previous ·
<kbd>Esc</kbd> close</p>
{listing}
<div class="legend"><h3>How problems are marked</h3>
<p><mark class="hl sev-critical start">critical</mark> boxed, double underline, ✖</p>
<p><mark class="hl sev-major start">major</mark> solid underline, ▲</p>
<p><mark class="hl sev-minor start">minor</mark> dotted underline, ●</p>
<p><mark class="hl sev-major multi">overlap</mark> several findings on the same text</p></div>
</aside>"""


def _pairs(result: Result, known_docs: set[str]) -> tuple[str, str]:
    findings = result.findings
    src_m = _Marker(result.source, _side_spans(findings, "s"), findings,
                    (i for b in result.alignment for i in b.src), "s")
    tgt_m = _Marker(result.target, _side_spans(findings, "t"), findings,
                    (j for b in result.alignment for j in b.tgt), "t")
    orphans: dict[int | None, list[_Span]] = {}
    for sp in src_m.orphans + tgt_m.orphans:
        orphans.setdefault(findings[sp.finding].bead, []).append(sp)
    by_bead: dict[int | None, set[int]] = {}
    for i, f in enumerate(findings):
        by_bead.setdefault(f.bead, set()).add(i)
    noted: set[int] = set()
    rows = []
    prev_sp = prev_tp = -1

    def cell(doc: Document, ids: tuple[int, ...], marker: _Marker, prev_para: int,
             extra: list[_Span]) -> tuple[str, bool]:
        parts, new_para, last = [], False, prev_para
        if extra:
            parts.append(marker.carets(extra))
        for n, sid in enumerate(ids):
            seg = doc.segments[sid]
            if seg.paragraph != last:
                if n == 0:
                    new_para = True
                else:
                    parts.append('<span class="pb" title="paragraph break">¶</span><br>')
            elif n:
                parts.append(" ")
            last = seg.paragraph
            parts.append(f'<span class="seg" id="{marker.prefix}-{sid}">'
                         f"{marker.segment(seg)}</span>")
        return "".join(parts), new_para

    for k, bead in enumerate(result.alignment):
        extra = orphans.get(k, [])
        src_html, src_new = cell(result.source, bead.src, src_m, prev_sp,
                                 [sp for sp in extra if sp.sid.split(".")[1][0] == "s"])
        tgt_html, tgt_new = cell(result.target, bead.tgt, tgt_m, prev_tp,
                                 [sp for sp in extra if sp.sid.split(".")[1][0] == "t"])
        if bead.src:
            prev_sp = result.source.segments[bead.src[-1]].paragraph
        if bead.tgt:
            prev_tp = result.target.segments[bead.tgt[-1]].paragraph
        fids = set(re.findall(r'data-f="([^"]*)"', src_html + tgt_html))
        in_row = {int(x) for group in fids for x in group.split()}
        in_row |= by_bead.get(k, set())
        # Each finding's note appears once: in its bead's row, or (no bead) where it first shows.
        notes_here = sorted(i for i in in_row if findings[i].bead == k
                            or (findings[i].bead is None and i not in noted))
        noted.update(notes_here)
        kind = bead.kind
        classes = ["row"]
        if not bead.src:
            classes.append("added")
            src_html = '<span class="gap">nothing in the source: added in the translation</span>'
        if not bead.tgt:
            classes.append("omitted")
            tgt_html = '<span class="gap">nothing in the translation: missing</span>'
        if src_new or tgt_new:
            classes.append("para")
        if in_row:
            classes.append("has-f")
        label = {"0-1": "added", "1-0": "omitted"}.get(kind, kind)
        sim = (f'<span class="sim" title="similarity">{bead.similarity:.2f}</span>'
               if bead.src and bead.tgt else "")
        pmark = lambda new: '<span class="pm" title="new paragraph">¶</span>' if new else ""  # noqa: E731
        notes = ("<ul class=\"notes\">" + "".join(_note(i, findings[i], known_docs)
                                                   for i in notes_here) + "</ul>"
                 if notes_here else "")
        rows.append(
            f'<div class="{" ".join(classes)}" id="b-{k}" data-f="{" ".join(map(str, sorted(in_row)))}">'
            f'<div class="num"><a href="#b-{k}">{k}</a><span class="kind">{label}</span>{sim}</div>'
            f'<div class="src" lang="{esc(result.source.lang)}">{pmark(src_new)}{src_html}</div>'
            f'<div class="tgt" lang="{esc(result.target.lang)}">{pmark(tgt_new)}{tgt_html}</div>'
            f"{notes}</div>")
    # Findings tied to no row: no bead and no span on any rendered segment.
    loose = [i for i, f in enumerate(findings) if i not in noted]
    loose_html = ""
    if loose or orphans.get(None):
        carets = "".join(
            (src_m if sp.sid.split(".")[1][0] == "s" else tgt_m).carets([sp])
            for sp in orphans.get(None, []))
        loose_html = ('<section class="article-findings" id="article-findings">'
                      '<h2>Whole-article findings</h2>'
                      f'{carets}<ul class="notes">'
                      + "".join(_note(i, findings[i], known_docs) for i in loose)
                      + "</ul></section>")
    head = (f'<div class="row head" aria-hidden="true"><div class="num">#</div>'
            f'<div class="src">Source <span class="dim">({esc(result.source.lang)})</span></div>'
            f'<div class="tgt">Translation <span class="dim">({esc(result.target.lang)})'
            f"</span></div></div>")
    return loose_html, f'<section class="pairs" id="pairs">{head}{"".join(rows)}</section>'


def render(result: Result, *, generated: str | None = None) -> str:
    """The report for one article as one self-contained HTML page."""
    generated = date.today().isoformat() if generated is None else generated
    categories = Counter(f.category for f in result.findings)
    codes = Counter(f.code for f in result.findings)
    docs_html, known_docs = _docs(result.findings)
    loose_html, pairs_html = _pairs(result, known_docs)
    data = {
        "findings": [f.to_dict() for f in result.findings],
        "docs": sorted(known_docs),
        "verdict": result.verdict.to_dict(),
        "score": result.score.to_dict(),
        "signature": result.signature,
    }
    v = result.verdict
    name = lambda d, fb: (d.path or fb).replace("\\", "/").rsplit("/", 1)[-1]  # noqa: E731
    title = (f"{'PASS' if v.passed else 'FAIL'} {result.score.quality:.1f} · "
             f"{name(result.source, 'source')} → {name(result.target, 'translation')} · mtqa")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(_csp(SCRIPT))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mtqa {esc(result.mtqa_version)}">
<title>{esc(title)}</title>
<style>{STYLE}</style>
</head>
<body>
{_header(result, generated, categories)}
<div class="layout">
{_sidebar(result, categories, codes, known_docs)}
<main>
{loose_html}{pairs_html}
{_tables(result)}
{docs_html}
</main>
</div>
<div id="pop" class="pop" role="status" aria-live="polite" hidden></div>
<script type="application/json" id="mtqa-data">{json_for_script(data)}</script>
<script>{SCRIPT}</script>
</body>
</html>
"""


# --------------------------------------------------------------------------------------------
# Batch index


_SAFE_HREF = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)|^https?://", re.I)


def _href(value: Any) -> str:
    """A link target from the batch: relative paths and http(s) only (no ``javascript:``)."""
    s = "" if value is None else str(value)
    return esc(s) if _SAFE_HREF.match(s) else "#"


def _names_section(cross_article: list[dict[str, Any]], hrefs: dict[str, str]) -> str:
    """The batch summary's names rendered differently across articles: each rendering with
    links to the articles that use it."""
    if not cross_article:
        return ""
    items = []
    for item in cross_article:
        forms = []
        for r in item.get("renderings", []):
            links = ", ".join(
                f'<a href="{_href(hrefs[a])}">{esc(a)}</a>' if a in hrefs else esc(a)
                for a in r.get("articles", []))
            forms.append(f'<li><span lang="ja">{esc(r.get("rendering"))}</span> '
                         f'<span class="dim">in</span> {links}</li>')
        items.append(f'<li><strong>{esc(item.get("name"))}</strong><ul>{"".join(forms)}</ul>'
                     f"</li>")
    return (f'<section class="names" aria-labelledby="names-h"><h2 id="names-h">Names rendered '
            f'differently across articles ({len(cross_article)})</h2><p class="dim">One English '
            f"name, two katakana forms in different articles: pick one (informational; no "
            f'verdict depends on it).</p><ul>{"".join(items)}</ul></section>')


def render_index(entries: Iterable[dict[str, Any]], *, title: str = "mtqa batch report",
                 generated: str | None = None,
                 cross_article: list[dict[str, Any]] | None = None) -> str:
    """An index page over per-article reports, sortable by score and verdict, and the names
    rendered differently across the articles (the batch summary's ``cross_article``).

    Each entry: ``{id, href, quality, passed, findings, critical, major, minor}``. Rows keep the
    given order until a column header is clicked.
    """
    entries = list(entries)
    hrefs = {str(e.get("id")): e["href"] for e in entries if e.get("href")}
    generated = date.today().isoformat() if generated is None else generated
    rows, n, failed = [], 0, 0
    for e in entries:
        n += 1
        passed = bool(e.get("passed"))
        failed += not passed
        q = e.get("quality")
        qtxt = f"{float(q):.1f}" if isinstance(q, (int, float)) else "–"
        qkey = f"{float(q):.4f}" if isinstance(q, (int, float)) else "-1"
        nums = "".join(
            f'<td class="n" data-key="{int(e.get(k) or 0)}">{int(e.get(k) or 0)}</td>'
            for k in ("findings", "critical", "major", "minor"))
        verdict = ('<span class="verdict-chip pass">PASS</span>' if passed
                   else '<span class="verdict-chip fail">ERROR</span>' if e.get("error")
                   else '<span class="verdict-chip fail">FAIL</span>')
        name = (f'<a href="{_href(e.get("href"))}">{esc(e.get("id"))}</a>' if e.get("href")
                else esc(e.get("id")))
        if e.get("error"):
            name += f'<br><span class="dim">error: {esc(e.get("error"))}</span>'
        rows.append(
            f'<tr data-order="{n - 1}"><td data-key="{esc(e.get("id"))}">{name}</td>'
            f'<td data-key="{int(passed)}">{verdict}</td>'
            f'<td class="n" data-key="{qkey}">{qtxt}</td>{nums}</tr>')
    cols = [("article", "text"), ("verdict", "num"), ("quality", "num"), ("findings", "num"),
            ("critical", "num"), ("major", "num"), ("minor", "num")]
    head = "".join(f'<th aria-sort="none"><button type="button" data-col="{c}" data-type="{t}">'
                   f"{name}</button></th>" for c, (name, t) in enumerate(cols))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{esc(_csp(INDEX_SCRIPT))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>{STYLE}{INDEX_STYLE}</style>
</head>
<body class="index">
<header class="banner {"fail" if failed else "pass"}"><h1>{esc(title)}</h1>
<p>{n} articles · <strong>{n - failed} passed</strong> · <strong>{failed} failed</strong>
<span class="dim">· generated</span> <span id="generated">{esc(generated)}</span></p></header>
<main><table class="index" id="index"><thead><tr>{head}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>{_names_section(cross_article or [], hrefs)}</main>
<script>{INDEX_SCRIPT}</script>
</body>
</html>
"""


def render_batch(batch, *, generated: str | None = None) -> dict[str, str]:
    """A batch's pages: ``{"index.html": ..., "<article>.html": ...}``, one report per checked
    article (file names made safe and unique from the article ids) and the index linking them;
    an article that could not be checked is an index row with its error."""
    pages: dict[str, str] = {}
    entries = []
    taken = {"index"}
    for o in batch.outcomes:
        entry: dict[str, Any] = {"id": o.article.id, "passed": o.passed}
        if o.result is None:
            entry["error"] = o.error
        else:
            stem = re.sub(r"[^\w.-]+", "_", o.article.id).strip("._") or "article"
            base, k = stem, 1
            while stem.lower() in taken:
                k += 1
                stem = f"{base}-{k}"
            taken.add(stem.lower())
            pages[f"{stem}.html"] = render(o.result, generated=generated)
            sev = o.result.score.by_severity
            entry.update(href=f"{stem}.html", quality=o.result.score.quality,
                         findings=len(o.result.findings), critical=sev.get("critical", 0),
                         major=sev.get("major", 0), minor=sev.get("minor", 0))
        entries.append(entry)
    pages["index.html"] = render_index(entries, generated=generated,
                                       cross_article=batch.cross_article)
    return pages


# --------------------------------------------------------------------------------------------
# Style and script (constants: the CSP pins the script by its hash)

STYLE = """
:root{--ink:#1f2328;--muted:#5b6470;--line:#dde1e6;--bg:#f5f6f8;--card:#fff;
--crit:#b42318;--crit-bg:#fde8e6;--major:#b54708;--major-bg:#fff0d9;--minor:#2457c5;
--minor-bg:#e9f0fd;--ok:#157f3b;--ok-bg:#e3f5e9;--focus:#0b61d8}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
:lang(ja){font-family:"Hiragino Sans","Hiragino Kaku Gothic ProN","Noto Sans CJK JP","Noto Sans JP",
"Yu Gothic UI","Yu Gothic",Meiryo,"IPAexGothic",sans-serif;line-height:1.85;
font-feature-settings:"palt" 0}
code,kbd,.code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;
font-size:.86em}
a{color:var(--focus)}
.dim{color:var(--muted);font-weight:400}
h1,h2,h3{line-height:1.25}
.banner{background:var(--card);border-bottom:1px solid var(--line);padding:22px 32px 14px;
border-top:6px solid var(--crit)}
.banner.pass{border-top-color:var(--ok)}
.top{display:flex;align-items:center;gap:24px}
.verdict{flex:none;border-radius:10px;padding:14px 22px;color:#fff;background:var(--crit);
font-weight:800;font-size:30px;letter-spacing:.08em}
.verdict.pass{background:var(--ok)}
.why{flex:1;min-width:0}
.why h1{margin:0 0 4px;font-size:24px}
.reasons{margin:0;padding-left:1.1em;color:var(--crit)}
.pass .reasons{color:var(--ok);padding:0}
.score{flex:none;text-align:right;display:grid;grid-template-columns:auto auto;align-items:baseline}
.score .q{font-size:46px;font-weight:800;line-height:1;font-variant-numeric:tabular-nums}
.score .of{font-size:18px;color:var(--muted);margin-left:2px}
.score .lbl{grid-column:1/3;font-size:12px;text-transform:uppercase;letter-spacing:.08em;
color:var(--muted)}
.facts{display:grid;grid-template-columns:minmax(340px,1fr) 1fr 1.6fr;gap:24px;margin-top:18px;
border-top:1px solid var(--line);padding-top:12px}
.fact h2,.side h2,.legend h3{font-size:12px;text-transform:uppercase;letter-spacing:.08em;
color:var(--muted);margin:0 0 6px;font-weight:600}
.fact p{margin:2px 0}
.counts,.cats{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}
.counts li{white-space:nowrap}
.counts{display:grid;grid-template-columns:repeat(3,auto);justify-content:start}
.counts .n{font-size:18px}
.counts li.zero{opacity:.55}
.counts .n,.cats .n{font-weight:700;font-size:20px;margin-right:4px}
.cats .n{font-size:15px}
.files .which{display:inline-block;min-width:6.5em;font-weight:600}
.path{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em;
word-break:break-all}
.sig{margin:12px 0 0;font-size:12px;word-break:break-all}
.sig code{background:var(--bg);padding:1px 5px;border-radius:4px}
.metrics{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;font-size:13px}
.sev{display:inline-block;font-size:11px;font-weight:700;letter-spacing:.04em;padding:0 6px;
border-radius:4px;border:1px solid;white-space:nowrap;line-height:1.6;vertical-align:1px}
.sev.sev-critical{color:#fff;background:var(--crit);border-color:var(--crit)}
.sev.sev-major{color:var(--major);background:var(--major-bg);border-color:var(--major)}
.sev.sev-minor{color:var(--minor);background:var(--minor-bg);border-color:var(--minor);
border-style:dashed}
.layout{display:grid;grid-template-columns:330px minmax(0,1fr);align-items:start}
.side{position:sticky;top:0;max-height:100vh;overflow:auto;padding:18px 18px 40px 24px;
border-right:1px solid var(--line);background:#fbfbfc}
.side>h2{font-size:13px;margin-bottom:10px}
.filters fieldset{border:0;margin:0 0 8px;padding:0}
.filters legend{font-size:12px;font-weight:600;color:var(--muted);padding:0;margin-bottom:2px}
.opt{display:flex;align-items:center;gap:6px;font-size:13px;padding:1px 0;cursor:pointer}
.opt.only{margin-top:4px;color:var(--ink)}
.keys{font-size:12px;margin:8px 0 10px}
kbd{border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;padding:0 4px;
background:#fff}
.findings{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:6px}
.fl{display:block;text-decoration:none;color:inherit;background:var(--card);
border:1px solid var(--line);border-radius:8px;padding:7px 10px;font-size:13px;line-height:1.45}
.fl:hover{border-color:#9aa4b1}
.fi.current .fl,.fl:focus{outline:2px solid var(--focus);outline-offset:1px}
.fl .where{float:right;color:var(--muted);font-size:12px}
.fl .msg{display:block;margin-top:3px}
.fl .sugg{display:block;color:var(--ok);font-weight:600}
.fl .code,.note .code{font-weight:700}
.legend{margin-top:18px;font-size:12px;color:var(--muted)}
.legend p{margin:4px 0}
main{min-width:0;padding:0 28px 60px}
.article-findings{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:10px 16px;margin-top:18px}
.article-findings h2{font-size:15px;margin:0 0 6px}
.pairs{margin-top:18px;background:var(--card);border:1px solid var(--line);border-radius:10px}
.row{display:grid;grid-template-columns:58px minmax(0,1fr) minmax(0,1fr);
border-top:1px dashed #e6e8eb}
.row>.src,.row>.tgt{padding:9px 16px}
.row>.src{border-right:1px solid #eef0f2}
.row.head{position:sticky;top:0;z-index:2;background:#fff;border-top:0;
border-bottom:2px solid var(--line);font-weight:700;font-size:13px;border-radius:10px 10px 0 0}
.row.para{border-top:1px solid #cfd4db}
.num{padding:9px 6px 9px 12px;font-size:11px;color:var(--muted);display:flex;
flex-direction:column;line-height:1.4}
.num a{color:var(--muted);text-decoration:none;font-weight:700;font-size:12px}
.row.has-f{background:#fffdf8}
.row.added .num .kind,.row.omitted .num .kind{color:var(--crit);font-weight:700}
.row.added>.src,.row.omitted>.tgt{background:repeating-linear-gradient(135deg,#fafafa 0 8px,
#f1f2f4 8px 16px)}
.gap{color:var(--muted);font-style:italic;font-size:13px}
.pm,.pb{color:#b6bcc5;font-size:.8em;margin-right:5px;user-select:none}
.notes{grid-column:2/4;list-style:none;margin:0;padding:2px 16px 10px;font-size:13px}
.note{margin:3px 0}
.note .name{color:var(--muted)}
.note .sugg{color:var(--ok);font-weight:600}
.note .conf,.pop .conf{color:var(--muted,#666);font-size:.9em}
.note .sugg .label{position:absolute;left:-9999px}
.note.flash{background:#fff7cc}
mark.hl{color:inherit;background:transparent;border-radius:2px;padding:0 1px;cursor:pointer;
-webkit-box-decoration-break:clone;box-decoration-break:clone}
mark.hl.sev-critical{background:var(--crit-bg);border-bottom:3px double var(--crit);
box-shadow:inset 0 0 0 1px var(--crit)}
mark.hl.sev-major{background:var(--major-bg);border-bottom:2px solid var(--major)}
mark.hl.sev-minor{background:var(--minor-bg);border-bottom:2px dotted var(--minor)}
mark.hl.multi{background-image:linear-gradient(rgba(0,0,0,.09),rgba(0,0,0,.09))}
mark.hl.start::before{font-size:.62em;vertical-align:.55em;margin-right:1px;font-weight:700;
font-family:system-ui,"DejaVu Sans",sans-serif}
mark.hl.sev-critical.start::before{content:"✖";color:var(--crit)}
mark.hl.sev-major.start::before{content:"▲";color:var(--major)}
mark.hl.sev-minor.start::before{content:"●";color:var(--minor)}
mark.hl.caret::after{content:"‸";font-weight:700}
mark.hl.off{background:none;border:0;box-shadow:none;cursor:auto}
mark.hl.off::before,mark.hl.off::after{content:none}
mark.hl:focus{outline:2px solid var(--focus);outline-offset:1px}
.pop{position:absolute;z-index:20;max-width:440px;background:#fff;border:1px solid #c9ced6;
border-radius:10px;box-shadow:0 10px 28px rgba(20,30,45,.18);padding:10px 14px;font-size:13px}
.pop .pf+.pf{border-top:1px solid var(--line);margin-top:8px;padding-top:8px}
.pop .msg{margin:4px 0}
.pop .sugg{color:var(--ok);font-weight:600}
.pop .name{color:var(--muted)}
.docs{margin-top:28px}
.docs>h2{font-size:18px}
.doc{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:4px 18px;
margin:10px 0;scroll-margin-top:40px}
.doc:target{outline:2px solid var(--focus)}
.doc h3{font-size:16px}
.doc .meta{color:var(--muted);font-size:13px}
.table table{border-collapse:collapse;background:var(--card);width:100%}
.table{margin-top:28px}
.table table{font-size:13px;border-radius:10px}
.table th,.table td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;
vertical-align:top}
.table th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.table td.status{font-weight:700}
.table td.st-ok{color:var(--ok)}
.table td.status:not(.st-ok){color:var(--major)}
.row{scroll-margin-top:48px}
@media (max-width:900px){.layout{grid-template-columns:1fr}.side{position:static;max-height:none;
border-right:0}.facts{grid-template-columns:1fr}.top{flex-wrap:wrap}}
@media print{
body{background:#fff;font-size:10.5pt}
.side,.pop,.keys{display:none!important}
.layout{display:block}
main{padding:0}
.banner{border:0;border-top:4px solid var(--crit);padding:8px 0}
.pairs,.doc,.article-findings{border:0;border-radius:0}
.row{break-inside:avoid}
.row.head{position:static}
.row[hidden]{display:grid!important}
.note[hidden]{display:list-item!important}
mark.hl.off{background:inherit}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.docs{break-before:page}
a{color:inherit;text-decoration:none}
}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("mtqa-data").textContent);
  var F = data.findings, RANK = {minor: 1, major: 2, critical: 3};
  var docs = {};
  data.docs.forEach(function (c) { docs[c] = true; });
  var pop = document.getElementById("pop");
  var form = document.getElementById("filters");
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl[data-f]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll(".pairs .row[id]"));
  var items = Array.prototype.slice.call(document.querySelectorAll("li.fi"));
  var shown = F.map(function () { return true; });
  var markIds = marks.map(ids), rowIds = rows.map(ids);
  var markSev = marks.map(function (m) {
    return ["sev-critical", "sev-major", "sev-minor"].filter(function (c) {
      return m.classList.contains(c); })[0];
  });
  var notes = Array.prototype.slice.call(document.querySelectorAll("li.note"));
  var current = -1;

  function ids(el) {
    var v = el.getAttribute("data-f");
    return v ? v.split(" ").map(Number) : [];
  }
  function checked(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name=" + name + "]"),
      function (i) { out[i.value] = i.checked; });
    return out;
  }
  function applyFilters() {
    var sev = checked("sev"), cat = checked("cat"), code = checked("code");
    var only = document.getElementById("only-problems").checked, n = 0;
    F.forEach(function (f, i) {
      shown[i] = !!(sev[f.severity] && cat[f.category] && code[f.code]);
      if (shown[i]) n++;
    });
    items.concat(notes).forEach(function (li) {
      var hide = !shown[+li.getAttribute("data-i")];
      if (li.hidden !== hide) li.hidden = hide;
    });
    marks.forEach(function (m, k) {
      var top = 0, name = "minor";
      markIds[k].forEach(function (i) {
        if (shown[i] && RANK[F[i].severity] > top) { top = RANK[F[i].severity]; name = F[i].severity; }
      });
      var cls = "sev-" + name;
      if (markSev[k] !== cls) { m.classList.replace(markSev[k], cls); markSev[k] = cls; }
      if (m.classList.contains("off") !== (top === 0)) {
        m.classList.toggle("off", top === 0);
        if (top === 0) { m.removeAttribute("tabindex"); } else { m.setAttribute("tabindex", "0"); }
      }
    });
    rows.forEach(function (r, k) {
      var hide = only && !rowIds[k].some(function (i) { return shown[i]; });
      if (r.hidden !== hide) r.hidden = hide;
    });
    document.getElementById("shown").textContent = n + " of " + F.length;
    hidePop();
  }
  if (form) {
    form.addEventListener("change", applyFilters);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function showPop(mark) {
    var list = ids(mark).filter(function (i) { return shown[i]; });
    if (!list.length) { hidePop(); return; }
    list.sort(function (a, b) { return RANK[F[b].severity] - RANK[F[a].severity] || a - b; });
    pop.textContent = "";
    list.forEach(function (i) {
      var f = F[i], box = el("div", "pf"), head = el("div");
      head.appendChild(el("span", "sev sev-" + f.severity, f.severity.toUpperCase()));
      head.appendChild(document.createTextNode(" "));
      var code;
      if (docs[f.code]) { code = el("a", "code", f.code); code.href = "#doc-" + f.code; }
      else { code = el("span", "code", f.code); }
      head.appendChild(code);
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "name", f.name));
      box.appendChild(head);
      box.appendChild(el("div", "msg", f.message));
      if (f.suggestion) box.appendChild(el("div", "sugg", "\u2192 suggestion: " + f.suggestion));
      box.appendChild(el("div", "conf", Math.round(f.confidence * 100) +
                         "% of such findings are real errors (measured)"));
      pop.appendChild(box);
    });
    pop.hidden = false;
    var r = mark.getBoundingClientRect(), w = pop.offsetWidth;
    var left = Math.max(8, Math.min(r.left + window.scrollX,
      window.scrollX + document.documentElement.clientWidth - w - 12));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function hidePop() { pop.hidden = true; }

  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.matches && t.matches("mark.hl[data-f]")) { showPop(t); }
    else if (!pop.contains(t)) { hidePop(); }
  });
  document.addEventListener("click", function (e) {
    var m = e.target.closest && e.target.closest("mark.hl[data-f]");
    if (m) { if (!m.classList.contains("off")) { m.focus(); showPop(m); } return; }
    if (!pop.contains(e.target)) hidePop();
  });

  function visibleOrder() {
    var out = [];
    F.forEach(function (f, i) { if (shown[i]) out.push(i); });
    return out;
  }
  function goTo(i) {
    current = i;
    items.forEach(function (li) {
      var on = +li.getAttribute("data-i") === i;
      li.classList.toggle("current", on);
      if (on) {
        li.setAttribute("aria-current", "true");
        if (li.scrollIntoView) li.scrollIntoView({block: "nearest"});
      } else { li.removeAttribute("aria-current"); }
    });
    var row = document.getElementById(F[i].bead === null ? "article-findings" : "b-" + F[i].bead);
    if (row && row.hidden) row.hidden = false;
    var target = null;
    marks.some(function (m) {
      if (ids(m).indexOf(i) >= 0 && !m.classList.contains("off")) { target = m; return true; }
      return false;
    });
    if (target) {
      target.scrollIntoView({block: "center"});
      target.focus({preventScroll: true});
      showPop(target);
    } else {
      var note = document.getElementById("n-" + i);
      var link = document.querySelector('a.fl[data-i="' + i + '"]');
      if (note) note.scrollIntoView({block: "center"});
      if (link) link.focus({preventScroll: true});
    }
  }
  function step(d) {
    var order = visibleOrder();
    if (!order.length) return;
    var pos = order.indexOf(current);
    if (pos < 0) {
      pos = d > 0 ? 0 : order.length - 1;
    } else {
      pos = (pos + d + order.length) % order.length;
    }
    goTo(order[pos]);
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (e.key === "j" || e.key === "n") { e.preventDefault(); step(1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); step(-1); }
    else if (e.key === "Escape") { hidePop(); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("a.fl"), function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); goTo(+a.getAttribute("data-i")); });
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

INDEX_STYLE = """
body.index main{padding:20px 32px}
body.index .banner h1{margin:0 0 6px;font-size:22px}
table.index{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line)}
table.index th,table.index td{padding:6px 12px;border-bottom:1px solid var(--line);text-align:left}
table.index td.n{text-align:right;font-variant-numeric:tabular-nums}
table.index th button{font:inherit;font-weight:700;background:none;border:0;cursor:pointer;padding:0}
table.index th[aria-sort=ascending] button::after{content:" ▲"}
table.index th[aria-sort=descending] button::after{content:" ▼"}
.verdict-chip{font-weight:800;font-size:12px;padding:1px 8px;border-radius:4px;color:#fff}
.verdict-chip.pass{background:var(--ok)}
.verdict-chip.fail{background:var(--crit)}
section.names{margin-top:24px;background:var(--card);border:1px solid var(--line);padding:4px 20px}
section.names h2{font-size:17px}
"""

INDEX_SCRIPT = r"""
(function () {
  "use strict";
  var table = document.getElementById("index"), body = table.tBodies[0];
  Array.prototype.forEach.call(table.querySelectorAll("th button"), function (b) {
    b.addEventListener("click", function () {
      var th = b.parentNode, col = +b.getAttribute("data-col"), num = b.getAttribute("data-type") === "num";
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(table.querySelectorAll("th"), function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.cells[col].getAttribute("data-key"), c = y.cells[col].getAttribute("data-key");
        var r = num ? (parseFloat(a) - parseFloat(c)) : (a < c ? -1 : a > c ? 1 : 0);
        return dir * r || (+x.getAttribute("data-order") - +y.getAttribute("data-order"));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""
