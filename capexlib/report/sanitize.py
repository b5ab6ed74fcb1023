"""HTML from a notebook made safe for the site: nh3 (the Rust sanitizer ammonia) with an allowlist wide
enough for markdown and pandas tables.

ammonia drops a tag it does not allow; bleach (which this replaced: deprecated upstream, and 0.3-0.5 s
a page) escaped it. A reader should *see* hostile text rather than lose it, so tags outside the allowlist
are escaped first (`<script>` becomes the text `&lt;script&gt;`); nh3 then has the final word on
everything that is still markup. Images load only from data: URLs, so a page never fetches anything.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"style", "tfoot"}
_COMMON = {"class", "id", "title", "style", "align", "colspan", "rowspan", "border", "lang"}
ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "name"},
    "img": {"alt", "width", "height", "src"},
    "style": {"type", "scoped"},
}
# Inline styles pandas and markdown write; anything else in a style attribute is dropped.
STYLE_PROPERTIES = frozenset(
    {
        "text-align",
        "vertical-align",
        "white-space",
        "width",
        "min-width",
        "max-width",
        "font-weight",
        "font-style",
        "color",
        "background-color",
        "border",
        "border-collapse",
        "padding",
    }
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# A stylesheet that could load something (or, in old browsers, run something) is removed whole.
_UNSAFE_STYLE = re.compile(r"<style\b[^>]*>(?:(?!</style>).)*?(?:url\s*\(|@import|expression\s*\(|javascript:)"
                           r"(?:(?!</style>).)*</style>", re.IGNORECASE | re.DOTALL)  # fmt: skip


def _style(value: str) -> str | None:
    """An inline style with only the allowed properties (ammonia's own filter refuses to run when
    <style> elements are allowed), and none that names a URL."""
    kept = []
    for declaration in value.split(";"):
        prop, colon, setting = declaration.partition(":")
        prop, setting = prop.strip().lower(), setting.strip()
        if colon and prop in STYLE_PROPERTIES and not re.search(r"url\s*\(|expression\s*\(|\\", setting, re.IGNORECASE):
            kept.append(f"{prop}: {setting}")
    return "; ".join(kept) + ";" if kept else None


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    """Links may go anywhere but to a data: URL; images only come from data:image/ URLs."""
    if name == "style":
        return _style(value)
    lowered = value.strip().lower()
    if tag == "a" and name == "href" and lowered.startswith("data:"):
        return None
    if tag == "img" and name == "src" and not lowered.startswith("data:image/"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script"},
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    link_rel="noopener",
    url_schemes={"http", "https", "mailto", "data"},
)


def escape_unknown_tags(text: str) -> str:
    """Turn the `<` of every tag outside the allowlist into `&lt;`, so the tag reads as text."""
    return _TAG.sub(lambda m: m.group(0) if m.group(2).lower() in ALLOWED_TAGS else "&lt;" + m.group(0)[1:], text)


def clean_html(element: object) -> str:
    """HTML from a notebook, with anything that could run script shown as text (not silently dropped)."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return _CLEANER.clean(_UNSAFE_STYLE.sub("", escape_unknown_tags(text)))
