"""Any profile the validator accepts evaluates without error to finite numbers."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.evaluation import evaluate
from advisor.profile import fields as F
from advisor.profile.check import build_profile


def value_for(f):
    low = f.low if f.low is not None else 0.0
    high = f.high if f.high is not None else 1e9
    if f.kind == F.INTEGER:
        return st.integers(int(low), int(high))
    return st.floats(low, high, exclude_min=f.low_open, exclude_max=f.high_open, allow_nan=False)


NUMERIC = [f for f in F.FIELDS if f.kind in F.NUMERIC_KINDS and f.path != "version"]
profiles = st.fixed_dictionaries({f.path: value_for(f) for f in NUMERIC if not f.path.endswith("horizon_months")})


def finite(value):
    if isinstance(value, dict):
        return all(finite(v) for v in value.values())
    if isinstance(value, list):
        return all(finite(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return True


@pytest.mark.filterwarnings("error::RuntimeWarning")
@settings(max_examples=80, deadline=None)
@given(profiles, st.integers(1, 36), st.sampled_from(F.CATEGORIES))
def test_every_valid_profile_evaluates_to_finite_numbers(values, horizon, category):
    values = dict(values, **{"projection.horizon_months": horizon})
    p = build_profile("x.yaml", values, {"shop.name": "x", "shop.category": category}, {}, {})
    result = evaluate(p)
    assert finite(result)
    assert 0 <= result["health_score"] <= 100
