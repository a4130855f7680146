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
    masks = [(rule.CODE, rule.warns(facts)) for rule in RULES]
    shops = len(masks[0][1]) if masks else 0
    return [" ".join(code for code, mask in masks if mask[i]) for i in range(shops)]


def evaluate(facts: dict, shops: list[ShopInfo]) -> list[list[Recommendation]]:
    """Recommendations per shop, most severe first (ties in report order)."""
    result = []
    for i, info in enumerate(shops):
        shop = {name: values[i] for name, values in facts.items()}
        recs = [rec for rule in RULES if (rec := rule.advise(shop, info)) is not None]
        recs.sort(key=lambda r: SEVERITY_ORDER[r.severity])
        result.append(recs)
    return result
