"""Catalog updates: every kind of edit keeps the translator's work, as msgmerge --previous does."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

from i18npipe import catalog, match, provenance
from i18npipe.model import Catalog, Message, Suggestion
from i18npipe.pofile import dump_po, parse_po

HEADER = (("Project-Id-Version", "clinic"), ("Content-Type", "text/plain; charset=UTF-8"))

KNEE = "Rest your knee for two days and use ice for twenty minutes every few hours."
IBUPROFEN = "Take 400 mg of ibuprofen every eight hours with food."
OPEN = "The clinic is open on weekdays from eight to six."
PORTAL = "Book your follow-up visit through the patient portal."
INJECTION = "The injection takes ten minutes and you can drive home afterwards."


def template(*texts: str, context: str | None = None) -> Catalog:
    return Catalog(
        HEADER,
        tuple(
            Message(
                t, msgctxt=context, references=(f"content/a.md:{i}",), extracted_comments=("p",)
            )
            for i, t in enumerate(texts, 1)
        ),
    )


def translated(text: str, **fields: object) -> Message:
    return Message(text, msgstr=f"de: {text}", **fields)  # type: ignore[arg-type]


def catalog_of(*messages: Message) -> Catalog:
    return Catalog(HEADER, messages)


def update(
    pot: Catalog,
    old: Catalog | None,
    *,
    suggest: catalog.Suggest | None = None,
    threshold: float = catalog.FUZZY_THRESHOLD,
) -> Catalog:
    return catalog.update(
        pot,
        old,
        language="de",
        plural_forms="nplurals=2; plural=(n != 1);",
        suggest=suggest,
        threshold=threshold,
    )


def live(result: Catalog) -> dict[str, Message]:
    return {m.msgid: m for m in result.messages if not m.obsolete}


def obsolete(result: Catalog) -> dict[str, Message]:
    return {m.msgid: m for m in result.messages if m.obsolete}


def assert_fuzzy_from(entry: Message, old_text: str) -> None:
    assert entry.msgstr == f"de: {old_text}"
    assert entry.fuzzy
    assert entry.previous_msgid == old_text


# --- edits of every kind


def test_unchanged_text_keeps_translation_and_takes_source_data_from_template() -> None:
    old = catalog_of(translated(KNEE, references=("content/old.md:9",), translator_comments=("x",)))
    entry = live(update(template(KNEE), old))[KNEE]
    assert entry.msgstr == f"de: {KNEE}"
    assert not entry.fuzzy
    assert entry.previous_msgid is None
    assert entry.translator_comments == ("x",)
    assert entry.references == ("content/a.md:1",)
    assert entry.extracted_comments == ("p",)


def test_typo_fix_comes_back_fuzzy_with_previous_text() -> None:
    typo = KNEE.replace("twenty", "twnety")
    result = update(template(KNEE), catalog_of(translated(typo)))
    assert_fuzzy_from(live(result)[KNEE], typo)
    assert not obsolete(result)  # the old entry lives on in the fuzzy one


def test_sentence_added_comes_back_fuzzy() -> None:
    longer = f"{KNEE} Call us if the swelling gets worse."
    assert_fuzzy_from(live(update(template(longer), catalog_of(translated(KNEE))))[longer], KNEE)


def test_paragraph_split_in_two_gives_both_halves_the_old_translation() -> None:
    first = "Rest your knee for two days and keep it raised."
    second = "Use ice for twenty minutes every few hours."
    result = update(template(first, second), catalog_of(translated(f"{first} {second}")))
    assert_fuzzy_from(live(result)[first], f"{first} {second}")
    assert_fuzzy_from(live(result)[second], f"{first} {second}")
    assert not obsolete(result)


def test_split_off_short_piece_is_found_inside_the_old_paragraph() -> None:
    # Too short to reach the threshold against the whole paragraph, but found verbatim in it.
    piece = "Call us if it hurts."
    whole = f"{KNEE} {piece}"
    assert match.similarity(piece, whole) < catalog.FUZZY_THRESHOLD
    result = update(template(KNEE, piece), catalog_of(translated(whole)))
    assert_fuzzy_from(live(result)[KNEE], whole)
    assert_fuzzy_from(live(result)[piece], whole)


def test_very_short_text_inside_an_old_paragraph_is_not_a_split() -> None:
    result = update(template("Call us."), catalog_of(translated(f"{KNEE} Call us.")))
    assert live(result)["Call us."].msgstr == ""


def test_two_paragraphs_merged_take_the_closest_and_keep_the_other_obsolete() -> None:
    short = "Use ice afterwards."
    merged = f"{KNEE} {short}"
    result = update(template(merged), catalog_of(translated(KNEE), translated(short)))
    assert_fuzzy_from(live(result)[merged], KNEE)
    assert list(obsolete(result)) == [short]


def test_reordered_paragraphs_keep_exact_matches_and_nothing_is_fuzzy() -> None:
    old = catalog_of(translated(KNEE), translated(IBUPROFEN), translated(OPEN))
    result = update(template(OPEN, KNEE, IBUPROFEN), old)
    assert [m.msgid for m in result.messages] == [OPEN, KNEE, IBUPROFEN]
    assert all(m.msgstr == f"de: {m.msgid}" and not m.fuzzy for m in result.messages)


def test_deleted_then_restored_text_is_revived_still_reviewed() -> None:
    old = catalog_of(translated(KNEE, translator_comments=("checked by Ana",)), translated(OPEN))
    gone = update(template(OPEN), old)
    assert list(obsolete(gone)) == [KNEE]
    back = live(update(template(OPEN, KNEE), gone))[KNEE]
    assert back.msgstr == f"de: {KNEE}"
    assert not back.fuzzy
    assert back.translator_comments == ("checked by Ana",)
    assert back.references == ("content/a.md:2",)


def test_changed_number_is_fuzzy_never_reviewed() -> None:
    changed = IBUPROFEN.replace("400 mg", "200 mg")
    result = update(template(changed), catalog_of(translated(IBUPROFEN)))
    assert_fuzzy_from(live(result)[changed], IBUPROFEN)
    assert catalog.counts(result) == catalog.Counts(translated=0, needs_review=1)


def test_inserted_not_is_fuzzy_never_reviewed() -> None:
    negated = OPEN.replace("is open", "is not open")
    result = update(template(negated), catalog_of(translated(OPEN)))
    assert_fuzzy_from(live(result)[negated], OPEN)
    assert catalog.counts(result).translated == 0


def test_unrelated_new_text_stays_untranslated() -> None:
    result = update(template(PORTAL), catalog_of(translated(INJECTION)))
    assert live(result)[PORTAL].msgstr == ""
    assert list(obsolete(result)) == [INJECTION]


def test_translator_comments_survive_a_fuzzy_match() -> None:
    old = catalog_of(translated(IBUPROFEN, translator_comments=("keep the brand name",)))
    changed = IBUPROFEN.replace("eight", "six")
    assert live(update(template(changed), old))[changed].translator_comments == (
        "keep the brand name",
    )


def test_reviewed_entry_drops_previous_text_fuzzy_entry_keeps_it() -> None:
    reviewed = translated(KNEE, previous_msgid="Rest your knee.")
    pending = translated(OPEN, flags=("fuzzy",), previous_msgid="The clinic is open.")
    result = live(update(template(KNEE, OPEN), catalog_of(reviewed, pending)))
    assert result[KNEE].previous_msgid is None
    assert not result[KNEE].fuzzy
    assert result[OPEN].previous_msgid == "The clinic is open."
    assert result[OPEN].fuzzy


def test_match_of_a_fuzzy_entry_keeps_the_text_its_translation_was_made_for() -> None:
    made_for = "Take 400 mg of ibuprofen every six hours with food."
    old = catalog_of(translated(IBUPROFEN, flags=("fuzzy",), previous_msgid=made_for))
    changed = IBUPROFEN.replace("400", "300")
    entry = live(update(template(changed), old))[changed]
    assert entry.fuzzy
    assert entry.previous_msgid == made_for


def test_obsolete_entries_are_candidates_later() -> None:
    old = catalog_of(translated(OPEN), translated(KNEE, obsolete=True))
    edited = KNEE.replace("two days", "three days")
    result = update(template(OPEN, edited), old)
    assert_fuzzy_from(live(result)[edited], KNEE)
    assert not obsolete(result)


def test_untranslated_old_entries_are_dropped_not_obsoleted() -> None:
    old = catalog_of(Message(KNEE), Message(OPEN, obsolete=True), translated(INJECTION))
    assert list(obsolete(update(template(PORTAL), old))) == [INJECTION]


def test_text_similar_to_a_kept_entry_is_left_to_the_memory() -> None:
    # Unlike msgmerge, only texts that left the template are candidates: a new text like one
    # still in use gets its suggestion from the translation memory, with provenance.
    similar = IBUPROFEN.replace("400", "600")
    result = live(update(template(IBUPROFEN, similar), catalog_of(translated(IBUPROFEN))))
    assert result[similar].msgstr == ""


def test_still_untranslated_entry_gets_a_candidate_and_keeps_its_comments() -> None:
    old = catalog_of(Message(KNEE, translator_comments=("todo",)), translated(KNEE + " Thanks."))
    entry = live(update(template(KNEE), old))[KNEE]
    assert_fuzzy_from(entry, KNEE + " Thanks.")
    assert entry.translator_comments == ("todo",)


def test_match_across_contexts_records_previous_context_and_prefers_same_context() -> None:
    edited = "Open the patient record now!"
    old = catalog_of(
        translated("Open the patient record now.", msgctxt="menu"),
        translated("Open the patient record now?", msgctxt="button"),
    )
    entry = live(update(template(edited, context="button"), old))[edited]
    assert entry.previous_msgctxt == "button"
    assert entry.previous_msgid == "Open the patient record now?"


def test_threshold_decides_what_counts_as_similar() -> None:
    old = "Rest your knee for two days."
    new = f"{old} Use ice for twenty minutes every few hours."
    assert match.similarity(old, new) < catalog.FUZZY_THRESHOLD
    assert live(update(template(new), catalog_of(translated(old))))[new].msgstr == ""
    low = update(template(new), catalog_of(translated(old)), threshold=50)
    assert_fuzzy_from(live(low)[new], old)


# --- the translation memory hook


def memory(*suggestions: Suggestion) -> tuple[catalog.Suggest, list[str]]:
    asked: list[str] = []
    by_text = {s.source: s for s in suggestions}

    def suggest(message: Message) -> Suggestion | None:
        asked.append(message.msgid)
        return by_text.get(message.msgid) or next(iter(suggestions), None)

    return suggest, asked


def test_suggest_is_asked_only_when_the_catalog_has_no_candidate() -> None:
    suggestion = Suggestion("Buchen Sie online.", 87.4, "content/b.md", "Book your visit online.")
    suggest, asked = memory(suggestion)
    edited = KNEE.replace("two", "three")
    old = catalog_of(translated(OPEN), translated(KNEE))
    result = live(update(template(OPEN, edited, PORTAL), old, suggest=suggest))
    assert asked == [PORTAL]
    assert_fuzzy_from(result[edited], KNEE)
    entry = result[PORTAL]
    assert entry.msgstr == "Buchen Sie online."
    assert entry.fuzzy
    assert entry.previous_msgid == "Book your visit online."
    assert entry.translator_comments == (provenance.comment("tm", "87% content/b.md"),)


def test_exact_suggestion_in_same_context_is_taken_as_reviewed() -> None:
    suggest, _ = memory(Suggestion("Buchen.", 100, "content/a.md", PORTAL, exact_context=True))
    entry = live(update(template(PORTAL), None, suggest=suggest))[PORTAL]
    assert entry.msgstr == "Buchen."
    assert not entry.fuzzy
    assert entry.previous_msgid is None


def test_exact_context_claim_for_other_text_is_still_fuzzy() -> None:
    suggest, _ = memory(Suggestion("Buchen.", 95, "content/a.md", "Book.", exact_context=True))
    entry = live(update(template(PORTAL), None, suggest=suggest))[PORTAL]
    assert entry.fuzzy
    assert entry.previous_msgid == "Book."


def test_no_suggestion_leaves_the_entry_untranslated() -> None:
    def suggest(message: Message) -> Suggestion | None:
        return None

    assert live(update(template(PORTAL), None, suggest=suggest))[PORTAL].msgstr == ""


# --- the same decisions as GNU msgmerge --previous

OLD_PO = f"""\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# keep the unit
msgid "{IBUPROFEN}"
msgstr "Nehmen Sie alle acht Stunden 400 mg Ibuprofen zum Essen."

