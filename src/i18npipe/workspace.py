"""The project's files: where each one lives, reading them, and writing them atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import pofile
from .config import Config
from .errors import CatalogError, SegmentError
from .model import Catalog, Document
from .segment import segment


@dataclass(frozen=True, slots=True)
class Article:
    """One source article and where its files live."""

    rel: str
    """Path below the content folder without ``.md``, with forward slashes (``guides/knee``)."""
    document: Document
    data: bytes
    """The source file's bytes."""


def pot_path(config: Config, rel: str) -> Path:
    return config.locale_path / "templates" / f"{rel}.pot"


def po_path(config: Config, language: str, rel: str) -> Path:
    return config.locale_path / language / "LC_MESSAGES" / f"{rel}.po"


def output_path(config: Config, language: str, rel: str) -> Path:
    return config.output_path / language / f"{rel}.md"


def memory_path(config: Config) -> Path:
    return config.root / config.state_dir / "memory.sqlite"


def mt_cache_path(config: Config) -> Path:
    return config.root / config.state_dir / "mt-cache.sqlite"


def article_path(config: Config, rel: str) -> str:
    """How an article is named in references and in the memory (``content/a.md``)."""
    return f"{config.content_dir}/{rel}.md"


def display_path(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def articles(config: Config) -> list[Article]:
    """Every ``.md`` file below the content folder, segmented, in path order."""
    if not config.content_path.is_dir():
        raise SegmentError(
            "content folder not found",
            path=display_path(config, config.content_path),
            hint="create it or set content_dir in the configuration",
        )
    found = []
    for path in sorted(config.content_path.rglob("*.md")):
        rel = path.relative_to(config.content_path).with_suffix("").as_posix()
        data = path.read_bytes()
        shown = display_path(config, path)
        text = _decode(data, shown)
        doc = segment(text, shown, front_matter_keys=config.front_matter_keys)
        found.append(Article(rel, doc, data))
    return found


def _decode(data: bytes, shown: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise SegmentError(
            f"not valid UTF-8 (byte {data[err.start]:#04x})",
            path=shown,
            line=line,
            hint="save the file as UTF-8",
        ) from None


def read_catalog(config: Config, path: Path) -> Catalog | None:
    """The catalog at ``path``, ``None`` if there is none; a CatalogError if it is malformed."""
    if not path.is_file():
        return None
    shown = display_path(config, path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise CatalogError("not valid UTF-8", path=shown, hint="catalogs must be UTF-8") from None
    return pofile.parse_po(text, shown)


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; do nothing if it already holds exactly that."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file 0600; give it the mode a plain open() would have.
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _default_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_all(files: dict[Path, bytes]) -> tuple[Path, ...]:
    return tuple(path for path, data in files.items() if write_atomic(path, data))


def catalogs_of(config: Config, lang: str) -> dict[str, Catalog]:
    """Every catalog of ``lang``, by article (including articles that no longer exist)."""
    folder = config.locale_path / lang / "LC_MESSAGES"
    found = {}
    for path in sorted(folder.rglob("*.po")) if folder.is_dir() else []:
        po = read_catalog(config, path)
        if po is not None:
            found[path.relative_to(folder).with_suffix("").as_posix()] = po
    return found


def all_catalogs(config: Config) -> list[tuple[str, str, Catalog]]:
    """(article path, language, catalog) for every catalog in every language."""
    return [
        (article_path(config, rel), lang, po)
        for lang in config.locales
        for rel, po in catalogs_of(config, lang).items()
    ]
