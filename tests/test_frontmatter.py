"""Front matter values are translated in place and written back as valid YAML/TOML."""

from __future__ import annotations

import tomllib

import pytest
import yaml

from i18npipe.assemble import assemble
from i18npipe.segment import segment

TRICKY = [
    'Knee pain: "what" helps?',
    "It's #1 — über alles",
    "Back\\slash and\ttab",
    "- starts like a list",
    "yes",
    "",
]


def _front(text: str, flavor: str) -> dict[str, object]:
    fence = "---" if flavor == "yaml" else "+++"
    body = text.split(fence + "\n")[1]
    return dict(yaml.safe_load(body)) if flavor == "yaml" else tomllib.loads(body)


@pytest.mark.parametrize("translation", [t for t in TRICKY if t])
@pytest.mark.parametrize(
    ("flavor", "source"),
    [
        (
            "yaml",
            "---\ntitle: Knee\ndescription: >\n  folded\n  text\nweight: 3 # keep\n---\n# H\n",
        ),
        ("yaml", "---\ntitle: 'Knee ''pain'''\nauthor: X\n---\n"),
        ("toml", '+++\ntitle = "Knee \\"pain\\""\nweight = 3\n[extra]\ntitle = "inner"\n+++\n'),
    ],
)
def test_translated_values_are_valid_and_the_rest_is_copied(
    flavor: str, source: str, translation: str
) -> None:
    doc = segment(source, "a.md")
    title = next(s for s in doc.segments if s.comment == "front matter: title")
    out = assemble(doc, {(None, title.msgid): translation})
    before, after = _front(source, flavor), _front(out, flavor)
    assert after["title"] == translation
    assert {k: v for k, v in after.items() if k != "title"} == {
        k: v for k, v in before.items() if k != "title"
    }
    # Only the value's characters changed.
    start, end = title.span.start, title.span.end
    assert out.startswith(source[:start])
    assert out.endswith(source[end:])


def test_invalid_yaml_front_matter_is_copied_untouched() -> None:
    source = "---\ntitle: a: b\n---\n\nText.\n"
    doc = segment(source, "a.md")
    assert [s.msgid for s in doc.segments] == ["Text."]
    assert assemble(doc, {(None, "Text."): "Texte."}) == "---\ntitle: a: b\n---\n\nTexte.\n"


def test_invalid_front_matter_is_reported_with_its_line() -> None:
    doc = segment("---\ntitle: ok\ndescription: a: b\n---\n", "a.md")
    assert doc.warnings == (
        (
            3,
            "front matter is not valid YAML: mapping values are not allowed here; "
            "its values are not translated",
        ),
    )
    toml = segment('+++\ntitle = "x"\ndescription = \n+++\n', "a.md")
    assert toml.warnings[0][0] == 3
    assert "not valid TOML" in toml.warnings[0][1]
