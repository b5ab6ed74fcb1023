"""The site's jinja2 templates (templates/), one environment per language, with the reader's words.

Every template is rendered with autoescape on: a value is escaped unless the code marks it safe. Words come
from the message catalogue (capexlib.report.i18n) through jinja2's i18n extension. Imports no nbconvert, so
that `capex compare` can write its page without loading it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup, escape

from .i18n import DEFAULT_LANGUAGE, Messages
from .styles import outcome_class, verdict_class
from .typography import keep_amounts_whole

TEMPLATES = Path(__file__).resolve().parent / "templates"
NBCONVERT_TEMPLATE = "capex_reader.html.j2"  # nbconvert's page template (capexlib.report.render), not the site's


class _Compiled(BytecodeCache):
    """The templates as compiled once, for every language's environment: the environments differ only in
    their messages and functions, which a compiled template looks up when it renders. A template whose
    source changed is compiled again (jinja2 keys the code by the source's checksum too)."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self._code.get((bucket.key, bucket.checksum))  # type: ignore[assignment]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _Compiled()


@functools.cache
def environment(lang: str) -> jinja2.Environment:
    """The site's templates with the messages of `lang`."""
    messages = Messages(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_COMPILED,
    )
    env.install_gettext_translations(messages.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        verdict_class=lambda v: verdict_class(v) or "",
        verdict_word=messages.verdict,
        reason_word=messages.reason,
        outcome_word=messages.outcome,
        outcome_class=outcome_class,
        confidence_word=messages.confidence,
        topic_word=messages.topic,
    )
    env.filters["amounts"] = lambda text: Markup(keep_amounts_whole(str(escape(text))))
    # Words the library writes that are not the site's (a rate in words: capexlib.report.present), marked so a
    # reader's tools and the tests can tell them from the page's own; a value as code.
    env.globals["m_rate"] = lambda text: Markup('<span class="rate">%s</span>') % text
    env.globals["code"] = lambda text: Markup("<code>%s</code>") % text
    return env


def warm(lang: str = DEFAULT_LANGUAGE) -> None:
    """Compile every site template now (~0.1 s), e.g. in a thread while notebooks run, so that finishing the
    site at the end of a run only renders them; compiled once, they serve every language."""
    env = environment(lang)
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html.j2") and name != NBCONVERT_TEMPLATE):
        env.get_template(name)


def render(language: str, template: str, **context: object) -> str:
    """`template` rendered in `language` (the context's own `lang` names the page's language)."""
    return environment(language).get_template(template).render(**context)


@functools.cache
def style() -> str:
    """The site's stylesheet (templates/site.css), embedded in every page."""
    return (TEMPLATES / "site.css").read_text(encoding="utf-8")


@functools.cache
def script() -> str:
    """The site's one small script (templates/site.js): the claim filter and the copy-link buttons.
    Every page reads fully without it."""
    return (TEMPLATES / "site.js").read_text(encoding="utf-8")
