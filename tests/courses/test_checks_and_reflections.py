"""Knowledge checks answered in place, and private reflections: with and without htmx, and
tampered or mistaken answers refused without changing anything."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.courses.course_folders import check_answers, lesson_url, reflections, text, token
from tests.helpers import db_snapshot, signed_in_client

SINGLE, MULTIPLE, ORDER = "l1-who-decides", "l1-interpreters", "l1-lives-order"
REFLECTION = "lesson-1-reflection-1"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def course(make_course):
    return make_course("alpha", note=None)


def answer(client, check_id: str, data: dict, **kwargs):
    # The token from a page that changes nothing, so that "nothing changed" can be checked.
    return client.post(
        lesson_url("alpha", "lesson-1", "checks", check_id), data={"csrf_token": token(client), **data}, **kwargs
    )


def reflect(client, text_: str, **kwargs):
    return client.post(
        lesson_url("alpha", "lesson-1", "reflections", REFLECTION),
        data={"csrf_token": token(client), "text": text_},
        **kwargs,
    )


def shown_order(client) -> list[str]:
    """The ordering items' ids as the page shows them."""
    page = text(client.get(lesson_url("alpha", "lesson-1")))
    return re.findall(r'name="position-(\w+)"', page.split(f'id="check-{ORDER}"')[1].split("</section>")[0])


def test_the_check_forms_sit_where_the_trainer_wrote_them(course, learner_client):
    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    body = page.split('<div class="lesson-body content">')[1]
    positions = [
        body.index(marker)
        for marker in (
            "Text of lesson 1.",
            f'id="check-{SINGLE}"',
            f'id="check-{MULTIPLE}"',
            f'id="check-{ORDER}"',
            f'id="reflection-{REFLECTION}"',
        )
    ]
    assert positions == sorted(positions)
    assert "data-check-id" not in page and "data-reflect-id" not in page
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<select" in page
    assert "<legend" in page and 'for="check-l1-who-decides-b"' in page


def test_a_plain_form_answer_is_stored_and_shown_with_feedback(course, learner, learner_client):
    response = answer(learner_client, SINGLE, {"answer": "b"})

    assert response.status_code == 303
    assert response.headers["Location"] == lesson_url("alpha", "lesson-1") + f"#check-{SINGLE}"
    assert "HX-Request" in response.headers["Vary"]
    stored = check_answers(learner.id)[SINGLE]
    assert stored.response == ["b"] and stored.correct is True and stored.lesson_id == "lesson-1"
    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    check = page.split(f'id="check-{SINGLE}"')[1].split("</section>")[0]
    assert "that is the answer this course suggests" in check
    assert "Yes: she decides, with the information she needs." in check
    assert "Adults decide whether to report" in check
    assert 'value="b" checked' in check


def test_a_wrong_answer_gets_its_own_feedback_and_may_be_changed(course, learner, learner_client):
    answer(learner_client, SINGLE, {"answer": "a"})
    assert check_answers(learner.id)[SINGLE].correct is False
    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    assert "Not quite." in page and "Reporting is her decision, not yours." in page

    answer(learner_client, SINGLE, {"answer": "b"})
    assert check_answers(learner.id)[SINGLE].response == ["b"] and check_answers(learner.id)[SINGLE].correct


def test_with_htmx_only_the_check_comes_back(course, learner, learner_client):
    response = answer(learner_client, MULTIPLE, {"answer": ["a", "c"]}, headers=HTMX)

    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    fragment = text(response)
    assert fragment.lstrip().startswith(f'<section class="knowledge-check" id="check-{MULTIPLE}"')
    assert "<html" not in fragment and "<main" not in fragment
    assert "Not quite." in fragment and "The partner may be the person she fears." in fragment
    assert re.search(r'id="check-l1-interpreters-feedback" tabindex="-1" autofocus', fragment)
    assert check_answers(learner.id)[MULTIPLE].response == ["a", "c"]


