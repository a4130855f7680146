"""The profile format, version 1: every key, its kind, bounds, default and the reason for it.

This table is the single home of the format. Validation, defaults, the JSON Schema, the
batch table columns (dotted paths) and docs/profile.md all read it. Key names are a contract:
new optional keys may be added, existing ones are never renamed.

Every assumption (a key the shop cannot read off its books) also carries its documented
plausible range (low, mode, high): the default is the mode, ``--draws`` samples it when the
profile does not pin the key, sensitivity swings it, and the switch-point search looks in the
wider ``search`` domain. docs/model.md argues each range with its source.
"""

from __future__ import annotations

import re

SHARE = "share"  # fraction of monthly revenue, 0..1; "30%" accepted
RATE = "rate"  # a fraction that is not a share of revenue (growth, churn...); "25%" accepted
NUMBER = "number"  # a plain non-negative number (per-month counts, elasticity)
MONEY = "money"  # an amount in the profile's currency
INTEGER = "integer"
TEXT = "text"
CHOICE = "choice"
BOOL = "bool"
DATE = "date"  # an ISO date, YYYY-MM-DD
LIST = "list"  # a list of dotted paths of numeric keys

PLATFORMS = ("taobao", "tmall", "pinduoduo", "jd", "douyin", "kuaishou", "xiaohongshu",
             "wechat", "amazon", "shopify", "other")

CATEGORIES = ("womenswear", "menswear", "apparel", "shoes-bags", "cosmetics", "fresh-food",
              "snacks", "daily-necessities", "maternity-baby", "home", "electronics", "luxury",
              "other")

CATEGORY_ALIASES = {
    "女装": "womenswear", "男装": "menswear", "服装": "apparel", "服饰": "apparel",
    "鞋包": "shoes-bags", "箱包": "shoes-bags", "美妆": "cosmetics", "化妆品": "cosmetics",
    "生鲜": "fresh-food", "零食": "snacks", "日用品": "daily-necessities",
    "母婴": "maternity-baby", "家居": "home", "电子产品": "electronics", "数码": "electronics",
    "奢侈品": "luxury", "其他": "other",
}

OWN_CHANNELS = ("wechat", "shopify", "other")
"""Channels the shop runs itself: no marketplace ranking rewards its sales velocity."""

PLATFORM_ALIASES = {
    "淘宝": "taobao", "天猫": "tmall", "拼多多": "pinduoduo", "京东": "jd", "抖音": "douyin",
    "快手": "kuaishou", "小红书": "xiaohongshu", "微信": "wechat", "亚马逊": "amazon",
}


MAX_MONEY = 1e12
"""No shop turns over a trillion a month: larger amounts are typos (or attacks) that would
overflow the arithmetic, so they are refused like any other out-of-range value."""


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
"""Choices ignore the case of ASCII letters only (``str.lower`` also folds the Kelvin sign to k)."""


class ByChannel:
    """A default that depends on where the shop sells: on a marketplace or on its own channel.
    (Not a tuple: a tuple default means "a factor of another key".)"""

    __slots__ = ("marketplace", "own")

    def __init__(self, marketplace: float, own: float) -> None:
        self.marketplace, self.own = marketplace, own

    def value(self, platform: str) -> float:
        return self.own if platform in OWN_CHANNELS else self.marketplace


