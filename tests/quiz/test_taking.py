"""Taking the final assessment: the intro, the draw, one question per page, answers that are never lost."""

from __future__ import annotations

import re
from collections import Counter

from app.auth.models import Role
from tests import factories
from tests.helpers import db_snapshot, parse_page, signed_in_client
from tests.quiz.helpers import (
    acknowledge_content_note,
    answers,
    attempt,
    enrolment,
    main_text,
    quiz_url,
    right,
    save,
    source_questions,
    start,
    submit,
    token,
)


def test_the_intro_page_states_the_rules_before_anything_is_recorded(learner_client, course):
    before = db_snapshot()
    page = learner_client.get(quiz_url(course.course_id))
    assert page.status_code == 200
    text = main_text(page)
    assert "Test assessment" in text and "The introduction." in text
    assert "Pass mark" in text and "75%" in text
    assert "As many as you need" in text
    assert "Start the assessment" in text
    assert db_snapshot() == before  # looking is not starting


def test_starting_records_the_draw_the_option_orders_and_the_version(learner_client, learner, make_course):
    version = make_course(draw=3)
    attempt_id = start(learner_client, version.course_id)
    started = attempt(attempt_id)
    assert started.user_id == learner.id and started.number == 1
    assert started.version_hash == version.content_hash
    assert len(started.question_ids) == 3 and len(set(started.question_ids)) == 3
    assert set(started.question_ids) <= {"first", "interpret", "order", "consent"}
    questions = source_questions(version.course_id, version.content_hash)
    assert set(started.option_orders) == set(started.question_ids)
    for qid in started.question_ids:
        assert sorted(started.option_orders[qid]) == sorted(questions[qid].option_ids)
    if "order" in started.question_ids:  # ordering is never shown in the correct order
        assert started.option_orders["order"] != questions["order"].option_ids
    # Taking the quiz is a way into the course: the learner is enrolled.
    assert enrolment(learner.id, version.course_id) is not None


def test_each_attempt_draws_anew_from_the_pool(app, make_course):
    version = make_course(draw=2)
    seen = Counter()
    for n in range(12):
        person = factories.user(email=f"drawn{n}@example.org")
        client = signed_in_client(app, person.email)
        seen.update(attempt(start(client, version.course_id)).question_ids)
    assert sum(seen.values()) == 24
    assert len(seen) >= 3  # 12 draws of 2 from 4 all hitting the same 2 questions: about 1 in 10^8


def test_without_shuffling_the_written_order_is_kept_except_for_ordering(learner_client, course):
    started = attempt(start(learner_client, course.course_id))
    assert started.question_ids == ["first", "interpret", "order", "consent"]
    assert started.option_orders["first"] == ["a", "b", "c"]
    assert started.option_orders["order"] != ["a", "b", "c", "d"]


