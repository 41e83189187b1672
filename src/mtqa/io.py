"""Reading input documents: bytes in, decoded text out, or one clear ``InputError``.

The text is kept exactly as decoded (CRLF stays CRLF) so every offset mtqa reports points into
what the user gave it. A UTF-8 byte-order mark is not part of the text and is dropped; that is the
only change, and offsets are into the text after it.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, OutputError

# Anything larger is almost certainly not one article; it would also make the O(n*m) aligner slow.
MAX_BYTES = 20 * 1024 * 1024

_ENCODING_NAMES = {
    "shift_jis": "Shift_JIS", "cp932": "Shift_JIS (cp932)", "euc_jp": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP", "utf_16": "UTF-16", "utf_16_le": "UTF-16LE",
    "utf_16_be": "UTF-16BE", "utf_32": "UTF-32", "cp1252": "Windows-1252",
    "latin_1": "Latin-1", "iso8859_1": "Latin-1", "gb18030": "GB18030", "big5": "Big5",
    "euc_kr": "EUC-KR", "mac_roman": "Mac Roman",
}


@dataclass(frozen=True)
class DecodedText:
    path: str
    text: str
    encoding: str


def _display(encoding: str) -> str:
    key = codecs.lookup(encoding).name.replace("-", "_")
    return _ENCODING_NAMES.get(key, encoding)


def _guess_utf16(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even = sample[0::2].count(0)
        odd = sample[1::2].count(0)
        half = len(sample) / 2
        if odd > 0.3 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.3 * half and odd < 0.05 * half:
            return "utf-16-be"
    return None


def _guess_encoding(data: bytes) -> str | None:
    """The likely legacy encoding of bytes that are not UTF-8, for the error message."""
    for enc in ("shift_jis", "euc_jp", "iso2022_jp"):
        # Strict Japanese codecs reject most non-Japanese byte soup; prefer them when they fit,
        # since a Japanese translation is the common case here.
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if any("\u3040" <= ch <= "\u30ff" for ch in text):
            return enc
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a core dependency
        return None
    best = from_bytes(data[:200_000]).best()
    return best.encoding if best is not None else None


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> DecodedText:
    """Decode ``data`` as ``encoding`` (or UTF-8 with optional BOM) or raise ``InputError``."""
    if not data:
        raise InputError(f"{path}: the file is empty")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"{path}: unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}: cannot be decoded as {encoding} (byte {exc.start}: {exc.reason})"
            ) from None
        text = text.removeprefix("\ufeff")
        used = encoding
    else:
        utf16 = _guess_utf16(data)
        if utf16 is not None:
            name = _display(utf16)
            raise InputError(
                f"{path}: the file is {name}, not UTF-8; convert it or pass --encoding {utf16}"
            )
        if b"\x00" in data[:8000]:
            raise InputError(f"{path}: looks like a binary file, not plain text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            guess = _guess_encoding(data)
            if guess:
                raise InputError(
                    f"{path}: not valid UTF-8 (byte {exc.start}); it looks like {_display(guess)}: "
                    f"convert it or pass --encoding {codecs.lookup(guess).name}"
                ) from None
            raise InputError(f"{path}: not valid UTF-8 (byte {exc.start}) and not plain text "
                             f"in a known encoding") from None
        used = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    if "\x00" in text:
        raise InputError(f"{path}: looks like a binary file, not plain text")
    if not text.strip():
        raise InputError(f"{path}: the file has no text (only whitespace)")
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > 0.01 * min(len(text), 20000) + 2:
        raise InputError(f"{path}: looks like a binary file, not plain text")
    return DecodedText(path=path, text=text, encoding=used)


def read_text(path: str | os.PathLike[str], encoding: str | None = None) -> DecodedText:
    """Read one input document; never modifies it."""
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise InputError(f"{shown}: no such file")
    if p.is_dir():
        raise InputError(f"{shown}: is a directory, expected a text file")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{shown}: the file is {size / 1e6:.0f} MB; mtqa reads articles up "
                             f"to {MAX_BYTES // (1024 * 1024)} MB")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    return decode_bytes(data, shown, encoding)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def write_atomic(path: str | os.PathLike[str], data: str) -> None:
    """Write a report so that readers never see half a file (missing folders are made).

    Raises ``OutputError`` (one line: the path and why) when it cannot be written."""
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"{p}: is a directory; give a file path for the report")
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
        os.replace(tmp, p)
    except OSError as exc:
        raise OutputError(f"{p}: cannot write the report ({exc.strerror or exc})") from None
    finally:
        try:
            if tmp.exists():
                tmp.unlink()
        except OSError:
            pass
