"""Text that knows where its words come from, so that the report can say it in the reader's language.

The layers below the report (core, topics) compute with English text in a few places: a label built from
data ("US four, 2024 actual (each company's own fiscal year)"), a position ("inside the range"), a kind
("analyst estimate"). They stay English strings, so every frame, test and CSV reads as before, but each is
one of two `str` subclasses that carry what a translator needs:

- `Phrase`: English built from a template marked for the message catalogue (`N_`, domain `capex`) and its
  named slots (each a plain value, a `Phrase` or a `DataText`);
- `DataText`: a text cell of a data table, with the table and column it comes from (domain `data`).

`capexlib.report.language.words` turns either into the reader's language; anything else stays as it is.
Both behave as their English text everywhere else (equality, hashing, formatting, pickling).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def N_(message: str) -> str:
    """Marks `message` for the catalogue (babel extracts it) without translating it here."""
    return message


class Phrase(str):
    """English text made from `template` % `slots` (see the module docstring)."""

    template: str
    slots: Mapping[str, object]
    trim: str  # characters taken off the end once the template is filled (a note's full stop inside a label)

    def __new__(cls, text: str, template: str | None = None, slots: Mapping[str, object] | None = None, trim: str = "") -> Phrase:
        made = super().__new__(cls, text)
        made.template = text if template is None else template
        made.slots = dict(slots or {})
        made.trim = trim
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Phrase, (str(self), self.template, dict(self.slots), self.trim))


def phrase(template: str, **slots: object) -> Phrase:
    """`template` (a `%(name)s` template marked with N_) filled with `slots`, as English text."""
    return Phrase(template % {name: str(value) for name, value in slots.items()}, template, slots)


def without_stop(text: str) -> Phrase:
    """`text` without its closing full stop (in any language it is shown in): a note inside a label."""
    return Phrase(text.rstrip("."), "%(text)s", {"text": text}, trim=".")


def word(text: str) -> Phrase:
    """One message of the catalogue (marked with N_ where it is written), as a Phrase with no slots."""
    return Phrase(text, text, {})


def joined(parts: Sequence[object], separator: str = " ") -> Phrase:
    """Texts side by side ('a b'), each translated on its own: a template of placeholders only, which the
    catalogue does not hold (gettext gives such a template back as it is)."""
    names = [f"part{i}" for i in range(len(parts))]
    template = separator.join(f"%({name})s" for name in names)
    return phrase(template, **dict(zip(names, parts, strict=True)))


class DataText(str):
    """A text cell of data/<table>.csv, column `column` (translated in the `data` catalogue)."""

    table: str
    column: str

    def __new__(cls, text: str, table: str = "", column: str = "") -> DataText:
        made = super().__new__(cls, text)
        made.table = table
        made.column = column
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (DataText, (str(self), self.table, self.column))


def data(value: object, table: str, column: str) -> object:
    """A data table's text cell as DataText (None, numbers and empty text are returned as they are)."""
    return DataText(value, table, column) if isinstance(value, str) and value else value
