"""English -> Japanese word lookups over JMdict, read-only, from the ``jamdict-data`` package.

JMdict (EDRDG, CC BY-SA 4.0) ships as an SQLite database inside ``jamdict-data``; we query it
directly (indexed gloss lookups take a millisecond) instead of loading the jamdict library. When
the package is missing every lookup returns nothing and the checks simply make no suggestion.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from functools import lru_cache

import jaconv

_LOCK = threading.Lock()
_CONN: sqlite3.Connection | None = None
_MISSING = False


def db_path() -> str | None:
    try:
        import jamdict_data
    except ImportError:
        return None
    path = getattr(jamdict_data, "JAMDICT_DB_PATH", None)
    return path if path and os.path.exists(path) else None


_INHERITED: list[sqlite3.Connection] = []


def _forget_connection() -> None:
    """In a forked child (a batch worker): open a connection of its own on first use. SQLite
    connections must not be used across fork; the parent's is kept (never closed) here."""
    global _CONN, _LOCK
    if _CONN is not None:
        _INHERITED.append(_CONN)
    _CONN = None
    _LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connection)


def _conn() -> sqlite3.Connection | None:
    global _CONN, _MISSING
    with _LOCK:
        if _CONN is None and not _MISSING:
            path = db_path()
            if path is None:
                _MISSING = True
            else:
                _CONN = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True,
                                        check_same_thread=False)
                # lets ``LIKE 'word (%'`` use the gloss index instead of scanning the table
                _CONN.execute("PRAGMA case_sensitive_like = ON")
                # a batch looks up new words in every article all over the 325 MB file: a page
                # cache of 32 MB instead of SQLite's 2 MB keeps the index pages it revisits
                _CONN.execute("PRAGMA cache_size = -32768")
        return _CONN


@lru_cache(maxsize=65536)  # a batch looks up ~120 distinct words an article
def japanese_for(english: str) -> tuple[str, ...]:
    """Japanese headwords (kanji forms first, then kana-only) whose English gloss is ``english``.

    Matches the gloss exactly or with a parenthesised qualifier ("howitzer", "abduction (e.g.
    of a child)"), case-insensitively; common entries (lower sequence numbers) come first.
    """
    conn = _conn()
    word = english.strip().lower()
    if conn is None or not word:
        return ()
    # One indexed lookup per gloss form; an OR over them would make SQLite scan the table.
    sids: set[int] = set()
    for form in (word, word.capitalize(), f"to {word}"):
        sids.update(r[0] for r in conn.execute("SELECT sid FROM SenseGloss WHERE text = ?", (form,)))
    for pattern in (f"{word} (%", f"{word}; %"):
        sids.update(r[0] for r in conn.execute("SELECT sid FROM SenseGloss WHERE text LIKE ?",
                                               (pattern,)))
    if not sids:
        return ()
    marks = ",".join("?" * len(sids))
    rows = conn.execute(
        f"""SELECT s.idseq, k.ID, k.text FROM Sense s JOIN Kanji k ON k.idseq = s.idseq
            WHERE s.ID IN ({marks})
            UNION ALL
            SELECT s.idseq, 1000000000 + n.ID, n.text FROM Sense s JOIN Kana n ON n.idseq = s.idseq
            WHERE s.ID IN ({marks}) AND NOT EXISTS (SELECT 1 FROM Kanji k WHERE k.idseq = s.idseq)
            ORDER BY 1, 2""",
        (*sorted(sids), *sorted(sids)),
    ).fetchall()
    seen: dict[str, None] = {}
    for _, _, text in rows:
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


USUALLY_KANA = "word usually written using kana alone"  # a JMdict misc tag


@lru_cache(maxsize=65536)
def kana_forms_for(english: str) -> tuple[str, ...]:
    """Kana spellings of the words glossed ``english`` in a sense that JMdict marks "usually
    written using kana alone" (ねじ for "screw", めがね for "glasses"): each entry's main reading
    in katakana (ネジ, メガネ: such words are often written so) and, from three kana on, in
    hiragana. ``japanese_for`` gives only the kanji forms of these entries (螺子, 眼鏡), which a
    text rarely uses."""
    conn = _conn()
    word = english.strip().lower()
    if conn is None or not word:
        return ()
    sids: set[int] = set()
    for form in (word, f"to {word}"):
        sids.update(r[0] for r in conn.execute("SELECT sid FROM SenseGloss WHERE text = ?", (form,)))
    if not sids:
        return ()
    marks = ",".join("?" * len(sids))
    # the entry's first (main) reading only: 螺子 is ねじ, not らし. The unary + keeps SQLite
    # from searching misc by its text index (every "usually kana" sense: 100x slower).
    rows = conn.execute(
        f"""SELECT (SELECT n.text FROM Kana n WHERE n.idseq = s.idseq ORDER BY n.ID LIMIT 1)
            FROM misc m JOIN Sense s ON s.ID = m.sid
            WHERE m.sid IN ({marks}) AND +m.text = ? ORDER BY s.idseq""",
        (*sorted(sids), USUALLY_KANA)).fetchall()
    out: dict[str, None] = {}
    for (text,) in rows:
        if not text:
            continue
        if len(text) >= 3:  # two hiragana (くず, かび) turn up inside too many other words
            out.setdefault(text, None)
        if len(text) >= 2:
            out.setdefault(jaconv.hira2kata(text), None)
    return tuple(out)


def available() -> bool:
    return _conn() is not None
