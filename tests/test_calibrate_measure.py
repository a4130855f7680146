"""The pure core of calibration: merging rows into paid orders, the figures, cohorts and the fit."""

import numpy as np
import pytest

from advisor.calibrate import cohorts, measure, orders
from advisor.calibrate.cells import DROP, KEEP, REFUNDED
from advisor.calibrate.read import ExportRows

from make_exports import Shop, simulate


def paid_orders(rows):
    """(customer, 'YYYY-MM-DD', net) triples -> Orders (noon, customer keys 1..n)."""
    time = np.array([np.datetime64(day + "T12:00:00") for _, day, _ in rows])
    customer = np.array([c for c, _, _ in rows], dtype=np.int64)
    return orders.Orders(time, customer, np.zeros(len(rows), bool), np.zeros(len(rows), np.uint8),
                         np.array([n for _, _, n in rows], dtype=float))


SMALL = [(1, "2024-01-01", 100), (1, "2024-02-10", 50), (1, "2024-03-05", 70), (2, "2024-01-15", 200),
         (2, "2024-03-20", 100), (3, "2024-02-01", 80), (4, "2024-03-31", 60)]


@pytest.fixture
def small_shop_is_enough(monkeypatch):
    monkeypatch.setattr(measure, "MIN_CUSTOMERS", 1)
    monkeypatch.setattr(measure, "MIN_DAYS", 1)
    monkeypatch.setattr(cohorts, "MIN_FIT_CUSTOMERS", 1)


def test_hand_computed_figures(small_shop_is_enough):
    result = measure.measure(paid_orders(SMALL))
    period, figures = result["period"], result["figures"]
    assert (period["first_order"], period["last_order"], period["days"], period["full_months"]) == \
        ("2024-01-01", "2024-03-31", 91, 3)
    assert figures["window"] == ["2024-01", "2024-02", "2024-03"]
    assert figures["monthly_revenue"] == pytest.approx(660 / 3)
    assert figures["average_order_value"] == pytest.approx(660 / 7)
    assert figures["repeat_order_share"] == pytest.approx(3 / 7)
    assert [(c["month"], c["customers"], c["active"]) for c in result["cohorts"]] == [
        ("2024-01", 2, [1.0, 0.5, 1.0]), ("2024-02", 1, [1.0, 0.0]), ("2024-03", 1, [1.0])]
    assert result["second_order"] is None  # fewer than MIN_SECOND_ORDERS
    assert [m["revenue"] for m in result["monthly"]] == [300, 130, 230]
    assert result["quality"]["customers"] == 4 and result["quality"]["key_reliability"] == "exact"


def test_second_orders_by_hand():
    seq = cohorts.sequence(*_sequence_inputs(SMALL))
    second = cohorts.second_orders(seq, int(np.datetime64("2024-03-31T12:00:00").astype(np.int64)))
    assert second["customers_with_second_order"] == 2
    assert second["median_days"] == pytest.approx((40 + 65) / 2)
    assert (second["eligible"], second["within_window_share"]) == (1, 1.0)


def _sequence_inputs(rows):
    o = paid_orders(rows)
    return o.customer, o.time.astype("datetime64[M]").astype(np.int64), o.time.astype(np.int64)


def test_partial_months_are_not_full():
    result = measure.measure(paid_orders([(1, "2024-01-03", 10), (2, "2024-02-11", 20), (3, "2024-03-30", 30)]))
    assert result["period"]["full_months"] == 1 and result["figures"]["window"] == ["2024-02"]
    assert result["figures"]["monthly_revenue"] == 20


def test_no_full_month_leaves_revenue_out():
    result = measure.measure(paid_orders([(1, "2024-01-03", 10), (2, "2024-01-20", 20)]))
    assert result["figures"]["monthly_revenue"] is None and result["figures"]["average_order_value"] is None
    assert "no-full-month" in [w["code"] for w in result["warnings"]]
    assert measure.profile_values(result) == {}


