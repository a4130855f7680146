"""The figures: paid orders in, the profile's sales and customer figures out, with the data quality
behind them and a warning wherever a figure is left out. Pure: no files, no clock, no words.

Every threshold below has one home and a reason; docs/calibrate.md repeats them for users.
"""

from __future__ import annotations

import numpy as np

from advisor.calibrate import cohorts
from advisor.calibrate.orders import Orders

MIN_CUSTOMERS = 500
MIN_DAYS = 180
"""Klaviyo's bar for predictive customer figures: at least 500 customers who ordered and 180 days
of orders. Below it, repeat share and retention are left out: they would be noise."""

RECENT_MONTHS = 3
"""Monthly revenue and order value are the average of the last three full months: recent enough
to be today's shop, long enough to smooth a single odd month."""

MAX_MISSING_KEYS = 0.5
"""When more than half the orders have no usable customer key, customer figures are left out."""

MIN_VISIBLE = 4
"""A masked key showing fewer characters than this (``t**8``) is shared by many customers."""

MASKED_SHARE = 0.05
"""More than 5% of keys masked makes the key approximate."""

MIN_SECOND_ORDERS = 30
"""The time to a second order is given from 30 second orders on."""

SEASON_MONTHS = 12
"""Seasonality is judged over the last twelve full months."""

SEASONAL_GAP = 0.15
"""A recent window 15% above or below the twelve-month average gets a warning."""

PROFILE_KEYS = {
    "monthly_revenue": "sales.monthly_revenue",
    "average_order_value": "sales.average_order_value",
    "repeat_order_share": "sales.repeat_order_share",
    "retention_per_month": "ads.customer_retention_per_month",
}
"""The figures a profile takes, and where."""

KEY_EXACT, KEY_APPROXIMATE, KEY_UNUSABLE, KEY_NONE = "exact", "approximate", "unusable", "none"


def _month_text(month: int) -> str:
    return f"{1970 + month // 12:04d}-{month % 12 + 1:02d}"


def _period(orders: Orders) -> dict:
    days = orders.time.astype("datetime64[D]")
    first, last = days.min(), days.max()
    first_month = int(first.astype("datetime64[M]").astype(np.int64))
    last_month = int(last.astype("datetime64[M]").astype(np.int64))
    starts_on_first = first == first.astype("datetime64[M]").astype("datetime64[D]")
    ends_on_last = (last + 1).astype("datetime64[M]") != last.astype("datetime64[M]")
    first_full = first_month + (0 if starts_on_first else 1)
    last_full = last_month - (0 if ends_on_last else 1)
    span = int((last - first).astype(np.int64)) + 1
    return {"first_order": str(first), "last_order": str(last), "days": span, "months": round(span / 30.4375, 1),
            "first_month": first_month, "last_month": last_month, "first_full": first_full, "last_full": last_full,
            "full_months": max(0, last_full - first_full + 1)}


def _key_quality(orders: Orders, contact_keys: bool, customer_column: bool) -> dict:
    keyed = orders.customer != 0
    without = float(1 - keyed.mean()) if orders.customer.size else 1.0
    masked = orders.masked[keyed]
    masked_share = float(masked.mean()) if masked.size else 0.0
    visible = orders.visible[keyed][masked]
    median_visible = float(np.median(visible)) if visible.size else None
    if not customer_column:
        reliability = KEY_NONE
    elif without > MAX_MISSING_KEYS or (masked_share > 0.5 and median_visible is not None
                                        and median_visible < MIN_VISIBLE):
        reliability = KEY_UNUSABLE
    elif contact_keys or masked_share > MASKED_SHARE:
        reliability = KEY_APPROXIMATE
    else:
        reliability = KEY_EXACT
    return {"orders_without_key_share": without, "masked_key_share": masked_share, "key_reliability": reliability,
            "contact_keys": contact_keys}


