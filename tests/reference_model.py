"""A plain-Python, one-shop, one-month-at-a-time implementation of docs/model.md.

Written independently of advisor.model (no numpy) so that the vectorised model can be checked
against it.
"""


def project_one(p, months, budget_shift, runs_pool):
    """p: dict of model parameters (advisor.model.Assumptions field names, scalars)."""
    R0, aov = p["revenue"], p["order_value"]
    orders0 = R0 / aov
    new0 = (1 - p["repeat_share"]) * orders0
    ad0 = p["marketing_share"] * R0
    base0 = new0 / (1 - p["retention"])
    repeat_rate = p["repeat_share"] * orders0 / base0
    shift = budget_shift if runs_pool else 0.0
    ratio = (1 - shift) if ad0 > 0 else 1.0
    ads = ratio * ad0
    join = p["join_rate"] if runs_pool else 0.0
    refer = p["referrals"] if runs_pool else 0.0
    base, members = base0, 0.0
    out = []
    for t in range(1, months + 1):
        cac0 = ad0 / new0 if ad0 > 0 else None
        growth = (1 + p["cac_growth"]) ** (t / 12)
        if cac0 is not None:
            new = (ad0 / (cac0 * growth)) * ratio ** (1 - p["elasticity"])
        else:
            new = new0 / growth
        base = p["retention"] * base + (1 - join) * new
        referred = refer * members
        members = (1 - p["churn"]) * members + join * new + referred
        platform_orders = new + repeat_rate * base
        pool_orders = p["member_orders"] * members + referred
        revenue = aov * platform_orders + aov * (1 - p["member_discount"]) * pool_orders
        variable = p["variable_share"] * aov * (platform_orders + pool_orders)
        pool_cost = 0.0
        if runs_pool:
            pool_cost = p["operating_cost"] + (p["setup_cost"] if t == 1 else 0.0)
        pool_cost += p["referral_reward"] * referred - p["membership_fee"] * members
        profit = revenue - variable - p["fixed_share"] * R0 - ads - pool_cost
        out.append({"revenue": revenue, "profit": profit, "members": members, "ads": ads})
    return out


def discounted(p, rows):
    return sum(r["profit"] * (1 + p["discount_rate"]) ** (-(t + 1) / 12)
               for t, r in enumerate(rows) if t + 1 <= p["horizon"])
