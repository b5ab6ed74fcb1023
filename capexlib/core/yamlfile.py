"""The one way a YAML file is read (data/*.meta.yaml, `capex run -f scenario.yaml`): bounded, strict, safe,
and one clear line naming the file when it cannot be read.

Strict beyond `yaml.safe_load`:
- aliases (`*name`) are refused: these files never need them, and an "alias bomb" (a few lines whose
  aliases expand to billions of items) would otherwise hang whatever walks the value;
- a key given twice in one mapping is an error, not "the last one wins";
- a tag that safe loading cannot build (`!!python/object/...`) is refused with its name;
- the text is read with the bounds of capexlib.core.readfile and normalized to NFC (Hangul typed on a
  Mac may arrive decomposed).
"""

from __future__ import annotations

import os
import unicodedata
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from .echo import echo, one_line
from .readfile import MAX_YAML_BYTES, read_regular_file, shown_path


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases and without duplicate keys."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"an alias (*{event.anchor}) is not allowed", event.start_mark)
        return super().compose_node(parent, index)

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


def read_yaml(path: str | os.PathLike[str], error: type[Exception], what: str = "file") -> object:
    """The YAML document in `path` (None when empty); `error` with the path and the reason otherwise."""
    data = read_regular_file(path, error, what, MAX_YAML_BYTES)
    where = shown_path(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"{where}: not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    try:
        return yaml.load(unicodedata.normalize("NFC", text), Loader=_StrictLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(e, "problem", None) or getattr(e, "reason", None) or type(e).__name__
        raise error(f"{where}: not valid YAML{at}: {one_line(str(problem), 200)}") from None
