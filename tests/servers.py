"""Fake translation services on 127.0.0.1, for tests and benchmarks.

Each fake is a real ``ThreadingHTTPServer`` on a free port that speaks one service's wire
protocol the way the real client calls it (LibreTranslate, Google's ``/m`` page as deep-translator
scrapes it, MyMemory, Microsoft, DeepL v2 as the ``deepl`` package calls it). It "translates"
deterministically with ``fake_translate`` (``[de] `` + upper-cased words, tags untouched), counts
and records requests, and misbehaves on request through ``server.faults``::

    with LibreTranslateServer(latency=0.05) as server:
        provider = create(ProviderSettings("libretranslate", url=server.url))
        server.faults.too_many = 2  # the next two requests get 429 + Retry-After
        ...
        assert server.count == 3

Pytest fixtures of the same names in snake case (``libretranslate_server``...) and
``local_network`` (refuses any connection off 127.0.0.1) are defined at the end.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Self
from urllib.parse import parse_qs, urlsplit

import pytest

DEFAULT_LANGUAGES = frozenset({"en", "de", "es", "fr", "it", "nl", "pt", "ja", "zh"})
"""Languages every fake supports (``zu`` and ``xx`` are handy unsupported ones)."""

PROTECTED = re.compile(r"<[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|\w+);|\{/?\d+/?\}|\{\{[^{}]*\}\}")
"""Spans the fakes copy unchanged, as a real service keeps its tags: XML placeholders
(``<x id="1"/>``), entities, opaque placeholders (``{1/}``, ``{2}…{/2}``), template fields."""

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def fake_translate(text: str, target: str, glossary: Mapping[str, str] | None = None) -> str:
    """The fakes' translation: ``[target] `` + letters outside protected spans upper-cased.

    Glossary source terms (whole words) become their target term, verbatim.
    """
    pieces: list[str] = []
    position = 0
    for match in PROTECTED.finditer(text):
        pieces += [_words(text[position : match.start()], glossary), match.group()]
        position = match.end()
    pieces.append(_words(text[position:], glossary))
    return f"[{target}] {''.join(pieces)}"


def _words(plain: str, glossary: Mapping[str, str] | None) -> str:
    if not glossary:
        return plain.upper()
    terms = sorted(glossary, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, terms)) + r")\b")
    parts = pattern.split(plain)
    # re.split with one group alternates: plain, term, plain, term, ...
    return "".join(glossary[part] if i % 2 else part.upper() for i, part in enumerate(parts))


@dataclass
class Faults:
    """Scripted misbehaviour. Counters are used up one request at a time, in this order:
    ``skip``, ``stall``, ``too_many``, ``server_errors``, ``garbage``; ``latency`` and
    ``placeholders`` apply to every request while set."""

    latency: float = 0.0
    """Seconds every request waits before being handled (the benchmark uses 0.05)."""
    skip: int = 0
    """The next N requests are answered normally before the counted faults below start."""
    stall: int = 0
    """The next N requests hang for ``stall_seconds`` and then close without an answer."""
    stall_seconds: float = 30.0
    too_many: int = 0
    """The next N requests get 429 with ``retry_after`` as ``Retry-After``."""
    retry_after: str | None = "1"
    """Delta-seconds or an HTTP date; None sends no header."""
    server_errors: int = 0
    """The next N requests get 500."""
    garbage: int = 0
    """The next N requests get 200 with a body the client cannot use."""
    placeholders: Literal["drop", "duplicate"] | None = None
    """Drop, or duplicate, the first tag/token of every translated text."""


@dataclass(frozen=True, slots=True)
class Request:
    """A request as a fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON (None when it is not)."""
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def params(self) -> dict[str, Any]:
        """Query, form body and JSON body merged (later wins), single values unwrapped."""
        merged: dict[str, Any] = {k: v[0] for k, v in self.query.items()}
        if "json" in self.headers.get("Content-Type", ""):
            body = self.json()
            merged.update(body if isinstance(body, dict) else {})
        else:
            form = parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            merged.update({k: v[0] for k, v in form.items()})
        return merged


@dataclass(frozen=True, slots=True)
class Reply:
    """What a fake answers."""

    status: int
    body: bytes
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)


def json_reply(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, json.dumps(data).encode(), headers=headers or {})


def html_reply(page: str, status: int = 200) -> Reply:
    return Reply(status, page.encode(), "text/html; charset=utf-8")


class FakeService:
    """Base of the fakes: server lifecycle, request log, fault injection.

    Subclasses implement ``route`` (the protocol) and may change ``error`` and ``garbage_reply``
    (how that service words a failure and what unusable output looks like).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        languages: frozenset[str] = DEFAULT_LANGUAGES,
        latency: float = 0.0,
    ) -> None:
        self.api_key = api_key
        """When set, requests must carry this key; others get the service's auth error."""
        self.languages = languages
        self.faults = Faults(latency=latency)
        self._lock = threading.Lock()
        self._log: list[Request] = []
        self._texts: list[str] = []
        self._stopping = threading.Event()
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving (``with`` does it for you)."""
        self._thread.start()
        return self

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving and release stalled handlers."""
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        """Root URL, ``http://127.0.0.1:<port>``: what ``ProviderSettings.url`` takes."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- what was received ----------------------------------------------------------------

    @property
    def requests(self) -> list[Request]:
        """Every request received, in order (a copy)."""
        with self._lock:
            return list(self._log)

    @property
    def count(self) -> int:
        """Number of requests received (failed and stalled ones included)."""
        with self._lock:
            return len(self._log)

    def count_path(self, path: str) -> int:
        """Number of requests received for ``path`` (``/translate``)."""
        return sum(request.path == path for request in self.requests)

    @property
    def texts(self) -> list[str]:
        """Every text the fake translated, in order (a copy)."""
        with self._lock:
            return list(self._texts)

    def reset(self) -> None:
        """Forget the requests and texts received and clear the faults (keeps latency)."""
        with self._lock:
            self._log.clear()
            self._texts.clear()
            self.faults = Faults(latency=self.faults.latency)

    # -- handling ---------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply | None:
        """The reply to ``request``, or None to hang up without one (a stall)."""
        with self._lock:
            self._log.append(request)
        faults = self.faults
        if faults.latency:
            self._stopping.wait(faults.latency)
        if self._take("skip"):
            return self.route(request)
        if self._take("stall"):
            self._stopping.wait(faults.stall_seconds)
            return None
        if self._take("too_many"):
            headers = {"Retry-After": faults.retry_after} if faults.retry_after else {}
            reply = self.error(429, "Too many requests")
            return Reply(reply.status, reply.body, reply.content_type, headers)
        if self._take("server_errors"):
            return self.error(500, "Internal server error")
        if self._take("garbage"):
            return self.garbage_reply()
        return self.route(request)

    def route(self, request: Request) -> Reply:
        raise NotImplementedError

    def error(self, status: int, message: str) -> Reply:
        """A failure in this service's words."""
        return json_reply({"error": message}, status)

    def garbage_reply(self) -> Reply:
        """A 200 answer the client cannot use (truncated JSON by default)."""
        return Reply(200, b'{"translatedText": ["unterminated')

    def supports(self, code: str) -> bool:
        """Whether a language code (``de``, ``de-DE``, ``DE``, ``EN-US``) is supported."""
        return code.replace("_", "-").partition("-")[0].lower() in self.languages

    def translate_text(
        self, text: str, target: str, glossary: Mapping[str, str] | None = None
    ) -> str:
        """``fake_translate``, then the placeholder fault if one is set."""
        with self._lock:
            self._texts.append(text)
        translated = fake_translate(text, target.lower(), glossary)
        match = next((m for m in PROTECTED.finditer(translated) if m.group()[0] != "&"), None)
        if match is None or self.faults.placeholders is None:
            return translated
        keep = "" if self.faults.placeholders == "drop" else match.group() * 2
        return translated[: match.start()] + keep + translated[match.end() :]

    def _take(
        self, fault: Literal["skip", "stall", "too_many", "server_errors", "garbage"]
    ) -> bool:
        """Use up one of a counted fault; False when none is left."""
        with self._lock:
            left: int = getattr(self.faults, fault)
            if left <= 0:
                return False
            setattr(self.faults, fault, left - 1)
            return True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops bursts from concurrent clients

    def __init__(self, service: FakeService) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.service = service

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is expected here; anything else is a bug.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real services (and the benchmark) expect
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without this, Nagle + delayed ACK add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        query = parse_qs(url.query, keep_blank_values=True)
        request = Request(self.command, url.path, query, dict(self.headers.items()), body)
        reply = self.server.service.respond(request)
        if reply is None:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # tests read server.requests; stderr noise helps nobody


