"""Scalar reference for the shop projection model, version 2 (design.md section 4).

Plain Python (no numpy), one shop, one plan and one month at a time, written independently of
advisor.model so that the vectorised model can be checked against it to 1e-9 relative.

Symbols (keys of the parameter dict ``p``):
    R0 revenue, AOV order_value, r0 repeat_share, v variable_share, F = fixed_share * R0,
    m marketing_share, psi acquisition_share, o organic_share, h organic_growth (yearly),
    beta organic_follows_sales, g cac_growth (yearly), e elasticity, rho retention (monthly),
    j join_rate, U order_uplift, chi churn_ratio, f_m member_orders, c_m member_churn,
    d member_discount, k referrals, M_max max_members, w referral_reward, phi membership_fee,
    S setup_cost, Op operating_cost, cm member_cost, s budget_shift, y discount_rate (yearly),
    H horizon (months). member_orders, member_churn and max_members may be nan (= derive).
"""

import math

PAYMENT_FEE = 0.006  # an own mini-program pays this share of the member price instead of platform fees

CROWN = dict(  # the crown womenswear store of the design's plausibility check
    revenue=600000.0,
    order_value=220.0,
    repeat_share=0.2,
    variable_share=0.30 + 0.08 + 0.05 + 0.05 + 0.3 * 0.12,
    platform_fee_share=0.05,
    fixed_share=0.7 * 0.12,
    marketing_share=0.40,
    acquisition_share=0.8,
    organic_share=0.3,
    organic_growth=-0.05,
    organic_follows_sales=0.5,
    cac_growth=0.20,
    elasticity=0.3,
    retention=0.85,
    join_rate=0.06,
    order_uplift=1.3,
    churn_ratio=0.7,
    member_orders=math.nan,
    member_churn=math.nan,
    orders_on_platform=1.0,
    member_discount=0.05,
    referrals=0.02,
    max_members=math.nan,
    referral_reward=11.0,
    membership_fee=0.0,
    setup_cost=30000.0,
    operating_cost=12000.0,
    member_cost=2.2,
    budget_shift=0.3,
    discount_rate=0.10,
    horizon=24,
)


def derive(p):
    """Month-0 calibration.

    O0 orders today, n0 new customers today, A0 ad spend today, o_eff / psi_eff the organic and
    acquisition shares after the edge cases (no ads: all organic; no repeat orders: all ads buy new
    customers), q0 / p0 organic / bought new customers today, u ad money per repeat platform order,
    C0 platform customer base, fp repeat orders per platform customer per month, f_m / c_m member
    order rate / churn, M_max referral saturation, price_m member price, unit_m cost of one member
    order, i monthly discount rate.
    """
    R0, aov, r0 = p["revenue"], p["order_value"], p["repeat_share"]
    O0 = R0 / aov
    n0 = (1 - r0) * O0
    A0 = p["marketing_share"] * R0
    o_eff = 1.0 if A0 == 0 else p["organic_share"]
    psi_eff = 1.0 if r0 == 0 else p["acquisition_share"]
    u = (1 - psi_eff) * A0 / (r0 * O0) if r0 > 0 else 0.0
    C0 = n0 / (1 - p["retention"])
    fp = r0 * O0 / C0
    f_m = p["member_orders"] if not math.isnan(p["member_orders"]) else p["order_uplift"] * fp
    c_m = p["member_churn"] if not math.isnan(p["member_churn"]) else min(1.0, p["churn_ratio"] * (1 - p["retention"]))
    M_max = p["max_members"] if not math.isnan(p["max_members"]) else C0 + 12 * n0
    price_m = aov * (1 - p["member_discount"])
    if p["orders_on_platform"]:
        unit_m = p["variable_share"] * aov
    else:
        unit_m = (p["variable_share"] - p["platform_fee_share"]) * aov + PAYMENT_FEE * price_m
    return dict(
        O0=O0,
        n0=n0,
        A0=A0,
        o_eff=o_eff,
        psi_eff=psi_eff,
        q0=o_eff * n0,
        p0=(1 - o_eff) * n0,
        u=u,
        C0=C0,
        fp=fp,
        f_m=f_m,
        c_m=c_m,
        M_max=M_max,
        price_m=price_m,
        unit_m=unit_m,
        i=(1 + p["discount_rate"]) ** (1 / 12) - 1,
    )