class Field:
    """One key of the profile.

    ``default`` is a number, a ``ByChannel`` value, or for money that scales with the shop a
    pair ``(path, factor)``: the default is ``factor`` times the value at ``path``.
    ``uncertain`` fields may be given as a range for the uncertainty analysis.
    ``plausible`` (low, mode, high) is an assumption's documented range, in the field's units or,
    for a ``(path, factor)`` default, as factors of that path; ``search`` (low, high) is the wider
    domain in which a switch point is looked for. ``aliases`` maps other accepted spellings of a
    choice (Chinese names) to the choice. ``low_open`` / ``high_open``: the bound itself is not
    allowed (revenue must be > 0). A plain class, not a dataclass: the table is built at every
    start-up, and this keeps it cheap.
    """

    __slots__ = (
        "aliases",
        "choices",
        "default",
        "doc",
        "high",
        "high_open",
        "keys",
        "kind",
        "low",
        "low_open",
        "path",
        "plausible",
        "required",
        "search",
        "uncertain",
    )

    def __init__(self, path: str, kind: str, doc: str, required: bool = False, default: object = None,
                 low: float | None = None, high: float | None = None, uncertain: bool = False, choices: tuple = (),
                 aliases: dict | None = None, low_open: bool = False, high_open: bool = False,
                 plausible: tuple | None = None, search: tuple | None = None) -> None:
        self.path, self.kind, self.doc, self.required, self.default = path, kind, doc, required, default
        self.low, self.high, self.uncertain, self.choices, self.aliases = low, high, uncertain, choices, aliases or {}
        self.low_open, self.high_open, self.plausible, self.search = low_open, high_open, plausible, search
        self.keys: tuple = tuple(path.split("."))

    def __repr__(self) -> str:
        return f"Field({self.path!r}, {self.kind!r})"

    def scale(self, values: dict) -> float:
        """What ``plausible`` and ``search`` are multiplied by: the base of a scaling default, else 1."""
        return values[self.default[0]] if isinstance(self.default, tuple) else 1.0

    def choice(self, text: str) -> str | None:
        """The choice a text names (case-insensitive, aliases accepted), or None."""
        value = text.strip()
        value = self.aliases.get(value, value.translate(_ASCII_LOWER))
        return value if value in self.choices else None

    def number_problem(self, value: float, percent_text: bool = False) -> str | None:
        """Why a finite number cannot be this field's value (a finding's message key), or None.

        ``percent_text``: the value came from a "40%" string, so 40 is not a share over one.
        The full validator and the batch fast path both decide with this one function.
        """
        if self.kind == INTEGER and value != int(value):
            return "wrong-type-integer"
        if value < 0 and (self.low is None or self.low >= 0):
            return "negative"
        if self.kind == SHARE and 1 < value <= 100 and not percent_text:
            return "share-over-one"
        too_low = self.low is not None and (value < self.low or (self.low_open and value == self.low))
        too_high = self.high is not None and (value > self.high or (self.high_open and value == self.high))
        if too_low or too_high:
            return "out-of-range"
        return None


