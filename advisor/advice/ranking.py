"""Scoring a portfolio: checked profiles in, one result row per shop out, ranked by health.

``score`` is the scoring core every batch engine maps over its chunks -- profiles
(``score_profiles``) or checked blocks of table rows (``score_block``) -- one vectorised model call
for all the shops it is given, so a shop's row never depends on which shops share its chunk.
``COLUMNS`` is the result table's schema, which the batch writers read.
"""

from __future__ import annotations

from typing import NamedTuple

SUB_BATCH = 1500
"""Shops projected together: about 40,000 plan cells, whose arrays stay in the processor's cache
(2 MB of L2 here); larger batches wait on memory, smaller ones on Python."""

MARGIN_MONTHS = 12
"""The batch table compares strategies on their first-year margin: profit / revenue over
months 1-12 (a whole year, so a setup-cost month or a seasonal blip does not dominate)."""

COLUMNS = ("rank", "name", "source", "health_score", "net_margin", "margin_12m_platform_ads",
           "margin_12m_tuned_ads", "margin_12m_private_pool", "margin_12m_best_mix", "ads_gain", "pool_gain",
           "best_ad_budget_change", "runs_pool", "pool_overtakes_month", "social_mode", "recommendations", "currency")
"""The result table's columns; ``currency`` (of ``ads_gain`` and ``pool_gain``) came last, so the
earlier columns kept their positions."""
INDEX = {name: i for i, name in enumerate(COLUMNS)}
RANK, HEALTH = INDEX["rank"], INDEX["health_score"]


class Shops(NamedTuple):
    """What the score needs of a set of shops besides the model's inputs, one entry per shop."""

    sources: list
    names: list
    categories: list
    currencies: list
    outside: list  # the assumptions each pins outside their plausible range


def score_profiles(items: list) -> list[list]:
    """[(source, Profile)] -> result rows (lists in COLUMNS order; ``rank`` is filled by ``rank``)."""
    if not items:
        return []
    from advisor.model.assumptions import from_profiles

    if len(items) > SUB_BATCH:
        return [row for k in range(0, len(items), SUB_BATCH) for row in score_profiles(items[k:k + SUB_BATCH])]
    profiles = [p for _, p in items]
    shops = Shops([source for source, _ in items], [p.name for p in profiles], [p.category for p in profiles],
                  [p.currency for p in profiles], [p.outside_plausible() for p in profiles])
    return score(from_profiles(profiles), shops)


def score_block(path: str, block) -> list[list]:
    """A checked block of table rows (``profile.columns.Block``) -> result rows."""
    from advisor.model.assumptions import from_columns
    from advisor.profile import columns

    n = len(block.lines)
    if n > SUB_BATCH:
        return [row for k in range(0, n, SUB_BATCH) for row in score_block(path, columns.take(block, k, k + SUB_BATCH))]
    variable, fixed = columns.fixed_and_variable(block)
    shops = Shops([f"{path}:{line}" for line in block.lines], block.names, block.categories, block.currencies,
                  columns.outside_plausible(block))
    return score(from_columns(block.values, variable, fixed), shops)


def score(a, shops: Shops) -> list[list]:
    """The scoring core: one vectorised model call for all the shops given (so a shop's row never
    depends on which shops share its chunk), then the facts, the health score and the codes."""
    import numpy as np

    from advisor.advice import facts as shop_facts
    from advisor.advice import rules
    from advisor.advice import score as health
    from advisor.advice.rules.social_mode import social_modes
    from advisor.model.strategies import run

    months = max(int(np.max(a.horizon)), MARGIN_MONTHS)
    outcome = run(a, months)
    facts = shop_facts.compute(a, outcome, months, outside=shops.outside)
    scores = health.health_score(facts)
    codes = rules.top_codes(facts)
    first_year = {name: s.projection.margin_over(MARGIN_MONTHS) for name, s in outcome.strategies.items()}
    d = outcome.decision
    numbers = np.stack([facts["net_margin"], first_year["platform_ads"], first_year["tuned_ads"],
                        first_year["private_pool"], first_year["best_mix"], d.ads_gain, d.pool_gain,
                        facts["ad_budget_change"]], axis=1).tolist()
    runs = d.runs_pool.tolist()
    overtake = outcome.overtake_month.tolist()
    modes = social_modes(shops.categories, a.repeat_share, a.order_value, shops.currencies)
    healths = scores.astype(int).tolist()
    rows = []
    for i, source in enumerate(shops.sources):
        rows.append([  # in COLUMNS order; a list (not a dict) keeps a million rows small
            0, shops.names[i], source, healths[i], *numbers[i], runs[i], overtake[i] or None, modes[i], codes[i],
            shops.currencies[i],
        ])
    return rows


def rank(rows: list, sort: str = "-health_score") -> list:
    """Number the rows by health (1 = healthiest), then order them by ``sort``
    (a column name; a leading ``-`` sorts descending). Ties keep input order."""
    by_health = sorted(range(len(rows)), key=lambda i: -rows[i][HEALTH])
    for position, i in enumerate(by_health, start=1):
        rows[i][RANK] = position
    descending = sort.startswith("-")
    column = INDEX[sort.lstrip("-")]
    present = [r for r in rows if r[column] is not None]
    missing = [r for r in rows if r[column] is None]  # "never" overtakes etc.: always last
    present.sort(key=lambda r: r[column], reverse=descending)  # stable either way
    return present + missing


def as_dict(row: list) -> dict:
    return dict(zip(COLUMNS, row))
