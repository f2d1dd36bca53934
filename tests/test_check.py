"""What makes a translation unsafe to publish."""

from __future__ import annotations

import pytest

from i18npipe.check import check_translation
from i18npipe.segment import segment

SOURCE = """\
Take **400 mg** of [ibuprofen](https://example.org/ibu?x=1) with `water`, see {{< ref "dose" >}}.

| Drug | Dose |
|------|------|
| Ibuprofen | 400 mg |

# Dosing
"""


def _errors(msgid_start: str, msgstr: str) -> list[str]:
    doc = segment(SOURCE, "a.md")
    seg = next(s for s in doc.segments if s.msgid.startswith(msgid_start))
    return [p.message for p in check_translation(seg, msgstr, doc.env) if p.severity == "error"]


def test_faithful_translation_passes() -> None:
    assert (
        _errors(
            "Take",
            "Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=1) mit "
            '`water` ein, siehe {{< ref "dose" >}}.',
        )
        == []
    )


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        (
            "Nehmen Sie **40 mg** [Ibuprofen](https://example.org/ibu?x=1) mit `water`, "
            '{{< ref "dose" >}}.',
            "numbers differ",
        ),
        (
            "Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=2) mit `water`, "
            '{{< ref "dose" >}}.',
            "link destinations differ",
        ),
        (
            "Nehmen Sie **400 mg** [Ibuprofen] (https://example.org/ibu?x=1) mit `water`, "
            '{{< ref "dose" >}}.',
            "link destinations differ",
        ),
        (
            "Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=1) mit `Wasser`, "
            '{{< ref "dose" >}}.',
            "inline code differ",
        ),
        (
            "Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=1) mit `water`, "
            '{{< ref "Dosis" >}}.',
            "template tags differ",
        ),
        (
            "- Nehmen Sie **400 mg** [Ibuprofen](https://example.org/ibu?x=1) mit `water`, "
            '{{< ref "dose" >}}.',
            "block structure",
        ),
        ("", "empty"),
    ],
)
def test_unsafe_translations_are_errors(msgstr: str, expected: str) -> None:
    errors = _errors("Take", msgstr)
    assert any(expected in e for e in errors), errors


def test_table_cell_and_heading_rules() -> None:
    assert any("unescaped '|'" in e for e in _errors("Ibuprofen", "Ibuprofen | Paracetamol"))
    assert _errors("Ibuprofen", "Ibuprofen \\| Paracetamol") == []
    assert any("line break" in e for e in _errors("Dosing", "Dosierung\\\nund mehr"))


def test_localized_number_format_is_accepted() -> None:
    doc = segment("Take 1.5 mg.\n", "a.md")
    assert check_translation(doc.segments[0], "Nehmen Sie 1,5 mg.", doc.env) == []


def test_dropping_emphasis_in_context_is_only_a_warning() -> None:
    from i18npipe.check import check_document

    doc = segment("Rest *well* today.\n\nSecond line\\\nbreak.\n", "a.md")
    found = check_document(
        doc,
        {
            (None, "Rest *well* today."): "Ruhen Sie heute gut.",
            (None, doc.segments[1].msgid): "Zweite Zeile Umbruch.",
        },
    )
    assert all(p.severity == "warning" for problems in found.values() for p in problems)
    assert found[(None, "Rest *well* today.")][0].message.startswith("inline markup differs")


def test_a_link_appearing_in_context_is_refused() -> None:
    from i18npipe.check import IN_CONTEXT, check_document

    doc = segment("[link](<foo\nbar>)\n", "a.md")
    key = (None, doc.segments[0].msgid)
    found = check_document(doc, {key: doc.segments[0].msgid + " x"})
    assert [p.message for p in found[key]] == [IN_CONTEXT]
