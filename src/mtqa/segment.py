"""Paragraphs, then sentences, with character offsets into the text exactly as given."""

from __future__ import annotations

import re

from .lang import Language
from .model import Document, Segment

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    spans = []
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text) and m.end() == m.start():
            break
        content = m.group(0).rstrip("\r\n")
        spans.append((m.start(), m.start() + len(content)))
    return spans


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: one per line, or blocks separated by blank lines when lines are wrapped.

    A file whose blank-line-separated blocks mostly hold several lines is hard-wrapped: each block
    is a paragraph. Otherwise every non-blank line is one (headlines and captions included).
    """
    lines = _lines(text)
    blocks: list[list[tuple[int, int]]] = [[]]
    for s, e in lines:
        if text[s:e].strip():
            blocks[-1].append((s, e))
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    multi = sum(1 for b in blocks if len(b) > 1)
    wrapped = len(blocks) > 1 and multi * 2 >= len(blocks) and len(blocks) < len(lines)
    spans = []
    units = [[(b[0][0], b[-1][1])] for b in blocks] if wrapped else [[ln] for b in blocks for ln in b]
    for unit in units:
        s, e = unit[0]
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        spans.append((s + lead, e - trail))
    return spans


def segment(text: str, lang: Language, path: str = "", encoding: str = "utf-8") -> Document:
    """Split ``text`` into a ``Document`` of sentences; ``segment.text == text[start:end]``."""
    segments: list[Segment] = []
    for p_index, (ps, pe) in enumerate(split_paragraphs(text)):
        for s, e in lang.split_sentences(text, ps, pe):
            segments.append(Segment(len(segments), s, e, text[s:e], p_index))
    return Document(path=path, lang=lang.code, text=text, segments=segments, encoding=encoding)
