"""Project configuration: defaults < i18npipe.toml or [tool.i18npipe] < command-line flags."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from . import locales
from .errors import ConfigError
from .segment import DEFAULT_FRONT_MATTER_KEYS


@dataclass(frozen=True, slots=True)
class Config:
    """Everything a pipeline run needs to know about the project."""

    root: Path
    """Directory the other paths are relative to (where the config file is)."""
    source_lang: str = "en"
    """Language the articles in ``content_dir`` are written in."""
    locales: tuple[str, ...] = ()
    """Target languages, normalized gettext codes (``pt_BR``)."""
    content_dir: str = "content"
    locale_dir: str = "locale"
    output_dir: str = "public"
    front_matter_keys: tuple[str, ...] = DEFAULT_FRONT_MATTER_KEYS
    """Front matter keys whose values are translated."""
    project: str = ""
    """``Project-Id-Version`` of the catalogs (defaults to the root folder's name)."""
    publish_fuzzy: bool = False
    """Publish fuzzy (unreviewed) translations. Off: unreviewed text never goes live by default."""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def locale_path(self) -> Path:
        return self.root / self.locale_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir


_KEYS = [f.name for f in fields(Config) if f.name != "root"]


def load(cwd: Path, path: Path | None = None) -> Config:
    """Read the configuration for a project in ``cwd`` (or from ``path``)."""
    if path is not None:
        if not path.is_file():
            raise ConfigError(
                "configuration file not found", path=str(path), hint="check the --config path"
            )
        return from_mapping(_read_table(path), path.parent.resolve(), source=str(path))
    for name in ("i18npipe.toml", "pyproject.toml"):
        candidate = cwd / name
        if candidate.is_file():
            table = _read_table(candidate)
            if name == "i18npipe.toml" or table:
                return from_mapping(table, cwd.resolve(), source=str(candidate))
    return from_mapping({}, cwd.resolve(), source="defaults")


def _read_table(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f"invalid TOML: {err}", path=str(path), hint="fix the syntax of the configuration file"
        ) from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return dict(tool.get("i18npipe", {})) if isinstance(tool, dict) else {}
    return data


def from_mapping(table: dict[str, Any], root: Path, *, source: str = "config") -> Config:
    """Validate a configuration table (keys as in ``[tool.i18npipe]``)."""
    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(_KEYS)}"
            raise ConfigError(f"unknown configuration key {key!r}", path=source, hint=hint)
    values: dict[str, Any] = {"root": root, "project": root.name}
    for key in ("content_dir", "locale_dir", "output_dir", "project"):
        if key in table:
            values[key] = _string(table[key], key, source)
    source_lang = locales.normalize(
        _string(table.get("source_lang", "en"), "source_lang", source),
        where=f"{source}: source_lang",
    )
    values["source_lang"] = source_lang
    codes = _strings(table.get("locales", []), "locales", source)
    normalized = tuple(locales.normalize(c, where=f"{source}: locales") for c in codes)
    if source_lang in normalized:
        raise ConfigError(
            f"locales lists the source language {source_lang!r}",
            path=source,
            hint="remove it from locales: the source is published as it is",
        )
    values["locales"] = tuple(dict.fromkeys(normalized))
    if "front_matter_keys" in table:
        values["front_matter_keys"] = tuple(
            _strings(table["front_matter_keys"], "front_matter_keys", source)
        )
    if "publish_fuzzy" in table:
        if not isinstance(table["publish_fuzzy"], bool):
            raise ConfigError("publish_fuzzy must be true or false", path=source)
        values["publish_fuzzy"] = table["publish_fuzzy"]
    return Config(**values)


def _string(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key} must be a non-empty string", path=source)
    return value


def _strings(value: Any, key: str, source: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f"{key} must be a list of strings", path=source, hint=f'write e.g. {key} = ["de", "fr"]'
        )
    return list(value)