FIELDS: tuple[Field, ...] = (
    Field("version", INTEGER, "Profile format version; only 1 exists.", default=1, low=1, high=1),
    # -- shop ---------------------------------------------------------------------------
    Field("shop.name", TEXT, "Shop name, shown in reports and batch tables.", required=True),
    Field("shop.platform", CHOICE, "Main sales platform.", default="other", choices=PLATFORMS,
          aliases=PLATFORM_ALIASES),
    Field("shop.category", CHOICE, "Main product category (Chinese names accepted).",
          default="other", choices=CATEGORIES, aliases=CATEGORY_ALIASES),
    Field("shop.currency", TEXT, "ISO currency code of all money amounts.", default="CNY"),
    # -- sales --------------------------------------------------------------------------
    Field("sales.monthly_revenue", MONEY, "Revenue per month, net of refunds (at least 1).", required=True,
          low=1, high=MAX_MONEY),
    Field("sales.average_order_value", MONEY, "Average order value (客单价), at least 0.01.", required=True,
          low=0.01, high=MAX_MONEY),
    Field("sales.repeat_order_share", SHARE,
          "Share of orders placed by returning platform customers. 0.20 is typical of a "
          "platform shop without a membership program.", default=0.20, low=0, high=0.99),
    # -- costs (shares of revenue) -----------------------------------------------------
    Field("costs.product", SHARE, "Cost of goods sold.", required=True, low=0, high=1),
    Field("costs.marketing", SHARE, "Platform ads and paid promotion, all of it (commissions paid per sale, "
          "such as 淘宝客 or streamer fees, are a variable cost: put them in costs.other).",
          required=True, low=0, high=1),
    Field("costs.staff", SHARE, "Staff and office.", default=0.0, low=0, high=1),
    Field("costs.staff_variable_share", RATE,
          "Part of the staff cost that grows with orders (customer service, packing); the rest is fixed.",
          default=0.3, low=0, high=1, uncertain=True, plausible=(0.0, 0.3, 0.6)),
    Field("costs.logistics", SHARE, "Shipping and packing: varies with orders.", default=0.0,
          low=0, high=1),
    Field("costs.platform_fees", SHARE, "Commission and payment fees: varies with orders.",
          default=0.0, low=0, high=1),
    # costs.other is a free mapping of named shares; see OTHER_COST_DOC.
    # -- ads ----------------------------------------------------------------------------
    Field("ads.cac_growth_per_year", RATE,
          "Yearly rise of the cost to acquire a customer through platform ads: paid traffic gets "
          "dearer as sellers crowd in.",
          default=0.20, low=-0.5, high=3.0, uncertain=True, plausible=(0.05, 0.20, 0.40), search=(-0.2, 1.0)),
    Field("ads.spend_elasticity", NUMBER,
          "Diminishing returns of ad spend: new customers scale with spend^(1 - e). 0 is "
          "linear; 0.3 means the last yuan buys less than the first, as keyword auctions do.",
          default=0.3, low=0, high=1, high_open=True, uncertain=True, plausible=(0.1, 0.3, 0.6),
          search=(0.0, 0.9)),
    Field("ads.customer_retention_per_month", RATE,
          "Share of platform customers still buying next month. 0.85 gives the ~20% repeat "
          "share typical of platform shops.", default=0.85, low=0, high=0.99, uncertain=True,
          plausible=(0.75, 0.85, 0.93)),
    Field("ads.acquisition_share", RATE,
          "Share of the ad budget that buys new customers; the rest re-buys the shop's own returning "
          "customers through paid search and retargeting.", default=0.8, low=0, high=1, uncertain=True,
          plausible=(0.6, 0.8, 1.0), search=(0.3, 1.0)),
    Field("ads.organic_share", RATE,
          "Share of new buyers who arrive without ads (search, feeds, word of mouth).",
          default=0.3, low=0, high=1, uncertain=True, plausible=(0.05, 0.3, 0.6), search=(0.0, 0.95)),
    Field("ads.organic_growth_per_year", RATE,
          "Yearly change of the free traffic: it erodes as the platform sells the same attention.",
          default=-0.05, low=-0.9, high=1.0, uncertain=True, plausible=(-0.20, -0.05, 0.05)),
    Field("ads.organic_follows_sales", NUMBER,
          "How strongly free traffic follows the shop's platform sales of the month before (ranking "
          "rewards sales velocity): 0.5 on marketplaces, 0 on own channels (wechat, shopify, other).",
          default=ByChannel(0.5, 0.0), low=0, high=1, uncertain=True, plausible=(0.0, 0.5, 1.0),
          search=(0.0, 1.0)),
    Field("ads.customer_acquisition_cost", MONEY,
          "Optional: the CAC you measure. Only checked against the one implied by the costs.",
          low=0, low_open=True, high=MAX_MONEY),
    # -- pool ---------------------------------------------------------------------------
    Field("pool.budget_shift", SHARE,
          "The profile's own pool plan: the cut of the ad budget that comes with it (the best plan "
          "chooses its own ad level).", default=0.3, low=0, high=1, uncertain=True),
    Field("pool.join_rate", RATE,
          "Share of invited platform buyers who join the pool and are still active a month later "
          "(package-card add rates are usually under 10%).",
          default=0.06, low=0, high=1, uncertain=True, plausible=(0.03, 0.06, 0.10), search=(0.005, 0.5)),
    Field("pool.order_uplift", NUMBER,
          "How many times as often a member orders as the shop's own platform buyers do.",
          default=1.3, low=0, high=20, uncertain=True, plausible=(1.05, 1.3, 2.2), search=(1.0, 10.0)),
    Field("pool.churn_ratio", NUMBER,
          "Member churn as a multiple of platform-customer churn (0.7: members leave 30% less often).",
          default=0.7, low=0, high=10, uncertain=True, plausible=(0.5, 0.7, 1.2), search=(0.2, 2.0)),
    Field("pool.monthly_churn", RATE,
          "Optional: members lost each month, measured; overrides churn_ratio.", low=0, high=1, uncertain=True),
    Field("pool.orders_per_member_per_month", NUMBER,
          "Optional: orders an active member places per month, measured; overrides order_uplift.",
          low=0, high=30, uncertain=True),
    Field("pool.orders_on_platform", BOOL,
          "true: members are reached in your own channel and buy in the platform store (the platform as "
          "the place of conversion); false: they buy in your own mini-program (a 0.6% payment fee "
          "instead of platform fees, no ranking effect).", default=True),
    Field("pool.member_discount", SHARE, "Price discount members get on their orders.",
          default=0.05, low=0, high=1, uncertain=True),
    Field("pool.referrals_per_member_per_month", NUMBER,
          "New members each member brings per month by referral, while the pool is far from its cap.",
          default=0.02, low=0, high=5, uncertain=True, plausible=(0.0, 0.02, 0.05)),
    Field("pool.max_members", NUMBER,
          "Optional: the most members referrals can reach. Default: the customers the shop reaches in a "
          "year (its platform base plus twelve months of new buyers).", low=1, high=MAX_MONEY),
    Field("pool.referral_reward", MONEY, "Reward paid per referred member. Default: 5% of the "
          "order value, a common 'invite a friend' coupon.",
          default=("sales.average_order_value", 0.05), low=0, uncertain=True, high=MAX_MONEY),
    Field("pool.membership_fee_per_month", MONEY, "Paid-membership fee per member per month.",
          default=0.0, low=0, uncertain=True, high=MAX_MONEY),
    Field("pool.cost_per_member_per_month", MONEY, "Coupons, gifts and tools per member per month. "
          "Default: 1% of the order value.", default=("sales.average_order_value", 0.01), low=0,
          uncertain=True, high=MAX_MONEY, plausible=(0.0, 0.01, 0.02), search=(0.0, 0.2)),
    Field("pool.setup_cost", MONEY, "One-off cost to start the pool (mini-program, CRM). "
          "Default: 5% of one month's revenue.", default=("sales.monthly_revenue", 0.05), low=0,
          uncertain=True, high=MAX_MONEY, plausible=(0.02, 0.05, 0.10)),
    Field("pool.monthly_operating_cost", MONEY, "Running the pool: community staff, content, "
          "tools. Default: 2% of monthly revenue.", default=("sales.monthly_revenue", 0.02), high=MAX_MONEY,
          low=0, uncertain=True, plausible=(0.01, 0.02, 0.04), search=(0.0, 0.2)),
    # -- projection ---------------------------------------------------------------------
    Field("projection.horizon_months", INTEGER, "Months projected. 24 covers two peak seasons.",
          default=24, low=1, high=120),
    Field("projection.discount_rate_per_year", RATE,
          "Yearly rate at which future profit is discounted: 10%, a small shop's cost of money.",
          default=0.10, low=0, high=1, uncertain=True),
    # -- calibration: written by `advisor calibrate` (docs/calibrate.md) -------------------
    Field("calibration.source", TEXT, "The order exports the listed keys were measured from (file names)."),
    Field("calibration.date", DATE, "The day they were measured, YYYY-MM-DD."),
    Field("calibration.keys", LIST, "Dotted paths of the keys measured from the exports: the evaluation "
          "marks them calibrated instead of set by hand."),
    Field("calibration.orders", NUMBER, "Paid orders the measurement read.", low=0),
    Field("calibration.customers", NUMBER, "Distinct customers among them.", low=0),
    Field("calibration.months", NUMBER, "Months of order history they span.", low=0),
)

