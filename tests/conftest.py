from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NATO_SRC = ROOT / "corpora" / "nato" / "source.en.txt"
NATO_MT = ROOT / "corpora" / "nato" / "mt.ja.txt"


@pytest.fixture(scope="session")
def nato() -> tuple[str, str]:
    return NATO_SRC.read_text(encoding="utf-8"), NATO_MT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nato_result():
    from mtqa.pipeline import check_files

    return check_files(NATO_SRC, NATO_MT)


# --- HTML report fixtures (tests/test_html.py, tests/test_browser.py) ---------------------------

HOSTILE_SRC = (
    "Title <script>window.__pwned=1</script>\n"
    "\n"
    "He said \"hi\" 'there'><img src=x onerror=\"window.__pwned=1;alert(1)\"> today.\n"
    "The </style><style>body{display:none}</style> end.\n"
    "This sentence was omitted.\n"
)
HOSTILE_TGT = (
    "見出し<script>window.__pwned=1</script>\n"
    "\n"
    "彼は「こんにちは」\"'><img src=x onerror=\"window.__pwned=1;alert(1)\">と言った。\n"
    "</style><style>body{display:none}</style>終わり。\n"
    "追加された文<svg onload=alert(1)>。\n"
)


def _lines_document(path: str, lang: str, text: str):
    """A Document with one segment per non-empty line, a paragraph per line."""
    from mtqa.model import Document, Segment

    segs, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip():
            segs.append(Segment(len(segs), pos, pos + len(body), body, len(segs)))
        pos += len(line)
    return Document(path=path, lang=lang, text=text, segments=segs)


def build_hostile_result():
    """A hand-built Result whose every string field carries markup; all three severities,
    overlapping and crossing spans, a zero-length span, 1-0 and 0-1 beads, a whole-article
    finding with an unknown code."""
    from mtqa.model import Bead, Finding, Result, Score, Severity, Verdict

    evil = "\"'><script>window.__pwned=1</script><img src=x onerror=alert(1)>"
    src = _lines_document(f"{evil}.en.txt", "en", HOSTILE_SRC)
    tgt = _lines_document("mt\"<b>.ja.txt", "ja", HOSTILE_TGT)
    s, t = src.span, tgt.span
    t0, t1, t2, t3 = tgt.segments
    s0, s1, s2, s3 = src.segments
    findings = [
        Finding("GRB002", "mojibake", Severity.CRITICAL, "Fluency/Garbled",
                f"message {evil}", [], [t(t0.start, t0.start + 12)], suggestion=evil, bead=0),
        Finding("MIS001", "wrong-sense", Severity.MAJOR, "Accuracy/Mistranslation",
                "crosses the first", [s(s0.start, s0.start + 5)],
                [t(t0.start + 5, t0.end)], suggestion="</style><b>x</b>", bead=0),
        Finding("UNT003", "untranslated-word", Severity.MINOR, "Accuracy/Untranslated",
                "nested in the second", [], [t(t0.start + 8, t0.start + 20)], bead=0),
        Finding("NUM001", "number-mismatch", Severity.MINOR, "Accuracy/Mistranslation",
                "an insertion point", [s(s1.start + 3, s1.start + 7)],
                [t(t1.start + 4, t1.start + 4)], bead=1),
        Finding("UNT003", "untranslated-word", Severity.MINOR, "Accuracy/Untranslated",
                "the style breaker", [s(s2.start + 4, s2.start + 45)],
                [t(t2.start, t2.start + 41)], bead=2),
        Finding("OMI001", "omitted-sentence", Severity.MAJOR, "Accuracy/Omission",
                "sentence missing from the translation", [s(s3.start, s3.end)], [], bead=3),
        Finding("ADD001", "added-sentence", Severity.MAJOR, "Accuracy/Addition",
                "sentence with no source", [], [t(t3.start, t3.end)], bead=4),
        Finding("X<b>1</b>", "made-up\"check", Severity.MINOR, "Fluency/<i>Odd</i>",
                f"whole article {evil}", [], [], suggestion=None, bead=None),
    ]
    beads = [Bead((0,), (0,), 0.8), Bead((1,), (1,), 0.7), Bead((2,), (2,), 0.6),
             Bead((3,), (), 0.0), Bead((), (3,), 0.0)]
    return Result(
        mtqa_version="0.1.0", signature=f"mtqa:0.1.0|{evil}", source=src, target=tgt,
        alignment=beads, findings=findings,
        score=Score(50.0, 50.0, 20, {"minor": 4, "major": 3, "critical": 1}, 0.5),
        verdict=Verdict(False, [f"reason {evil}"]),
    )


@pytest.fixture()
def hostile_result():
    return build_hostile_result()