def project_one(p, months, a1, taper, pool):
    """Months t = 1..months of one plan: first-month ad level a1 (times today's acquisition
    budget), held (taper False) or tapering by tau a month; the member pool on or off.

    Per month: a_t ad level, p_t / q_t paid / organic new customers, n_t all new customers,
    J_t returning buyers who join, C_t platform base, R_t repeat platform orders, ref_t referrals
    (first orders at the member price), mo_t member orders, M_t members, P_t platform orders.
    """
    c = derive(p)
    aov, v, R0, rho, g, e = (
        p["order_value"],
        p["variable_share"],
        p["revenue"],
        p["retention"],
        p["cac_growth"],
        p["elasticity"],
    )
    j = p["join_rate"] if pool else 0.0
    k = p["referrals"] if pool else 0.0
    on_platform = bool(p["orders_on_platform"])
    tau = (1 + g) ** (-1 / (12 * e)) if taper and e > 0 else 1.0
    F = p["fixed_share"] * R0
    C, M, P_prev = c["C0"], 0.0, c["O0"]
    rows = []
    for t in range(1, months + 1):
        a = min(2.0, a1 * tau ** (t - 1))
        paid = c["p0"] * a ** (1 - e) * (1 + g) ** (-t / 12) if a > 0 else 0.0
        organic = (
            c["q0"] * (1 + p["organic_growth"]) ** (t / 12) * (P_prev / c["O0"]) ** p["organic_follows_sales"]
        )  # 0.0 ** 0 == 1.0
        n = paid + organic
        J = j * min(c["fp"], rho) * C
        C = max(0.0, rho * C - J + (1 - j) * n)
        R = c["fp"] * (C + J)
        ref = k * M * max(0.0, 1 - M / c["M_max"]) if pool and c["M_max"] > 0 else 0.0
        mo = c["f_m"] * (1 - c["c_m"]) * M  # members who stay the month order, as platform customers do
        M_prev, M = M, (1 - c["c_m"]) * M + j * n + J + ref
        P = n + R + (mo + ref if on_platform else 0.0)
        revenue = aov * (n + R) + c["price_m"] * (mo + ref)
        ads = c["psi_eff"] * a * c["A0"] + c["u"] * R
        pool_cost = fees = 0.0
        if pool:
            pool_cost = (
                (p["setup_cost"] if t == 1 else 0.0)
                + p["operating_cost"]
                + p["member_cost"] * M_prev
                + p["referral_reward"] * ref
            )
            fees = p["membership_fee"] * M_prev
        profit = aov * (1 - v) * (n + R) + (c["price_m"] - c["unit_m"]) * (mo + ref) - F - ads - pool_cost + fees
        rows.append(
            dict(
                revenue=revenue,
                profit=profit,
                members=M,
                ad_spend=ads,
                platform_orders=P,
                customers=C,
                new_customers=n,
                member_orders=mo + ref,
            )
        )
        P_prev = P
    return rows


def terminal_value(p, rows, horizon):
    """Gupta-Lehmann customer equity of the platform base and members at month H, members valued
    as ordinary platform customers: (C_H + M_H) mc rho / (1 + i - rho), discounted to today;
    mc = fp (AOV (1 - v) - u) is one platform customer's monthly contribution."""
    c = derive(p)
    rho, last = p["retention"], rows[horizon - 1]
    mc = c["fp"] * (p["order_value"] * (1 - p["variable_share"]) - c["u"])
    equity = (last["customers"] + last["members"]) * mc * rho / (1 + c["i"] - rho)
    return equity * (1 + p["discount_rate"]) ** (-horizon / 12)


def discounted_profit(p, rows, horizon):
    """Sum over t = 1..H of profit_t (1 + y)^(-t/12)."""
    y = p["discount_rate"]
    return sum(rows[t - 1]["profit"] * (1 + y) ** (-t / 12) for t in range(1, horizon + 1))


def value(p, months, a1, taper, pool):
    """Discounted profit over t = 1..H plus terminal value; H = int(p["horizon"]) <= months."""
    H = int(p["horizon"])
    rows = project_one(p, months, a1, taper, pool)
    return discounted_profit(p, rows, H) + terminal_value(p, rows, H)


def best_plan(p, pool, step=0.01):
    """Brute force over a1 = 0, step, ..., 2, hold first then taper (taper only when e > 0).
    Returns (value, a1, taper); a strictly better value is needed to replace (ties: first found)."""
    H = int(p["horizon"])
    grid = [round(i * step, 12) for i in range(round(2 / step) + 1)]
    families = (False, True) if p["elasticity"] > 0 else (False,)
    best = None
    for taper in families:
        for a1 in grid:
            val = value(p, H, a1, taper, pool)
            if best is None or val > best[0]:
                best = (val, a1, taper)
    return best


def decision(p, step=0.01):
    """Values of today's plan, the tuned ad plan, the best pool plan and the profile's own pool
    plan (a1 = 1 - budget_shift, held), and the split of the gain into ads_gain and pool_gain."""
    H = int(p["horizon"])
    platform = value(p, H, 1.0, False, False)
    tuned = best_plan(p, False, step)[0]
    best_pool = best_plan(p, True, step)[0]
    return {
        "value_platform_ads": platform,
        "value_tuned_ads": tuned,
        "value_best_pool": best_pool,
        "ads_gain": tuned - platform,
        "pool_gain": best_pool - tuned,
        "value_private_pool": value(p, H, 1 - p["budget_shift"], False, True),
    }
