"""GIFT import as pure functions: Moodle's own files in, quiz.md out, checked with the project's parser."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.content.gift import decode_gift, import_gift
from app.content.validator import validate_path
from tests.content.gift_helpers import REPO, messages, moodle_gift_folder, options, parse


@pytest.fixture
def moodle_gift() -> Path:
    return moodle_gift_folder()


def gift_file(folder: Path, name: str):
    text, problem = decode_gift((folder / name).read_bytes())
    assert problem is None
    return import_gift(text, source_name=name)


# --- Moodle's fixtures -------------------------------------------------------------------------------


def test_questions_gift_imports_every_supported_question_with_options_and_feedback(moodle_gift):
    result = gift_file(moodle_gift, "questions.gift.txt")
    questions, diagnostics = parse(result.quiz_md)
    assert diagnostics == []
    assert result.question_ids == ["q2", "colours", "q1", "2-08-tsl", "2-08-tsl-2"]
    q2 = questions["q2"]
    assert (q2.type, q2.title, q2.explanation_html) == (
        "single",
        "What's between orange and green in the spectrum?",
        "",
    )
    assert options(q2) == [
        ("yellow", True, "<p>right; good!</p>\n"),
        ("red", False, "<p>wrong, it's yellow</p>\n"),  # `[html]` on the feedback only
        ("blue", False, "<p>wrong, it's yellow</p>\n"),  # `[plain]` on the answer only
    ]
    colours = questions["colours"]
    assert colours.type == "multiple"  # weights %50% %-100%: positive is correct
    assert options(colours) == [
        ("yellow", True, "<p>right; good!</p>\n"),
        ("red", False, "<p>wrong</p>\n"),
        ("off-beige", True, "<p>right; good!</p>\n"),
        ("blue", False, "<p>wrong</p>\n"),
    ]
    q1 = questions["q1"]
    # Moodle makes text after the closing brace (a stray `";` here) a missing-word blank; so do we.
    assert q1.title == '42 is the Absolute Answer to everything._____";'
    # {FALSE#feedback for a wrong answer#feedback for the right one####general feedback}
    assert options(q1) == [
        ("True", False, "<p>42 is the Ultimate Answer.</p>\n"),
        ("False", True, "<p>You gave the right answer.</p>\n"),
    ]
    assert q1.explanation_html == "<p>This is, of course, a Hitchiker's Guide to the Galaxy reference.</p>\n"
    for qid in ("2-08-tsl", "2-08-tsl-2"):  # {T} and {TRUE}, same name: the second id gets -2
        assert questions[qid].title == "TSL is blablabla."
        assert options(questions[qid]) == [("True", True, ""), ("False", False, "")]


def test_questions_gift_reports_each_unsupported_question_by_type_and_line(moodle_gift):
    result = gift_file(moodle_gift, "questions.gift.txt")
    assert result.questions_read == 9  # what Moodle reports: "Importing 9 questions from file"
    assert messages(result, "questions.gift.txt") == [
        'questions.gift.txt:2: warning: essay question "Q8" skipped: this platform has no essay questions',
        'questions.gift.txt:5: warning: matching question "Moodle activities" skipped: '
        "this platform has no matching questions",
        'questions.gift.txt:31: warning: numerical question "Q5" skipped: this platform has no numerical questions',
        'questions.gift.txt:34: warning: short-answer question "Shortanswer" skipped: '
        "this platform has no short-answer (typed answer) questions",
    ]


def test_questions_in_category_reads_four_questions_and_unescapes_html(moodle_gift):
    result = gift_file(moodle_gift, "questions_in_category.gift.txt")
    assert result.questions_read == 4  # the $CATEGORY line is not a question
    assert messages(result) == [
        'x.gift:2: note: category "$course$/Default for New Features" ignored: a course has one quiz',
        'x.gift:5: warning: matching question "Moodle activities" skipped: this platform has no matching questions',
        'x.gift:22: warning: short-answer question "Moodle user" skipped: '
        "this platform has no short-answer (typed answer) questions",
    ]
    questions, diagnostics = parse(result.quiz_md)
    assert diagnostics == []
    greeting = questions["greeting"]
    # `\=` and `\:` inside [html]: the link survives; `<br /><br />` starts the stem.
    assert "## [Listen to this greeting:](http://demo.moodle.net/file.php/5/media/bonjour.mp3) {#greeting}" in (
        result.quiz_md
    )
    assert (greeting.title, greeting.stem_html) == (
        "Listen to this greeting:",
        "<p>What language is being spoken?</p>\n",
    )
    assert options(greeting) == [
        ("English", False, "<p>Sorry, listen again.</p>\n"),
        ("French", True, "<p>Yes, well done!</p>\n"),
        ("German", False, "<p>Sorry, listen again.</p>\n"),
        ("Spanish", False, "<p>Sorry, listen again.</p>\n"),
    ]
    acronym = questions["moodle-acronym"]  # the <span style=...> goes, its text stays
    assert acronym.title == "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    assert options(acronym) == [("True", True, ""), ("False", False, "")]


def test_examples_txt_parses_whole_and_reports_every_unsupported_type(moodle_gift):
    result = gift_file(moodle_gift, "examples.txt")
    assert not result.has_errors
    skipped = {(m.line, m.text.split(" question ")[0]) for m in result.messages if "skipped" in m.text}
    assert skipped == {
        *((line, "short-answer") for line in (14, 43, 45, 90, 103, 108, 123, 173, 195)),
        *((line, "numerical") for line in (16, 70, 72, 74, 76, 85, 175, 202)),
        *((line, "matching") for line in (55, 61, 177)),
    }
    assert result.questions_read == len(result.question_ids) + len(skipped) == 23 + 20
    partial = [(m.line, m.text) for m in result.messages if "partial credit" in m.text]
    assert [line for line, _ in partial] == [115, 119, 120, 192]
    assert partial[1][1] == (
        'question "Jesus\' hometown": partial credit (25%) for "Bethlehem" is not kept; it counts as wrong'
    )
    questions, diagnostics = parse(result.quiz_md)
    assert diagnostics == []
    control = questions["gift-control-characters"]  # every escaped character arrives as itself
    assert [o.text_html for o in control.options] == ["~", "=", "#", "{", "}", "\\"]
    assert control.options[5].correct and control.options[0].feedback_html == "<p>~ is a control character.</p>\n"
    assert control.options[5].feedback_html.startswith("<p>Correct! \\ (backslash) is not a control character. BUT, it")
    assert questions["q-2"].title == "Grant is _____ in Grant's tomb."  # a missing-word question
    assert [o.text_html for o in questions["q-17"].options] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]


@pytest.mark.parametrize("name", ["questions.gift.txt", "questions_in_category.gift.txt", "examples.txt"])
def test_an_imported_quiz_passes_the_projects_validator_cleanly(moodle_gift, tmp_path, name):
    root = tmp_path / "content"
    folder = root / "courses" / "imported"
    folder.mkdir(parents=True)
    shutil.copy(REPO / "content" / "sectors.yml", root / "sectors.yml")
    course = "---\ntitle: Imported\nsummary: From Moodle.\nsectors: [all]\nduration_minutes: 10\n---\n\nOverview.\n"
    (folder / "course.md").write_text(course, encoding="utf-8")
    (folder / "01-intro.md").write_text("---\ntitle: Introduction\n---\n\nText.\n", encoding="utf-8")
    (folder / "quiz.md").write_text(gift_file(moodle_gift, name).quiz_md, encoding="utf-8")
    assert [d.format() for d in validate_path(folder)] == []


# --- text, formats and ids ---------------------------------------------------------------------------


def test_markdown_characters_in_plain_text_read_as_written():
    text = "[plain]# Not a heading [x] *star* {#id} <b>no tag</b> a_b _c_ &amp;{\n=1. not a list ~- not a bullet\n}"
    result = import_gift(text.replace("{#id}", "\\{#id\\}"))
    questions, diagnostics = parse(result.quiz_md)
    assert diagnostics == []
    (question,) = questions.values()
    assert question.title == "# Not a heading [x] *star* {#id} <b>no tag</b> a_b _c_ &amp;"
    assert [o.text_html for o in question.options] == ["1. not a list", "- not a bullet"]


def test_html_keeps_bold_italic_and_links_and_drops_other_tags_with_a_warning():
    text = (
        "::Safe::[html]<p>Is <b>this</b> <em> safe </em>?</p><p>Read <a href='https://who.int'>WHO</a>"
        "<script>alert(1)</script><img src='x.png'></p>{=<strong>Yes</strong>, <i>always</i> ~<u>No</u>}"
    )
    result = import_gift(text)
    assert "## Is **this** *safe* ? {#safe}" in result.quiz_md
    questions, _ = parse(result.quiz_md)
    safe = questions["safe"]
    assert safe.stem_html == '<p>Read <a href="https://who.int" rel="noopener noreferrer">WHO</a></p>\n'
    assert [o.text_html for o in safe.options] == ["<strong>Yes</strong>, <em>always</em>", "No"]
    assert messages(result) == ['x.gift:1: warning: question "Safe": <img> removed']


def test_markdown_format_is_kept_as_markdown_and_line_breaks_make_paragraphs():
    result = import_gift(
        "::Tomb::[markdown]Who's buried in **Grant's tomb**?\\n\\nA *case*.\\nSame paragraph.{=no one ~Grant}"
    )
    assert "## Who's buried in **Grant's tomb**? {#tomb}\n\nA *case*.\nSame paragraph.\n" in result.quiz_md
    questions, _ = parse(result.quiz_md)
    assert questions["tomb"].stem_html == "<p>A <em>case</em>.\nSame paragraph.</p>\n"


def test_ids_come_from_names_are_unique_and_fall_back_to_the_position():
    text = "::Q 1::A?{=a ~b}\n\n::q-1::B?{=a ~b}\n\nC?{=a ~b}\n\n::Ελληνικά::D?{=a ~b}\n\n::Über uns::E?{=a ~b}"
    assert import_gift(text).question_ids == ["q-1", "q-1-2", "q-3", "q-4", "uber-uns"]


def test_windows_line_endings_bom_and_tabs_read_like_plain_lines():
    text = "// comment\n::Q::Who?{\n\t=Listen#Yes\n\t~Judge # No\n####Why\n}\n\n::R::True?{T}\n"
    plain = import_gift(text)
    text_crlf, problem = decode_gift(("\ufeff" + text.replace("\n", "\r\n").replace("\t", "\t\t")).encode())
    assert problem is None
    assert import_gift(text_crlf).quiz_md == plain.quiz_md
    questions, _ = parse(plain.quiz_md)
    assert options(questions["q"]) == [("Listen", True, "<p>Yes</p>\n"), ("Judge", False, "<p>No</p>\n")]
    assert questions["q"].explanation_html == "<p>Why</p>\n"


def test_choice_questions_that_do_not_fit_are_reported_and_skipped():
    text = "::Two right::A?{=a =b ~c}\n\n::No weight::B?{~a ~b}\n\n::One::C?{=a}\n\n::Boxes::D?{~%100%a ~%-100%b}"
    result = import_gift(text)
    assert messages(result) == [
        'x.gift:1: warning: question "Two right" skipped: 2 answers are fully right, '
        "and a single-choice question has exactly one",
        'x.gift:3: warning: question "No weight" skipped: no answer has a positive weight',
        'x.gift:5: warning: short-answer question "One" skipped: this platform has no short-answer (typed answer) '
        "questions",
    ]
    # Checkboxes with one right answer keep their checkboxes.
    assert "## D? {#boxes type=multiple}" in result.quiz_md


def test_a_category_line_and_a_markdown_answer_that_looks_like_a_list():
    result = import_gift("$CATEGORY: $course$/Quiz\n::Lost::Q?{=a ~b}\n\n::Kept::[markdown]Q?{=- a list? ~> a quote?}")
    assert messages(result) == [
        'x.gift:1: note: category "$course$/Quiz" ignored: a course has one quiz',
        "x.gift:2: warning: text after a $CATEGORY line is ignored, as in Moodle: put a blank line between them",
    ]
    questions, diagnostics = parse(result.quiz_md)
    assert diagnostics == [] and list(questions) == ["kept"]
    assert [o.text_html for o in questions["kept"].options] == ["- a list?", "&gt; a quote?"]


# --- bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", None, "this is a binary file, not a GIFT text file"),
        (b"A?{=a ~b}\n\nB?{=caf\xe9 ~b}\n", 3, "this file is not UTF-8 text: save it as UTF-8 and import it again"),
        ("A?{=a ~b}".encode("utf-16"), None, "this file is UTF-16 text: save it as UTF-8 and import it again"),
    ],
)
def test_files_that_are_not_utf8_text_are_refused_with_the_line(data, line, message):
    text, problem = decode_gift(data)
    assert text is None and (problem.line, problem.severity, problem.text) == (line, "error", message)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "x.gift: error: this file contains no GIFT questions"),
        ("// only a comment\n\n", "x.gift: error: this file contains no GIFT questions"),
        (
            "A?{=a ~b}\n\n::B::\nB?{=a\n~b\n",
            'x.gift:4: error: this "{" is never closed by "}" (write \\{ for a brace in text)',
        ),
        ("A?} {=a ~b}", 'x.gift:1: error: this "}" has no "{" before it (write \\} for a brace in text)'),
        (
            "A?{=a ~b}\nB?{=a ~b}",
            "x.gift:2: error: a second {...} in the same question: separate questions with a blank line",
        ),
        ("Essay?{}", "x.gift: error: none of the 1 question(s) could be imported"),
    ],
)
def test_bad_gift_is_an_error_with_its_line(text, expected):
    result = import_gift(text)
    assert result.has_errors
    assert expected in messages(result)
