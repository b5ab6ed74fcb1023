"""Places in a page that the site fills once the run's data is known.

A notebook's page is rendered as soon as its notebook has run, before the site knows its navigation, its
scenario banner, its claims or the font every page needs. The page template leaves a marked place for each
(an HTML comment of ours, `<!--capex:NAME-->`), and the site fills each place with its HTML by name. This
is filling our own template's blanks, never reading a page: a notebook's own comments are removed by the
sanitizer, and its text is escaped, so no output can hold a marker.
"""

from __future__ import annotations

from collections.abc import Mapping

HTML_OPEN = "html"  # the <html lang="..."> start tag
TITLE = "title"  # <title>
HEAD = "head"  # the site's style, at the end of <head>
FONT = "font"  # the embedded Hangul face (every page)
HEADER = "header"  # navigation, scenario banner and the page's claims, after <body>
FOOTER = "footer"  # navigation again, before </body>


def slot(name: str) -> str:
    return f"<!--capex:{name}-->"


def chart_slot(number: int) -> str:
    """What a chart's page needs under it: its sources and its data link."""
    return f"chart-{number}"


class SlotError(ValueError):
    """A page without one of its places, or with one twice: the template and the site disagree."""


def fill(page: str, values: Mapping[str, str]) -> str:
    """`page` with each named place replaced by its HTML; every place must occur exactly once."""
    for name, value in values.items():
        marker = slot(name)
        found = page.count(marker)
        if found != 1:
            raise SlotError(f"the page has {found} places for {name!r}; expected one")
        page = page.replace(marker, value)
    return page
