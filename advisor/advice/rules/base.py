"""What a rule emits: a recommendation with typed evidence. Words live in the catalogues.

A rule is one module in this folder (like a yamllint rule): its ``CODE``, its ``ORDER`` in the
report, its thresholds as named constants, ``warns(facts)`` -- the shops for which it gives a
warning or critical recommendation, for the batch table, all shops at once -- and
``advise(shop, category)`` -- the recommendation for one shop, or None. ``shop`` maps each fact
to that shop's value. docs/recommendations.md explains every rule and names every threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

CRITICAL, WARNING, INFO = "critical", "warning", "info"
SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1, INFO: 2}

# The unit of each evidence value, which decides how it is shown:
SHARE = "share"  # a fraction: 0.3 is shown as 30.0%
PROBABILITY = "probability"  # a fraction shown as a whole percent
MONEY = "money"  # in the shop's currency
RATIO = "ratio"  # a plain multiple, shown with two decimals (ROAS 1.92)
MONTHS = "months"  # a month number or a count of months
COUNT = "count"  # a whole number of things (draws)
CODE = "code"  # a code with a translated name (a social-commerce mode, a category)


@dataclass(frozen=True)
class Evidence:
    """One figure behind a recommendation.

    ``names``: for a ``CODE``, the catalogue prefix of its translated name (``mode``).
    ``missing``: the message key shown when the value is None (default: a dash).
    """

    value: float | int | str | None
    unit: str
    names: str | None = None
    missing: str | None = None


@dataclass(frozen=True)
class Recommendation:
    """One piece of advice as data: what the output edge needs to word it in any language.

    The title and advice are the catalogue entries ``rec.<code>[.<variant>].title|advice``;
    ``notes`` are further message keys whose text follows the advice.
    """

    code: str
    severity: str
    variant: str | None
    evidence: dict = field(default_factory=dict)  # name -> Evidence, in a stable order
    notes: tuple = ()

    def values(self) -> dict:
        """The evidence as plain values (the JSON contract: numbers, shares as fractions)."""
        return {name: e.value for name, e in self.evidence.items()}


def number(value) -> float | None:
    """A fact as a plain float; None where it is not finite (no break-even when nothing pays)."""
    value = float(value)
    return value if math.isfinite(value) else None


def share(value) -> Evidence:
    return Evidence(number(value), SHARE)


def money(value) -> Evidence:
    return Evidence(number(value), MONEY)


def ratio(value) -> Evidence:
    return Evidence(number(value), RATIO)


def months(value, missing: str | None = None) -> Evidence:
    """A month number; 0 or None means "none" (shown as ``missing``)."""
    return Evidence(int(value) or None if value is not None else None, MONTHS, missing=missing)
