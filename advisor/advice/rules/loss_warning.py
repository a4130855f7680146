"""loss-warning: the shop loses money today, or will if it keeps buying traffic as it does."""

from __future__ import annotations

from advisor.advice.rules.base import CRITICAL, WARNING, Recommendation, months, share

CODE = "loss-warning"
ORDER = 10
VARIANTS = ("today", "heading")

LOSS_MARGIN = 0.0
"""A net margin below zero is a loss: the shop pays to sell."""


def warns(facts: dict):
    return (facts["net_margin"] < LOSS_MARGIN) | (facts["end_margin_platform_ads"] < LOSS_MARGIN)


def advise(shop: dict, info) -> Recommendation | None:
    today_loss = shop["net_margin"] < LOSS_MARGIN
    if not (today_loss or shop["end_margin_platform_ads"] < LOSS_MARGIN):
        return None
    return Recommendation(CODE, CRITICAL if today_loss else WARNING, "today" if today_loss else "heading", {
        "net_margin": share(shop["net_margin"]),
        "end_margin_platform_ads": share(shop["end_margin_platform_ads"]),
        "first_loss_month": months(shop["first_loss_month"]),
        "horizon_months": months(shop["horizon"]),
    })
