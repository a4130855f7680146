"""Scoring a portfolio: checked profiles in, one result row per shop out, ranked by health.

``score`` is the scoring core every batch engine maps over its chunks -- profiles
(``score_profiles``) or checked blocks of table rows (``score_block``) -- one vectorised model call
for all the shops it is given, so a shop's row never depends on which shops share its chunk.
``COLUMNS`` is the result table's schema, which the batch writers read.
"""

from __future__ import annotations

from typing import NamedTuple

SUB_BATCH = 2000
"""Shops projected together. Per shop, the model costs (36 months, benchmarks/bench_model.py's
shops, this 2-core machine) 35.9 us in sub-batches of 750, 32.4 at 1,500, 31.3 at 2,000 and 30.8
at 4,000: past a few thousand, numpy's per-call cost is spread thin and the arrays outgrow the
cache; 2,000 keeps a worker's memory small."""

MARGIN_MONTHS = 12
"""The batch table compares strategies on their first-year margin: profit / revenue over
months 1-12 (a whole year, so a setup-cost month or a seasonal blip does not dominate)."""

COLUMNS = ("rank", "name", "source", "health_score", "net_margin", "margin_12m_platform_ads",
           "margin_12m_tuned_ads", "margin_12m_private_pool", "margin_12m_best_mix", "ads_gain", "pool_gain",
           "best_ad_budget_change", "runs_pool", "pool_overtakes_month", "social_mode", "recommendations", "currency")
"""The result table's columns; ``currency`` (of ``ads_gain`` and ``pool_gain``) came last, so the
earlier columns kept their positions."""
INDEX = {name: i for i, name in enumerate(COLUMNS)}
KINDS = {"rank": "int64", "name": "string", "source": "string", "health_score": "int64", "net_margin": "float64",
         "margin_12m_platform_ads": "float64", "margin_12m_tuned_ads": "float64", "margin_12m_private_pool": "float64",
         "margin_12m_best_mix": "float64", "ads_gain": "float64", "pool_gain": "float64",
         "best_ad_budget_change": "float64", "runs_pool": "bool", "pool_overtakes_month": "int64", "social_mode": "string",
         "recommendations": "string", "currency": "string"}
"""Each column's type in the typed formats (Parquet files, Dask's partitions): the one schema
they are all generated from. Any column may be missing (null) where ``Results.arrays`` says so."""
RANK, HEALTH = INDEX["rank"], INDEX["health_score"]


class Shops(NamedTuple):
    """What the score needs of a set of shops besides the model's inputs, one entry per shop."""

    files: list  # the file each shop was read from
    lines: list  # its line in a table; 0 for a profile file
    names: list
    categories: list
    currencies: list
    outside: list  # the assumptions each pins outside their plausible range


NUMBERS = ("net_margin", "margin_12m_platform_ads", "margin_12m_tuned_ads", "margin_12m_private_pool",
           "margin_12m_best_mix", "ads_gain", "pool_gain", "best_ad_budget_change")
"""The result columns that are plain floats, in COLUMNS order."""