BY_PATH = {f.path: f for f in FIELDS}
ASSUMPTIONS = tuple(f for f in FIELDS if f.plausible is not None)
"""The keys with a documented plausible range: what the shop guesses rather than reads off its books."""
SECTION_KEYS = {name: frozenset({f.keys[1] for f in FIELDS if f.keys[0] == name} | ({"other"} if name == "costs" else set()))
                for name in ("shop", "sales", "costs", "ads", "pool", "projection", "calibration")}

SECTIONS = ("version", "shop", "sales", "costs", "ads", "pool", "projection", "calibration")
REQUIRED_SECTIONS = ("shop", "sales", "costs")

OTHER_COSTS = "costs.other"
OTHER_COST_DOC = ("Further named costs: `name: share`, or `name: {share: 0.02, fixed: true}` "
                  "for a cost that does not vary with sales (rent). Plain shares are variable.")
OTHER_COST = Field(OTHER_COSTS, SHARE, "One further named cost, a share of revenue.", low=0, high=1)
"""The field every entry of ``costs.other`` is checked against."""

RANGE_FORMS = ({"low", "high"}, {"low", "mode", "high"}, {"mean", "sd"})

NUMERIC_KINDS = (SHARE, RATE, NUMBER, MONEY, INTEGER)

CALIBRATABLE = tuple(f.path for f in FIELDS if f.kind in NUMERIC_KINDS and f.keys[0] not in ("version", "calibration"))
"""The keys ``calibration.keys`` may list: every numeric key of the shop's figures and assumptions."""


PERCENT_PATTERN = r"^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*%\s*$"
"""A percent string ("30%", "12.5 %", "-5%"): the validator and the schema read the same ones."""
_PERCENT = re.compile(PERCENT_PATTERN)