def test_small_shops_get_no_customer_figures():
    result = measure.measure(paid_orders(SMALL))
    assert result["figures"]["repeat_order_share"] is None and result["figures"]["retention_per_month"] is None
    warning = next(w for w in result["warnings"] if w["code"] == "not-enough-data")
    assert (warning["customers"], warning["days"]) == (4, 91)
    assert set(measure.profile_values(result)) == {"sales.monthly_revenue", "sales.average_order_value"}


def test_unusable_keys_leave_customer_figures_out(small_shop_is_enough):
    o = paid_orders(SMALL)
    o.customer[:5] = 0  # five of seven orders without a key
    result = measure.measure(o)
    assert result["quality"]["key_reliability"] == "unusable"
    assert result["figures"]["repeat_order_share"] is None


def test_heavily_masked_keys_are_unusable(small_shop_is_enough):
    o = paid_orders(SMALL)
    o.masked[:] = True
    o.visible[:] = 2
    assert measure.measure(o)["quality"]["key_reliability"] == "unusable"
    o.visible[:] = 8
    assert measure.measure(o)["quality"]["key_reliability"] == "approximate"
    assert measure.measure(paid_orders(SMALL), contact_keys=True)["quality"]["key_reliability"] == "approximate"


def geometric_shop(retention=0.8, repeat_rate=0.3, size=10_000, months=24):
    """Cohorts whose repeat orders at age k are exactly size * repeat_rate * retention^k (rounded)."""
    rows = []
    customer = 1
    for c in range(months):
        first = customer
        for _ in range(size):
            rows.append((customer, c, 0))
            customer += 1
        for k in range(0, months - c):
            rows += [(first + i % size, c + k, 1) for i in range(round(size * repeat_rate * retention ** k))]
    customer_keys = np.array([r[0] for r in rows], dtype=np.int64)
    month = np.array([24240 + r[1] for r in rows], dtype=np.int64)  # 2020-01 onwards
    order = np.array([r[2] for r in rows])
    seconds = (month.astype("datetime64[M]").astype("datetime64[s]").astype(np.int64) + 3600 + order * 7200
               + np.arange(len(rows)) % 1000)
    return cohorts.sequence(customer_keys, month, seconds), int(month.min()), int(month.max())


@pytest.mark.parametrize("retention,repeat_rate", [(0.8, 0.3), (0.9, 0.15), (0.6, 0.5)])
def test_the_fit_recovers_exact_geometric_decay(retention, repeat_rate):
    seq, first, last = geometric_shop(retention, repeat_rate)
    fit = cohorts.fit_retention(cohorts.cohort_table(seq, first, last))
    assert fit.retention == pytest.approx(retention, abs=0.002)
    assert fit.repeat_rate == pytest.approx(repeat_rate, rel=0.02)
    assert not fit.capped and fit.ages == cohorts.FIT_AGES


def test_cohort_table_counts():
    seq, first, last = geometric_shop(size=100, months=4)
    table = cohorts.cohort_table(seq, first, last)
    assert table.sizes.tolist() == [100, 100, 100, 100]
    assert table.repeats[0].tolist() == [30, 24, 19, 15]  # round(100 * 0.3 * 0.8^k)
    assert table.observable[3].tolist() == [True, False, False, False]


def test_no_decline_means_no_retention():
    seq, first, last = geometric_shop(retention=1.0, size=1000, months=8)
    assert cohorts.fit_retention(cohorts.cohort_table(seq, first, last)) is None


@pytest.mark.parametrize("retention,repeat_rate", [(0.8, 0.3), (0.9, 0.15), (0.7, 0.5)], ids=["typical", "loyal", "busy"])
def test_simulated_shops_are_measured_within_two_points(retention, repeat_rate):
    sim = simulate(Shop(new_per_month=200, retention=retention, repeat_rate=repeat_rate, seed=5))
    paid = [o for o in sim.orders if o.fate in ("paid", "partial")]
    o = orders.Orders(np.array([np.datetime64(x.time, "s") for x in paid]), np.array([x.customer + 1 for x in paid]),
                      np.zeros(len(paid), bool), np.zeros(len(paid), np.uint8),
                      np.array([x.amount - (x.refund if x.fate == "partial" else 0) for x in paid]))
    result = measure.measure(o)
    from make_exports import truth

    known = truth(sim)
    assert result["figures"]["retention_per_month"] == pytest.approx(retention, abs=0.02)
    assert result["figures"]["repeat_order_share"] == pytest.approx(known["repeat_order_share"], abs=1e-12)
    assert result["figures"]["monthly_revenue"] == pytest.approx(known["monthly_revenue"])


