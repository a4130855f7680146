"""Shop figures derived from a profile's values: the one place each is computed.

Plain arithmetic that works on numbers and on numpy arrays alike (one element per shop), used
by today's P&L, the validation warnings, the advice facts and the batch table. numpy is only
imported when an array comes in, so validating a profile never pays for it.
"""

from __future__ import annotations

import math


def new_orders(revenue, order_value, repeat_share):
    """n0 = (1 - r0) R0 / AOV: today's first orders a month, one per new customer."""
    return (1 - repeat_share) * revenue / order_value


def implied_cac(revenue, order_value, repeat_share, marketing_share, organic_share=0.0, acquisition_share=1.0):
    """CAC0 = psi A0 / p0: what one new customer bought with ads costs today, from the costs.

    Of the ad budget A0 = m R0 a share psi (``acquisition_share``) buys new customers; of today's
    new customers n0 a share o (``organic_share``) came without ads, so p0 = (1 - o) n0 were
    bought. No ad spend: no bought customers, CAC 0. No repeat orders: all the budget acquires.
    """
    spend = marketing_share * revenue
    bought = (1 - organic_share) * new_orders(revenue, order_value, repeat_share)
    psi = _where(repeat_share > 0, acquisition_share, 1.0)
    return _where(spend > 0, _ratio(psi * spend, bought), 0.0)


def repeat_rate(repeat_share, retention):
    """fp = r0 O0 / C0 = r0 (1 - rho) / (1 - r0): repeat orders per platform customer per month,
    with the customer base C0 = n0 / (1 - rho) that today's new customers and retention sustain."""
    return repeat_share * (1 - retention) / (1 - repeat_share)


def member_churn(p) -> float:
    """c_m: the profile's measured member churn, else churn_ratio x the platform churn (at most 1)."""
    churn = p.values.get("pool.monthly_churn")
    if churn is not None:
        return churn
    return min(1.0, p["pool.churn_ratio"] * (1 - p["ads.customer_retention_per_month"]))


def max_members(p) -> float:
    """M_max: the profile's cap, else the customers the shop reaches in a year, C0 + 12 n0."""
    cap = p.values.get("pool.max_members")
    if cap is not None:
        return cap
    n0 = new_orders(p["sales.monthly_revenue"], p["sales.average_order_value"], p["sales.repeat_order_share"])
    return n0 / (1 - p["ads.customer_retention_per_month"]) + 12 * n0


def contribution_margin(variable_share):
    """1 - v: the share of revenue left after the costs that scale with orders, before marketing."""
    return 1 - variable_share


NET_MARGIN_DIGITS = 12
"""Today's net margin is rounded to 12 decimals: shares that add up to 100% must show a margin of
exactly 0, not the -1e-17 that summing binary fractions leaves (a "loss" nobody has)."""


def net_margin(variable_share, marketing_share, fixed_share):
    """1 - v - m - fixed: today's net margin."""
    margin = 1 - variable_share - marketing_share - fixed_share
    if isinstance(margin, (int, float)):
        return round(margin, NET_MARGIN_DIGITS)
    import numpy as np

    return np.round(margin, NET_MARGIN_DIGITS)


def _where(condition, yes, no):
    if isinstance(condition, bool):
        return yes if condition else no
    import numpy as np

    return np.where(condition, yes, no)


def _ratio(num, den):
    if isinstance(den, (int, float)):
        return num / den if den else math.inf
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return num / den


def break_even_roas(variable_share):
    """1 / (1 - v): revenue one unit of ad money must bring to pay for itself; infinite when
    each order already costs more than it brings."""
    contribution = contribution_margin(variable_share)
    if isinstance(contribution, (int, float)):
        return 1 / contribution if contribution > 0 else math.inf
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(contribution > 0, 1 / contribution, np.inf)
