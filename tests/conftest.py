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
