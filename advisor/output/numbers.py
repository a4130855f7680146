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
