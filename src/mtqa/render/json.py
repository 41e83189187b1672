"""JSON output: the versioned contract in ``model.Result.to_dict``; byte-identical for equal input."""

from __future__ import annotations

import json
from typing import Any

from ..model import Result


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(result: Result) -> str:
    return dumps(result.to_dict())
