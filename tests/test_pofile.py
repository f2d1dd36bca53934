"""Tests of pofile: strict parsing with exact error lines, and GNU canonical output.

"Canonical" is checked against the real tool: GNU gettext's ``msgcat`` must print exactly the
bytes ``dump_po`` wrote. These tests fail (never skip) when gettext is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18npipe.errors import CatalogError
from i18npipe.model import Catalog, Message
from i18npipe.pofile import dump_po, parse_po

Header = tuple[tuple[str, str], ...]

# --- helpers -------------------------------------------------------------------------------------


def _header(language: str = "de") -> Header:
    return (
        ("Project-Id-Version", "i18npipe-test 1.0"),
        ("Language", language),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", "nplurals=2; plural=(n != 1);"),
    )


def _full_header(language: str) -> Header:
    """A header as msginit + a translator leave it (no msgfmt --check warnings)."""
    return (
        ("Project-Id-Version", "i18npipe-test 1.0"),
        ("Report-Msgid-Bugs-To", "docs@example.com"),
        ("POT-Creation-Date", "2024-05-01 12:00+0000"),
        ("PO-Revision-Date", "2024-05-02 09:30+0200"),
        ("Last-Translator", "Jane Doe <jane@example.com>"),
        ("Language-Team", "German <de@example.com>"),
        *_header(language)[1:],
    )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"GNU gettext's {name} is not installed: run `apt-get install gettext`")
    return path


def _run(name: str, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # A fixed locale: msgcat's output does not depend on it, its diagnostics would.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [_tool(name), *args], input=stdin, capture_output=True, env=env, check=False
    )


def _assert_msgcat_identical(path: Path, width: int = 79) -> None:
    """msgcat (default options, or --width) must reproduce the file byte for byte."""
    args = [] if width == 79 else [f"--width={width}"]
    result = _run("msgcat", *args, str(path))
    assert result.returncode == 0, result.stderr.decode()
    expected = path.read_bytes()
    if result.stdout != expected:
        diff = _first_difference(expected.decode(), result.stdout.decode())
        pytest.fail(f"msgcat output differs from dump_po output:\n{diff}")


def _first_difference(ours: str, theirs: str) -> str:
    ours_lines, theirs_lines = ours.splitlines(), theirs.splitlines()
    for index, (a, b) in enumerate(zip(ours_lines, theirs_lines, strict=False)):
        if a != b:
            return f"line {index + 1}:\n  dump_po: {a!r}\n  msgcat:  {b!r}"
    return f"dump_po has {len(ours_lines)} lines, msgcat {len(theirs_lines)}"


def _write(tmp_path: Path, catalog: Catalog, name: str = "messages.po", width: int = 79) -> Path:
    path = tmp_path / name
    path.write_bytes(dump_po(catalog, width=width).encode("utf-8"))
    return path


def _without_lines(catalog: Catalog) -> Catalog:
    return replace(catalog, messages=tuple(replace(m, line=0) for m in catalog.messages))


def _assert_lines_point_at_msgid(text: str, catalog: Catalog) -> None:
    lines = text.split("\n")
    for message in catalog.messages:
        keyword = "#~ msgid " if message.obsolete else "msgid "
        assert lines[message.line - 1].startswith(keyword), (message, lines[message.line - 1])


# --- corpus --------------------------------------------------------------------------------------

MEDICAL = (
    "Proximal hamstring tendinopathy is a chronic condition affecting the tendons that attach "
    "the hamstring muscles to the ischial tuberosity (the bony prominence at the bottom of the "
    "pelvis).",
    "Patients typically report deep buttock pain that is aggravated by prolonged sitting, "
    "running uphill, or lunging, and that may radiate into the posterior thigh.",
    "Ultrasound-Guided Percutaneous Needle Tenotomy (PNT) has been proposed as a minimally "
    "invasive alternative to open surgical debridement in recalcitrant cases.",
    "Eccentric loading programs, progressive isometric exercises and heavy-slow-resistance "
    "training remain the first-line, evidence-based treatment for most tendinopathies.",
    "Magnetic resonance imaging (MRI) may show peritendinous oedema, intrasubstance tearing, or "
    "a partial-thickness avulsion at the common origin of semitendinosus/biceps femoris.",
    "Non-steroidal anti-inflammatory drugs (NSAIDs) provide short-term analgesia but do not "
    "alter the long-term course of the disease; corticosteroid injections carry a risk of "
    "tendon rupture.",
    "The differential diagnosis includes lumbar radiculopathy (L5/S1), piriformis syndrome, "
    "ischiofemoral impingement and deep gluteal syndrome.",
    "A randomized controlled trial (n = 48) found no statistically significant difference "
    "between platelet-rich plasma (PRP) and autologous whole blood at 6, 12 and 24 weeks.",
    "Return-to-sport criteria should include pain ≤ 2/10 on the visual analogue scale (VAS), "
    "≥ 90 % limb symmetry index, and tolerance of sport-specific drills.",
    "Anticoagulant therapy (e.g., warfarin, apixaban, rivaroxaban) increases the risk of "
    "haematoma after percutaneous procedures; discuss peri-procedural management beforehand.",
    "In elderly patients with osteoporosis, vertebral compression fractures are often "
    "asymptomatic and discovered incidentally on chest radiographs.",
    "Hypertrophic cardiomyopathy is the most common genetic cardiovascular disease, with a "
    "prevalence of approximately 1 in 500 adults in the general population.",
    "Sodium-glucose co-transporter-2 (SGLT2) inhibitors reduce hospitalisation for heart "
    "failure irrespective of diabetes status.",
    "Die proximale Hamstring-Tendinopathie ist eine chronische Erkrankung der Sehnen, die die "
    "ischiocrurale Muskulatur am Sitzbeinhöcker (Tuber ischiadicum) befestigen.",
    "La tendinopatía proximal de los isquiotibiales es una afección crónica que afecta a los "
    "tendones que unen los músculos isquiotibiales a la tuberosidad isquiática.",
    "La tendinopathie proximale des ischio-jambiers est une affection chronique touchant les "
    "tendons qui relient les muscles ischio-jambiers à la tubérosité ischiatique.",
    "近位ハムストリング腱障害は、ハムストリング筋を坐骨結節に付着させる腱に影響を及ぼす慢性疾患です。"
    "長時間の座位で痛みが悪化します。",
    "腘绳肌近端肌腱病是一种慢性疾病，影响将腘绳肌连接到坐骨结节的肌腱（骨盆底部的骨性突起）。",
    "근위 햄스트링 건병증은 햄스트링 근육을 좌골 결절에 부착하는 "
    "힘줄에 영향을 미치는 만성 질환입니다.",
)

MARKDOWN = (
    "See [the 2023 consensus statement](https://example.com/a-very/long/path?query=1&b=2) for "
    "the full list of recommendations.",
    "**Label:** Ultrasound-Guided injection of the common hamstring origin, with `needle = 22G` "
    "and `volume_ml = 3.5` as defaults.",
    "**Warning:** Do not inject directly into the tendon substance.",
    "https://example.com/very/long/url/without/any/spaces/that/goes/on/and/on/and/on/forever/"
    "index.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring",
    "Run `python -m i18npipe.cli build --config pyproject.toml --locale de --strict` to build.",
    "Hyphenated-compound-words-like-this-one-go-on-for-quite-a-while-in-technical-writing-today",
    "A line ending with two spaces for a Markdown hard break  ",
    "Trailing spaces after a long sentence that is long enough to need wrapping at the end    ",
    "First line of a block quote\nSecond line of the same block quote\n",
    "\nA string that starts with a newline",
    "Tab\tseparated\tcolumns\tin\ta\ttable\tcell\twith\tenough\tcontent\tto\twrap\taround\tyes",
    'He said "this is a quote" and then a backslash \\ and "another one" in the same sentence.',
    "![Figure 2: Sagittal T2-weighted MRI](images/figure-2-sagittal-t2-weighted-mri-hamstring.png)",
    "1. First item; 2. second item; 3. third item with a [link](https://example.org/x) inside.",
    "Path/like/strings/with/slashes/are/common/in/references/and/they/should/break/nicely/too",
    "(Parenthesised text that is quite long and contains, among other things, commas; semicolons"
    ": colons! and question marks?)",
    "Numbers like 1,234,567.89 and percentages like 45.6% or ranges 10–20 mg/kg/day matter.",
    "Ellipsis… em—dashes — and “curly quotes” plus ‘single ones’ are typographic niceties.",
    "x" * 90,
    "A" + "-" * 100 + "B",
    " leading space and a very long sentence that keeps going until it has to wrap somewhere",
)

GERMAN = {
    MEDICAL[0]: "Die proximale Hamstring-Tendinopathie ist eine chronische Erkrankung der Sehnen, "
    "die die ischiocrurale Muskulatur am Sitzbeinhöcker (dem knöchernen Vorsprung am "
    "unteren Ende des Beckens) befestigen.",
    MARKDOWN[1]: "**Bezeichnung:** Ultraschallgesteuerte Injektion am gemeinsamen Ursprung der "
    "ischiocruralen Muskulatur, mit `needle = 22G` und `volume_ml = 3.5` als "
    "Standardwerten.",
    MARKDOWN[8]: "Erste Zeile eines Zitatblocks\nZweite Zeile desselben Zitatblocks\n",
}


def _pseudo(text: str) -> str:
    """A stand-in translation that keeps the leading/trailing newlines msgfmt --check compares."""
    return GERMAN.get(text) or text.swapcase()


def _corpus_catalog(header: Header, translated: bool) -> Catalog:
    messages = []
    for index, text in enumerate((*MEDICAL, *MARKDOWN)):
        messages.append(
            Message(
                msgid=text,
                msgstr=_pseudo(text) if translated else "",
                extracted_comments=("paragraph",),
                references=(f"content/health/proximal-hamstring-tendinopathy.md:{index * 7 + 3}",),
            )
        )
    return Catalog(header, tuple(messages))


# --- round trip ----------------------------------------------------------------------------------


def _handmade() -> Catalog:
    long_words = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    return Catalog(
        header=_header("de"),
        header_comments=("German translation of the article.", "", "Jane Doe <jane@example.com>"),
        header_fuzzy=True,
        messages=(
            Message(
                "Heading",
                "Überschrift",
                extracted_comments=("heading level 2",),
                references=("content/a.md:1",),
            ),
            Message("Open", "Öffnen", msgctxt="menu", translator_comments=("Verb, not adjective",)),
            Message("Open", "Offen", msgctxt="state"),
            Message(
                "Ultrasound-Guided injections are used in refractory tendinopathy of the proximal "
                "hamstrings, see https://example.com/a-very/long/path?query=1&b=2 for details.",
                "Ultraschallgesteuerte Injektionen werden bei therapieresistenter Tendinopathie "
                "eingesetzt, siehe https://example.com/a-very/long/path?query=1&b=2.",
                translator_comments=("  indented comment with trailing spaces  ", ""),
                extracted_comments=("paragraph", "", "note: keep the URL"),
                references=tuple(
                    f"content/health/an-article-with-a-long-name.md:{n}"
                    for n in (10, 20, 300, 4000, 50000)
                ),
                flags=("fuzzy",),
                previous_msgctxt="old context",
                previous_msgid="Ultrasound guided injections are used in refractory tendinopathy "
                "of the proximal hamstrings.",
            ),
            Message("Line one\nLine two\nLine three", "Zeile eins\nZeile zwei\nZeile drei"),
            Message(long_words, long_words.upper()),
            Message(
                "日本語のテキストはとても長い文章になることがありますので、適切に折り返す必要があります。",
                "",
                references=("content/ja.md",),
            ),
            Message('Tabs\there, "quotes", back\\slashes \\n (not a newline)', 'Tab\t"x"\\'),
            Message("Untranslated entry", ""),
            Message("Trailing spaces   ", "Leerzeichen am Ende   "),
            Message(
                "Removed paragraph that used to be in the article and was translated already.",
                "Entfernter Absatz, der früher im Artikel stand und bereits übersetzt war.",
                translator_comments=("kept by update",),
                references=("content/old.md:9",),
                flags=("fuzzy",),
                previous_msgid="Removed paragraph (old wording).",
                obsolete=True,
            ),
            Message("Old heading", "Alte Überschrift", msgctxt="heading", obsolete=True),
        ),
    )


def test_roundtrip_handmade_catalog() -> None:
    catalog = _handmade()
    text = dump_po(catalog)
    parsed = parse_po(text, "de/article.po")
    assert _without_lines(parsed) == catalog
    _assert_lines_point_at_msgid(text, parsed)


def test_handmade_catalog_is_canonical(tmp_path: Path) -> None:
    _assert_msgcat_identical(_write(tmp_path, _handmade()))


def test_handmade_catalog_passes_msgfmt_check(tmp_path: Path) -> None:
    path = _write(tmp_path, _handmade())
    result = _run("msgfmt", "--check", "-o", os.devnull, str(path))
    assert result.returncode == 0, result.stderr.decode()


def test_expected_layout(tmp_path: Path) -> None:
    """A few layouts spelled out, so a regression shows what changed."""
    catalog = Catalog(
        _header(),
        (
            Message(
                "Ultrasound-Guided Percutaneous-Needle-Tenotomy/Platelet-Rich-Plasma-Injection-"
                "Therapy",
                "",
                references=tuple(f"content/health/hamstring-{n}.md:{n}" for n in range(1, 5)),
            ),
            Message("Short\n", "Kurz\n", flags=("fuzzy", "no-wrap"), previous_msgid="Short"),
        ),
    )
    text = dump_po(catalog)
    assert text[text.index("#: ") :] == (
        "#: content/health/hamstring-1.md:1 content/health/hamstring-2.md:2\n"
        "#: content/health/hamstring-3.md:3 content/health/hamstring-4.md:4\n"
        'msgid ""\n'
        '"Ultrasound-Guided Percutaneous-Needle-Tenotomy/Platelet-Rich-Plasma-"\n'
        '"Injection-Therapy"\n'
        'msgstr ""\n'
        "\n"
        "#, fuzzy, no-wrap\n"
        '#| msgid "Short"\n'
        'msgid "Short\\n"\n'
        'msgstr "Kurz\\n"\n'
    )
    _assert_msgcat_identical(_write(tmp_path, catalog))


# --- canonical form against msgcat ---------------------------------------------------------------


@pytest.mark.parametrize("width", [79, 0, 10, 40, 100])
def test_corpus_is_canonical(tmp_path: Path, width: int) -> None:
    catalog = _corpus_catalog(_header("de"), translated=True)
    _assert_msgcat_identical(_write(tmp_path, catalog, width=width), width=width)


def test_corpus_roundtrip() -> None:
    catalog = _corpus_catalog(_header("es"), translated=True)
    assert _without_lines(parse_po(dump_po(catalog), "es.po")) == catalog


def test_translated_corpus_passes_msgfmt_check(tmp_path: Path) -> None:
    path = _write(tmp_path, _corpus_catalog(_full_header("de"), translated=True))
    _assert_msgcat_identical(path)
    result = _run("msgfmt", "--check", "-o", os.devnull, str(path))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b"", result.stderr.decode()


def test_template_with_empty_language_is_canonical(tmp_path: Path) -> None:
    template = _corpus_catalog(_header(""), translated=False)
    path = _write(tmp_path, template, name="article.pot")
    _assert_msgcat_identical(path)
    parsed = parse_po(path.read_text(encoding="utf-8"), "article.pot")
    assert parsed.header == _header("")
    assert ("Language", "") in parsed.header


def test_control_characters_are_canonical(tmp_path: Path) -> None:
    # msgcat escapes \a \b \f \v \r (with a warning) and writes other controls raw.
    texts = [
        "bell\a",
        "\b\f\v\r",
        "esc\x1b[0m",
        "del\x7f",
        "line\u2028separator",
        "nel\x85x",
        "soft\u00adhyphen",
        "zero\u200bwidth",
        "combining e\u0301" * 12,
        "emoji \U0001f469\u200d\u2695\ufe0f " * 12,  # woman health worker (ZWJ sequence)
    ]
    catalog = Catalog(_header(), tuple(Message(t, t) for t in texts))
    path = _write(tmp_path, catalog)
    _assert_msgcat_identical(path)
    assert _without_lines(parse_po(path.read_text(encoding="utf-8"), "x.po")) == catalog


def test_empty_catalog() -> None:
    assert dump_po(Catalog(header=())) == ""
    assert parse_po("", "empty.po") == Catalog(header=())


# --- property: random catalogs against msgcat ----------------------------------------------------

_ALPHABET = [
    *(chr(c) for c in range(0x20, 0x7F)),
    *"éèàüöñçßØÅ",
    *"日本語中文患者。、「」（）",
    "\u00a0",
    "—",
    "\n",
    "\t",
    " ",
    " ",
    " ",
    "-",
    "-",
    "/",
    "/",
]
_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=180)
_COMMENT = st.text(alphabet=st.sampled_from([c for c in _ALPHABET if c != "\n"]), max_size=90).map(
    lambda s: s.rstrip("\\")
)  # gettext joins a line ending in a backslash with the next
_FILE = st.text(alphabet=st.sampled_from([*"abcxyz_-/.é日"]), min_size=1, max_size=40).filter(
    lambda s: not s.startswith("./")
)  # msgcat strips a leading ./
_REFERENCE = st.builds(
    lambda name, line: f"{name}:{line}" if line is not None else name,
    _FILE,
    st.none() | st.integers(0, 10**6),
)


@st.composite
def _message(draw: st.DrawFn, obsolete: bool) -> Message:
    msgstr = draw(_TEXT)
    if obsolete and not msgstr:
        msgstr = draw(_TEXT.filter(bool))  # msgcat drops obsolete entries without a translation
    previous_msgid = draw(st.none() | _TEXT)
    return Message(
        msgid=draw(_TEXT.filter(bool)),
        msgstr=msgstr,
        msgctxt=draw(st.none() | _TEXT),
        translator_comments=tuple(draw(st.lists(_COMMENT, max_size=2))),
        extracted_comments=tuple(draw(st.lists(_COMMENT, max_size=2))),
        references=tuple(draw(st.lists(_REFERENCE, max_size=6, unique=True))),
        flags=("fuzzy",) if msgstr and draw(st.booleans()) else (),
        previous_msgctxt=draw(st.none() | _TEXT) if previous_msgid is not None else None,
        previous_msgid=previous_msgid,
        obsolete=obsolete,
    )


@st.composite
def _catalog(draw: st.DrawFn) -> Catalog:
    live = draw(st.lists(_message(False), max_size=10))
    old = draw(st.lists(_message(True), max_size=3))
    unique = {m.key: m for m in reversed(live + old)}  # first occurrence of each key wins
    messages = [m for m in live + old if unique[m.key] is m]
    return Catalog(
        header=_header(draw(st.sampled_from(["de", "es", "fr", ""]))),
        messages=tuple(messages),
        header_comments=tuple(draw(st.lists(_COMMENT, max_size=2))),
        header_fuzzy=draw(st.booleans()),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=_catalog(), width=st.sampled_from([79, 79, 79, 50, 120]))
def test_random_catalogs_are_canonical_and_roundtrip(catalog: Catalog, width: int) -> None:
    text = dump_po(catalog, width=width)
    # Without --force-po, msgcat prints nothing at all for a catalog holding only a header.
    force = [] if text.count("msgid ") > 1 else ["--force-po"]
    result = _run("msgcat", *force, f"--width={width}", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode("utf-8") == text
    parsed = parse_po(text, "random.po")
    assert _without_lines(parsed) == catalog
    _assert_lines_point_at_msgid(text, parsed)


# --- what dump_po normalises like msgcat ---------------------------------------------------------


def test_dump_normalises_like_msgcat(tmp_path: Path) -> None:
    catalog = Catalog(
        _header(),
        (
            Message("obsolete first", "alt", obsolete=True),
            Message("untranslated but fuzzy", "", flags=("fuzzy",)),
            Message("flags", "x", flags=("no-wrap", "fuzzy", "fuzzy")),
            Message("refs", "", references=("./content/a.md:007", "content/a.md:7", "././b.md")),
            Message("obsolete without translation", "", obsolete=True),
        ),
    )
    text = dump_po(catalog)
    _assert_msgcat_identical(_write(tmp_path, catalog))
    assert [m.msgid for m in parse_po(text, "x.po").messages] == [
        "untranslated but fuzzy",
        "flags",
        "refs",
        "obsolete first",
    ]
    assert '#, fuzzy\nmsgid "untranslated' not in text
    assert '#, fuzzy, no-wrap\nmsgid "flags"' in text
    assert "#: content/a.md:7 b.md\n" in text


@pytest.mark.parametrize(
    ("message", "fragment"),
    [
        (Message("a", translator_comments=("two\nlines",)), "line break in comment"),
        (Message("a", extracted_comments=("ends with \\",)), "ends with a backslash"),
        (Message("a", references=("has space.md:1",)), "reference cannot be written"),
        (Message("a", references=("ends-with-colon:",)), "reference cannot be written"),
        (Message("a", "b", flags=("c-format",)), "unsupported flag 'c-format'"),
        (Message("a", previous_msgctxt="ctx"), "previous_msgctxt without previous_msgid"),
        (Message(""), "would be read as the header"),
        (Message("nul\x00"), "NUL character"),
        (Message("surrogate \udcff"), "lone surrogate"),
    ],
)
def test_dump_rejects_what_a_po_file_cannot_hold(message: Message, fragment: str) -> None:
    with pytest.raises(CatalogError, match=fragment):
        dump_po(Catalog(_header(), (message,)))


def test_dump_rejects_duplicates_and_non_utf8_charset() -> None:
    with pytest.raises(CatalogError, match="duplicate message"):
        dump_po(Catalog(_header(), (Message("a"), Message("a", "b", obsolete=True))))
    latin1 = tuple(
        (k, "text/plain; charset=ISO-8859-1") if k == "Content-Type" else (k, v)
        for k, v in _header()
    )
    with pytest.raises(CatalogError, match="charset ISO-8859-1"):
        dump_po(Catalog(latin1, (Message("café"),)))
    assert dump_po(Catalog(latin1, (Message("cafe"),))).endswith('msgid "cafe"\nmsgstr ""\n')


# --- parsing -------------------------------------------------------------------------------------

_HEAD = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
"""Five lines: entries in the error tests start on line 6."""


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ('msgid "unterminated\nmsgstr "x"\n', 6, "end of line within string"),
        ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 6, "missing 'msgstr'"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n', 9, "missing 'msgstr'"),
        ('msgid "a"\nmsgstr "b"\nthis is garbage\n', 8, "unknown keyword 'this'"),
        ('msgid "a"\nmsgstr "b"\n???\n', 8, "syntax error"),
        ('msgid "a"\nmsgstr "b\\q"\n', 7, "invalid escape sequence \\q"),
        (
            'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n\nmsgid "a"\nmsgstr "c"\n',
            12,
            "duplicate message definition (first defined at line 6)",
        ),
        ('msgid "a"\nmsgstr ""\n\n#~ msgid "a"\n#~ msgstr "old"\n', 9, "duplicate message"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n', 7, "plural entries"),
        ('msgid "a"\nmsgstr "b"\n# stray\n"continued"\n', 9, "string without a keyword"),
        ('msgstr "no msgid"\n', 6, "msgstr without msgid"),
        ('msgctxt "c"\nmsgstr "x"\n', 6, "missing 'msgid'"),
        ('#~ msgid "a"\nmsgstr "b"\n', 7, "inconsistent use of #~"),
        ('msgid "a"\n# inside\nmsgstr "b"\n', 6, "missing 'msgstr'"),
        ('msgid "a"\n\n# next entry\nmsgid "b"\nmsgstr ""\n', 6, "missing 'msgstr'"),
        ('# comment ending in a backslash \\\nmsgid "a"\nmsgstr ""\n', 6, "ends with a backslash"),
        ('#| msgctxt "c"\nmsgid "a"\nmsgstr ""\n', 6, "#| msgctxt without #| msgid"),
        ('msgid "a" junk\nmsgstr ""\n', 6, "expected a string"),
        ('msgid "a"\nmsgstr "b"\n\n# trailing comment\n', 9, "comment not followed by an entry"),
        ('msgid "\\303"\nmsgstr ""\n', 6, "valid UTF-8"),
    ],
)
def test_parse_errors_have_exact_lines(body: str, line: int, fragment: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(_HEAD + body, "locale/de/article.po")
    assert str(caught.value).startswith(f"locale/de/article.po:{line}: "), str(caught.value)
    assert fragment in str(caught.value)
    assert caught.value.line == line
    assert caught.value.path == "locale/de/article.po"


def test_parse_error_in_header_line() -> None:
    with pytest.raises(CatalogError, match=r"^h\.po:3: header line without 'Key:'"):
        parse_po('msgid ""\nmsgstr ""\n"no colon here\\n"\n', "h.po")
    with pytest.raises(CatalogError, match=r"^h\.po:3: header line without 'Key:' \('badline'\)"):
        parse_po(
            'msgid ""\nmsgstr "Language: de\\n"\n"MIME-Version: 1.0\\nbad"\n"line\\n"\n', "h.po"
        )


def test_parse_details() -> None:
    text = (
        "\ufeff#  two leading spaces, trailing one \n"
        "#, fuzzy\n"
        'msgid ""\n'
        'msgstr "Project-Id-Version: x\\nLanguage: de\\nContent-Type: text/plain; '
        'charset=UTF-8\\n"\r\n'
        "\n"
        "#\n"
        "#.\n"
        "#.  extracted\n"
        "#: a.md:1 ./b.md:02\n"
        "#: c.md\n"
        "#, fuzzy, no-wrap\n"
        '#| msgctxt "old"\n'
        '#| msgid "prev" "ious"\n'
        '#| "!"\n'
        'msgctxt "ctx"\n'
        'msgid "one" "two"\n'
        '"\\303\\251\\x41\\a\u2028"\n'
        'msgstr ""\n'
        '"\\"quoted\\""\n'
        "\n"
        "# obsolete comment\n"
        "#, fuzzy\n"
        '#~| msgid "older"\n'
        '#~ msgid "gone"\n'
        '#~ msgstr "weg"\n'
    )
    catalog = parse_po(text, "x.po")
    assert catalog.header == (
        ("Project-Id-Version", "x"),
        ("Language", "de"),
        ("Content-Type", "text/plain; charset=UTF-8"),
    )
    assert catalog.header_comments == (" two leading spaces, trailing one ",)
    assert catalog.header_fuzzy
    assert catalog.messages == (
        Message(
            "onetwoéA\a\u2028",
            '"quoted"',
            msgctxt="ctx",
            translator_comments=("",),
            extracted_comments=("", " extracted"),
            references=("a.md:1", "./b.md:02", "c.md"),
            flags=("fuzzy", "no-wrap"),
            previous_msgctxt="old",
            previous_msgid="previous!",
            line=16,
        ),
        Message(
            "gone",
            "weg",
            translator_comments=("obsolete comment",),
            flags=("fuzzy",),
            previous_msgid="older",
            obsolete=True,
            line=24,
        ),
    )


def test_parse_keeps_unicode_line_separators_inside_strings() -> None:
    # polib would split this file at U+2028/U+0085 (str.splitlines); gettext does not.
    catalog = parse_po('msgid "a\u2028b\x85c\x1cd"\nmsgstr ""\n', "x.po")
    assert catalog.messages[0].msgid == "a\u2028b\x85c\x1cd"


def test_parse_without_header() -> None:
    catalog = parse_po('msgid "a"\nmsgstr "b"\n', "x.po")
    assert catalog == Catalog(header=(), messages=(Message("a", "b", line=1),))
