"""Text from any input file or parameter, read one way: UTF-8, NFC, and without the characters that hide
what a text says.

Refused wherever they appear (data tables, provenance and scenario files, ECB files, text parameters),
with the file, line and column and the character's code point:

- NUL and the other control characters (C0 but tab, line feed and carriage return; DEL; C1): a NUL
  cuts a C string short, and none of them belongs in a figure's quote or a label;
- the bidirectional embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) and the
  invisible direction marks (U+200E, U+200F, U+061C): a right-to-left override makes a page or a
  spreadsheet show text in another order than it is stored ("Trojan Source");
- a byte-order mark inside the text (one at the very start of a file is dropped, as spreadsheets write it).

Hangul typed on a Mac may arrive decomposed (NFD); every text is normalized to NFC, so it matches the
seeds byte for byte.
"""

from __future__ import annotations

import re
import unicodedata

_NAMES = {
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u061c": "ARABIC LETTER MARK",
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\ufeff": "BYTE ORDER MARK inside the text",
}
# Control characters but tab, LF and CR; DEL and C1; the direction controls and marks; an inner BOM.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# A lone surrogate: what Python makes of a byte that is not UTF-8 in a command-line argument or a path.
SURROGATE = re.compile("[\ud800-\udfff]")


def describe_char(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)', 'U+0000 (NUL)'."""
    name = _NAMES.get(char) or ("NUL" if char == "\x00" else unicodedata.name(char, "a control character"))
    return f"U+{ord(char):04X} ({name})"


def unsafe_char(text: str) -> str | None:
    """The first refused character of `text`, described ('U+202E (RIGHT-TO-LEFT OVERRIDE)'); None when there is none."""
    found = UNSAFE.search(text)
    if found is not None:
        return describe_char(found.group())
    bad = SURROGATE.search(text)
    if bad is not None:
        return f"a byte that is not UTF-8 (0x{ord(bad.group()) - 0xDC00:02X})"
    return None


def position(text: str, index: int) -> tuple[int, int]:
    """(line, column) of `text[index]`, both from 1."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes, where: str, error: type[Exception], hint: str = "save the file as UTF-8") -> str:
    """The text of an input file: UTF-8 (a leading byte-order mark dropped), NFC, no refused character.

    `error` names `where`, the line and column (and for a byte that is not UTF-8, its offset).
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise error(f"{where}, line {line}: not valid UTF-8 (byte {e.start}); {hint}") from None
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    found = UNSAFE.search(text)
    if found is not None:
        line, column = position(text, found.start())
        raise error(
            f"{where}, line {line}, column {column}: holds {describe_char(found.group())}; "
            "such characters hide what a text says and are refused"
        )
    return text