msgid "{OPEN}"
msgstr "Die Klinik ist werktags von acht bis sechs geöffnet."

#, fuzzy
#| msgid "Rest your knee for a day and use ice every few hours."
msgid "{KNEE}"
msgstr "Schonen Sie Ihr Knie zwei Tage und kühlen Sie es."

#| msgid "Book your visit in the portal."
msgid "{PORTAL}"
msgstr "Buchen Sie Ihren Termin im Patientenportal."

msgid "Physiotherapy sessions last forty-five minutes; wear comfortable clothes."
msgstr "Physiotherapie dauert 45 Minuten; tragen Sie bequeme Kleidung."

msgid "Untranslated paragraph that the article no longer has."
msgstr ""

msgid "Parking is free for patients in the garage behind the building."
msgstr "Parken ist für Patienten in der Garage hinter dem Gebäude kostenlos."

#~ msgid "{INJECTION}"
#~ msgstr "Die Injektion dauert zehn Minuten."

#~ msgid "Bring your insurance card and a list of the medicines you take to every visit."
#~ msgstr "Bringen Sie Ihre Versichertenkarte und eine Medikamentenliste mit."

#~ msgid "Untranslated obsolete entry."
#~ msgstr ""
"""

NEW_POT = f"""\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{IBUPROFEN.replace("400 mg", "200 mg")}"
msgstr ""

