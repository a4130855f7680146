"""The registry of recommendation rules: every module in this folder but ``base``.

A new rule is a new module (see ``base`` for what it defines) plus its words in the two
catalogues and its section in docs/recommendations.md; nothing else needs to change.
"""

from __future__ import annotations

import importlib
import pkgutil

from advisor.advice.rules.base import SEVERITY_ORDER, Recommendation, ShopInfo


def _discover() -> tuple:
    modules = [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
               if info.name != "base" and not info.name.startswith("_")]
    return tuple(sorted(modules, key=lambda m: m.ORDER))


RULES = _discover()
"""The rule modules, in report order."""
CODES = tuple(rule.CODE for rule in RULES)


def top_codes(facts: dict) -> list[str]:
    """Per shop, the codes of its warning and critical recommendations, most severe first
    (space-separated: the batch table's ``recommendations`` column)."""
    import numpy as np

    masks = [(rule.CODE, np.asarray(rule.warns(facts), dtype=bool)) for rule in RULES]
    if not masks:
        return []
    # each shop's set of warnings as one number; the few distinct sets are spelled out once
    pattern = np.zeros(len(masks[0][1]), dtype=np.int64)
    for bit, (_, mask) in enumerate(masks):
        pattern |= mask.astype(np.int64) << bit
    spelled = {p: " ".join(code for bit, (code, _) in enumerate(masks) if p >> bit & 1)
               for p in set(pattern.tolist())}
    return [spelled[p] for p in pattern.tolist()]


def evaluate(facts: dict, shops: list[ShopInfo]) -> list[list[Recommendation]]:
    """Recommendations per shop, most severe first (ties in report order)."""
    result = []
    for i, info in enumerate(shops):
        shop = {name: values[i] for name, values in facts.items()}
        recs = [rec for rule in RULES if (rec := rule.advise(shop, info)) is not None]
        recs.sort(key=lambda r: SEVERITY_ORDER[r.severity])
        result.append(recs)
    return result
