"""What a rule emits: a recommendation with typed evidence. Words live in the catalogues.

A rule is one module in this folder (like a yamllint rule): its ``CODE``, its ``ORDER`` in the
report, its ``VARIANTS`` (each has a title and advice in the catalogues), its thresholds as named
constants, ``warns(facts)`` -- the shops for which it gives a warning or critical recommendation,
for the batch table, all shops at once -- and ``advise(shop, info)`` -- the recommendation for one
shop, or None. ``shop`` maps each fact to
that shop's value; ``info`` is the shop's ``ShopInfo`` (category, currency).
docs/recommendations.md explains every rule and names every threshold.
"""

import math
from typing import NamedTuple

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


class ShopInfo(NamedTuple):
    """What a rule may need to know of a shop besides its figures."""

    category: str
    currency: str


class Evidence(NamedTuple):
    """One figure behind a recommendation.

    ``names``: for a ``CODE``, the catalogue prefix of its translated name (``mode``).
    ``missing``: the message key shown when the value is None (default: a dash).
    """

    value: float | int | str | None
    unit: str
    names: str | None = None
    missing: str | None = None


class Recommendation(NamedTuple):
    """One piece of advice as data: what the output edge needs to word it in any language.

    The title and advice are the catalogue entries ``rec.<code>[.<variant>].title|advice``;
    ``notes`` are further message keys whose text follows the advice.
    """

    code: str
    severity: str
    variant: str | None
    evidence: dict  # name -> Evidence, in a stable order
    notes: tuple = ()
    aliases: tuple = ()  # former codes of the same advice, kept for one version

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


LEVER_UNITS = {
    "pool.order_uplift": RATIO, "pool.churn_ratio": RATIO, "pool.join_rate": SHARE,
    "ads.acquisition_share": SHARE, "pool.monthly_operating_cost": MONEY, "pool.cost_per_member_per_month": MONEY,
    "pool.orders_per_member_per_month": RATIO, "pool.monthly_churn": SHARE, "ads.spend_elasticity": RATIO,
    "ads.organic_share": SHARE, "ads.organic_follows_sales": RATIO, "ads.cac_growth_per_year": SHARE,
}
"""The unit of each assumption a switch point can be about."""


def switch_evidence(point: dict) -> dict:
    """A switch point as evidence: which assumption, where the verdict turns, which way, what was
    assumed and the plausible range (empty when there is no switch point)."""
    if not point:
        return {}
    unit = LEVER_UNITS[point["assumption"]]
    low, high = point["plausible_range"]
    return {
        "switch_assumption": Evidence(point["assumption"], CODE, names="field"),
        "switch_at": Evidence(number(point["switch_at"]), unit),
        "switch_direction": Evidence("above" if point["verdict_holds_above"] else "below", CODE, names="direction"),
        "switch_assumed": Evidence(number(point["assumed"]), unit),
        "switch_plausible_low": Evidence(number(low), unit),
        "switch_plausible_high": Evidence(number(high), unit),
    }
