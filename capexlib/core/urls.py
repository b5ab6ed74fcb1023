"""Web addresses that may reach a page as a link: http(s) only, checked where they enter.

A `source_url` in the data, the `--site-url` a site is published at, and the `url` of a ClaimReview that
`capex compare` reads back from a scenario folder all become `href`s. One rule for all of them, applied
when the value is read (a data table at load, a parameter before anything runs), so that no page ever
holds a `javascript:` or `data:` link, an address with a password in it, or text that would leave the
attribute (quotes, angle brackets, spaces).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .echo import echo

SCHEMES = ("http", "https")
# What an address may hold as written (RFC 3986's characters, percent escapes included); no space, quote,
# angle bracket, backslash, backtick, brace or control character.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?")
MAX_URL = 2000  # characters; browsers and crawlers handle about this much
# A page address inside a scenario folder, as a run writes it: `01_totals_2025.html#claim-mt-us4-2025-usd`.
_PAGE = re.compile(r"[A-Za-z0-9_.-]+\.html(?:#[A-Za-z0-9_.-]+)?")


def url_problem(text: object, *, allow_query: bool = True) -> str | None:
    """Why `text` is not an absolute http(s) address a page may link to; None when it is one.

    `allow_query=False` refuses a query and a fragment too (a site's address: pages are resolved
    against it, so a query would be dropped silently).
    """
    if not isinstance(text, str) or not text:
        return "an address must be text"
    if len(text) > MAX_URL:
        return f"longer than {MAX_URL} characters"
    if not _URL_CHARS.fullmatch(text):
        bad = next(c for c in text if not _URL_CHARS.fullmatch(c))
        return f"holds {bad!r} (U+{ord(bad):04X}), which an address cannot hold unescaped"
    parts = urlsplit(text)
    if parts.scheme.lower() not in SCHEMES:
        return f"only http and https addresses are allowed, not {parts.scheme + ':' if parts.scheme else 'a relative one'}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "an address with a user name or password in it is refused"
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number from 1 to 65535"
    if port is not None and not 1 <= port <= 65535:  # urlsplit accepts 0
        return "its port is not a number from 1 to 65535"
    host = parts.hostname or ""
    if not _HOST.fullmatch(host):
        return f"{echo(host)} is not a host name"
    if not allow_query and (parts.query or parts.fragment or "?" in text or "#" in text):
        return "a query (?...) or fragment (#...) cannot be part of it"
    return None


def check_url(text: object, where: str, error: type[Exception], *, allow_query: bool = True) -> str:
    """`text` when it is an http(s) address a page may link to; else `error` naming `where`."""
    problem = url_problem(text, allow_query=allow_query)
    if problem is not None:
        raise error(f"{where}: {echo(text)} is not an http(s) address: {problem}")
    assert isinstance(text, str)
    return text


def is_page_address(text: str) -> bool:
    """Whether `text` is the address of a page inside a scenario folder (`NN_name.html#claim-id`)."""
    return bool(_PAGE.fullmatch(text)) and ".." not in text
