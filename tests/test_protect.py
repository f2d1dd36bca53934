"""Markup protection: placeholders out, markup back, and broken provider output refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18npipe.protect import Protected, RestoreFailure, protect, restore
from i18npipe.providers.base import Markup
from i18npipe.segment import segment

MARKUPS: tuple[Markup, ...] = ("xml", "opaque")
KEEP = ("Alton Pain Clinic",)

# (source, what the provider must not see, what it must see)
CONSTRUCTS = [
    ("Run `make test` first.", "make test", "Run "),
    ("Use ``a ` b`` here.", "a ` b", "Use "),
    ('Read [the guide](https://example.org/a?b=1&c=2 "Title") now.', "example.org", "the guide"),
    ("See ![a knee](img/knee.png) below.", "knee.png", "a knee"),
    ("Mail <info@example.org> or <https://example.org>.", "example.org", "Mail "),
    ("Visit https://example.org/a_b_c.html today.", "example.org", "Visit "),
    ("Press <kbd>Ctrl</kbd> and <br/> go.", "kbd", "Ctrl"),
    ('Book: {{< button href="/book" >}}Book now{{< /button >}}.', "button", "Book now"),
    ("{{% notice info %}} Bring scans. {{% /notice %}}", "notice", "Bring scans."),
    ("Set {% raw %}x{% endraw %} here.", "raw", "Set "),
    ("This is **very** and *quite* and __so__ and ~~not~~ important.", "**", "very"),
    ("Nested ***strong em*** and *em **strong** em*.", "*", "strong em"),
    ("Dose:\\\n400 mg twice a day\\\nwith food.", "\n", "with food."),
    ("Call the Alton Pain Clinic today.", "Alton", "Call the "),
    ("See [the notes][notes] and [shortcut] and [collapsed][] and a note[^1].", "notes]", "the"),
    ("Escaped \\*stars\\* and &copy; 2024 &amp; more.", "&copy;", "stars"),
    ("Links [in *emphasis* text](u) and *emphasis [with link](v)*.", "(u)", "emphasis"),
]


@pytest.mark.parametrize("markup", MARKUPS)
@pytest.mark.parametrize(("source", "hidden", "shown"), CONSTRUCTS)
def test_round_trip(source: str, hidden: str, shown: str, markup: Markup) -> None:
    protected = protect(source, markup=markup, keep=KEEP)
    assert hidden not in protected.text
    assert shown in protected.text
    assert restore(protected, protected.text) == source


@pytest.mark.parametrize(
    ("markup", "protected_text"),
    [
        ("xml", 'Take <g id="1">400 mg</g> of <g id="2">ibuprofen</g> with <x id="3"/>.'),
        ("opaque", "Take {1}400 mg{/1} of {2}ibuprofen{/2} with {3/}."),
    ],
)
def test_placeholder_formats(markup: Markup, protected_text: str) -> None:
    source = "Take **400 mg** of [ibuprofen](https://example.org/ibu?x=1) with `water`."
    assert protect(source, markup=markup).text == protected_text


@pytest.mark.parametrize(
    ("markup", "output"),
    [
        ("xml", 'Nehmen Sie <g id="1">400 mg</g> <g id="2">Ibuprofen</g> mit <x id="3"/> ein.'),
        # What tag-handling services may do to tags: quotes, spaces, an explicit end tag.
        (
            "xml",
            'Nehmen Sie <g id=\'1\'>400 mg</g> <g id = "2">Ibuprofen</g> mit <x id="3" /> ein.',
        ),
        ("xml", 'Nehmen Sie <g id="1">400 mg</g> <g id="2">Ibuprofen</g> mit <x id="3"></x> ein.'),
        ("opaque", "Nehmen Sie {1}400 mg{/1} {2}Ibuprofen{/2} mit {3/} ein."),
        ("opaque", "Nehmen Sie { 1 }400 mg{ /1 } {2}Ibuprofen{/2} mit {3 /} ein."),
        ("opaque", "Nehmen Sie {1}400 mg{/1} {2}Ibuprofen{/2} mit {3} ein."),  # slash dropped
        # Spaces a provider puts just inside emphasis move outside, where they keep it emphasis.
        ("opaque", "Nehmen Sie{1} 400 mg {/1}{2}Ibuprofen{/2} mit {3/} ein."),
    ],
)
def test_translation_restores_markup(markup: Markup, output: str) -> None:
    source = "Take **400 mg** of [ibuprofen](https://example.org/ibu?x=1) with `water`."
    restored = restore(protect(source, markup=markup), output)
    assert restored == (
        "Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=1) mit `water` ein."
    )


def test_xml_escapes_prose() -> None:
    protected = protect("Salt & pepper < 5 g", markup="xml")
    assert protected.text == "Salt &amp; pepper &lt; 5 g"
    assert restore(protected, "Sal &amp; pimienta &lt; 5 g") == "Sal & pimienta < 5 g"


def test_opaque_protects_text_that_looks_like_a_placeholder() -> None:
    protected = protect("Fill in {1} and {/2}.", markup="opaque")
    assert protected.text == "Fill in {1/} and {2/}."
    assert restore(protected, "Rellene {1/} y {2/}.") == "Rellene {1} y {/2}."


def test_whitespace_comes_from_the_source() -> None:
    protected = protect("  Hello **world**\n", markup="xml")
    assert protected.text == 'Hello <g id="1">world</g>'
    assert restore(protected, '  Hallo <g id="1">Welt</g>  ') == "  Hallo **Welt**\n"


def test_line_breaks_keep_their_own_spacing() -> None:
    protected = protect("Dose:\\\nwith food.", markup="opaque")
    assert restore(protected, "Dosis: {1/} con comida.") == "Dosis:\\\ncon comida."


def test_keep_terms_match_whole_words_any_case() -> None:
    protected = protect("alton pain clinics and ALTON PAIN CLINIC", markup="opaque", keep=KEEP)
    assert protected.text == "alton pain clinics and {1/}"
    assert restore(protected, "y {1/}") == "y ALTON PAIN CLINIC"


SOURCE = "Take **400 mg** of [ibuprofen](https://example.org/ibu?x=1) with `water`."


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ('Nehmen Sie <g id="1">400 mg</g> Ibuprofen mit <x id="3"/>.', "missing placeholder 2"),
        (
            'Nehmen <x id="3"/> <g id="1">400 mg</g> <g id="2">I</g> mit <x id="3"/>.',
            "placeholder 3 (code '`water`') appears more than once",
        ),
        (
            'Nehmen <g id="1">400 mg</g> <g id="2">I</g> mit <x id="3"/> <x id="9"/>.',
            "placeholder 9 is not in the source",
        ),
        ('Nehmen <g id="1">400 mg <g id="2">I</g> mit <x id="3"/>.', "is not closed"),
        ('<g id="1">400 mg</g> <x id="2"/> <x id="3"/>.', "changed from paired to single"),
        ('</g><g id="1">400 mg <g id="2">I</g> mit <x id="3"/>.', "has no opening"),
        # The provider wrote Markdown itself, with the space that breaks a link.
        (
            'Nehmen <g id="1">400 mg</g> [Ibuprofen] (https://example.org/ibu?x=1) <x id="3"/>.',
            "missing placeholder 2",
        ),
        (
            '# Nehmen <g id="1">400 mg</g> <g id="2">Ibuprofen</g> <x id="3"/>.',
            "block structure",
        ),
        ('Nehmen <g id="1">40 mg</g> <g id="2">Ibuprofen</g> <x id="3"/>.', "numbers differ"),
        ('Nehmen <g id="1">400 mg</g> <g id="2">I</g> <x id="3"/> *ein*.', "inline markup"),
    ],
)
def test_broken_output_is_refused(output: str, reason: str) -> None:
    restored = restore(protect(SOURCE, markup="xml"), output)
    assert isinstance(restored, RestoreFailure)
    assert reason in restored.reason


def test_opaque_overlap_is_refused() -> None:
    protected = protect("*a **b** c*", markup="opaque")
    restored = restore(protected, "{1}a {2}b{/1} c{/2}")
    assert isinstance(restored, RestoreFailure)
    assert "overlap" in restored.reason


def test_kind_is_checked() -> None:
    protected = protect("Knee pain", markup="xml")
    assert restore(protected, "Dolor\nde rodilla", kind="paragraph") == "Dolor\nde rodilla"
    failure = restore(protected, "Dolor\nde rodilla", kind="heading")
    assert isinstance(failure, RestoreFailure)
    assert "line break" in failure.reason


FRAGMENTS = [
    "word",
    "Ünïcødé",
    " ",
    "  ",
    "\\\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "`",
    "``",
    "[",
    "]",
    "(",
    ")",
    "![",
    "](https://x.org/a_(b))",
    "][ref]",
    "<",
    ">",
    "<b>",
    "</b>",
    "<https://a.b>",
    "https://example.org/x_y",
    "{{< sc >}}",
    "{% t %}",
    "{1}",
    "{/2}",
    "{3/}",
    "&",
    "&amp;",
    "&copy;",
    "\\*",
    "\\",
    "!",
    '"',
    "'",
    "12",
    "Alton Pain Clinic",
    '<x id="1"/>',
    '<g id="2">',
    "</g>",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.sampled_from(MARKUPS),
)
def test_any_inline_markdown_round_trips(text: str, markup: Markup) -> None:
    protected = protect(text, markup=markup, keep=KEEP)
    assert restore(protected, protected.text) == text


def _identity(protected: Protected) -> str:
    return protected.text


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab *_`[]()<>!\\&{}/1\n~", max_size=30), st.sampled_from(MARKUPS))
def test_any_text_round_trips(text: str, markup: Markup) -> None:
    protected = protect(text, markup=markup)
    assert restore(protected, _identity(protected)) == text


SPEC = Path(__file__).parent / "data" / "commonmark-spec-0.31.2.json"
PLACEHOLDER = re.compile(r"<x id=\"\d+\"/>|<g id=\"\d+\">|</g>|\{/?\d+/?\}|&\w+;")


def _pseudo(protected: Protected) -> str:
    """A translation that changes every word of the prose and nothing else."""
    parts = PLACEHOLDER.split(protected.text)
    kept = [*PLACEHOLDER.findall(protected.text), ""]
    return "".join(
        re.sub(r"[^\W\d_]+", lambda w: w.group() + "ü", part) + tag
        for part, tag in zip(parts, kept, strict=True)
    )


@pytest.mark.parametrize("markup", MARKUPS)
def test_commonmark_spec_survives_pseudo_translation(markup: Markup) -> None:
    """Every segment of the 655 spec examples: identity restores it, words may change freely."""
    unsafe = []
    for example in json.loads(SPEC.read_text(encoding="utf-8")):
        doc = segment(example["markdown"], "spec.md")
        for seg in doc.segments:
            protected = protect(seg.msgid, markup=markup)
            assert restore(protected, protected.text, kind=seg.kind, env=doc.env) == seg.msgid
            pseudo = restore(protected, _pseudo(protected), kind=seg.kind, env=doc.env)
            if isinstance(pseudo, RestoreFailure):
                unsafe.append((example["example"], seg.msgid, pseudo.reason))
    assert unsafe == []
