"""What mtqa knows about names: built-in tables, JMnedict, Wikidata name tokens, user allowlists.

Sources, in the order they win:
1. the user's entity allowlist (``ctx.resources["entity_allowlist"]``: CSV or TOML files);
2. ``data/entities.toml`` (hand-compiled accepted forms, products, titles) and
   ``data/placenames.tsv`` (outdated -> current official place names, with sources);
3. JMnedict (EDRDG, CC BY-SA), read from the installed ``jamdict-data`` SQLite database at run
   time, never copied; it is a 2020 snapshot, so it knows キエフ but not キーウ;
4. ``data/name_forms.tsv``: katakana forms of person-name tokens from Wikidata (CC0).
The transliteration model (``translit.py``) is the last resort.
"""

from __future__ import annotations

import bisect
import csv
import io
import os
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import UsageError


def _data_text(name: str) -> str:
    return resources.files("mtqa").joinpath("data", name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class BuiltIn:
    names: dict[str, tuple[str, ...]]      # lower-cased English -> accepted forms
    products: frozenset[str]
    titles: frozenset[str]
    stop: frozenset[str]
    demonyms: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    org_words: frozenset[str]


@lru_cache(maxsize=1)
def builtin() -> BuiltIn:
    data = tomllib.loads(_data_text("entities.toml"))
    return BuiltIn(
        names={k.lower(): tuple(v) for k, v in data["names"].items()},
        products=frozenset(data["products"]["names"]),
        titles=frozenset(data["titles"]["words"]),
        stop=frozenset(data["stop"]["words"]),
        demonyms=frozenset(data["stop"]["demonyms"]),
        demonym_suffixes=tuple(data["stop"]["demonym_suffixes"]),
        org_words=frozenset(data["org"]["words"]),
    )


@dataclass(frozen=True)
class PlaceName:
    english: tuple[str, ...]
    outdated: tuple[str, ...]
    current: str
    source: str


@lru_cache(maxsize=1)
def placenames() -> tuple[PlaceName, ...]:
    out = []
    for line in _data_text("placenames.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        eng, old, cur, src = (line.split("\t") + ["", "", "", ""])[:4]
        out.append(PlaceName(tuple(a for a in eng.split("|") if a),
                             tuple(o for o in old.split("|") if o), cur, src))
    return tuple(out)


@lru_cache(maxsize=1)
def _name_form_lines() -> list[str]:
    return [ln for ln in _data_text("name_forms.tsv").splitlines() if ln and ln[0] != "#"]


@lru_cache(maxsize=8192)
def wikidata_forms(token: str) -> tuple[str, ...]:
    """Katakana forms of a person-name token seen in Wikidata labels, most frequent first."""
    lines = _name_form_lines()
    key = token.lower() + "\t"
    i = bisect.bisect_left(lines, key)
    if i < len(lines) and lines[i].startswith(key):
        return tuple(lines[i].split("\t")[1].split("|"))
    return ()


@lru_cache(maxsize=8192)
def jmdict_katakana(name: str) -> tuple[str, ...]:
    """Katakana headwords of JMdict (the general dictionary, not JMnedict) glossed exactly
    ``name`` as written, capital included, or ``name (...)``: the loanword entries that are names
    (マイアミ "Miami", ワシントン "Washington"), which JMnedict may lack. Entries with a kanji
    form are left out (those are words, not transliterations)."""
    from ..dictionary import _conn

    conn = _conn()
    if conn is None or not name[:1].isupper():
        return ()
    rows = conn.execute(
        """SELECT DISTINCT k.text, k.ID FROM SenseGloss g JOIN Sense s ON s.ID = g.sid
           JOIN Kana k ON k.idseq = s.idseq
           WHERE (g.text = ? OR g.text LIKE ?)
             AND NOT EXISTS (SELECT 1 FROM Kanji j WHERE j.idseq = s.idseq)
           ORDER BY k.ID""", (name, f"{name} (%")).fetchall()
    return tuple(dict.fromkeys(t for t, _ in rows if t and all("\u30a0" <= ch <= "\u30ff"
                                                               for ch in t)))


@lru_cache(maxsize=8192)
def kana_reading_of_ateji(kanji: str) -> str | None:
    """The kana spelling JMdict gives for a kanji name it marks as ateji or "usually written
    in kana" (倫敦 -> ロンドン, 蘇格蘭 -> スコットランド, 巴里 -> パリ): the form a text actually
    uses. None for kanji names that are the standard form (北京, 台湾)."""
    from ..dictionary import USUALLY_KANA, _conn

    conn = _conn()
    if conn is None:
        return None
    row = conn.execute(
        """SELECT (SELECT n.text FROM Kana n WHERE n.idseq = k.idseq ORDER BY n.ID LIMIT 1)
           FROM Kanji k WHERE k.text = ?
             AND (EXISTS (SELECT 1 FROM KJI i WHERE i.kid = k.ID AND +i.text LIKE 'ateji%')
                  OR EXISTS (SELECT 1 FROM Sense s JOIN misc m ON m.sid = s.ID
                             WHERE s.idseq = k.idseq AND +m.text IN (?, 'dated term')))
           LIMIT 1""", (kanji, USUALLY_KANA)).fetchone()
    return row[0] if row and row[0] else None


@lru_cache(maxsize=8192)
def jmnedict(name: str) -> tuple[tuple[str, str], ...]:
    """(Japanese form, types) of JMnedict entries glossed exactly ``name`` (or ``name (...)``)."""
    from ..dictionary import _conn

    conn = _conn()
    if conn is None or not name:
        return ()
    rows = conn.execute(
        """SELECT tr.idseq, (SELECT group_concat(text) FROM NETransType t WHERE t.tid = tr.ID)
           FROM NETransGloss g JOIN NETranslation tr ON tr.ID = g.tid
           WHERE g.text = ? OR g.text LIKE ?""", (name, f"{name} (%")).fetchall()
    out: dict[str, str] = {}
    for idseq, types in rows:
        for (text,) in conn.execute("SELECT text FROM NEKanji WHERE idseq = ? UNION ALL "
                                    "SELECT text FROM NEKana WHERE idseq = ?", (idseq, idseq)):
            out.setdefault(text, types or "")
    return tuple(out.items())


# --- the user's allowlist -------------------------------------------------------------------

@dataclass
class Allowlist:
    """English name -> accepted Japanese forms (preferred first), from the user's files."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)

    def get(self, english: str) -> tuple[str, ...]:
        return self.names.get(english.lower(), ())


def _split(cell: str) -> list[str]:
    return [t.strip() for t in cell.replace(";", "|").split("|") if t.strip()]


def _read_csv(path: str, text: str, out: Allowlist) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    start = 0
    if rows and [c.strip().lower() for c in rows[0][:2]] in (["english", "japanese"],
                                                             ["source", "target"],
                                                             ["name", "forms"]):
        start = 1
    for n, row in enumerate(rows[start:], start=start + 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if len(row) < 2 or not row[0].strip() or not _split(",".join(row[1:])):
            raise UsageError(f"{path}:{n}: expected 'English name,Japanese form[|form...]'")
        key = row[0].strip()
        out.names[key.lower()] = tuple(_split("|".join(row[1:])))
        out.where[key.lower()] = f"{os.path.basename(path)}:{n}"


def _read_toml(path: str, text: str, out: Allowlist) -> None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML ({exc})") from None
    table = data.get("names", data)
    for key, value in table.items():
        forms = [value] if isinstance(value, str) else value
        if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
            raise UsageError(f"{path}: [names] {key!r}: expected a string or a list of strings")
        out.names[key.lower()] = tuple(f.strip() for f in forms if f.strip())
        out.where[key.lower()] = os.path.basename(path)


def load_allowlist(paths: tuple[str, ...] | list[str] | None) -> Allowlist:
    """Read CSV (``English,Japanese|Japanese``) or TOML (``[names] "English" = ["...", ...]``)."""
    out = Allowlist()
    for path in paths or ():
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: cannot read the entity allowlist ({exc})") from None
        if str(path).lower().endswith(".toml"):
            _read_toml(str(path), text, out)
        else:
            _read_csv(str(path), text, out)
    return out
