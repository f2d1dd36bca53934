"""Front matter (YAML ``---`` and TOML ``+++``): find the translatable values and their exact spans.

The block itself is never re-dumped: only the characters of a translated value are replaced, by a
double-quoted scalar (valid in both YAML and TOML), so comments, key order and formatting survive.
The only module that imports PyYAML.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Literal

import yaml

Flavor = Literal["yaml", "toml"]


@dataclass(frozen=True, slots=True)
class Block:
    """Where the front matter sits: the lines between the fences, as offsets into the text."""

    flavor: Flavor
    start: int
    """Offset of the first character after the opening fence line."""
    end: int
    """Offset of the first character of the closing fence line."""
    lines: int
    """Number of lines the whole block takes, fences included."""


@dataclass(frozen=True, slots=True)
class Value:
    """One translatable value: its key, text, and span in the whole document."""

    key: str
    text: str
    start: int
    end: int


_FENCES: dict[str, Flavor] = {"---": "yaml", "+++": "toml"}
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def find_block(text: str, offset: int) -> Block | None:
    """Find a front matter block starting at ``offset`` (after any BOM), or ``None``."""
    lines = [m.group(0) for m in _LINE.finditer(text, offset) if m.group(0)]
    if not lines or lines[0].rstrip("\r\n").rstrip() not in _FENCES:
        return None
    fence = lines[0].rstrip("\r\n").rstrip()
    closers = (fence, "...") if fence == "---" else (fence,)
    pos = offset + len(lines[0])
    for count, line in enumerate(lines[1:], start=2):
        if line.rstrip("\r\n").rstrip() in closers:
            return Block(_FENCES[fence], offset + len(lines[0]), pos, count)
        pos += len(line)
    return None


def find_values(text: str, block: Block, keys: tuple[str, ...]) -> list[Value]:
    """The string values of top-level ``keys`` in ``block``; other values are left alone."""
    body = text[block.start : block.end]
    spans = _yaml_spans(body, keys) if block.flavor == "yaml" else _toml_spans(body, keys)
    return [
        Value(key, value, block.start + start, block.start + end)
        for key, value, start, end in spans
    ]


def problem(text: str, block: Block) -> tuple[int, str] | None:
    """Why the block does not parse, as (0-based line within the body, message), or ``None``."""
    body = text[block.start : block.end]
    if block.flavor == "yaml":
        try:
            yaml.compose(body, Loader=yaml.SafeLoader)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            reason = getattr(err, "problem", None) or "invalid YAML"
            return (mark.line if mark else 0), f"front matter is not valid YAML: {reason}"
        return None
    try:
        tomllib.loads(body)
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"at line (\d+)", str(err))
        line = int(match.group(1)) - 1 if match else 0
        return line, f"front matter is not valid TOML: {str(err).split(' (at')[0]}"
    return None


def quote(value: str, flavor: Flavor) -> str:
    """A double-quoted scalar for ``value``: JSON string syntax is valid YAML and TOML."""
    del flavor  # the same quoting serves both
    return json.dumps(value, ensure_ascii=False)


def _yaml_spans(body: str, keys: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # invalid front matter is copied as it is; nothing in it is translated
    if not isinstance(root, yaml.MappingNode):
        return []
    found = []
    for key_node, value_node in root.value:
        if (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.value in keys
            and isinstance(value_node, yaml.ScalarNode)
            and value_node.tag == "tag:yaml.org,2002:str"
            and value_node.value.strip()
        ):
            start, end = value_node.start_mark.index, value_node.end_mark.index
            if value_node.style in ("|", ">"):
                end = _block_scalar_end(body, end)
            found.append((key_node.value, value_node.value.rstrip("\n"), start, end))
    return found


def _block_scalar_end(body: str, end: int) -> int:
    # PyYAML's end mark for block scalars includes the trailing line break(s): keep them.
    while end > 0 and body[end - 1] in "\r\n":
        end -= 1
    return end


_TOML_KEY = re.compile(
    r"""^(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*(?P<value>"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')""",
    re.MULTILINE,
)
_TOML_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _toml_spans(body: str, keys: tuple[str, ...]) -> list[tuple[str, str, int, int]]:
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        return []
    table = _TOML_TABLE.search(body)
    top = body[: table.start()] if table else body
    found = []
    for match in _TOML_KEY.finditer(top):
        key = match.group("key")
        value = data.get(key)
        # Only values whose decoded form we can verify are translated; others stay as they are.
        literal = match.group("value")
        if (
            key in keys
            and isinstance(value, str)
            and value.strip()
            and tomllib.loads(f"v = {literal}")["v"] == value
        ):
            found.append((key, value, match.start("value"), match.end("value")))
    return found
