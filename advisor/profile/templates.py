"""Starter profiles for ``advisor init``: one commented template, figures per kind of shop."""

from __future__ import annotations

import pathlib

TEMPLATES = {
    "apparel": dict(platform="taobao", category="womenswear", revenue=300000, aov=200, repeat=0.20,
                    product=0.30, marketing=0.35, staff=0.12, logistics=0.08, fees=0.05, growth=0.20,
                    join=0.06, uplift=1.3, about="a fashion store on Taobao or Tmall"),
    "cosmetics": dict(platform="douyin", category="cosmetics", revenue=1000000, aov=150, repeat=0.15,
                      product=0.22, marketing=0.40, staff=0.08, logistics=0.06, fees=0.06, growth=0.30,
                      join=0.06, uplift=1.3, about="a beauty brand selling through live streams"),
    "fresh-food": dict(platform="wechat", category="fresh-food", revenue=150000, aov=60, repeat=0.45,
                       product=0.62, marketing=0.10, staff=0.10, logistics=0.09, fees=0.01, growth=0.10,
                       join=0.10, uplift=1.6, about="a community fresh-food store on WeChat"),
    "daily-necessities": dict(platform="pinduoduo", category="daily-necessities", revenue=300000, aov=45,
                              repeat=0.35, product=0.50, marketing=0.20, staff=0.08, logistics=0.12, fees=0.03,
                              growth=0.20, join=0.08, uplift=1.5, about="household consumables on Pinduoduo"),
    "general": dict(platform="other", category="other", revenue=200000, aov=120, repeat=0.20, product=0.40,
                    marketing=0.25, staff=0.10, logistics=0.08, fees=0.05, growth=0.20, join=0.06,
                    uplift=1.3, about="any online shop"),
}

BODY = """\
# yaml-language-server: $schema={schema}
# Starter profile for {about}. Replace every figure with your own
# (last month or, better, the average of the last three). Shares are fractions of
# monthly revenue (0.30) or percent strings ("30%"). Check it with: advisor validate {path}
version: 1
shop:
  name: My shop
  platform: {platform}          # taobao, tmall, pinduoduo, jd, douyin, kuaishou, xiaohongshu, wechat, amazon, shopify, other
  category: {category}          # e.g. womenswear, cosmetics, fresh-food, snacks, daily-necessities (or 女装, 生鲜 ...)
  currency: CNY
sales:
  monthly_revenue: {revenue}     # net of refunds
  average_order_value: {aov}
  repeat_order_share: {repeat}   # share of orders from returning customers
costs:                           # shares of revenue
  product: {product}             # cost of goods
  marketing: {marketing}         # platform ads and paid promotion, all of it
  staff: {staff}                 # staff and office (fixed)
  logistics: {logistics}         # shipping and packing
  platform_fees: {fees}          # commission and payment fees
  # other: {{returns: 0.03, rent: {{share: 0.02, fixed: true}}}}
ads:
  cac_growth_per_year: {growth}  # how much dearer a new customer gets each year; unsure? {{low: 0.1, high: 0.3}}
  # acquisition_share: 0.8       # the part of the ad budget that buys new customers (the rest retargets)
  # organic_share: 0.3           # new buyers who arrive without ads
pool:                            # the private traffic pool / membership program you would build
  budget_shift: 0.3              # your own plan: the cut of the ad budget that comes with the pool
  join_rate: {join}              # invited buyers who join and are still active a month later
  order_uplift: {uplift}         # members order this many times as often as your platform buyers
  churn_ratio: 0.7               # and leave at 0.7x the rate platform buyers do
  # measured figures override the ratios: orders_per_member_per_month, monthly_churn
  # member_discount: 0.05, referrals_per_member_per_month: 0.02; setup_cost,
  # monthly_operating_cost and cost_per_member_per_month default to 5% and 2% of monthly
  # revenue and 1% of the order value
projection:
  horizon_months: 24
"""


def schema_location() -> str:
    """The schema shipped inside the installed package, as a file URI editors can open."""
    return (pathlib.Path(__file__).resolve().parent / "profile.schema.json").as_uri()


def render(name: str, path: str, schema: str | None = None) -> str:
    values = dict(TEMPLATES[name])
    return BODY.format(schema=schema or schema_location(), path=path, **values)
