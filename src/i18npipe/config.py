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
class TranslatorConfig:
    """``[tool.i18npipe.translator]``: which machine translation provider pretranslates."""

    provider: str
    url: str | None = None
    """Base URL of the service (self-hosted LibreTranslate, a DeepL proxy, a test server)."""
    api_key_env: str | None = None
    """Name of the environment variable holding the API key; the key itself is never stored."""
    timeout: float = 20.0
    retries: int = 3
    concurrency: int = 4


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
    state_dir: str = ".i18npipe"
    """Translation memory and machine translation cache (rebuildable, not committed)."""
    glossary: str = "glossary/terms.csv"
    """Glossary of protected and required terms (optional file)."""
    translator: TranslatorConfig | None = None

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
_TRANSLATOR_KEYS = [f.name for f in fields(TranslatorConfig)]


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
    _known(table, _KEYS, source, "")
    values: dict[str, Any] = {"root": root, "project": root.name}
    for key in ("content_dir", "locale_dir", "output_dir", "project", "state_dir", "glossary"):
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
    if "translator" in table:
        values["translator"] = _translator(table["translator"], source)
    return Config(**values)


def _known(table: dict[str, Any], keys: list[str], source: str, prefix: str) -> None:
    for key in table:
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(keys)}"
            raise ConfigError(f"unknown configuration key '{prefix}{key}'", path=source, hint=hint)


def _translator(table: Any, source: str) -> TranslatorConfig:
    if not isinstance(table, dict):
        raise ConfigError(
            "translator must be a table",
            path=source,
            hint='write [tool.i18npipe.translator] with provider = "libretranslate"',
        )
    _known(table, _TRANSLATOR_KEYS, source, "translator.")
    provider = _string(table.get("provider"), "translator.provider", source)
    url = table.get("url")
    key_env = table.get("api_key_env")
    return TranslatorConfig(
        provider,
        _string(url, "translator.url", source) if url is not None else None,
        _string(key_env, "translator.api_key_env", source) if key_env is not None else None,
        timeout=float(_number(table, "timeout", 20.0, source)),
        retries=int(_number(table, "retries", 3, source, integer=True)),
        concurrency=int(_number(table, "concurrency", 4, source, integer=True)),
    )


def _number(
    table: dict[str, Any], key: str, default: float, source: str, *, integer: bool = False
) -> float:
    value = table.get(key, default)
    kinds = (int,) if integer else (int, float)
    if not isinstance(value, kinds) or isinstance(value, bool) or value < 0:
        raise ConfigError(
            f"translator.{key} must be a non-negative {'integer' if integer else 'number'}",
            path=source,
        )
    return float(value)


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
