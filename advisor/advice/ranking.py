"""Scoring a portfolio: checked profiles in, one result row per shop out, ranked by health.

``score_profiles`` is the scoring core every batch engine maps over its chunks: one vectorised
model call for all the shops it is given, so a shop's row never depends on which shops share
its chunk. ``COLUMNS`` is the result table's schema, which the batch writers read.
"""

from __future__ import annotations

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


def score_profiles(items: list) -> list[list]:
    """[(source, Profile)] -> result rows (lists in COLUMNS order; ``rank`` is filled by ``rank``)."""
    if not items:
        return []
    import numpy as np

    from advisor.advice import facts as shop_facts
    from advisor.advice import rules, score
    from advisor.advice.rules.social_mode import social_mode
    from advisor.model.assumptions import from_profiles
    from advisor.model.strategies import run

    if len(items) > SUB_BATCH:
        return [row for k in range(0, len(items), SUB_BATCH) for row in score_profiles(items[k:k + SUB_BATCH])]
    a = from_profiles([p for _, p in items])
    months = max(int(np.max(a.horizon)), MARGIN_MONTHS)
    outcome = run(a, months)
    facts = shop_facts.compute(a, outcome, months, outside=[p.outside_plausible() for _, p in items])
    health = score.health_score(facts)
    codes = rules.top_codes(facts)
    first_year = {name: s.projection.margin_over(MARGIN_MONTHS) for name, s in outcome.strategies.items()}
    d = outcome.decision
    ads_gain, pool_gain, change = d.ads_gain, d.pool_gain, facts["ad_budget_change"]
    runs = d.runs_pool
    rows = []
    for i, (source, p) in enumerate(items):
        mode, _ = social_mode(p.category, p["sales.repeat_order_share"], p["sales.average_order_value"], p.currency)
        overtake = int(outcome.overtake_month[i])
        rows.append([  # in COLUMNS order; a list (not a dict) keeps a million rows small
            0, p.name, source, int(health[i]), float(facts["net_margin"][i]),
            float(first_year["platform_ads"][i]), float(first_year["tuned_ads"][i]), float(first_year["private_pool"][i]),
            float(first_year["best_mix"][i]), float(ads_gain[i]), float(pool_gain[i]), float(change[i]), bool(runs[i]),
            overtake or None, mode, codes[i], p.currency,
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
