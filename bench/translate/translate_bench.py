"""Benchmark: machine pretranslation of 5,000 distinct segments against a local LibreTranslate.

Runs, in one process and against the same local LibreTranslate-compatible server (50 ms added to
every request):

1. i18npipe's translate stage (real batching, concurrency, cache) on a fresh cache;
2. the same again (every text cached: the rerun must send zero requests);
3. a plain ``deep_translator.LibreTranslator.translate_batch`` over the same texts, which sends
   one request per text, one after the other.

    .venv/bin/python bench/translate/translate_bench.py                  # the documented figures
    .venv/bin/python bench/translate/translate_bench.py --segments 500   # quick look
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from deep_translator import LibreTranslator
from servers import LibreTranslateServer

from i18npipe import providers
from i18npipe.model import Catalog, Message
from i18npipe.mtcache import MTCache
from i18npipe.providers.base import ProviderSettings
from i18npipe.translate import Job, translate_catalogs

WORDS = [
    "tendon",
    "hamstring",
    "injection",
    "ultrasound",
    "guided",
    "cortisone",
    "pain",
    "relief",
    "patient",
    "clinic",
    "physiotherapy",
    "rest",
    "inflammation",
    "knee",
    "hip",
    "muscle",
    "treatment",
    "symptoms",
    "diagnosis",
    "recovery",
    "exercise",
    "strength",
    "flexibility",
    "running",
    "sitting",
    "pelvis",
    "**Note:**",
    "`dose`",
    "[leaflet](https://e.org/l)",
]


def segments(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        words = rng.choices(WORDS, k=rng.randint(6, 24))
        texts.append(f"{' '.join(words).capitalize()} (item {n}).")
    return texts


def ours(url: str, texts: list[str], cache_path: Path) -> tuple[float, int]:
    catalog = Catalog(
        (("Language", "de"),),
        tuple(
            Message(t, line=i + 1, extracted_comments=("paragraph",)) for i, t in enumerate(texts)
        ),
    )
    settings = ProviderSettings("libretranslate", url=url, concurrency=4)
    started = time.perf_counter()
    with MTCache(cache_path) as cache:
        result = translate_catalogs(
            [Job("bench.po", "de", catalog)],
            lambda: providers.create(settings),
            source_lang="en",
            cache=cache,
            glossaries={},
            today="2026-11-24",
        )
    elapsed = time.perf_counter() - started
    assert result.filled == len(texts), (result.filled, result.rejections[:3], result.failures)
    return elapsed, result.requests


def baseline(url: str, texts: list[str]) -> float:
    translator = LibreTranslator(source="en", target="de", api_key="bench", custom_url=url + "/")
    started = time.perf_counter()
    out = translator.translate_batch(texts)
    elapsed = time.perf_counter() - started
    assert len(out) == len(texts)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--segments", type=int, default=5000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds added per request")
    args = parser.parse_args()
    texts = segments(args.segments)
    with LibreTranslateServer(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "mt-cache.sqlite"
        first, _ = ours(server.url, texts, cache)
        sent = server.count
        server.reset()
        rerun, _ = ours(server.url, texts, cache)
        rerun_requests = server.count
        server.reset()
        plain = baseline(server.url, texts)
        plain_requests = server.count
    print(f"segments: {len(texts)}, latency per request: {args.latency * 1000:.0f} ms")
    print(f"i18npipe translate:       {first:8.2f} s, {sent} requests")
    print(f"i18npipe translate rerun: {rerun:8.2f} s, {rerun_requests} requests")
    print(f"deep-translator batch:    {plain:8.2f} s, {plain_requests} requests")
    print(f"speed-up: {plain / first:.1f}x")


if __name__ == "__main__":
    main()
