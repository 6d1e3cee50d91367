"""The final assessment of a course: intro, attempts one question per page, review, statistics.

One question per page: each "Save and next" is its own small transaction, so a closed
browser or a dropped phone connection loses at most the question on screen, and coming
back resumes the same attempt with every saved answer. Attempts are their owner's only:
anyone else (admins included) gets a 404, which does not reveal that the attempt exists.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.auth.access import login_required, may_open, roles_required
from app.auth.models import Role
from app.extensions import db
from app.i18n import current_language
from app.quiz import queries, services
from app.quiz.forms import (
    END,
    AnswerForm,
    AnswerProblem,
    StartForm,
    StatisticsFilterForm,
    SubmitForm,
    Tampered,
    answer_fields,
    check_fields,
    read_destination,
    read_response,
    submitted_positions,
)
from app.quiz.presenting import blocker_text, quiz_page_context, register_presenting, statistics_table, take_context

bp = Blueprint("quiz", __name__, url_prefix="/courses/<course_id>/quiz")
register_presenting(bp)


@bp.get("")
@login_required
def intro(course_id: str):
    course, content = _served_quiz(course_id)
    attempts = queries.attempts_of(current_user.id, course_id)
    lessons_done, lessons_required = queries.lessons_done(current_user.id, course)
    blocker = queries.start_blocker(current_user.id, course, content, current_language())
    return render_template(
        "quiz/intro.html",
        **quiz_page_context(content, course_id),
        blocker=blocker_text(blocker),
        attempts=attempts,
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
        attempts_left=services.attempts_left(content, max((a.number for a in attempts), default=0)),
        enrolment=queries.enrolment(current_user.id, course_id),
        lessons_done=lessons_done,
        lessons_required=lessons_required,
        show_statistics=may_open("quiz.statistics"),
        form=StartForm(),
    )


@bp.post("/attempts")
@login_required
def start(course_id: str):
    course, content = _served_quiz(course_id)
    try:
        check_fields(request.form, {"csrf_token"})
    except Tampered as tampered:
        return _refuse(course_id, tampered.message)
    if blocker := queries.start_blocker(current_user.id, course, content, current_language()):
        flash(blocker_text(blocker), "info")
        if blocker == queries.RETIRED:
            return redirect(url_for("quiz.intro", course_id=course_id))
        return redirect(url_for("courses.course", course_id=course_id))
    try:
        attempt = services.start_attempt(current_user, course.id, course.content_hash, content)
    except services.QuizRefused as refused:
        return _refuse(course_id, refused.message)
    db.session.commit()
    return redirect(url_for("quiz.take", course_id=course_id, attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@login_required
def take(course_id: str, attempt_id: int):
    attempt, content = _own_attempt(course_id, attempt_id)
    if attempt.submitted_at is not None:  # the back button after submitting
        return redirect(url_for("quiz.review", course_id=course_id, attempt_id=attempt.id))
    answers = queries.answers_by_question(attempt.id)
    step = request.args.get("q")
    if step is None:  # resuming: the first question not yet answered
        unanswered = [i for i, qid in enumerate(attempt.question_ids, 1) if qid not in answers]
        step = unanswered[0] if unanswered else END
    else:
        try:
            step = read_destination(step, len(attempt.question_ids))
        except Tampered:
            return _refuse(course_id, _l("This attempt has no such question."), attempt=attempt)
    context = take_context(content, attempt, answers, step)
    template = "quiz/check.html" if step == END else "quiz/take.html"
    return render_template(template, **context, form=AnswerForm(), submit_form=SubmitForm())


@bp.post("/attempts/<int:attempt_id>/answers")
@login_required
def save(course_id: str, attempt_id: int):
    attempt, content = _own_attempt(course_id, attempt_id)
    if attempt.submitted_at is not None:
        return _refuse(
            course_id, _l("This attempt has been submitted, so its answers can no longer change."), attempt=attempt
        )
    question_id = request.form.get("question", "")
    if question_id not in attempt.question_ids:
        return _refuse(
            course_id, _l("That question is not part of this attempt, so nothing was saved."), attempt=attempt
        )
    question = content.question(question_id)
    try:
        check_fields(request.form, answer_fields(question))
        destination = read_destination(request.form.get("go"), len(attempt.question_ids))
        response = read_response(question, request.form)
    except Tampered as tampered:
        return _refuse(course_id, tampered.message, attempt=attempt)
    except AnswerProblem as problem:
        step = attempt.question_ids.index(question_id) + 1
        context = take_context(content, attempt, queries.answers_by_question(attempt.id), step)
        context.update(answer_error=problem.message, positions=submitted_positions(question, request.form))
        return render_template("quiz/take.html", **context, form=AnswerForm(), submit_form=SubmitForm()), 400
    if not services.save_answer(attempt, question_id, response):  # submitted in another tab meanwhile
        return _refuse(
            course_id, _l("This attempt has been submitted, so its answers can no longer change."), attempt=attempt
        )
    db.session.commit()
    if response:
        number = attempt.question_ids.index(question_id) + 1
        flash(_("Your answer to question %(number)d has been saved.", number=number), "success")
    return redirect(url_for("quiz.take", course_id=course_id, attempt_id=attempt.id, q=destination))


@bp.post("/attempts/<int:attempt_id>/submit")
@login_required
def submit(course_id: str, attempt_id: int):
    attempt, content = _own_attempt(course_id, attempt_id)
    confirm = request.form.get("confirm")
    try:
        check_fields(request.form, {"csrf_token", "confirm"})
        if confirm not in (None, "yes"):
            raise Tampered(_l("This form contained information the page does not send, so nothing was saved."))
    except Tampered as tampered:
        return _refuse(course_id, tampered.message, attempt=attempt)
    if attempt.submitted_at is None:
        answers = queries.answers_by_question(attempt.id)
        unanswered = [qid for qid in attempt.question_ids if qid not in answers]
        if unanswered and confirm != "yes":
            context = take_context(content, attempt, answers, END)
            return render_template("quiz/confirm.html", **context, submit_form=SubmitForm())
        # False when another tab or a second click got there first: the result is the same.
        services.submit_attempt(attempt, queries.version(course_id, attempt.version_hash), content)
        db.session.commit()
    return redirect(url_for("quiz.review", course_id=course_id, attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/review")
@login_required
def review(course_id: str, attempt_id: int):
    attempt, content = _own_attempt(course_id, attempt_id)
    if attempt.submitted_at is None:
        flash(_("You will see the answers and feedback once you have submitted this attempt."), "info")
        return redirect(url_for("quiz.take", course_id=course_id, attempt_id=attempt.id))
    context = take_context(content, attempt, queries.answers_by_question(attempt.id), None)
    return render_template(
        "quiz/review.html",
        **context,
        enrolment=queries.enrolment(current_user.id, course_id),
        attempts_left=services.attempts_left(content, len(queries.attempts_of(current_user.id, course_id))),
    )


@bp.get("/statistics")
@roles_required(Role.TRAINER)
def statistics(course_id: str):
    course, content = _served_quiz(course_id)
    form = StatisticsFilterForm(formdata=request.args)
    valid = form.validate()
    table = None
    if valid:
        records, hashes = queries.statistics_records(course_id, *_utc_range(form.start.data, form.end.data))
        older = queries.older_quiz_contents(course_id, hashes - {course.content_hash})
        table = statistics_table(content, older, records)
    page = render_template("quiz/statistics.html", **quiz_page_context(content, course_id), form=form, table=table)
    return page, 200 if valid else 400


# --- helpers ---------------------------------------------------------------------------------


def _served_quiz(course_id: str):
    served = queries.served_quiz(course_id)
    if served is None:
        abort(404)
    return served


def _own_attempt(course_id: str, attempt_id: int):
    attempt = queries.own_attempt(current_user.id, course_id, attempt_id)
    # The version the attempt was made on decides its questions, even after republishing.
    content = queries.quiz_content_by_hash(course_id, attempt.version_hash) if attempt else None
    if content is None:
        abort(404)
    return attempt, content


def _refuse(course_id: str, message, attempt=None):
    """A 400 page that says what went wrong and where to go next; nothing is recorded."""
    db.session.rollback()
    return render_template("quiz/refused.html", message=message, course_id=course_id, attempt=attempt), 400


def _utc_range(start, end):
    """The statistics' dates are days in the site's time zone; the end day is included."""
    zone = ZoneInfo(str(get_timezone()))
    first = datetime.combine(start, time.min, zone) if start else None
    after = datetime.combine(end + timedelta(days=1), time.min, zone) if end else None
    return first, after