def measure(orders: Orders, contact_keys: bool = False, customer_column: bool = True) -> dict:
    """Measure paid orders (at least one). ``contact_keys``: some keys are contact details
    (recipient + masked phone); ``customer_column``: the exports had a customer column at all."""
    warnings: list[dict] = []
    period = _period(orders)
    months = orders.time.astype("datetime64[M]").astype(np.int64)
    seconds = orders.time.astype(np.int64)
    span = period["last_month"] - period["first_month"] + 1
    index = months - period["first_month"]
    revenue = np.bincount(index, weights=orders.net, minlength=span)
    count = np.bincount(index, minlength=span)
    monthly = [{"month": _month_text(period["first_month"] + i), "revenue": float(revenue[i]), "orders": int(count[i]),
                "full": period["first_full"] <= period["first_month"] + i <= period["last_full"]} for i in range(span)]

    figures: dict = dict.fromkeys(("monthly_revenue", "average_order_value", "repeat_order_share",
                                   "retention_per_month", "monthly_churn", "repeat_orders_per_customer_per_month",
                                   "implied_repeat_order_share"))
    window: list[int] = []
    if period["full_months"]:
        window = list(range(max(period["first_full"], period["last_full"] - RECENT_MONTHS + 1), period["last_full"] + 1))
        in_window = (months >= window[0]) & (months <= window[-1])
        figures["monthly_revenue"] = float(orders.net[in_window].sum() / len(window))
        figures["average_order_value"] = float(orders.net[in_window].mean())
    else:
        warnings.append({"code": "no-full-month"})
    figures["window"] = [_month_text(m) for m in window]

    quality = _key_quality(orders, contact_keys, customer_column)
    keyed = orders.customer != 0
    seq = cohorts.sequence(orders.customer[keyed], months[keyed], seconds[keyed])
    quality.update(orders=int(orders.net.size), customers=seq.customers, refunds_netted=orders.refunds,
                   enough_data=seq.customers >= MIN_CUSTOMERS and period["days"] >= MIN_DAYS,
                   minimum_customers=MIN_CUSTOMERS, minimum_days=MIN_DAYS)

    table = cohorts.cohort_table(seq, period["first_month"], period["last_full"]) if seq.customers else None
    second = None
    reliability = quality["key_reliability"]
    if reliability == KEY_NONE:
        warnings.append({"code": "no-customer-column"})
    elif reliability == KEY_UNUSABLE:
        warnings.append({"code": "keys-unusable", "share": quality["orders_without_key_share"],
                         "masked": quality["masked_key_share"]})
    elif not quality["enough_data"]:
        warnings.append({"code": "not-enough-data", "customers": seq.customers, "days": period["days"],
                         "minimum_customers": MIN_CUSTOMERS, "minimum_days": MIN_DAYS})
    else:
        if reliability == KEY_APPROXIMATE:
            warnings.append({"code": "keys-approximate", "masked": quality["masked_key_share"]})
        if window:
            in_window = (seq.month >= window[0]) & (seq.month <= window[-1])
            figures["repeat_order_share"] = float((seq.rank[in_window] > 0).mean()) if in_window.any() else None
            if window[0] - period["first_month"] < 12:
                warnings.append({"code": "short-history", "months": window[0] - period["first_month"]})
        fit = cohorts.fit_retention(table) if table is not None else None
        if fit is None:
            warnings.append({"code": "no-retention-fit"})
        else:
            if fit.capped:
                warnings.append({"code": "retention-capped", "cap": cohorts.MAX_RETENTION})
            figures.update(retention_per_month=fit.retention, monthly_churn=1 - fit.retention,
                           repeat_orders_per_customer_per_month=fit.repeat_rate,
                           implied_repeat_order_share=fit.repeat_rate / (1 - fit.retention + fit.repeat_rate))
        second = cohorts.second_orders(seq, int(seconds.max()))
        if second["customers_with_second_order"] < MIN_SECOND_ORDERS:
            second = None

    seasonality = _seasonality(revenue, period, figures, warnings)
    return {
        "period": {k: period[k] for k in ("first_order", "last_order", "days", "months", "full_months")},
        "quality": quality,
        "figures": figures,
        "second_order": second,
        "monthly": monthly,
        "cohorts": _cohort_rows(table) if table is not None else [],
        "seasonality": seasonality,
        "warnings": warnings,
    }


def _cohort_rows(table: cohorts.CohortTable) -> list[dict]:
    shares = cohorts.active_shares(table)
    return [{"month": _month_text(table.first_month + c), "customers": int(table.sizes[c]), "active": shares[c]}
            for c in range(table.sizes.size) if table.sizes[c]]


def _seasonality(revenue: np.ndarray, period: dict, figures: dict, warnings: list) -> dict | None:
    if period["full_months"] < SEASON_MONTHS:
        warnings.append({"code": "no-seasonality", "months": period["full_months"], "needed": SEASON_MONTHS})
        return None
    last = period["last_full"] - period["first_month"]
    year = revenue[last - SEASON_MONTHS + 1: last + 1]
    median = float(np.median(year))
    if median <= 0:
        return None
    peak, low = int(np.argmax(year)), int(np.argmin(year))
    first = period["last_full"] - SEASON_MONTHS + 1
    recent = (figures["monthly_revenue"] or 0) / float(year.mean())
    if abs(recent - 1) > SEASONAL_GAP:
        warnings.append({"code": "seasonal-window", "ratio": recent - 1})
    return {"months": SEASON_MONTHS, "peak_month": _month_text(first + peak), "peak_to_median": float(year[peak]) / median,
            "low_month": _month_text(first + low), "low_to_median": float(year[low]) / median,
            "recent_to_year_average": recent}


def profile_values(result: dict) -> dict:
    """The measured figures a profile takes, rounded as a person would write them."""
    figures = result["figures"]
    values = {}
    for name, path in PROFILE_KEYS.items():
        value = figures.get(name)
        if value is None:
            continue
        if name == "monthly_revenue":
            value = max(1, round(value))
        elif name == "average_order_value":
            value = max(0.01, round(value, 2))
        else:
            value = min(0.99, round(value, 3))
        values[path] = value
    return values
