"""Customers over time: order sequence per customer, the first-order-month cohort table, and the
retention fitted to it. Pure numpy over arrays; no files, no clock.

The model behind the fit is the one the projection uses (docs/model.md): a customer stays with
the shop each month with probability rho (``ads.customer_retention_per_month``) and, while they
stay, places repeat orders at a rate fp per month. A cohort's repeat orders per customer at age k
months after its first-order month are then fp * rho^k, so a straight line through their
logarithm has slope log(rho) and intercept log(fp). Who is "still a customer" cannot be seen in
orders; this decay can, and it does not depend on how many retained customers order in a given
month -- unlike "share of the cohort that ordered in month k", which the table shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIT_AGES = 12
"""Ages (months after the first-order month) the fit uses: the first year, where most repeat
buying happens and which the projection's horizon weighs most."""

MIN_FIT_CUSTOMERS = 50
"""An age enters the fit only when the cohorts observed at that age hold this many customers."""

MIN_FIT_POINTS = 3
"""A line through fewer ages is not a fit."""

MAX_RETENTION = 0.99
"""The profile's bound for ``ads.customer_retention_per_month``."""


@dataclass
class Sequence:
    """Keyed orders sorted by customer, then time."""

    customer: np.ndarray  # customer index 0..customers-1
    month: np.ndarray  # months since 1970-01
    seconds: np.ndarray  # int64 seconds
    rank: np.ndarray  # 0 for a customer's first order, 1 for the second ...
    customers: int


def sequence(customer_keys: np.ndarray, months: np.ndarray, seconds: np.ndarray) -> Sequence:
    """Order the keyed orders by customer and time and number each customer's orders."""
    _, customer = np.unique(customer_keys, return_inverse=True)
    customer = customer.ravel()
    order = np.lexsort((seconds, customer))
    customer, months, seconds = customer[order], months[order], seconds[order]
    starts = np.r_[True, customer[1:] != customer[:-1]] if customer.size else np.empty(0, bool)
    first_row = np.flatnonzero(starts)
    rank = np.arange(customer.size) - np.repeat(first_row, np.diff(np.r_[first_row, customer.size]))
    return Sequence(customer, months, seconds, rank, int(first_row.size))


@dataclass
class CohortTable:
    first_month: int  # month index of row 0
    sizes: np.ndarray  # customers per cohort
    active: np.ndarray  # [cohort, age]: customers who ordered in that month
    repeats: np.ndarray  # [cohort, age]: repeat orders placed in that month
    observable: np.ndarray  # [cohort, age]: the month lies within the complete data


def cohort_table(seq: Sequence, first_month: int, last_complete_month: int) -> CohortTable:
    """Cohorts by first-order month from ``first_month`` on; ages up to the last complete month."""
    span = max(last_complete_month, first_month) - first_month + 1
    cohort_of = seq.month[seq.rank == 0] - first_month  # one per customer, in customer order
    cohort = cohort_of[seq.customer]
    age = seq.month - first_month - cohort
    inside = (cohort < span) & (age >= 0) & (age < span)
    flat = cohort * span + age
    new_month = np.r_[True, (seq.customer[1:] != seq.customer[:-1]) | (seq.month[1:] != seq.month[:-1])]
    size = span * span
    active = np.bincount(flat[new_month & inside], minlength=size)[:size].reshape(span, span)
    repeats = np.bincount(flat[(seq.rank > 0) & inside], minlength=size)[:size].reshape(span, span)
    sizes = np.bincount(cohort_of[cohort_of < span], minlength=span)[:span]
    cohorts, ages = np.indices((span, span))
    observable = cohorts + ages + first_month <= last_complete_month
    return CohortTable(first_month, sizes, active, repeats, observable)


@dataclass
class Fit:
    retention: float  # rho, monthly
    repeat_rate: float  # fp, repeat orders per retained customer per month
    ages: int  # points used
    capped: bool  # rho was above MAX_RETENTION


def fit_retention(table: CohortTable, ages: int = FIT_AGES) -> Fit | None:
    """Weighted least squares of log(repeat orders per cohort customer) on age, ages 1..``ages``;
    None when fewer than ``MIN_FIT_POINTS`` ages have enough customers and repeat orders, or when
    repeat buying does not decline with age (no retention can be read off)."""
    span = table.sizes.size
    k = np.arange(1, min(ages, span - 1) + 1)
    if k.size == 0:
        return None
    observed = table.observable[:, k]
    customers = (table.sizes[:, None] * observed).sum(axis=0)
    repeats = (table.repeats[:, k] * observed).sum(axis=0)
    use = (customers >= MIN_FIT_CUSTOMERS) & (repeats > 0)
    if use.sum() < MIN_FIT_POINTS:
        return None
    x, y, w = k[use].astype(float), np.log(repeats[use] / customers[use]), repeats[use].astype(float)
    design = np.stack([np.ones_like(x), x], axis=1) * np.sqrt(w)[:, None]
    (intercept, slope), *_ = np.linalg.lstsq(design, y * np.sqrt(w), rcond=None)
    if slope >= 0:
        return None
    retention = float(np.exp(slope))
    return Fit(min(retention, MAX_RETENTION), float(np.exp(intercept)), int(use.sum()), retention > MAX_RETENTION)


def active_shares(table: CohortTable) -> list[list[float]]:
    """Per cohort, the share of its customers who ordered in each observable month (age 0 = 1)."""
    rows: list[list[float]] = []
    for c in range(table.sizes.size):
        if table.sizes[c] == 0:
            rows.append([])
            continue
        ages = int(table.observable[c].sum())
        rows.append([float(v) for v in table.active[c, :ages] / table.sizes[c]])
    return rows


def second_orders(seq: Sequence, last_second: int, window_days: int = 90) -> dict:
    """Days from a customer's first to second order: median over those with a second order, and the
    share who ordered again within ``window_days`` among customers first seen at least that long
    before ``last_second`` (the others have not had the chance yet)."""
    first = seq.seconds[seq.rank == 0]
    second_rows = seq.rank == 1
    gap_days = (seq.seconds[second_rows] - first[seq.customer[second_rows]]) / 86400
    eligible = first <= last_second - window_days * 86400
    within = np.zeros(first.size, dtype=bool)
    within[seq.customer[second_rows]] = gap_days <= window_days
    return {"customers_with_second_order": int(second_rows.sum()),
            "median_days": float(np.median(gap_days)) if gap_days.size else None,
            "eligible": int(eligible.sum()),
            "within_window_share": float(within[eligible].mean()) if eligible.any() else None,
            "window_days": window_days}
