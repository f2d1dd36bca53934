"""Configuration: where it is read from, validation and its error messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from i18npipe import config
from i18npipe.errors import ConfigError


def test_defaults_without_any_file(tmp_path: Path) -> None:
    cfg = config.load(tmp_path)
    assert (cfg.source_lang, cfg.locales, cfg.content_dir, cfg.output_dir) == (
        "en",
        (),
        "content",
        "public",
    )
    assert cfg.project == tmp_path.name


def test_pyproject_table_and_normalized_locales(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.i18npipe]\nlocales = ["pt-br", "de", "zh_hant"]\noutput_dir = "site"\n'
    )
    cfg = config.load(tmp_path)
    assert cfg.locales == ("pt_BR", "de", "zh_Hant")
    assert cfg.output_path == tmp_path.resolve() / "site"


def test_i18npipe_toml_wins_and_explicit_path(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.i18npipe]\nlocales = ["de"]\n')
    (tmp_path / "i18npipe.toml").write_text('locales = ["fr"]\n')
    assert config.load(tmp_path).locales == ("fr",)
    other = tmp_path / "sub" / "other.toml"
    other.parent.mkdir()
    other.write_text('locales = ["es"]\n')
    cfg = config.load(tmp_path, other)
    assert cfg.locales == ("es",)
    assert cfg.root == other.parent.resolve()


@pytest.mark.parametrize(
    ("body", "message", "hint"),
    [
        ('locale = ["de"]\n', "unknown configuration key 'locale'", "did you mean 'locales'?"),
        ('locales = ["xx"]\n', "unknown locale 'xx'", "CLDR"),
        ('locales = ["../etc"]\n', "'../etc' is not a locale code", "pt_BR"),
        ('locales = "de"\n', "locales must be a list of strings", 'locales = ["de", "fr"]'),
        ('locales = ["en"]\n', "source language 'en'", "remove it"),
        ("locales = [\n", "invalid TOML", "fix the syntax"),
    ],
)
def test_bad_configuration_is_a_clear_error(
    tmp_path: Path, body: str, message: str, hint: str
) -> None:
    (tmp_path / "i18npipe.toml").write_text(body)
    with pytest.raises(ConfigError) as err:
        config.load(tmp_path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(tmp_path / "i18npipe.toml"))
    assert err.value.hint is not None and hint in err.value.hint


def test_translator_table(tmp_path: Path) -> None:
    (tmp_path / "i18npipe.toml").write_text(
        'locales = ["de"]\n[translator]\nprovider = "libretranslate"\n'
        'url = "http://127.0.0.1:5000"\napi_key_env = "LT_KEY"\ntimeout = 5\n'
    )
    cfg = config.load(tmp_path)
    assert cfg.translator == config.TranslatorConfig(
        "libretranslate", "http://127.0.0.1:5000", "LT_KEY", timeout=5.0
    )


def test_translator_unknown_key_has_a_hint(tmp_path: Path) -> None:
    (tmp_path / "i18npipe.toml").write_text('[translator]\nprovider = "deepl"\napikey = "x"\n')
    with pytest.raises(ConfigError) as err:
        config.load(tmp_path)
    assert "unknown configuration key 'translator.apikey'" in str(err.value)
    assert err.value.hint == "did you mean 'api_key_env'?"
