"""Rows of several exports to one table of paid orders: duplicates across files removed, line items
collapsed, cancelled and unpaid orders dropped, refunds netted out. Vectorised: no loop over rows.

Rules (docs/calibrate.md says why):
- an order found in several files is taken from the last file named (a later export carries the
  order's later status: a refund, a cancellation);
- in a layout with one amount per order (Taobao, Pinduoduo, WeChat, Shopify, WooCommerce) an
  order's amount, refund, status and customer are the first filled cells among its rows (Shopify
  fills them on the first line item only); in a layout of sub-orders (Douyin) the amounts and
  refunds of the sub-orders that were not cancelled add up;
- the order's time is the earliest time among its rows;
- dropped: cancelled, closed or unpaid orders; orders refunded in full (by status, or a refund
  at least the amount); orders without an amount, without a date, or of zero value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from advisor.calibrate.cells import DROP, KEEP, REFUNDED

_NAT = np.iinfo(np.int64).min
_LATEST = np.iinfo(np.int64).max


@dataclass
class Orders:
    """Paid orders, one element each."""

    time: np.ndarray  # datetime64[s], the order's wall-clock time as exported
    customer: np.ndarray  # int64 salted key hash; 0: no usable key
    masked: np.ndarray  # bool: the key was partly masked by the platform
    visible: np.ndarray  # uint8: characters of the key that were not masked
    net: np.ndarray  # amount paid less refunds, > 0
    counts: dict = field(default_factory=dict)  # rows read and orders dropped, by reason
    refunds: float = 0.0  # partial refunds netted out of the kept orders


def _first(values: np.ndarray, valid: np.ndarray, group: np.ndarray, groups: int, fill) -> np.ndarray:
    """Per group (rows sorted by group, in file order), the first value where ``valid``."""
    out = np.full(groups, fill, dtype=values.dtype)
    rows = np.flatnonzero(valid)
    if rows.size:
        g = group[rows]
        first = np.r_[True, g[1:] != g[:-1]]
        out[g[first]] = values[rows[first]]
    return out


def merge(files: list) -> Orders:
    """``read.ExportRows`` of every file -> ``Orders``. The files' columns are consumed (emptied) as
    they are merged, so memory does not hold them twice."""
    lengths = [len(f.order) for f in files]
    order = np.concatenate([f.order for f in files])
    for f in files:
        f.order = f.order[:0]
    file_index = np.repeat(np.arange(len(files), dtype=np.int32), lengths)
    counts = {"rows": sum(f.rows for f in files), "without_order_id": sum(f.without_order_id for f in files),
              "duplicates": 0, "cancelled_or_unpaid": 0, "refunded_in_full": 0, "without_amount": 0,
              "without_date": 0, "zero_amount": 0}
    if order.size == 0:
        empty = np.empty(0)
        return Orders(np.empty(0, "datetime64[s]"), np.empty(0, np.int64), np.empty(0, bool),
                      np.empty(0, np.uint8), empty, counts)

    by_order = np.argsort(order, kind="stable")  # rows of an order together, in file order
    order = order[by_order]
    new_order = np.r_[True, order[1:] != order[:-1]]
    del order
    starts = np.flatnonzero(new_order)
    files_sorted = file_index[by_order]
    last_file = np.maximum.reduceat(files_sorted, starts)
    group = np.cumsum(new_order) - 1
    keep = files_sorted == last_file[group]
    if not keep.all():
        run_starts = np.r_[True, (group[1:] != group[:-1]) | (files_sorted[1:] != files_sorted[:-1])]
        counts["duplicates"] = int(np.count_nonzero(run_starts & ~keep))  # (order, earlier file) pairs
        by_order, group = by_order[keep], group[keep]
        group = np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1
    del files_sorted, new_order
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    n = starts.size

    def column(name: str) -> np.ndarray:
        """One column of every file, in order order; the files' own copies are released."""
        values = getattr(files[0], name) if len(files) == 1 else np.concatenate([getattr(f, name) for f in files])
        for f in files:
            setattr(f, name, getattr(f, name)[:0])
        return values[by_order]

    line_items = np.repeat(np.array([f.line_amounts for f in files]), lengths)[by_order][starts]

    status_rows, amount_rows, refund_rows = column("status"), column("amount"), column("refund")
    status = _first(status_rows, status_rows > 0, group, n, 0)
    amount = _first(amount_rows, ~np.isnan(amount_rows), group, n, np.nan)
    refund = _first(refund_rows, ~np.isnan(refund_rows), group, n, np.nan)
    if line_items.any():  # sub-orders: add up those not cancelled or refunded
        live = (status_rows != DROP) & (status_rows != REFUNDED)
        given = live & ~np.isnan(amount_rows)
        summed = np.bincount(group, weights=np.where(given, amount_rows, 0.0), minlength=n)
        has_amount = np.bincount(group, weights=given.astype(float), minlength=n) > 0
        refunds = np.bincount(group, weights=np.where(live & ~np.isnan(refund_rows), refund_rows, 0.0), minlength=n)
        any_live = np.bincount(group, weights=live.astype(float), minlength=n) > 0
        amount = np.where(line_items, np.where(has_amount, summed, np.nan), amount)
        refund = np.where(line_items, refunds, refund)
        status = np.where(line_items & any_live, KEEP, status).astype(np.int8)
    del status_rows, amount_rows, refund_rows

    seconds = column("time").astype(np.int64)
    seconds = np.where(seconds == _NAT, _LATEST, seconds)
    earliest = np.minimum.reduceat(seconds, starts)
    del seconds

    customer_rows = column("customer")
    rows = np.arange(customer_rows.size)
    first_key = _first(rows, customer_rows != 0, group, n, -1)
    has_key = first_key >= 0
    customer = np.where(has_key, customer_rows[first_key], 0)
    del customer_rows, rows
    masked = np.where(has_key, column("masked")[first_key], False)
    visible = np.where(has_key, column("visible")[first_key], 0).astype(np.uint8)
    del first_key, has_key, group

    refund = np.nan_to_num(refund, nan=0.0)
    net = amount - np.minimum(refund, amount)
    refunded = (status == REFUNDED) | ((refund > 0) & (refund >= amount))  # a closed order refunded in full too
    cancelled = (status == DROP) & ~refunded
    no_amount = ~cancelled & ~refunded & np.isnan(amount)
    no_date = ~cancelled & ~refunded & ~no_amount & (earliest == _LATEST)
    zero = ~cancelled & ~refunded & ~no_amount & ~no_date & (net <= 0)
    counts.update(cancelled_or_unpaid=int(cancelled.sum()), refunded_in_full=int(refunded.sum()),
                  without_amount=int(no_amount.sum()), without_date=int(no_date.sum()), zero_amount=int(zero.sum()))
    paid = ~(cancelled | refunded | no_amount | no_date | zero)
    return Orders(earliest[paid].astype("datetime64[s]"), customer[paid], masked[paid], visible[paid], net[paid],
                  counts, float(np.minimum(refund, amount)[paid].sum()))
