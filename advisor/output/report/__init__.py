"""The consultant report (``advisor report``): one self-contained HTML file -- inline CSS and
inline SVG charts, no script, nothing fetched when it is viewed -- that prints to A4. ``page``
assembles the document and the portfolio page, ``shop`` one shop's pages, ``svg`` the charts."""

from advisor.output.formats import Registry, Writer


def html(shops: list, t, out) -> None:
    from advisor.output.report.page import document

    out.write(document(shops, t))


FORMATS = Registry({"html": Writer(html, (".html", ".htm"))}, default="html")
