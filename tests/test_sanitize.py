"""Sanitizing notebook HTML with nh3: hostile markup shows as text, harmless markup survives, nothing remote."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib.report.sanitize import ALLOWED_TAGS, clean_html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize(
    "hostile, shown",
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),
        ("<iframe src=https://example.org></iframe>", "<iframe src=https://example.org></iframe>"),
        ("<scr<script>ipt>alert(1)</script>", "<scr<script>ipt>alert(1)</script>"),
    ],
)
def test_hostile_markup_is_shown_as_text(hostile, shown):
    out = parsed(clean_html(f"<p>{hostile}</p>"))
    assert [t for t, _ in out.tags] == ["p"]
    assert "".join(out.text) == shown


def test_harmless_markup_survives_and_attributes_are_filtered():
    out = clean_html(
        '<table class="dataframe"><tr style="text-align: right; background: url(https://e.org/x)"><td>1</td></tr></table>'
        '<img src="https://e.org/x.png" alt="remote"><img src="data:image/png;base64,AA" alt="inline" onerror="x()">'
        '<a href="https://arxiv.org/abs/2412.19437">report</a><a href="data:text/html,x">bad</a>'
        "<style>td { color: red }</style><style>@import url(https://e.org/x.css);</style>"
    )
    tags = parsed(out).tags
    assert ("tr", {"style": "text-align: right;"}) in tags
    assert ("img", {"alt": "remote"}) in tags  # the remote source is dropped, the alt text kept
    assert ("img", {"src": "data:image/png;base64,AA", "alt": "inline"}) in tags
    assert ("a", {"href": "https://arxiv.org/abs/2412.19437", "rel": "noopener"}) in tags
    assert ("a", {"rel": "noopener"}) in tags  # a data: link loses its target
    assert out.count("<style>") == 1 and "@import" not in out


_PIECES = st.sampled_from(
    ["<", ">", "/", "=", '"', "'", " ", "script", "img", "a", "style", "svg", "p", "on", "load", "error", "href",
     "src", "javascript:", "data:", "http://", "url(", "alert(1)", "&", "#", "!--", "--", "b", "table", "td"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_no_script_survives_any_input(text):
    out = parsed(clean_html(text))
    for tag, attrs in out.tags:
        assert tag in ALLOWED_TAGS and tag != "script"
        assert not any(name.startswith("on") for name in attrs)
        for name in ("href", "src"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith("javascript:")
            if tag == "img" and name == "src" and value:
                assert value.startswith("data:image/")