def rows(*entries, line_amounts=False, name="f"):
    """ExportRows from (order, customer, amount, refund, day, status) tuples."""
    out = ExportRows(name, "test", "other", "utf-8", line_amounts, "id", None)
    out.rows = len(entries)
    out.order = np.array([e[0] for e in entries], dtype=np.int64)
    out.customer = np.array([e[1] for e in entries], dtype=np.int64)
    out.masked = np.zeros(len(entries), bool)
    out.visible = np.full(len(entries), 8, np.uint8)
    out.amount = np.array([e[2] for e in entries], dtype=float)
    out.refund = np.array([e[3] for e in entries], dtype=float)
    out.time = np.array([np.datetime64(e[4]) if e[4] else np.datetime64("NaT") for e in entries], dtype="datetime64[s]")
    out.status = np.array([e[5] for e in entries], dtype=np.int8)
    return out


NAN = float("nan")


def test_line_items_with_one_amount_per_order_take_the_first_filled_cells():
    merged = orders.merge([rows((1, 7, 100, 10, "2024-01-02", KEEP), (1, 0, NAN, NAN, "2024-01-02", 0),
                                (1, 0, NAN, NAN, "2024-01-02", 0))])
    assert merged.net.tolist() == [90] and merged.customer.tolist() == [7] and merged.refunds == 10


def test_sub_orders_add_up_unless_cancelled_or_refunded():
    merged = orders.merge([rows((2, 7, 30, NAN, "2024-01-02", KEEP), (2, 7, 20, NAN, "2024-01-02", REFUNDED),
                                (3, 8, 50, NAN, "2024-01-03", DROP), (3, 8, 10, NAN, "2024-01-03", DROP),
                                line_amounts=True)])
    assert merged.net.tolist() == [30]
    assert merged.counts["cancelled_or_unpaid"] == 1


def test_the_last_file_wins_for_an_order_in_several():
    first = rows((1, 7, 100, 0, "2024-01-02", KEEP), (2, 8, 50, 0, "2024-01-03", KEEP), name="a")
    later = rows((1, 7, 100, 100, "2024-01-02", REFUNDED), name="b")
    merged = orders.merge([first, later])
    assert merged.net.tolist() == [50]
    assert (merged.counts["duplicates"], merged.counts["refunded_in_full"]) == (1, 1)


@pytest.mark.parametrize("entry,reason", [
    ((1, 7, 100, 100, "2024-01-02", KEEP), "refunded_in_full"), ((1, 7, 100, 120, "2024-01-02", KEEP), "refunded_in_full"),
    ((1, 7, NAN, NAN, "2024-01-02", KEEP), "without_amount"), ((1, 7, 100, 0, None, KEEP), "without_date"),
    ((1, 7, 0, 0, "2024-01-02", KEEP), "zero_amount"), ((1, 7, 100, 0, "2024-01-02", DROP), "cancelled_or_unpaid"),
    ((1, 7, 100, 0, "2024-01-02", REFUNDED), "refunded_in_full"),
])
def test_orders_left_out_and_why(entry, reason):
    merged = orders.merge([rows(entry)])
    assert merged.net.size == 0 and merged.counts[reason] == 1


def test_the_earliest_time_is_the_order_time():
    merged = orders.merge([rows((1, 7, 10, 0, "2024-01-05", KEEP), (1, 7, NAN, NAN, "2024-01-02", 0),
                                (1, 7, NAN, NAN, None, 0))])
    assert str(merged.time[0]) == "2024-01-02T00:00:00"