def test_one_question_per_page_with_an_accessible_form(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    page = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<fieldset" in html and "<legend><h1" in html
    assert "Which response comes first?" in html and "Who may interpret?" not in html
    parsed = parse_page(page)
    for option in ("a", "b", "c"):
        assert parsed.attrs[f"option-{option}"]["type"] == "radio"
    assert "Question 1 of 4" in main_text(page)
    second = parse_page(learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=2"))
    assert {second.attrs[f"option-{o}"]["type"] for o in "abcd"} == {"checkbox"}


def test_ordering_is_a_select_of_positions_per_item(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    page = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=3")
    parsed = parse_page(page)
    for item in "abcd":
        assert parsed.attrs[f"position-{item}"]["tag"] == "select"
    html = page.get_data(as_text=True)
    assert html.count('<option value="4"') == 4


def test_an_answer_is_saved_at_once_and_a_new_browser_resumes_the_same_attempt(app, learner, learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    response = save(learner_client, course.course_id, attempt_id, "first", {"answer": "c"}, go="2")
    assert response.status_code == 302 and response.headers["Location"].endswith("?q=2")
    assert answers(attempt_id) == {"first": ["c"]}

    # The browser is closed; later the learner signs in somewhere else.
    elsewhere = signed_in_client(app, learner.email)
    intro = elsewhere.get(quiz_url(course.course_id))
    assert "Continue attempt 1" in main_text(intro)
    assert start(elsewhere, course.course_id) == attempt_id  # Start resumes, never a second attempt
    resumed = elsewhere.get(quiz_url(course.course_id, "attempts", attempt_id))
    assert "Who may interpret?" in main_text(resumed)  # the first question not yet answered
    first = elsewhere.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=1")
    assert "checked" in parse_page(first).attrs["option-c"]


def test_changing_an_answer_replaces_it_and_unticking_everything_removes_it(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    save(learner_client, course.course_id, attempt_id, "interpret", {"answer": ["a", "c"]})
    save(learner_client, course.course_id, attempt_id, "interpret", {"answer": ["b", "a"]})
    assert answers(attempt_id) == {"interpret": ["a", "b"]}
    save(learner_client, course.course_id, attempt_id, "interpret", {})
    assert answers(attempt_id) == {}


def test_moving_on_without_answering_saves_nothing(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    response = save(learner_client, course.course_id, attempt_id, "first", {}, go="2")
    assert response.status_code == 302
    assert answers(attempt_id) == {}


def test_ordering_positions_must_use_each_position_once(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    before = db_snapshot()
    positions = {"position-a": "1", "position-b": "1", "position-c": "3", "position-d": ""}
    response = save(learner_client, course.course_id, attempt_id, "order", positions, go="4")
    assert response.status_code == 400
    text = main_text(response)
    assert "Give each item a different position from 1 to 4" in text
    parsed = parse_page(response)
    assert parsed.attrs["position-a"].get("aria-invalid") == "true"
    assert "answer-error" in parsed.attrs["position-a"]["aria-describedby"]
    # What the learner chose is shown again, to correct rather than redo.
    assert '<option value="3" selected>' in response.get_data(as_text=True)
    assert db_snapshot() == before

    good = {"position-a": "2", "position-b": "1", "position-c": "4", "position-d": "3"}
    assert save(learner_client, course.course_id, attempt_id, "order", good).status_code == 302
    assert answers(attempt_id) == {"order": ["b", "a", "d", "c"]}


def test_the_navigation_buttons_save_and_go_where_they_say(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    base = quiz_url(course.course_id, "attempts", attempt_id)
    back = save(learner_client, course.course_id, attempt_id, "interpret", {"answer": ["a"]}, go="1")
    assert back.headers["Location"].endswith(base + "?q=1")
    to_end = save(learner_client, course.course_id, attempt_id, "consent", {"answer": "a"}, go="end")
    assert to_end.headers["Location"].endswith(base + "?q=end")
    assert answers(attempt_id) == {"interpret": ["a"], "consent": ["a"]}


def test_the_check_page_lists_unanswered_questions_and_submitting_asks_first(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    save(learner_client, course.course_id, attempt_id, "first", {"answer": "b"})
    check = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=end")
    assert check.status_code == 200
    assert "You have answered 1 of 4 questions." in main_text(check)

    before = db_snapshot()
    confirm = submit(learner_client, course.course_id, attempt_id, confirm=False)
    assert confirm.status_code == 200
    text = main_text(confirm)
    assert "3 questions have no answer" in text and "Submit anyway" in text
    assert db_snapshot() == before  # asking is not submitting

    assert submit(learner_client, course.course_id, attempt_id, confirm=True).status_code == 302
    assert attempt(attempt_id).submitted_at is not None


def test_the_question_list_links_say_which_question_after_the_word_they_show(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    save(learner_client, course.course_id, attempt_id, "first", {"answer": "b"})
    check = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + "?q=end")

    links = re.findall(r'<a aria-label="([^"]+)" href="[^"]+">([^<]+)</a>', check.get_data(as_text=True))

    # The spoken name starts with the visible word (WCAG 2.5.3), then names the question.
    assert sorted(visible for _, visible in links) == ["Answer", "Answer", "Answer", "Change"]
    assert all(name.startswith(visible) for name, visible in links)
    numbers = sorted(int(name.rsplit(" ", 1)[-1]) for name, _ in links)
    assert numbers == [1, 2, 3, 4]
    assert sum(name.startswith("Change the answer to question ") for name, _ in links) == 1
    assert sum(name.startswith("Answer question ") for name, _ in links) == 3


def test_all_answered_submits_without_a_confirmation_step(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    questions = source_questions(course.course_id, course.content_hash)
    for qid, question in questions.items():
        save(learner_client, course.course_id, attempt_id, qid, right(question))
    response = submit(learner_client, course.course_id, attempt_id, confirm=False)
    assert response.status_code == 302 and response.headers["Location"].endswith("/review")


def test_the_review_waits_for_submission(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    response = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id, "review"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(quiz_url(course.course_id, "attempts", attempt_id))


def test_an_unknown_question_number_is_explained(learner_client, course):
    attempt_id = start(learner_client, course.course_id)
    for bad in ("0", "5", "abc", "١", "9" * 50):
        response = learner_client.get(quiz_url(course.course_id, "attempts", attempt_id) + f"?q={bad}")
        assert response.status_code == 400
        assert "This attempt has no such question." in main_text(response)


def test_the_quiz_is_shown_in_the_learners_language_when_translated(app, make_course):
    french = (
        "---\ntitle: Évaluation\n---\n\nIntroduction.\n\n"
        "## Quelle réponse vient d'abord ? {#first}\n\n- [ ] Tout demander\n- [x] Écouter\n- [ ] Appeler la police\n\n"
        "## Qui peut interpréter ? {#interpret}\n\n- [x] Un interprète\n- [x] Un service téléphonique\n"
        "- [ ] Son partenaire\n- [ ] Son enfant\n\n"
        "## Mettez les étapes dans l'ordre. {#order}\n\n1. Écouter\n2. Demander\n3. Valider\n4. Sécurité\n\n"
        "## Le consentement est nécessaire. {#consent}\n\n- [x] Vrai\n- [ ] Faux\n"
    )
    version = make_course(translations={"fr": french}, shuffle_questions=False)
    french_learner = factories.user(email="fr@example.org", locale="fr")
    client = signed_in_client(app, french_learner.email)
    intro = client.get(quiz_url(version.course_id))
    assert "Évaluation" in main_text(intro)
    attempt_id = start(client, version.course_id)
    page = client.get(quiz_url(version.course_id, "attempts", attempt_id) + "?q=1")
    assert "Quelle réponse vient d'abord" in main_text(page) or "Quelle réponse vient d&#39;abord" in main_text(page)

    german_learner = factories.user(email="de@example.org", locale="de")
    client = signed_in_client(app, german_learner.email)
    page = client.get(quiz_url(version.course_id))
    assert "Test assessment" in main_text(page)  # the source, with a notice and its language marked
    assert 'class="quiz-notice"' in page.get_data(as_text=True)
    assert 'lang="en"' in page.get_data(as_text=True)


def test_a_course_with_a_content_note_asks_for_it_to_be_read_first(app, learner, learner_client):
    version = factories.published_course("example-course")
    intro = learner_client.get(quiz_url(version.course_id))
    assert "read the content note on the course page" in main_text(intro)
    assert "Start the assessment" not in main_text(intro)
    before = db_snapshot()
    refused = learner_client.post(
        quiz_url(version.course_id, "attempts"), data={"csrf_token": token(learner_client, version.course_id)}
    )
    assert refused.status_code == 302 and refused.headers["Location"].endswith(f"/courses/{version.course_id}")
    assert db_snapshot() == before

    acknowledge_content_note(learner_client, version.course_id)
    assert attempt(start(learner_client, version.course_id)).number == 1


def test_an_unknown_course_has_no_quiz(learner_client):
    assert learner_client.get(quiz_url("no-such-course")).status_code == 404


def test_trainers_take_quizzes_like_everyone(app, course):
    trainer = factories.user(email="trainer@example.org", role=Role.TRAINER)
    client = signed_in_client(app, trainer.email)
    assert attempt(start(client, course.course_id)).user_id == trainer.id
