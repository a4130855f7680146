"""Number formatting shared by the renderers: money in the profile's currency, percents."""

from __future__ import annotations

CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥",
                    "HKD": "HK$", "TWD": "NT$", "SGD": "S$", "KRW": "₩", "AUD": "A$", "CAD": "C$"}


def money(value: float, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency)
    digits = f"{abs(value):,.0f}"
    text = f"{symbol}{digits}" if symbol else f"{digits} {currency}"
    return "-" + text if value < 0 and digits != "0" else text


def compact_money(value: float, currency: str, lang: str = "en") -> str:
    """Short money for tables: 1.2M / 95.3k in English, 120万 / 1.2亿 in Chinese."""
    symbol = CURRENCY_SYMBOLS.get(currency, "")
    size = abs(value)
    units: tuple[tuple[float, str], ...]
    if lang == "zh":
        units = ((1e8, "亿"), (1e4, "万"))
    else:
        units = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    text = f"{size:,.0f}"
    for scale, unit in units:
        if size >= scale:
            text = f"{size / scale:.1f}{unit}"
            break
    shown = text
    text = f"{symbol}{text}" if symbol else f"{text} {currency}"
    return "-" + text if value < 0 and shown != "0" else text


def percent(value: float, digits: int = 1) -> str:
    text = f"{value * 100:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":  # no "-0.0%"
        text = text.lstrip("-")
    return text + "%"


def probability(value: float) -> str:
    """A probability from draws as a whole percent; "> 99%" and "< 1%" at the ends, where a finite
    number of draws cannot tell 99.98% from certainty."""
    if value > 0.99:
        return "> 99%"
    if value < 0.01:
        return "< 1%"
    return percent(value, 0)


def plain_number(value: float) -> str:
    """A number without a unit (a multiple, an elasticity, a count): thousands separated, at
    most three significant digits below 100."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def field_value(path: str, value, currency: str) -> str:
    """A profile key's value as its kind says: shares and rates as percents, money in the
    currency, other numbers plain (``costs.other.*`` are shares)."""
    from advisor.profile import fields

    if isinstance(value, bool):
        return "true" if value else "false"
    field = fields.BY_PATH.get(path)
    kind = fields.SHARE if field is None and path.startswith(fields.OTHER_COSTS + ".") else getattr(field, "kind", None)
    if kind in (fields.SHARE, fields.RATE):
        return percent(value, 2 if 0 < abs(value) < 0.01 else 1)
    if kind == fields.MONEY:
        return money(value, currency) if abs(value) >= 100 or value == int(value) else _money_cents(value, currency)
    if kind == fields.INTEGER:
        return f"{int(value):,}"
    return plain_number(value)


def _money_cents(value: float, currency: str) -> str:
    """Small money with its cents (a ¥1.76 cost per member is not ¥2)."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    digits = f"{abs(value):,.2f}"
    text = f"{symbol}{digits}" if symbol else f"{digits} {currency}"
    return "-" + text if value < 0 else text