def test_multiple_response_needs_exactly_the_right_options(course, learner, learner_client):
    answer(learner_client, MULTIPLE, {"answer": ["a", "b"]})
    assert check_answers(learner.id)[MULTIPLE].correct is True
    answer(learner_client, MULTIPLE, {"answer": ["a"]})
    assert check_answers(learner.id)[MULTIPLE].correct is False


def test_ordering_is_shown_shuffled_and_answered_with_positions(course, learner, learner_client):
    shown = shown_order(learner_client)
    assert sorted(shown) == ["a", "b", "c", "d", "e"] and shown != ["a", "b", "c", "d", "e"]
    assert shown_order(learner_client) == shown  # the same order every time

    right = {f"position-{option}": str(place) for place, option in enumerate("abcde", start=1)}
    answer(learner_client, ORDER, right)
    assert check_answers(learner.id)[ORDER].response == ["a", "b", "c", "d", "e"]
    assert check_answers(learner.id)[ORDER].correct is True

    swapped = {**right, "position-a": "2", "position-b": "1"}
    response = answer(learner_client, ORDER, swapped, headers=HTMX)
    assert check_answers(learner.id)[ORDER].correct is False
    assert "The order this course suggests:" in text(response)
    # The selects show the learner's own order back.
    assert re.search(r'name="position-b">\s*<option value="1" selected>', text(response))


@pytest.mark.parametrize(
    ("check_id", "data", "message"),
    [
        (SINGLE, {}, "Choose an answer."),
        (MULTIPLE, {}, "Choose at least one answer."),
        (ORDER, {f"position-{o}": "1" for o in "abcde"}, "Give each item a different position"),
    ],
)
def test_a_mistake_is_explained_in_the_check_and_nothing_is_stored(course, learner_client, check_id, data, message):
    before = db_snapshot()
    plain = answer(learner_client, check_id, data)
    assert plain.status_code == 200 and message in text(plain) and "<main" in text(plain)
    htmx = answer(learner_client, check_id, data, headers=HTMX)
    assert htmx.status_code == 200 and message in text(htmx) and "<main" not in text(htmx)
    assert re.search(rf'id="check-{check_id}-error" tabindex="-1" autofocus', text(htmx))
    assert re.search(rf'aria-describedby="check-{check_id}-hint check-{check_id}-error"', text(htmx))
    assert db_snapshot() == before


@pytest.mark.parametrize(
    ("check_id", "data"),
    [
        (SINGLE, {"answer": "z"}),
        (SINGLE, {"answer": ["a", "b"]}),
        (SINGLE, {"answer": "x" * 10_000}),
        (MULTIPLE, {"answer": ["a", "a"]}),
        (MULTIPLE, {"answer": ["a", "<script>"]}),
        (ORDER, {"position-a": "1"}),
        (ORDER, {f"position-{o}": v for o, v in zip("abcde", ["1", "2", "3", "4", "9"], strict=True)}),
        (ORDER, {f"position-{o}": v for o, v in zip("abcde", ["1", "2", "3", "4", "-5"], strict=True)}),
        (ORDER, {f"position-{o}": v for o, v in zip("abcde", ["1", "2", "3", "4", "٥"], strict=True)}),
    ],
)
def test_a_tampered_answer_is_refused_with_a_message_and_nothing_changes(course, learner_client, check_id, data):
    before = db_snapshot()
    response = answer(learner_client, check_id, data)
    assert response.status_code == 400
    assert "That answer does not match the options of this question" in text(response)
    assert db_snapshot() == before


def test_an_unknown_check_is_refused_with_a_message(course, learner_client):
    before = db_snapshot()
    response = answer(learner_client, "no-such-check", {"answer": "a"})
    assert response.status_code == 400 and "not part of this lesson" in text(response)
    response = learner_client.post(
        lesson_url("alpha", "lesson-2", "checks", SINGLE), data={"csrf_token": token(learner_client), "answer": "b"}
    )
    assert response.status_code == 400
    assert db_snapshot() == before


