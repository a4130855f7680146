"""Every threshold the recommendations and the health score use, with the reason for it.

docs/recommendations.md explains each in prose; a test keeps that page naming every constant.
"""

# -- loss-warning ---------------------------------------------------------------------------
LOSS_MARGIN = 0.0
"""A net margin below zero is a loss today: the shop pays to sell."""

THIN_MARGIN = 0.05
"""Below 5% net, one bad season or a rise in ad prices wipes out the year's profit."""

# -- niche-focus ------------------------------------------------------------------------------
NICHE_MARKETING_SHARE = 0.25
"""Spending a quarter of revenue or more on ads means bidding against everyone for the same
keywords; with a thin margin that is the mass-market trap a niche escapes."""

NICHE_CAC_GROWTH = 0.10
"""Ad costs rising faster than 10% a year outpace any realistic rise in order value."""

NICHE_CAC_TO_ORDER_VALUE = 0.40
"""When winning one new customer costs 40% of their first order or more, the first order cannot
pay for itself after product and logistics costs."""

# -- platform-as-conversion -----------------------------------------------------------------
CONVERSION_REPEAT_SHARE = 0.30
"""Under 30% of orders from returning customers: the shop rents its customers from the
platform again and again instead of keeping them."""

CONVERSION_MARKETING_SHARE = 0.15
"""...while spending at least 15% of revenue on ads to find them."""

# -- build-private-pool ---------------------------------------------------------------------
POOL_MIN_GAIN_SHARE = 0.005
"""The pool is recommended when it adds discounted profit worth at least 0.5% of the horizon's
revenue: less is within the noise of the assumptions."""

POOL_SOLVER_STEPS = 30
"""Bisection steps for the join rate a pool would need (2^-30 of the bracket: exact enough)."""

# -- social-mode ------------------------------------------------------------------------------
HIGH_REPURCHASE_SHARE = 0.30
"""A repeat share of 30% or more means the goods run out and are bought again: the pattern
referral rebates (distribution) reward."""

LOW_ORDER_VALUE = 60.0
"""Orders under 60 (in the profile's currency) are bought on price: group buying fits."""

# -- health score -------------------------------------------------------------------------------
SCORE_WEIGHTS = {"today": 35, "outlook": 30, "independence": 20, "pool_upside": 15}
"""Points for: today's net margin, the best plan's margin at the horizon, independence from paid
traffic, and how much the pool improves the outlook. They add up to 100."""

SCORE_MARGIN_FLOOR = -0.10
SCORE_MARGIN_CEILING = 0.20
"""Margins score linearly from 0 points at -10% to full points at +20% (a very healthy shop)."""

SCORE_MARKETING_CEILING = 0.50
"""Independence scores full points with no ad spend and none at half of revenue on ads."""

SCORE_POOL_UPSIDE_FULL = 0.10
"""The pool scores full points when it lifts the end-state margin by 10 points or more."""
