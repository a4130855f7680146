"""Calibration: measure a profile's sales and customer figures from the shop's own order exports.

The room reads export files (``source``, ``layouts``, ``cells``, ``read``), collapses their rows
into orders (``orders``), measures them (``measure``, ``cohorts``: pure numpy, no files) and edits
profile text (``profile_text``). It knows no language and prints nothing: results are plain data,
problems are ``ExportError`` values carrying a ``Finding`` (file:line:column), and the output edge
words both. Customer keys are hashed with a salted SHA-256 as they are read; the raw keys never
leave the chunk being parsed.
"""

PLATFORM_CHOICES = ("auto", "taobao", "pinduoduo", "douyin", "wechat", "shopify", "woocommerce")
"""``--platform`` values: ``auto`` and every layout's name (``layouts.LAYOUTS`` defines them; kept
here so the command line can offer them without importing the layouts at start-up)."""
