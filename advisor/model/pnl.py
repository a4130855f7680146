"""Today's profit and loss, from the profile's cost shares. Pure arithmetic, no I/O."""

import math
from typing import NamedTuple

from advisor.profile import figures
from advisor.profile.shop import Profile

COST_LINES = ("product", "marketing", "staff", "logistics", "platform_fees")


class CostLine(NamedTuple):
    name: str  # "product", ..., or the name of an other cost
    share: float
    money: float
    fixed: bool
    other: bool = False


class Today(NamedTuple):
    revenue: float
    lines: tuple  # CostLine, in profile order
    variable_share: float  # v
    fixed_share: float
    marketing_share: float

    @property
    def contribution_margin(self) -> float:
        """Share of revenue left after the costs that scale with orders, before marketing: 1 - v."""
        return figures.contribution_margin(self.variable_share)

    @property
    def net_margin(self) -> float:
        return figures.net_margin(self.variable_share, self.marketing_share, self.fixed_share)

    @property
    def net_profit(self) -> float:
        return self.net_margin * self.revenue

    @property
    def break_even_roas(self) -> float | None:
        """Revenue one unit of ad money must bring to pay for itself: 1 / (1 - v); None when no
        ad can pay (each order costs more than it brings)."""
        roas = figures.break_even_roas(self.variable_share)
        return roas if math.isfinite(roas) else None

    def shares(self) -> dict:
        out: dict = {name: 0.0 for name in COST_LINES}
        other: dict = {}
        for line in self.lines:
            (other if line.other else out)[line.name] = line.share
        out["other"] = other
        return out


def today(p: Profile) -> Today:
    revenue = p["sales.monthly_revenue"]
    lines = [CostLine(name, p["costs." + name], p["costs." + name] * revenue, name == "staff")
             for name in COST_LINES]
    lines += [CostLine(name, share, share * revenue, fixed, other=True)
              for name, (share, fixed) in p.other_costs.items()]
    return Today(revenue, tuple(lines), p.variable_share, p.fixed_share, p["costs.marketing"])
