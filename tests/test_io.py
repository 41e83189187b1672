"""Reading inputs: encodings, BOM, CRLF and every kind of bad file gives one InputError."""

from __future__ import annotations

import codecs

import pytest

from mtqa.errors import InputError
from mtqa.io import decode_bytes, read_text

JA = "ウクライナの軍人は榴弾砲を発射します。\n"


def test_utf8_with_bom_drops_only_the_bom():
    d = decode_bytes(codecs.BOM_UTF8 + JA.encode(), "f")
    assert d.text == JA and d.encoding == "utf-8-sig"


def test_crlf_is_kept_so_offsets_match_the_file():
    d = decode_bytes("a\r\nb\r\n".encode(), "f")
    assert d.text == "a\r\nb\r\n"


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (b"", "empty"),
        (b"  \n\n \t", "no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (JA.encode("shift_jis"), "Shift_JIS"),
        (JA.encode("euc_jp"), "EUC-JP"),
        (JA.encode("utf-16"), "UTF-16"),
        ("Hello world, this is English.\n".encode("utf-16-le"), "UTF-16"),
    ],
)
def test_bad_bytes_are_named(data, needle):
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "doc.txt")
    assert needle in str(exc.value)
    assert str(exc.value).startswith("doc.txt:")
    assert "\n" not in str(exc.value)


def test_explicit_encoding_reads_legacy_files(tmp_path):
    p = tmp_path / "sjis.txt"
    p.write_bytes(JA.encode("shift_jis"))
    assert read_text(p, "shift_jis").text == JA
    with pytest.raises(InputError, match="unknown encoding"):
        read_text(p, "no-such-codec")


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_reading_never_modifies_the_file(tmp_path):
    p = tmp_path / "a.txt"
    raw = codecs.BOM_UTF8 + "line\r\n".encode()
    p.write_bytes(raw)
    before = p.stat().st_mtime_ns
    read_text(p)
    assert p.read_bytes() == raw and p.stat().st_mtime_ns == before
