"""Translator comments that record where a suggestion came from.

GNU tools (msgcat, msgmerge) drop ``#,`` flags they do not know, so provenance lives in
translator comments (``# i18npipe: …``), which every tool keeps. Each entry carries at most one.
"""

from __future__ import annotations

PREFIX = "i18npipe: "


def comment(kind: str, detail: str) -> str:
    """A provenance line, e.g. ``i18npipe: tm 92% content/a.md``."""
    return f"{PREFIX}{kind} {detail}".rstrip()


def with_provenance(comments: tuple[str, ...], line: str) -> tuple[str, ...]:
    """``comments`` with any earlier provenance line replaced by ``line`` (kept last)."""
    return (*strip(comments), line)


def strip(comments: tuple[str, ...]) -> tuple[str, ...]:
    """``comments`` without provenance lines (the translator's own comments stay)."""
    return tuple(c for c in comments if not c.startswith(PREFIX))
