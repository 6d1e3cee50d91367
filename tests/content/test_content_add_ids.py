"""add-ids and translated_from: only the intended bytes change."""

from __future__ import annotations

from app.content.add_ids import add_missing_ids, fill_translated_from, lines_up, question_ids
from app.content.hashing import source_hash

QUIZ = (
    "---\r\npass_mark: 80\r\n---\r\n\r\n"
    "## What should you do first?\r\n\r\n- [x] Listen\r\n- [ ] Judge\r\n\r\n"
    "## Already has one {#kept}\r\n\r\n- [x] a\r\n- [ ] b\r\n\r\n"
    "## What should you do first?   \r\n\r\n- [x] a\r\n- [ ] b\r\n\r\n"
    "## Checkboxes {type=multiple} ##\r\n\r\n- [x] a\r\n- [ ] b\r\n\r\n"
    "Setext question\r\n---\r\n\r\n1. a\r\n2. b\r\n"
)


def test_adds_slug_ids_and_keeps_every_other_byte():
    new, added = add_missing_ids(QUIZ)
    assert added == ["what-should-you-do-first", "what-should-you-do-first-2", "checkboxes", "setext-question"]
    expected = (
        QUIZ.replace("## What should you do first?\r\n", "## What should you do first? {#what-should-you-do-first}\r\n")
        .replace(
            "## What should you do first?   \r\n", "## What should you do first? {#what-should-you-do-first-2}   \r\n"
        )
        .replace("## Checkboxes {type=multiple} ##", "## Checkboxes {#checkboxes type=multiple} ##")
        .replace("Setext question\r\n", "Setext question {#setext-question}\r\n")
    )
    assert new == expected
    assert new.encode().count(b"\r\n") == QUIZ.encode().count(b"\r\n")


def test_running_twice_changes_nothing():
    once, _ = add_missing_ids(QUIZ)
    twice, added = add_missing_ids(once)
    assert twice == once and added == []


def test_non_latin_headings_get_a_generic_id():
    new, added = add_missing_ids("## ما هي الخطوة الأولى؟\n\n- [x] أ\n- [ ] ب\n")
    assert added == ["question"] and new.startswith("## ما هي الخطوة الأولى؟ {#question}\n")


def test_translation_takes_the_source_ids_by_position():
    source = "## First? {#first}\n\n- [x] a\n- [ ] b\n\n## Second? {#second}\n\n- [x] a\n- [ ] b\n"
    translation = "## Erste?\n\n- [x] a\n- [ ] b\n\n## Zweite?\n\n- [x] a\n- [ ] b\n"
    new, added = add_missing_ids(translation, question_ids(source))
    assert added == ["first", "second"] and question_ids(new) == ["first", "second"]


def test_a_translation_that_does_not_line_up_stays_as_it_is():
    source_ids = ["first", "second"]
    one_question = "## Erste?\n\n- [x] a\n- [ ] b\n"
    other_id_in_place = "## Erste? {#second}\n\n- [x] a\n- [ ] b\n\n## Zweite?\n\n- [x] a\n- [ ] b\n"
    for translation in (one_question, other_id_in_place):
        assert add_missing_ids(translation, source_ids) == (translation, [])
    assert add_missing_ids(one_question, [None]) == (one_question, [])  # the source lacks the id itself


def test_lines_up_needs_as_many_questions_and_the_source_ids_in_place():
    assert lines_up([None, "second"], ["first", "second"])
    assert not lines_up([None], ["first", "second"])
    assert not lines_up(["second", None], ["first", "second"])
    assert not lines_up([None, None], ["first", None])


def test_ids_taken_elsewhere_are_not_reused_and_the_new_ones_are_recorded():
    lesson = "::: check\n## Ready?\n\n- [x] yes\n- [ ] no\n:::\n"
    taken = {"ready"}
    new, added = add_missing_ids(lesson, quiz=False, taken=taken)
    assert added == ["ready-2"] and "## Ready? {#ready-2}\n" in new
    assert taken == {"ready", "ready-2"}


def test_lesson_mode_only_touches_knowledge_checks():
    lesson = "## Section\n\n::: check\n## Ready?\n\n- [x] yes\n- [ ] no\n:::\n"
    new, added = add_missing_ids(lesson, quiz=False)
    assert added == ["ready"] and new == lesson.replace("## Ready?", "## Ready? {#ready}")


def test_fill_translated_from_replaces_inserts_or_creates_front_matter():
    source = b"---\ntitle: Intro\n---\n\nText.\n"
    digest = source_hash(source)
    assert fill_translated_from("---\r\ntitle: X\r\ntranslated_from: 000\r\n---\r\nBody\r\n", source) == (
        f"---\r\ntitle: X\r\ntranslated_from: {digest}\r\n---\r\nBody\r\n"
    )
    assert fill_translated_from("\ufeff---\ntitle: X\n---\nBody\n", source) == (
        f"\ufeff---\ntitle: X\ntranslated_from: {digest}\n---\nBody\n"
    )
    assert fill_translated_from("Body only\n", source) == f"---\ntranslated_from: {digest}\n---\nBody only\n"


def test_a_file_over_a_size_limit_is_left_as_it_is():
    """Its text is not parsed (validation reports the limit), so its headings cannot be read:
    writing `{#question}` ids into it would be wrong."""
    text = "## What should you do first?\n\n" + "word " * 5_000 + "\n\n- [x] Listen\n- [ ] Judge\n"
    assert add_missing_ids(text) == (text, [])
    assert add_missing_ids(text.replace("word " * 5_000, "word"))[1] == ["what-should-you-do-first"]
