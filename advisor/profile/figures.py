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


def implied_cac(revenue, order_value, repeat_share, marketing_share):
    """CAC0 = ad spend / new customers: what one new customer costs today according to the costs."""
    return marketing_share * revenue / new_orders(revenue, order_value, repeat_share)


def contribution_margin(variable_share):
    """1 - v: the share of revenue left after the costs that scale with orders, before marketing."""
    return 1 - variable_share


def net_margin(variable_share, marketing_share, fixed_share):
    """1 - v - m - fixed: today's net margin."""
    return 1 - variable_share - marketing_share - fixed_share


def break_even_roas(variable_share):
    """1 / (1 - v): revenue one unit of ad money must bring to pay for itself; infinite when
    each order already costs more than it brings."""
    contribution = contribution_margin(variable_share)
    if isinstance(contribution, (int, float)):
        return 1 / contribution if contribution > 0 else math.inf
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(contribution > 0, 1 / contribution, np.inf)
