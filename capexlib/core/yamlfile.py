"""The one way a YAML file is read (data/*.meta.yaml, `capex run -f scenario.yaml`): bounded, strict, safe,
and one clear line naming the file when it cannot be read.

Strict beyond `yaml.safe_load`:
- aliases (`*name`) are refused: these files never need them, and an "alias bomb" (a few lines whose
  aliases expand to billions of items) would otherwise hang whatever walks the value;
- a key given twice in one mapping is an error, not "the last one wins";
- a tag that safe loading cannot build (`!!python/object/...`) is refused with its name;
- a date stays text (`2026-02-30` is then refused by whatever reads it as a date, naming the parameter or
  field, instead of failing inside PyYAML), and an integer of more than 30 digits is refused (Python
  refuses to read 4,300 digits, with a traceback);
- nesting deeper than a reader would write is refused, never a RecursionError;
- the text is read with the bounds of capexlib.core.readfile and by the rule of capexlib.core.text (UTF-8,
  NFC, no control, NUL or bidirectional-override character).
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from .echo import echo, one_line
from .readfile import MAX_YAML_BYTES, read_regular_file, shown_path
from .text import decode, unsafe_char

MAX_INT_DIGITS = 30
MAX_DEPTH = 50


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without duplicate keys."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"an alias (*{event.anchor}) is not allowed", event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: Any) -> Any:
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise ConstructorError(None, None, f"an integer of {digits:,} digits (at most {MAX_INT_DIGITS})", node.start_mark)
        return super().construct_yaml_int(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            seen: set[object] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:  # an unhashable key: SafeConstructor reports it
                    continue
                if duplicate:
                    raise ConstructorError(None, None, f"duplicate key {echo(key)}", key_node.start_mark)
        return super().construct_mapping(node, deep)

    def construct_undefined(self, node: Any) -> Any:
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
        raise ConstructorError(None, None, f"tag {echo(tag)} is not allowed (plain values only)", node.start_mark)


_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)


def _as_text(loader: yaml.SafeLoader, node: Any) -> Any:
    return loader.construct_scalar(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _as_text)  # dates stay text


def read_yaml(path: str | os.PathLike[str], error: type[Exception], what: str = "file") -> object:
    """The YAML document in `path` (None when empty); `error` with the path and the reason otherwise."""
    data = read_regular_file(path, error, what, MAX_YAML_BYTES, run_input=True)
    where = shown_path(path)
    text = decode(data, where, error)
    try:
        value = yaml.load(text, Loader=_StrictLoader)
    except (ValueError, RecursionError) as e:  # a value PyYAML parsed but cannot build
        raise error(f"{where}: not valid YAML: {one_line(str(e), 200) or type(e).__name__}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(e, "problem", None) or getattr(e, "reason", None) or type(e).__name__
        raise error(f"{where}: not valid YAML{at}: {one_line(str(problem), 200)}") from None
    _check_texts(value, where, error)
    return value


def _check_texts(value: object, where: str, error: type[Exception]) -> None:
    """Every text in the document (keys too) by the rule of capexlib.core.text: an escape such as "\\u202e"
    makes a character the file's own text did not hold."""
    if isinstance(value, str):
        problem = unsafe_char(value)
        if problem is not None:
            raise error(f"{where}: the value {echo(value)} holds {problem}; such characters are refused")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key, where, error)
            _check_texts(item, where, error)
    elif isinstance(value, list):
        for item in value:
            _check_texts(item, where, error)
