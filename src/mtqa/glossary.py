"""User glossaries (CSV or TBX): source term -> required target term(s), forbidden target terms.

Library code: a malformed glossary raises ``UsageError`` with one line naming the file (and the
line or element) and what was expected. Files are read once per process and never modified.

CSV: a header row with ``source`` and at least one of ``target``/``forbidden``; optional
``severity`` (minor|major|critical) and ``note``. Several terms in one cell are separated by ``|``::

    source,target,forbidden,note
    Kyiv,キーウ,キエフ,official name since 2022
    howitzer,榴弾砲,,
    virtual meeting,オンライン会議|リモート会議,仮想会議,

TBX (TBX-Basic / TBX v3 core): every ``termEntry``/``conceptEntry`` with terms in the source and
the target language. Target terms whose status (``administrativeStatus`` or
``normativeAuthorization``) is deprecated, superseded or not recommended are forbidden; the other
target terms are required (any one of them). Deprecated source terms are ignored. DTD internal
subsets and entity declarations are refused (XML bombs); an external ``<!DOCTYPE ... SYSTEM>``
line is allowed and never fetched.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError

SEVERITIES = ("minor", "major", "critical")
_FORBIDDEN_STATUS = re.compile(r"deprecated|superseded|notrecommended|not-recommended|forbidden",
                               re.I)
_XML_NS = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Entry:
    """One glossary entry; ``where`` says where it came from (``terms.csv:4``)."""

    source: str
    targets: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    severity: str | None = None
    note: str = ""
    where: str = ""

    def describe(self) -> str:
        parts = [f"'{self.source}'"]
        if self.targets:
            parts.append("-> " + " | ".join(self.targets))
        if self.forbidden:
            parts.append("(not " + " | ".join(self.forbidden) + ")")
        text = " ".join(parts)
        return f"{text} [{self.where}]" if self.where else text

    def source_pattern(self) -> re.Pattern[str]:
        return source_pattern(self.source)


@lru_cache(maxsize=4096)
def source_pattern(term: str) -> re.Pattern[str]:
    """How a source term is found: whole words; case-insensitive unless the term has capitals
    after its first letter (acronyms, CamelCase names); lower-case single words also match
    their plural in -s/-es."""
    words = term.split()
    body = r"\s+".join(re.escape(w) for w in words)
    if term.islower() and len(words) == 1 and term.isalpha():
        body += r"(?:e?s)?"
    flags = 0 if any(ch.isupper() for ch in term[1:]) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


def _split_terms(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    return tuple(t.strip() for t in cell.split("|") if t.strip())


def parse_csv(text: str, path: str) -> list[Entry]:
    rows = csv.reader(io.StringIO(text))
    try:
        header = next(rows)
    except StopIteration:
        raise UsageError(f"{path}: the glossary is empty; expected a header row "
                         f"'source,target,forbidden'") from None
    except csv.Error as exc:
        raise UsageError(f"{path}:1: not valid CSV ({exc})") from None
    cols = [h.strip().lower().lstrip("\ufeff") for h in header]
    if "source" not in cols or not ({"target", "forbidden"} & set(cols)):
        raise UsageError(f"{path}:1: expected a header row with 'source' and 'target' and/or "
                         f"'forbidden' columns, got {','.join(header)!r}")
    entries: list[Entry] = []
    try:
        for row in rows:
            line = rows.line_num
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) > len(cols):
                raise UsageError(f"{path}:{line}: {len(row)} fields, the header has {len(cols)}")
            rec = dict(zip(cols, (c.strip() for c in row)))
            source = rec.get("source", "")
            targets = _split_terms(rec.get("target"))
            forbidden = _split_terms(rec.get("forbidden"))
            sev = (rec.get("severity") or "").lower() or None
            if not source:
                raise UsageError(f"{path}:{line}: the 'source' term is empty")
            if not targets and not forbidden:
                raise UsageError(f"{path}:{line}: '{source}' has neither a target nor a "
                                 f"forbidden term")
            if sev is not None and sev not in SEVERITIES:
                raise UsageError(f"{path}:{line}: severity {sev!r}: expected minor, major or "
                                 f"critical")
            entries.append(Entry(source, targets, forbidden, sev, rec.get("note", ""),
                                 f"{os.path.basename(path)}:{line}"))
    except csv.Error as exc:
        raise UsageError(f"{path}:{rows.line_num}: not valid CSV ({exc})") from None
    return entries


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _lang_matches(value: str | None, lang: str) -> bool:
    return bool(value) and value.lower().replace("_", "-").split("-")[0] == lang.lower()


def parse_tbx(text: str, path: str, src_lang: str, tgt_lang: str) -> list[Entry]:
    import xml.etree.ElementTree as ET

    if re.search(r"<!ENTITY", text, re.I) or re.search(r"<!DOCTYPE[^>]*\[", text, re.I):
        raise UsageError(f"{path}: DTD internal subsets and entity declarations are not allowed "
                         f"in a glossary (XML bomb protection); remove them")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line, col = exc.position
        raise UsageError(f"{path}:{line}: not well-formed XML (column {col + 1}: "
                         f"{str(exc).split(':')[0]})") from None
    entries: list[Entry] = []
    for n, entry in enumerate(e for e in root.iter() if _local(e.tag) in ("termEntry",
                                                                          "conceptEntry")):
        sources: list[str] = []
        targets: list[str] = []
        forbidden: list[str] = []
        for langset in (e for e in entry if _local(e.tag) in ("langSet", "langSec")):
            lang = langset.get(_XML_NS) or langset.get("lang")
            for holder in langset.iter():
                if _local(holder.tag) not in ("tig", "ntig", "termSec"):
                    continue
                term = next((t for t in holder.iter() if _local(t.tag) == "term"), None)
                if term is None:
                    continue
                value = "".join(term.itertext()).strip()
                if not value:
                    continue
                status = " ".join("".join(t.itertext()) for t in holder.iter()
                                  if _local(t.tag) in ("termNote", "descrip")
                                  and t.get("type") in ("administrativeStatus",
                                                        "normativeAuthorization"))
                bad = bool(_FORBIDDEN_STATUS.search(status.replace(" ", "")))
                if _lang_matches(lang, src_lang):
                    if not bad:
                        sources.append(value)
                elif _lang_matches(lang, tgt_lang):
                    (forbidden if bad else targets).append(value)
        where = f"{os.path.basename(path)}:{entry.get('id') or f'entry {n + 1}'}"
        if sources and (targets or forbidden):
            for s in sources:
                entries.append(Entry(s, tuple(targets), tuple(forbidden), None, "", where))
    if not entries:
        raise UsageError(f"{path}: no term entries with both {src_lang} and {tgt_lang} terms")
    return entries


def load_glossary(path: str, src_lang: str = "en", tgt_lang: str = "ja") -> list[Entry]:
    """Read one glossary (by extension: ``.tbx``/``.xml`` is TBX, anything else CSV)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UsageError(f"{path}: glossary not found") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the glossary ({exc.strerror or exc})") from None
    return list(_load_cached(os.path.abspath(path), path, src_lang, tgt_lang,
                             st.st_mtime_ns, st.st_size))


@lru_cache(maxsize=32)
def _load_cached(abspath: str, shown: str, src_lang: str, tgt_lang: str, mtime: int,
                 size: int) -> tuple[Entry, ...]:
    try:
        with open(abspath, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, expected a glossary file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read the glossary ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{shown}: the glossary is not UTF-8 (byte {exc.start})") from None
    if shown.lower().endswith((".tbx", ".xml")):
        return tuple(parse_tbx(text, shown, src_lang, tgt_lang))
    return tuple(parse_csv(text, shown))


def load_glossaries(paths: tuple[str, ...], src_lang: str = "en",
                    tgt_lang: str = "ja") -> list[Entry]:
    out: list[Entry] = []
    for p in paths:
        out.extend(load_glossary(p, src_lang, tgt_lang))
    return out


def load_allowlist(path: str) -> frozenset[str]:
    """A plain-text list of terms allowed to stand in the translation as they are: one a line,
    lines starting with ``#`` are comments."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        raise UsageError(f"{path}: allowlist not found") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: the allowlist is not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the allowlist ({exc.strerror or exc})") from None
    return frozenset(t for t in (ln.strip() for ln in lines) if t and not t.startswith("#"))