def parse_percent(text: str) -> float | None:
    """A "30%" string as the fraction 0.3; None when the text is not a number followed by %."""
    if not _PERCENT.match(text):
        return None
    return float(text.strip()[:-1]) / 100


CURRENCY_PATTERN = r"^\s*[A-Za-z]{3}\s*$"
"""Three ASCII letters, any case, spaces around allowed: the validator and the schema both use it."""
_CURRENCY = re.compile(CURRENCY_PATTERN)


def parse_currency(text: str) -> str | None:
    """A three-letter currency code, upper-cased; None when the text is not one."""
    return text.strip().upper() if _CURRENCY.match(text) else None


_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "k": 1e3, "K": 1e3}
_CURRENCY_MARKS = re.compile(r"^(?:[¥￥$€£]|RMB|CNY|USD|EUR)\s*|\s*(?:元|块|RMB|CNY|USD|EUR)$", re.IGNORECASE)
_GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:[,，_' ][0-9]{3})+(?:\.[0-9]+)?\Z")
_DECIMAL_COMMA = re.compile(r"[-+]?[0-9]+,[0-9]{1,2}\Z|[-+]?0,[0-9]+\Z")


def number_suggestion(text: str) -> str | None:
    """The plain number a text most likely means -- "350,000" -> "350000", "¥1,200" -> "1200",
    "35万" -> "350000", "0,3" -> "0.3" -- or None when it is not a number written that way."""
    value = text.strip()
    stripped = _CURRENCY_MARKS.sub("", value)
    factor = 1.0
    if stripped[-1:] in _MULTIPLIERS:
        factor = _MULTIPLIERS[stripped[-1]]
        stripped = stripped[:-1].strip()
    if _GROUPED.match(stripped):
        stripped = re.sub(r"[,，_' ]", "", stripped)
    elif _DECIMAL_COMMA.match(stripped):
        stripped = stripped.replace(",", ".")
    if len(stripped) > 40 or not re.fullmatch(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", stripped):
        return None  # (forty digits are no profile figure: no suggestion for them)
    number = float(stripped) * factor
    shown = f"{number:.10g}" if number != int(number) or abs(number) >= 1e15 else str(int(number))
    return None if shown == value else shown


def home_of(key: str, parent: tuple) -> str | None:
    """The dotted path where ``key``, met under ``parent``, belongs when it is a key of another
    section (``monthly_revenue`` at the top -> ``sales.monthly_revenue``; ``marketing`` under sales
    -> ``costs.marketing``), else None."""
    if len(parent) > 1:
        return None
    homes = [f.path for f in FIELDS if len(f.keys) == 2 and f.keys[1] == key and f.keys[:1] != parent]
    return homes[0] if len(homes) == 1 else None


def _scaled(f: Field, numbers) -> str:
    text = ", ".join(f"{x:g}" for x in numbers)
    return f"{text} x `{f.default[0]}`" if isinstance(f.default, tuple) else text


def markdown_table() -> str:
    """The key reference of docs/profile.md (a test keeps the page equal to this)."""
    rows = ["| key | kind | required | default | allowed | range ok | plausible (low, mode, high) | meaning |",
            "|---|---|---|---|---|---|---|---|"]
    for f in FIELDS:
        if isinstance(f.default, tuple):
            default = _scaled(f, (f.default[1],))
        elif isinstance(f.default, ByChannel):
            default = f"`{f.default.marketplace:g}` (marketplace), `{f.default.own:g}` (own channel)"
        elif isinstance(f.default, bool):
            default = f"`{str(f.default).lower()}`"
        else:
            default = "" if f.default is None else f"`{f.default}`"
        if f.choices:
            allowed = ", ".join(f.choices)
        elif f.kind == DATE:
            allowed = "YYYY-MM-DD"
        elif f.kind == LIST:
            allowed = "numeric key paths"
        elif f.kind in NUMERIC_KINDS:
            lo = "-inf" if f.low is None else f"{f.low:g}"
            hi = "inf" if f.high is None else f"{f.high:g}"
            allowed = ("(" if f.low_open else "[") + f"{lo}, {hi}" + (")" if f.high_open else "]")
        elif f.kind == BOOL:
            allowed = "true, false"
        else:
            allowed = "text"
        plausible = _scaled(f, f.plausible) if f.plausible else ""
        rows.append(f"| `{f.path}` | {f.kind} | {'yes' if f.required else ''} | {default} | {allowed} | "
                    f"{'yes' if f.uncertain else ''} | {plausible} | {f.doc} |")
    return "\n".join(rows)