def test_a_reflection_is_saved_privately_and_shown_back(app, course, learner, learner_client):
    response = reflect(learner_client, "I would listen first.\r\nThen ask what she needs.")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#reflection-{REFLECTION}")
    assert reflections(learner.id)[REFLECTION].text == "I would listen first.\nThen ask what she needs."

    page = text(learner_client.get(lesson_url("alpha", "lesson-1")))
    assert "I would listen first.\nThen ask what she needs.</textarea>" in page
    assert "Last saved" in page

    factories.user(email="other@example.org")
    other_page = text(signed_in_client(app, "other@example.org").get(lesson_url("alpha", "lesson-1")))
    assert "I would listen first." not in other_page


def test_a_reflection_with_htmx_comes_back_saved(course, learner, learner_client):
    response = reflect(learner_client, "<b>not markup</b>", headers=HTMX)
    fragment = text(response)
    assert fragment.lstrip().startswith(f'<section class="reflection" id="reflection-{REFLECTION}"')
    assert "&lt;b&gt;not markup&lt;/b&gt;</textarea>" in fragment
    assert "Saved. Only you can see it." in fragment
    assert "HX-Request" in response.headers["Vary"]
    assert reflections(learner.id)[REFLECTION].text == "<b>not markup</b>"


def test_a_reflection_too_long_is_refused_and_the_text_kept(course, learner_client):
    before = db_snapshot()
    long_text = "word " * 2001
    response = reflect(learner_client, long_text)
    assert response.status_code == 200
    page = text(response)
    assert "A reflection can have at most 10,000 characters; this one has 10,005." in page
    assert long_text.rstrip() in page
    assert 'aria-invalid="true"' in page
    assert db_snapshot() == before


def test_a_reflection_exactly_at_the_limit_is_saved(course, learner, learner_client):
    reflect(learner_client, "x" * 10_000)
    assert len(reflections(learner.id)[REFLECTION].text) == 10_000


def test_saving_a_reflection_empty_deletes_it(course, learner, learner_client):
    reflect(learner_client, "Something")
    reflect(learner_client, "   ")
    assert REFLECTION not in reflections(learner.id)


def test_an_unknown_reflection_is_refused(course, learner_client):
    before = db_snapshot()
    response = learner_client.post(
        lesson_url("alpha", "lesson-1", "reflections", "nope"), data={"csrf_token": token(learner_client), "text": "x"}
    )
    assert response.status_code == 400 and "not part of this lesson" in text(response)
    assert db_snapshot() == before


def test_a_null_character_cannot_break_saving(course, learner, learner_client):
    reflect(learner_client, "before\x00after")
    assert reflections(learner.id)[REFLECTION].text == "beforeafter"


def test_checks_and_reflections_wait_for_the_content_note(make_course, learner_client):
    make_course("alpha")
    before = db_snapshot()
    response = answer(learner_client, SINGLE, {"answer": "b"})
    assert response.status_code == 302 and response.headers["Location"] == "/courses/alpha"
    response = reflect(learner_client, "text")
    assert response.status_code == 302
    assert db_snapshot() == before


def test_a_translated_check_is_judged_on_the_source_and_answered_in_my_language(app, make_course):
    make_course("alpha", note=None, translations={"fr": "Cours alpha"})
    person = factories.user(email="fr@example.org", locale="fr")
    client = signed_in_client(app, "fr@example.org")
    response = answer(client, SINGLE, {"answer": "b"}, headers=HTMX)
    assert "Qui décide (fr)" in text(response)
    assert check_answers(person.id)[SINGLE].correct is True


def test_a_corrected_order_keeps_what_the_learner_chose(course, learner_client):
    sent = {"position-a": "2", "position-b": "2", "position-c": "5", "position-d": "4", "position-e": "1"}
    response = answer(learner_client, ORDER, sent, headers=HTMX)
    assert "Give each item a different position" in text(response)
    for option, place in sent.items():
        assert re.search(rf'name="{option}">(?:(?!</select>).)*<option value="{place}" selected>', text(response), re.S)