msgid "{OPEN.replace("is open", "is not open")}"
msgstr ""

msgid "{KNEE.replace("two days", "three days")}"
msgstr ""

msgid "{PORTAL}"
msgstr ""

msgid "Physiotherapy sessions last forty-five minutes."
msgstr ""

msgid "Wear comfortable clothes to physiotherapy sessions and bring water."
msgstr ""

msgid "{INJECTION}"
msgstr ""

msgid "Bring your insurance card and a list of your medicines to every visit."
msgstr ""

msgid "Our radiology department moved to the second floor of building C."
msgstr ""
"""


def _decisions(result: Catalog) -> dict[str, tuple[object, ...]]:
    live_entries = {
        m.msgid: (m.msgstr, m.fuzzy, m.previous_msgctxt, m.previous_msgid, m.translator_comments)
        for m in result.messages
        if not m.obsolete
    }
    gone = {m.msgid: (m.msgstr, "obsolete") for m in result.messages if m.obsolete}
    return {**live_entries, **gone}


def test_same_decisions_as_msgmerge_previous(tmp_path: Path) -> None:
    assert shutil.which("msgmerge"), "GNU gettext is missing: apt-get install gettext"
    (tmp_path / "old.po").write_text(OLD_PO, encoding="utf-8")
    (tmp_path / "new.pot").write_text(NEW_POT, encoding="utf-8")
    subprocess.run(
        ["msgmerge", "--previous", "--quiet", "-o", "gnu.po", "old.po", "new.pot"],
        cwd=tmp_path,
        check=True,
    )
    gnu = parse_po((tmp_path / "gnu.po").read_text(encoding="utf-8"), "gnu.po")
    ours = update(parse_po(NEW_POT, "new.pot"), parse_po(OLD_PO, "old.po"))
    assert _decisions(ours) == _decisions(gnu)
    # And the file we write is the one msgmerge writes, header aside.
    assert dump_po(ours).split("\n\n", 1)[1] == dump_po(gnu).split("\n\n", 1)[1]


# --- matching at scale


def test_index_finds_a_short_text_with_a_typo_among_many() -> None:
    texts = [f"Heading number {i}" for i in range(500)] + ["Ibuprofen"]
    found = match.Index(texts).best("Ibuprofn", threshold=60)
    assert found is not None
    assert found.index == 500


def test_index_containing_finds_verbatim_pieces_shortest_first() -> None:
    index = match.Index([f"{KNEE} Call us.", "Call us.", f"{OPEN} {KNEE}", OPEN])
    assert index.containing(KNEE) == [0, 2]
    assert index.containing("nothing like it") == []


def test_index_top_is_best_first_in_index_order_on_ties() -> None:
    index = match.Index(["a b c d e", "a b c d x", "a b c d e"])
    assert [m.index for m in index.top("a b c d e", threshold=50, limit=3)] == [0, 2, 1]


@given(st.text(max_size=40), st.text(max_size=40), st.integers(min_value=1, max_value=100))
def test_length_bounds_never_exclude_a_text_that_reaches_the_threshold(
    a: str, b: str, threshold: int
) -> None:
    low, high = match.length_bounds(len(a), threshold)
    if match.similarity(a, b) >= threshold:
        assert low <= len(b) <= high


def _bench(name: str) -> ModuleType:
    folder = Path(__file__).resolve().parents[1] / "bench" / "update"
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(name)


def test_benchmark_generator_and_update_still_work() -> None:
    harness = _bench("harness")
    case = harness.make_case(500, seed=3)
    result = update(case.pot, case.old)
    decisions = harness.judge(result, case)
    assert decisions.edited > 20
    assert decisions.translations_lost == 0
    assert decisions.reviewed == 0
    assert decisions.recall >= 70
    # The word index finds every right old entry that scoring all candidates finds.
    agreement = harness.agreement(case, catalog.FUZZY_THRESHOLD)
    assert agreement.index_right >= agreement.exhaustive_right
