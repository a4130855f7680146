"""A checked profile: the values a shop's evaluation reads, every default filled in."""

from dataclasses import dataclass, field
from typing import NamedTuple


class Range(NamedTuple):
    """An uncertain assumption: ``form`` is ``uniform``, ``triangular`` or ``normal``."""

    form: str
    low: float
    high: float
    mode: float | None = None
    mean: float | None = None
    sd: float | None = None

    @property
    def point(self) -> float:
        """The single value used where one is needed: midpoint, mode or mean."""
        if self.form == "triangular" and self.mode is not None:
            return self.mode
        if self.form == "normal" and self.mean is not None:
            return self.mean
        return (self.low + self.high) / 2


@dataclass
class Profile:
    """A validated profile; ``values`` maps every numeric dotted path to its effective value."""

    source: str
    name: str
    platform: str
    category: str
    currency: str
    values: dict
    other_costs: dict = field(default_factory=dict)  # name -> (share, fixed)
    ranges: dict = field(default_factory=dict)  # dotted path -> Range
    warnings: list = field(default_factory=list)
    given: frozenset = frozenset()  # the paths the profile itself sets (the rest are defaults)
    calibrated: frozenset = field(default_factory=frozenset)  # dotted paths measured by `advisor calibrate`

    def __getitem__(self, path: str) -> float:
        return self.values[path]

    @property
    def variable_share(self) -> float:
        """v: costs that scale with orders -- product, logistics, platform fees, variable others and
        the variable part of staff (customer service and packing grow with orders)."""
        v = self["costs.product"] + self["costs.logistics"] + self["costs.platform_fees"]
        v += self["costs.staff"] * self["costs.staff_variable_share"]
        return v + sum(share for share, fixed in self.other_costs.values() if not fixed)

    @property
    def fixed_share(self) -> float:
        """Fixed costs as a share of today's revenue: the rest of staff, plus fixed others."""
        staff = self["costs.staff"] * (1 - self["costs.staff_variable_share"])
        return staff + sum(share for share, fixed in self.other_costs.values() if fixed)

    def outside_plausible(self) -> list[str]:
        """The assumptions this profile pins to a number outside their documented plausible range."""
        from advisor.profile import fields as F

        out = []
        for f in F.ASSUMPTIONS:
            if f.path not in self.given or f.path in self.ranges:
                continue
            scale = f.scale(self.values)
            assert f.plausible is not None
            if not f.plausible[0] * scale - 1e-12 <= self.values[f.path] <= f.plausible[2] * scale + 1e-12:
                out.append(f.path)
        return out
