"""Reading a YAML file with stated limits, so a bad or hostile file gets one message instead of a crash.

Limits (README "Limits and guarantees"):
  * file size at most ``MAX_FILE_BYTES``;
  * UTF-8 text (the byte and line of the first undecodable byte are named);
  * nesting at most ``MAX_DEPTH`` levels (PyYAML's composer recurses once per level: a file of ten
    thousand ``[`` would otherwise end in RecursionError);
  * at most ``MAX_NODES`` values once every alias is expanded (a "billion laughs" file of 1.7 KB grows to
    gigabytes when a reader walks it; aliases are fine, their expansion is what is counted);
  * no key given twice in one mapping (YAML would silently keep the last one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5_000_000  # the default scenario is ~40 kB; a hand-written scenario never nears this
MAX_DEPTH = 40  # a scenario nests five levels (actors > interactions > when > issue > options)
MAX_NODES = 1_000_000  # values after alias expansion; the default scenario has ~3,000


class YamlLimitError(ValueError):
    """A limit above was exceeded; the message says where and what to do."""


class _LimitedLoader(yaml.SafeLoader):
    """SafeLoader with a nesting-depth limit and a duplicate-key check."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlLimitError(f"nesting deeper than {MAX_DEPTH} levels at line {mark.line + 1}; "
                                     f"a scenario needs about five, flatten the file")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` keys may be overridden by design
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:  # an unhashable key: SafeConstructor reports it below
                continue
            if first != key_node.start_mark.line + 1:
                raise YamlLimitError(f"key {key!r} given twice in one mapping (lines {first} and "
                                     f"{key_node.start_mark.line + 1}); YAML would keep only the last, "
                                     f"merge them into one entry")
        return super().construct_mapping(node, deep)


def expanded_size(node: yaml.Node, limit: int = MAX_NODES) -> int:
    """Number of values in ``node`` with every alias expanded, memoised per node (linear in the file),
    stopping as soon as it passes ``limit``."""
    memo: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in memo:
            return memo[id(n)]
        total = 1
        if isinstance(n, yaml.SequenceNode):
            children = n.value
        elif isinstance(n, yaml.MappingNode):
            children = [c for pair in n.value for c in pair]
        else:
            children = []
        for c in children:
            total += size(c)
            if total > limit:
                break
        memo[id(n)] = total
        return total

    return size(node)


def read_limited_yaml(path: Path) -> Any:
    """Parse ``path``; ``YamlLimitError`` (limits, encoding) or ``yaml.YAMLError`` (syntax) otherwise."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlLimitError(f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; a scenario "
                             f"is a few kilobytes, check that this is the right file")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlLimitError(f"not UTF-8 text: byte 0x{raw[e.start]:02x} at line {line} cannot be "
                             f"decoded; save the file as UTF-8") from None
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        n = expanded_size(node)
        if n > MAX_NODES:
            raise YamlLimitError(f"more than {MAX_NODES:,} values once its aliases (*name) are expanded; "
                                 f"aliases that repeat other aliases multiply, write the entries out")
        return loader.construct_document(node)
    except RecursionError:  # a limit we did not foresee; still one message, never a traceback
        raise YamlLimitError(f"nesting too deep to read (limit {MAX_DEPTH} levels); flatten the file") from None
    except (ValueError, OverflowError) as e:
        if isinstance(e, YamlLimitError):
            raise
        # PyYAML's int constructor: Python refuses to convert integers of more than 4,300 digits
        what = ("an integer has more than 4,300 digits" if "digits" in str(e) else f"a value cannot be read ({e})")
        raise YamlLimitError(f"{what}; numbers in a scenario are small, fix it") from None
    finally:
        loader.dispose()
