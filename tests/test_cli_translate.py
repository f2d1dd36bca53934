"""`i18npipe translate` and `run` with a provider, end to end against local fake services."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from servers import DeepLServer, LibreTranslateServer, local_network  # noqa: F401

from i18npipe import pofile
from i18npipe.cli import main

ROOT = Path(__file__).parent.parent
ARTICLE = "proximal-hamstring-tendinopathy"

pytestmark = pytest.mark.usefixtures("local_network")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    return tmp_path


def _configure(root: Path, body: str) -> None:
    (root / "i18npipe.toml").write_text(
        'locales = ["es", "de", "fr"]\nproject = "alton-pain-clinic"\n' + body
    )


def _configure_deepl(root: Path, url: str) -> None:
    _configure(
        root, f'[translator]\nprovider = "deepl"\nurl = "{url}"\napi_key_env = "TEST_DEEPL_KEY"\n'
    )


def _french(root: Path) -> str:
    return (root / "locale/fr/LC_MESSAGES" / f"{ARTICLE}.po").read_text(encoding="utf-8")


def test_translate_fills_only_untranslated_and_rerun_sends_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with LibreTranslateServer() as server:
        _configure(project, f'[translator]\nprovider = "libretranslate"\nurl = "{server.url}"\n')
        assert main(["-C", str(project), "run"]) == 0
        es_before = (project / "locale/es/LC_MESSAGES" / f"{ARTICLE}.po").read_bytes()
        capsys.readouterr()
        assert main(["-C", str(project), "translate"]) == 0
        first = server.count
        assert first > 0
        assert "entries filled" in capsys.readouterr().out
        # es and de were complete: nothing of theirs changed
        assert (project / "locale/es/LC_MESSAGES" / f"{ARTICLE}.po").read_bytes() == es_before
        catalog = pofile.parse_po(_french(project), "fr.po")
        machine = [
            m for m in catalog.messages if any("i18npipe: mt" in c for c in m.translator_comments)
        ]
        assert machine
        assert all(m.fuzzy and m.msgstr for m in machine)
        # reviewed French entries were not touched
        assert any(not m.fuzzy and m.msgstr and not m.translator_comments for m in catalog.messages)
        # the build does not publish machine output
        assert main(["-C", str(project), "run"]) == 0
        manifest = json.loads((project / "public/manifest.json").read_text())
        assert manifest["articles"][ARTICLE]["languages"]["fr"]["complete"] is False
        published = (project / "public/fr" / f"{ARTICLE}.md").read_text(encoding="utf-8")
        assert "[fr]" not in published
        # rerun: everything is in the cache or filled, no request
        server.reset()
        assert main(["-C", str(project), "translate"]) == 0
        assert server.count == 0


def test_dry_run_sends_nothing(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with LibreTranslateServer() as server:
        _configure(project, "")
        assert main(["-C", str(project), "run"]) == 0
        before = _french(project)
        capsys.readouterr()
        code = main(
            [
                "-C",
                str(project),
                "translate",
                "--provider",
                "libretranslate",
                "--provider-url",
                server.url,
                "--dry-run",
                "fr",
            ]
        )
        assert code == 0
        out = capsys.readouterr().out
        assert "would send" in out and "characters" in out
        assert server.count == 0
        assert _french(project) == before


def test_unreachable_provider_does_not_fail_or_hang_the_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with LibreTranslateServer() as server:
        url = server.url
    # the server is gone: connections are refused
    _configure(
        project,
        f'[translator]\nprovider = "libretranslate"\nurl = "{url}"\ntimeout = 2\nretries = 1\n',
    )
    started = time.monotonic()
    assert main(["-C", str(project), "run"]) == 0
    assert time.monotonic() - started < 30
    err = capsys.readouterr().err
    assert err.count("cannot connect") == 1  # said once, not per entry or per language
    assert "left for a later run" in err
    assert (project / "public/fr" / f"{ARTICLE}.md").is_file()


def test_deepl_through_the_official_client(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_DEEPL_KEY", "deepl-key")
    with DeepLServer(api_key="deepl-key") as server:
        _configure_deepl(project, server.url)
        assert main(["-C", str(project), "run"]) == 0
        assert server.count_path("/v2/translate") >= 1
    text = _french(project)
    assert "i18npipe: mt deepl" in text
    assert "deepl-key" not in text
    assert not any("deepl-key" in p.read_text(errors="replace") for p in project.rglob("*.po"))


def test_bad_api_key_is_reported_once(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_DEEPL_KEY", "wrong")
    with DeepLServer(api_key="deepl-key") as server:
        _configure_deepl(project, server.url)
        assert main(["-C", str(project), "run"]) == 0
        err = capsys.readouterr().err
        assert server.count == 1  # the first refusal stops the provider's work
    assert err.count("API key rejected") == 1
    assert "i18npipe: warning: deepl: API key rejected (HTTP 403)" in err