# -- LibreTranslate -------------------------------------------------------------------------


class LibreTranslateServer(FakeService):
    """LibreTranslate: ``POST /translate`` (JSON, form or query; ``q`` a string or a list),
    ``GET /languages``. Also serves deep-translator's ``LibreTranslator`` (query string)."""

    def __init__(self, *, batch_limit: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.batch_limit = batch_limit
        """Most texts per request, like the server's ``--batch-limit``; None: unlimited."""

    def route(self, request: Request) -> Reply:
        if request.path == "/languages" and request.method == "GET":
            codes = sorted(self.languages)
            return json_reply([{"code": c, "name": c, "targets": codes} for c in codes])
        if request.path == "/translate" and request.method == "POST":
            return self._translate(request.params())
        return self.error(404, "Not Found")

    def _translate(self, params: dict[str, Any]) -> Reply:
        if self.api_key is not None and params.get("api_key") != self.api_key:
            return self.error(403, "Invalid API key")
        q, source, target = params.get("q"), params.get("source", ""), params.get("target", "")
        if q is None:
            return self.error(400, "Invalid request: missing q parameter")
        for code in (source, target):
            if code != "auto" and not self.supports(code):
                return self.error(400, f"{code} is not supported")
        texts = q if isinstance(q, list) else [q]
        if self.batch_limit is not None and len(texts) > self.batch_limit:
            return self.error(400, f"Invalid request: batch ({len(texts)}) exceeds limit")
        translated = [self.translate_text(str(text), target) for text in texts]
        return json_reply({"translatedText": translated if isinstance(q, list) else translated[0]})


# -- Google (the mobile page deep-translator scrapes) ---------------------------------------


class GoogleServer(FakeService):
    """Google Translate's ``GET /m?sl=&tl=&q=`` page; the translation sits in
    ``<div class="result-container">``, which deep-translator's ``GoogleTranslator`` parses."""

    def route(self, request: Request) -> Reply:
        if request.path != "/m" or request.method != "GET":
            return self.error(404, "Not Found")
        params = request.params()
        source, target = params.get("sl", "auto"), params.get("tl", "")
        if not self.supports(target) or (source != "auto" and not self.supports(source)):
            return self.error(400, "Bad Request")
        translated = self.translate_text(params.get("q", ""), target)
        return html_reply(_page(f'<div class="result-container">{escape(translated)}</div>'))

    def error(self, status: int, message: str) -> Reply:
        return html_reply(_page(f"<p>{status}. {escape(message)}</p>"), status)

    def garbage_reply(self) -> Reply:
        return html_reply(_page("<p>Our systems have detected unusual traffic.</p>"))


def _page(content: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Google Translate</title></head><body>{content}"


# -- MyMemory -------------------------------------------------------------------------------


class MyMemoryServer(FakeService):
    """MyMemory's ``GET /get?q=&langpair=en-GB|de-DE``; like the real one it reports a bad
    language inside a 200 answer (``responseStatus`` 403)."""

    def route(self, request: Request) -> Reply:
        if request.path != "/get" or request.method != "GET":
            return self.error(404, "Not Found")
        params = request.params()
        source, _, target = str(params.get("langpair", "")).partition("|")
        for side, code in (("SOURCE", source), ("TARGET", target)):
            if not self.supports(code):
                return self._answer(f"'{code.upper()}' IS AN INVALID {side} LANGUAGE", 403)
        text = str(params.get("q", ""))
        return self._answer(self.translate_text(text, target.partition("-")[0]), 200, text)

    def _answer(self, translated: str, status: int, segment: str = "") -> Reply:
        match = {"id": "1", "segment": segment, "translation": translated, "match": 1}
        return json_reply(
            {
                "responseData": {"translatedText": translated, "match": 1},
                "quotaFinished": False,
                "responseDetails": "" if status == 200 else translated,
                "responseStatus": status,
                "matches": [match] if status == 200 else [],
            }
        )

    def error(self, status: int, message: str) -> Reply:
        data = {"responseData": {"translatedText": message}, "responseStatus": status}
        return json_reply(data | {"responseDetails": message}, status)

    def garbage_reply(self) -> Reply:
        return Reply(200, b"<html>MyMemory is under maintenance</html>", "text/html")


# -- Microsoft ------------------------------------------------------------------------------

_NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ja": "Japanese",
    "zh": "Chinese",
}


class MicrosoftServer(FakeService):
    """Azure Translator v3: ``GET /languages`` and ``POST /translate?from=&to=`` with
    ``[{"text": ...}]``; the key goes in ``Ocp-Apim-Subscription-Key``."""

    def route(self, request: Request) -> Reply:
        if request.path == "/languages" and request.method == "GET":
            table = {code: {"name": _NAMES.get(code, code)} for code in sorted(self.languages)}
            return json_reply({"translation": table})
        if request.path != "/translate" or request.method != "POST":
            return self.error(404, "Not Found")
        key = request.headers.get("Ocp-Apim-Subscription-Key")
        if self.api_key is not None and key != self.api_key:
            return self.error(401, "Access denied due to invalid subscription key")
        target = request.params().get("to", "")
        if not self.supports(target):
            return self.error(400, "The target language is not valid.")
        items = request.json() or []
        translations = [self.translate_text(item["text"], target) for item in items]
        return json_reply([{"translations": [{"text": t, "to": target}]} for t in translations])

    def error(self, status: int, message: str) -> Reply:
        return json_reply({"error": {"code": status * 1000, "message": message}}, status)


# -- DeepL v2 -------------------------------------------------------------------------------


class DeepLServer(FakeService):
    """DeepL API v2 as the ``deepl`` package calls it: ``/v2/translate``, ``/v2/usage``,
    ``/v2/languages``, ``/v2/glossary-language-pairs``, ``/v2/glossaries[/{id}[/entries]]``.

    The key is checked from ``Authorization: DeepL-Auth-Key <key>``; glossaries live in
    ``server.glossaries`` (id → entries) and are applied by ``fake_translate``.
    """

    def __init__(self, *, character_limit: int | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.character_limit = character_limit
        """Answer 456 (quota exceeded) once this many characters were translated."""
        self.characters = 0
        self.glossaries: dict[str, dict[str, Any]] = {}

    def route(self, request: Request) -> Reply:
        expected = f"DeepL-Auth-Key {self.api_key}"
        if self.api_key is not None and request.headers.get("Authorization") != expected:
            return self.error(403, "Wrong authentication key")
        method, path = request.method, request.path
        if (method, path) == ("POST", "/v2/translate"):
            return self._translate(request.json() or request.params())
        if (method, path) == ("GET", "/v2/usage"):
            limit = self.character_limit or 500_000
            return json_reply({"character_count": self.characters, "character_limit": limit})
        if (method, path) == ("GET", "/v2/languages"):
            return json_reply([{"language": c.upper(), "name": c} for c in sorted(self.languages)])
        if (method, path) == ("GET", "/v2/glossary-language-pairs"):
            pairs = [
                {"source_lang": s, "target_lang": t}
                for s in self.languages
                for t in self.languages
                if s != t
            ]
            return json_reply({"supported_languages": pairs})
        if path.startswith("/v2/glossaries"):
            return self._glossary_route(
                method, path.removeprefix("/v2/glossaries").strip("/"), request
            )
        return self.error(404, "Not found")

    def error(self, status: int, message: str) -> Reply:
        return json_reply({"message": message}, status)

    def garbage_reply(self) -> Reply:
        return Reply(200, b'{"translations": [{"text": "trunc')

    def _translate(self, body: dict[str, Any]) -> Reply:
        texts = body.get("text") or []
        texts = texts if isinstance(texts, list) else [texts]
        target = str(body.get("target_lang", ""))
        source = body.get("source_lang")
        if not self.supports(target):
            return self.error(400, "Value for 'target_lang' not supported.")
        if source is not None and not self.supports(str(source)):
            return self.error(400, "Value for 'source_lang' not supported.")
        size = sum(len(text) for text in texts)
        if self.character_limit is not None and self.characters + size > self.character_limit:
            return self.error(456, "Quota exceeded")
        self.characters += size
        entries = self._glossary_entries(body.get("glossary_id"))
        if entries is None:
            return self.error(404, "Glossary not found")
        language = target.partition("-")[0].lower()
        results = [
            {
                "detected_source_language": str(source or "EN").upper(),
                "text": self.translate_text(text, language, entries),
                "billed_characters": len(text),
            }
            for text in texts
        ]
        return json_reply({"translations": results})

    def _glossary_entries(self, glossary_id: Any) -> dict[str, str] | None:
        if glossary_id is None:
            return {}
        glossary = self.glossaries.get(str(glossary_id))
        return None if glossary is None else dict(glossary["entries"])

    def _glossary_route(self, method: str, rest: str, request: Request) -> Reply:
        glossary_id, _, tail = rest.partition("/")
        if method == "POST" and not rest:
            return self._create_glossary(request.json() or {})
        if method == "GET" and not rest:
            return json_reply({"glossaries": [_info(g) for g in self.glossaries.values()]})
        glossary = self.glossaries.get(glossary_id)
        if glossary is None:
            return self.error(404, "Glossary not found")
        if method == "GET" and tail == "entries":
            tsv = "\n".join(f"{s}\t{t}" for s, t in glossary["entries"].items())
            return Reply(200, tsv.encode(), "text/tab-separated-values")
        if method == "GET":
            return json_reply(_info(glossary))
        if method == "DELETE":
            del self.glossaries[glossary_id]
            return Reply(204, b"")
        return self.error(405, "Method not allowed")

    def _create_glossary(self, body: dict[str, Any]) -> Reply:
        entries = dict(
            line.split("\t", 1) for line in str(body.get("entries", "")).splitlines() if line
        )
        glossary = {
            "glossary_id": str(uuid.uuid4()),
            "name": body.get("name", ""),
            "source_lang": str(body.get("source_lang", "")).lower(),
            "target_lang": str(body.get("target_lang", "")).lower(),
            "entries": entries,
        }
        self.glossaries[glossary["glossary_id"]] = glossary
        return json_reply(_info(glossary), 201)


def _info(glossary: dict[str, Any]) -> dict[str, Any]:
    """A glossary as DeepL describes it (``GlossaryInfo.from_json`` reads these keys)."""
    return {
        "glossary_id": glossary["glossary_id"],
        "name": glossary["name"],
        "ready": True,
        "source_lang": glossary["source_lang"],
        "target_lang": glossary["target_lang"],
        "creation_time": "2024-01-01T00:00:00.000000Z",
        "entry_count": len(glossary["entries"]),
    }


# -- keeping tests off the internet -------------------------------------------------------


@contextmanager
def loopback_only() -> Iterator[None]:
    """Refuse every name lookup and connection that is not loopback, for the duration.

    A test that would reach the internet fails with ``ConnectionRefusedError`` at once
    instead of depending on (or leaking to) the network.
    """
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        _check_host(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock: socket.socket, address: Any) -> None:
        if isinstance(address, tuple):
            _check_host(address[0])
        real_connect(sock, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real_getaddrinfo
        socket.socket.connect = real_connect  # type: ignore[method-assign]


def _check_host(host: Any) -> None:
    name = host.decode() if isinstance(host, bytes) else host
    if name not in (None, "") and name not in LOOPBACK:
        raise ConnectionRefusedError(f"tests may only reach 127.0.0.1, not {name!r}")


# -- pytest fixtures ----------------------------------------------------------------------


@pytest.fixture
def local_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No proxies, ``NO_PROXY`` for loopback, and any other host refused."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost,::1")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost,::1")
    with loopback_only():
        yield


@pytest.fixture
def libretranslate_server() -> Iterator[LibreTranslateServer]:
    with LibreTranslateServer() as server:
        yield server


@pytest.fixture
def google_server() -> Iterator[GoogleServer]:
    with GoogleServer() as server:
        yield server


@pytest.fixture
def mymemory_server() -> Iterator[MyMemoryServer]:
    with MyMemoryServer() as server:
        yield server


@pytest.fixture
def microsoft_server() -> Iterator[MicrosoftServer]:
    with MicrosoftServer(api_key="ms-key") as server:
        yield server


@pytest.fixture
def deepl_server() -> Iterator[DeepLServer]:
    with DeepLServer(api_key="deepl-key") as server:
        yield server
