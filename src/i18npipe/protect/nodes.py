"""The nodes a scan splits inline Markdown into, and CommonMark's pairing of emphasis runs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class Atom:
    raw: str
    what: str


@dataclass(slots=True)
class Pair:
    start: str
    end: str
    children: list[Node]
    what: str


@dataclass(slots=True, eq=False)
class Delim:
    """A run of ``*``, ``_`` or ``~~`` that may open or close emphasis."""

    char: str
    count: int
    length: int
    can_open: bool
    can_close: bool


@dataclass(slots=True, eq=False)
class Opener:
    raw: str
    start: int
    active: bool = True


Node = Text | Atom | Pair | Delim | Opener


def emphasis(nodes: list[Node]) -> list[Node]:
    """CommonMark's "process emphasis": pair delimiter runs into emphasis nodes."""
    j = 0
    while j < len(nodes):
        closer = nodes[j]
        if not isinstance(closer, Delim) or not closer.can_close or not closer.count:
            j += 1
            continue
        k = _opener_for(nodes, j, closer)
        if k is None:
            j += 1
            continue
        opener = nodes[k]
        assert isinstance(opener, Delim)
        use = 2 if opener.count >= 2 and closer.count >= 2 else 1
        opener.count -= use
        closer.count -= use
        marks = closer.char * use
        what = {"~": "strikethrough", "*": "emphasis", "_": "emphasis"}[closer.char]
        pair = Pair(marks, marks, _plain(nodes[k + 1 : j]), what)
        nodes[k + 1 : j] = [pair]
        j = k + 2
        if not opener.count:
            del nodes[k]
            j -= 1
        if not closer.count:
            del nodes[j]
    return _plain(nodes)


def _opener_for(nodes: list[Node], j: int, closer: Delim) -> int | None:
    for k in range(j - 1, -1, -1):
        opener = nodes[k]
        if not (isinstance(opener, Delim) and opener.char == closer.char and opener.can_open):
            continue
        if not opener.count:
            continue
        if closer.char == "~":
            if opener.count >= 2 and closer.count >= 2:
                return k
            continue
        both = opener.can_close or closer.can_open
        total = opener.length + closer.length
        if both and total % 3 == 0 and (opener.length % 3 or closer.length % 3):
            continue  # CommonMark's "rule of 3"
        return k
    return None


def _plain(nodes: list[Node]) -> list[Node]:
    """Unmatched delimiters and brackets become text; neighbouring texts merge."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Delim):
            node = Text(node.char * node.count)
        elif isinstance(node, Opener):
            node = Text(node.raw)
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        elif not isinstance(node, Text) or node.text:
            out.append(node)
    return out