class Results:
    """The result table, column by column: a million shops take a few hundred MB as arrays,
    where a list per row would take gigabytes and keep the garbage collector busy.

    Iterating gives rows as lists in COLUMNS order (what the writers read); ``take`` and slices
    give tables of some rows; ``ranked`` numbers them by health and orders them.
    """

    TEXT = ("name", "file", "social_mode", "recommendations", "currency")

    def __init__(self, name: list, file: list, line, health, numbers, runs_pool, overtake, social_mode: list,
                 recommendations: list, currency: list, rank=None) -> None:
        import numpy as np

        self.name, self.file, self.social_mode = name, file, social_mode
        self.recommendations, self.currency = recommendations, currency
        n = len(name)
        self.line = np.asarray(line, dtype=np.int64).reshape(n)
        self.health = np.asarray(health, dtype=np.int64).reshape(n)
        self.numbers = np.asarray(numbers, dtype=float).reshape(n, len(NUMBERS))
        self.runs_pool = np.asarray(runs_pool, dtype=bool).reshape(n)
        self.overtake = np.asarray(overtake, dtype=np.int64).reshape(n)  # 0: not within the horizon
        self.rank = np.zeros(n, dtype=np.int64) if rank is None else np.asarray(rank, dtype=np.int64)
        self.lines: list | None = None  # each row already written out (all but its rank), when prepared

    @classmethod
    def empty(cls) -> Results:
        return cls([], [], [], [], [], [], [], [], [], [])

    @classmethod
    def concat(cls, parts: list) -> Results:
        import numpy as np

        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]

        def joined(name):
            out: list = []
            for p in parts:
                out += getattr(p, name)
            return out

        table = cls(joined("name"), joined("file"), np.concatenate([p.line for p in parts]),
                    np.concatenate([p.health for p in parts]), np.concatenate([p.numbers for p in parts]),
                    np.concatenate([p.runs_pool for p in parts]), np.concatenate([p.overtake for p in parts]),
                    joined("social_mode"), joined("recommendations"), joined("currency"),
                    np.concatenate([p.rank for p in parts]))
        if all(p.lines is not None for p in parts):
            table.lines = joined("lines")
        return table

    @classmethod
    def from_rows(cls, rows: list) -> Results:
        """A table of rows given as lists in COLUMNS order (a source ``file:12`` is line 12)."""
        def place(source: str) -> tuple:
            file, sep, line = source.rpartition(":")
            return (file, int(line)) if sep and line.isdigit() else (source, 0)

        places = [place(r[INDEX["source"]]) for r in rows]
        numbers = [[r[INDEX[c]] for c in NUMBERS] for r in rows]
        return cls([r[INDEX["name"]] for r in rows], [f for f, _ in places], [line for _, line in places],
                   [r[HEALTH] for r in rows], [[float("nan") if v is None else v for v in row] for row in numbers],
                   [bool(r[INDEX["runs_pool"]]) for r in rows], [r[INDEX["pool_overtakes_month"]] or 0 for r in rows],
                   [r[INDEX["social_mode"]] for r in rows], [r[INDEX["recommendations"]] for r in rows],
                   [r[INDEX["currency"]] for r in rows], [r[RANK] or 0 for r in rows])

    def __len__(self) -> int:
        return len(self.name)

    def take(self, index) -> Results:
        import numpy as np

        index = np.asarray(index, dtype=np.int64)
        chosen = index.tolist()

        def pick(values: list) -> list:
            return [values[i] for i in chosen]

        table = Results(pick(self.name), pick(self.file), self.line[index], self.health[index], self.numbers[index],
                        self.runs_pool[index], self.overtake[index], pick(self.social_mode),
                        pick(self.recommendations), pick(self.currency), self.rank[index])
        if self.lines is not None:
            table.lines = pick(self.lines)
        return table

    def __getitem__(self, key) -> Results:
        if not isinstance(key, slice):
            raise TypeError("Results are taken by slice or by take(); rows come from iterating")
        return self.take(range(len(self))[key])

    def sources(self, start: int = 0, stop: int | None = None) -> list[str]:
        """``file`` for a profile file, ``file:line`` for a table row."""
        return [file if line == 0 else f"{file}:{line}"
                for file, line in zip(self.file[start:stop], self.line[start:stop].tolist())]

    def columns(self, start: int = 0, stop: int | None = None) -> list[list]:
        """Every column of rows ``start:stop`` as a list of plain Python values, in COLUMNS order
        (None where a value is missing)."""
        part = slice(start, stop)
        numbers = [[None if v != v else v for v in column] for column in self.numbers[part].T.tolist()]  # NaN: none
        overtake = [month or None for month in self.overtake[part].tolist()]
        return [self.rank[part].tolist(), self.name[part], self.sources(start, stop), self.health[part].tolist(),
                *numbers, self.runs_pool[part].tolist(), overtake, self.social_mode[part],
                self.recommendations[part], self.currency[part]]

    def arrays(self, start: int = 0, stop: int | None = None) -> dict:
        """Every column of rows ``start:stop`` as (values, missing), in COLUMNS order: numpy
        arrays for the numbers (of ``KINDS``' type), lists of text for the rest; ``missing`` is
        a boolean array, or None when no value is missing."""
        import numpy as np

        part = slice(start, stop)
        out: dict[str, tuple] = {"rank": (self.rank[part], None), "name": (self.name[part], None),
                     "source": (self.sources(start, stop), None), "health_score": (self.health[part], None)}
        for k, column in enumerate(NUMBERS):
            values = self.numbers[part, k]
            missing = np.isnan(values)
            out[column] = (values, missing if missing.any() else None)
        overtake = self.overtake[part]
        out["runs_pool"] = (self.runs_pool[part], None)
        out["pool_overtakes_month"] = (overtake, overtake == 0)
        for column, texts in (("social_mode", self.social_mode[part]), ("recommendations", self.recommendations[part]),
                              ("currency", self.currency[part])):
            out[column] = (texts, None)
        return {column: out[column] for column in COLUMNS}

    ROWS_AT_ONCE = 20_000
    """Rows are built this many at a time when iterating (a million at once would double the
    table's memory)."""

    def __iter__(self):
        for start in range(0, len(self), self.ROWS_AT_ONCE):
            yield from (list(row) for row in zip(*self.columns(start, start + self.ROWS_AT_ONCE)))

    def below(self, threshold: int) -> Results:
        import numpy as np

        return self.take(np.flatnonzero(self.health < threshold))

    def in_file_order(self) -> Results:
        """Rows ordered by (file as first met, line): a table's fast and slow rows back in order."""
        import numpy as np

        first: dict = {}
        files = np.array([first.setdefault(f, len(first)) for f in self.file], dtype=np.int64)
        return self.take(np.lexsort((self.line, files)))

    def ranked(self, sort: str = "-health_score") -> Results:
        """Number the rows by health (1 = healthiest), then order them by ``sort`` (a column
        name; a leading ``-`` sorts descending). Ties keep input order; a missing value (a pool
        that never overtakes) sorts last either way."""
        import numpy as np

        n = len(self)
        by_health = np.argsort(-self.health, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[by_health] = np.arange(1, n + 1)
        table = Results(self.name, self.file, self.line, self.health, self.numbers, self.runs_pool, self.overtake,
                        self.social_mode, self.recommendations, self.currency, rank)
        table.lines = self.lines
        column = sort.lstrip("-")
        descending = sort.startswith("-")
        if column == "health_score" and descending:
            return table.take(by_health)
        numeric = self._numeric(column, rank)
        if numeric is not None:
            values, present = numeric
            order = np.flatnonzero(present)
            keys = values[order]
            order = order[np.argsort(-keys if descending else keys, kind="stable")]
            return table.take(np.concatenate([order, np.flatnonzero(~present)]))
        values = table.columns()[INDEX[column]]
        chosen = [i for i, v in enumerate(values) if v is not None]
        missing = [i for i, v in enumerate(values) if v is None]
        chosen.sort(key=values.__getitem__, reverse=descending)  # stable either way
        return table.take(chosen + missing)

    def _numeric(self, column: str, rank):
        """(values as floats, present mask) of a numeric column, or None for a text column."""
        import numpy as np

        if column in NUMBERS:
            values = self.numbers[:, NUMBERS.index(column)]
            return values, ~np.isnan(values)
        plain = {"rank": rank, "health_score": self.health, "runs_pool": self.runs_pool}
        if column in plain:
            values = np.asarray(plain[column], dtype=float)
            return values, np.ones(len(values), dtype=bool)
        if column == "pool_overtakes_month":
            return self.overtake.astype(float), self.overtake != 0
        return None


def rank(rows: Results, sort: str = "-health_score") -> Results:
    """``rows.ranked(sort)``."""
    return rows.ranked(sort)


def score_profiles(items: list, places: list | None = None) -> Results:
    """[(source, Profile)] -> results. ``places``: each shop's (file, line in a table; 0 for a
    profile file); without it the source is the file."""
    if not items:
        return Results.empty()
    from advisor.model.assumptions import from_profiles

    places = places if places is not None else [(source, 0) for source, _ in items]
    if len(items) > SUB_BATCH:
        return Results.concat([score_profiles(items[k:k + SUB_BATCH], places[k:k + SUB_BATCH])
                               for k in range(0, len(items), SUB_BATCH)])
    profiles = [p for _, p in items]
    shops = Shops([file for file, _ in places], [line for _, line in places], [p.name for p in profiles],
                  [p.category for p in profiles], [p.currency for p in profiles],
                  [p.outside_plausible() for p in profiles])
    return score(from_profiles(profiles), shops)


def score_block(path: str, block) -> Results:
    """A checked block of table rows (``profile.columns.Block``) -> results."""
    from advisor.model.assumptions import from_columns
    from advisor.profile import columns

    n = len(block.lines)
    if n > SUB_BATCH:
        return Results.concat([score_block(path, columns.take(block, k, k + SUB_BATCH)) for k in range(0, n, SUB_BATCH)])
    variable, fixed = columns.fixed_and_variable(block)
    shops = Shops([path] * n, block.lines, block.names, block.categories, block.currencies,
                  columns.outside_plausible(block))
    return score(from_columns(block.values, variable, fixed), shops)


def score(a, shops: Shops) -> Results:
    """The scoring core: one vectorised model call for all the shops given (so a shop's row never
    depends on which shops share its chunk), then the facts, the health score and the codes."""
    import numpy as np

    from advisor.advice import facts as shop_facts
    from advisor.advice import rules
    from advisor.advice import score as health
    from advisor.advice.rules.social_mode import social_modes
    from advisor.model.strategies import run

    months = max(int(np.max(a.horizon)), MARGIN_MONTHS)
    outcome = run(a, months)
    facts = shop_facts.compute(a, outcome, months, outside=shops.outside)
    first_year = {name: s.projection.margin_over(MARGIN_MONTHS) for name, s in outcome.strategies.items()}
    d = outcome.decision
    numbers = np.stack([facts["net_margin"], first_year["platform_ads"], first_year["tuned_ads"],
                        first_year["private_pool"], first_year["best_mix"], d.ads_gain, d.pool_gain,
                        advised_change(facts)], axis=1)
    return Results(list(shops.names), list(shops.files), shops.lines, health.health_score(facts).astype(int),
                   numbers, d.runs_pool, outcome.overtake_month,
                   social_modes(shops.categories, a.repeat_share, a.order_value, shops.currencies),
                   rules.top_codes(facts), list(shops.currencies))


def advised_change(facts: dict):
    """The first-month ad change the advice says, per shop: the best plan's where the ads verdict
    is to change, 0 where it is to keep today's budget (or to hold it and let it fall later, or
    there is no ad budget) -- the one ad figure the evaluation shows, not a level it advises
    against."""
    import numpy as np

    return np.where(facts["ads_verdict"] == "change", facts["ad_budget_change"], 0.0)


def as_dict(row: list) -> dict:
    return dict(zip(COLUMNS, row))
