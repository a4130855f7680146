"""JSON rendering: plain numbers, stable keys, UTF-8 text (not \\u escapes)."""

from __future__ import annotations

import json
import math


def _clean(value):
    """NaN and infinity are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def dumps(data, indent: int | None = 2) -> str:
    return json.dumps(_clean(data), ensure_ascii=False, indent=indent, allow_nan=False)
