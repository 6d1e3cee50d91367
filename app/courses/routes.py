"""The learner's side: catalogue, course page, lessons with checks and reflections, media, dashboard.

Decisions (see README "For learners"):
- Every page is for signed-in learners, media included (courses are not public).
- Prerequisites block starting a course (as Moodle does) while they can be taken and are not
  completed; someone who already started carries on if prerequisites are added later.
- A course with a content note shows it on the course page; the learner acknowledges it once
  (which enrols them) before any lesson opens. A lesson opened before that sends them back to
  the course page with a message.
- A retired course's page stays (progress and certificate are kept) and says it is retired;
  its lessons no longer open.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.utils import secure_filename

from app.auth.access import login_required, may_open
from app.auth.profile_choices import subsector_label
from app.content.media_types import IMAGE_TYPES, OCTET_STREAM, SERVED_TYPES
from app.core.errors import UserFacingBadRequest
from app.core.taxonomy import taxonomy
from app.courses import checks, completion, queries, services
from app.courses.display import register_display_helpers
from app.courses.forms import CHECK_MESSAGES, CatalogueFilterForm, ReflectionForm
from app.courses.lesson_page import LessonView, lesson_view, make_check_view
from app.courses.localised import course_metadata
from app.courses.models import CourseVersion, Enrolment
from app.courses.outline import continue_lesson, neighbours, remaining_required
from app.courses.published import (
    PublishedCourse,
    media_bytes,
    media_file,
    published_course,
    published_course_and_enrolment,
)
from app.extensions import db
from app.i18n import current_language

bp = Blueprint("courses", __name__)
register_display_helpers(bp)

VERSION_RE = re.compile(r"^[0-9a-f]{16}$")
# A version's files never change (the URL names the version); only the learner's own browser keeps them.
MEDIA_CACHE = "private, max-age=31536000, immutable"
MEDIA_POLICY = "sandbox; default-src 'none'"


# --- pages -----------------------------------------------------------------------------------


@bp.get("/courses/")
@login_required
def catalogue():
    form = CatalogueFilterForm(formdata=request.args)
    _fill_filter_choices(form)
    form.validate()
    profile = queries.Profile(current_user.sector, current_user.subsector, current_user.level)
    cards = queries.catalogue(
        current_user.id,
        profile,
        current_language(),
        taxonomy().parent_of,
        sector=None if form.sector.errors else form.sector.data or None,
        level=None if form.level.errors else form.level.data or None,
        query="" if form.q.errors else form.q.data or "",
    )
    return render_template(
        "courses/catalogue.html",
        form=form,
        cards=cards,
        profile=profile,
        filtered=any(request.args.get(name) for name in ("q", "sector", "level")),
    )


@bp.get("/courses/<course_id>")
@login_required
def course(course_id: str):
    page = queries.course_page(_course_or_404(course_id), current_user.id, current_language())
    show_statistics = page.has_quiz and may_open("quiz.statistics")
    return render_template("courses/course.html", page=page, show_statistics=show_statistics)


@bp.post("/courses/<course_id>/content-note")
@login_required
def acknowledge_note(course_id: str):
    course, enrolment = _course_and_enrolment_or_404(course_id)
    refusal = _refusal(course, enrolment, needs_note=False)
    if refusal:
        return refusal
    services.acknowledge_content_note(current_user.id, course.id)
    db.session.commit()
    record = queries.learner_record(current_user.id, course.id)
    target = continue_lesson(course.manifest, record.last_lesson_id, record.completed_lessons)
    if target is None:
        return redirect(url_for("courses.course", course_id=course.id))
    return redirect(url_for("courses.lesson", course_id=course.id, lesson_id=target))


@bp.get("/courses/<course_id>/lessons/<lesson_id>")
@login_required
def lesson(course_id: str, lesson_id: str):
    course, enrolment = _course_and_enrolment_or_404(course_id)
    view = _lesson_or_404(course, lesson_id)
    refusal = _refusal(course, enrolment)
    if refusal:
        return refusal
    recorded = services.open_lesson(
        current_user.id, course.id, lesson_id, course.content_hash, enrolment, view.opened_before
    )
    page = render_template("courses/lesson.html", view=view)
    if recorded:  # most openings are rereads that change nothing: no write, no commit
        db.session.commit()
    return page


@bp.post("/courses/<course_id>/lessons/<lesson_id>/complete")
@login_required
def complete_lesson(course_id: str, lesson_id: str):
    course, enrolment = _course_and_enrolment_or_404(course_id)
    if course.lesson(lesson_id) is None:
        abort(404)
    refusal = _refusal(course, enrolment)
    if refusal:
        return refusal
    version = db.session.get(CourseVersion, course.version_id)
    _enrolment, completed_now = services.complete_lesson(current_user.id, version, lesson_id)
    db.session.commit()
    course_page = url_for("courses.course", course_id=course.id)
    if completed_now:
        if completion.awards_certificate(course.manifest):
            flash(_("You have completed this course. Well done: your certificate is ready."), "success")
        else:
            flash(_("You have completed this course. Well done."), "success")
        return redirect(course_page)
    following = neighbours(course.manifest, lesson_id)[1]
    if following is not None:
        return redirect(url_for("courses.lesson", course_id=course.id, lesson_id=following["id"]))
    record = queries.learner_record(current_user.id, course.id)
    left = remaining_required(course.manifest, record.completed_lessons)
    if left:
        flash(
            ngettext(
                "You have reached the last lesson. %(num)d lesson is still to complete: it is marked on this page.",
                "You have reached the last lesson. %(num)d lessons are still to complete: they are marked on this page.",
                len(left),
            ),
            "info",
        )
    elif completion.has_quiz(course.manifest) and record.completed_at is None:
        flash(_("You have finished the lessons. The final assessment is next."), "success")
    return redirect(course_page)


@bp.post("/courses/<course_id>/lessons/<lesson_id>/checks/<check_id>")
@login_required
def answer_check(course_id: str, lesson_id: str, check_id: str):
    view, check = _answerable(course_id, lesson_id, CHECK, check_id)
    course = view.course
    try:
        response = checks.read_response(check.question, request.form.getlist)
    except checks.TamperedAnswer:
        raise UserFacingBadRequest(
            _("That answer does not match the options of this question. Reload the page and try again.")
        ) from None
    except checks.IncompleteAnswer as mistake:
        check.error = str(CHECK_MESSAGES[mistake.code])
        check.chosen, sent_positions = checks.as_sent(check.question, request.form.getlist)
        check.positions.update(sent_positions)  # the learner's own order stays on screen
        return _answer(view, "courses/_check.html", check=check, focus_id=check.id)
    correct = checks.is_correct(view.source_checks.get(check_id, check.question), response)
    services.save_check_answer(current_user.id, course.id, lesson_id, check_id, response, correct)
    db.session.commit()
    if not _is_htmx():
        return _back_to(view, f"check-{check_id}")
    answered = make_check_view(
        check.question, view.source_checks.get(check_id, check.question), current_user.id, course.id, response
    )
    return _answer(view, "courses/_check.html", check=answered, focus_id=check_id)


@bp.post("/courses/<course_id>/lessons/<lesson_id>/reflections/<reflection_id>")
@login_required
def save_reflection(course_id: str, lesson_id: str, reflection_id: str):
    view, reflection = _answerable(course_id, lesson_id, REFLECTION, reflection_id)
    course = view.course
    form = ReflectionForm()
    if not form.validate_on_submit():
        reflection.text = form.text.data or ""
        reflection.error = " ".join(str(error) for error in form.text.errors)
        return _answer(view, "courses/_reflection.html", reflection=reflection, focus_id=reflection_id)
    saved = services.save_reflection(current_user.id, course.id, lesson_id, reflection_id, form.text.data or "")
    db.session.commit()
    if not _is_htmx():
        flash(
            _("Your reflection is saved. Only you can see it.") if saved else _("Your reflection is cleared."),
            "success",
        )
        return _back_to(view, f"reflection-{reflection_id}")
    reflection.text = saved.text if saved else ""
    reflection.updated_at = saved.updated_at if saved else None
    reflection.just_saved = True
    return _answer(view, "courses/_reflection.html", reflection=reflection, focus_id=reflection_id)


@bp.get("/courses/<course_id>/v/<version>/<path:path>")
@login_required
def media(course_id: str, version: str, path: str):
    """A media file of a published version: only paths that version published, from the database."""
    found = media_file(course_id, version, path) if VERSION_RE.match(version) else None
    if found is None:
        abort(404)
    # Opened on its own, a file is a document of our origin: no scripts, no requests, no
    # same-origin powers. Only images show inline; a type stored before media types were
    # checked (text/html, JavaScript) is never sent as itself.
    content_type = found.content_type if _base_type(found.content_type) in SERVED_TYPES else OCTET_STREAM
    headers = {
        "ETag": f'"{found.sha256}"',
        "Cache-Control": MEDIA_CACHE,
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": MEDIA_POLICY,
    }
    if _base_type(content_type) not in IMAGE_TYPES:
        headers["Content-Disposition"] = _attachment(path)
    if request.if_none_match.contains(found.sha256):
        return Response(status=304, headers=headers)
    return Response(media_bytes(found.sha256), content_type=content_type, headers=headers)


def _base_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _attachment(path: str) -> str:
    """`attachment` with the file's name: an ASCII fallback and the exact UTF-8 name (RFC 6266)."""
    name = path.rsplit("/", 1)[-1]
    return f"attachment; filename=\"{secure_filename(name) or 'download'}\"; filename*=UTF-8''{quote(name, safe='')}"


@bp.get("/learning")
@login_required
def dashboard():
    entries = queries.dashboard(current_user.id, current_language())
    return render_template(
        "courses/dashboard.html",
        in_progress=[e for e in entries if not e.completed_at],
        completed=[e for e in entries if e.completed_at],
    )


# --- helpers ---------------------------------------------------------------------------------


def _course_or_404(course_id: str) -> PublishedCourse:
    course = published_course(course_id)
    if course is None:
        abort(404)
    return course


def _course_and_enrolment_or_404(course_id: str) -> tuple[PublishedCourse, Enrolment | None]:
    course, enrolment = published_course_and_enrolment(course_id, current_user.id)
    if course is None:
        abort(404)
    return course, enrolment


CHECK, REFLECTION = "check", "reflection"


def _answerable(course_id: str, lesson_id: str, kind: str, item_id: str) -> tuple[LessonView, object]:
    """The lesson and its check or reflection that the learner is answering.

    Stops the request otherwise: 404 for an unknown course or lesson, 400 for an item that is
    not on the lesson (a stale or tampered form), and the course page with the reason when the
    learner may not work on the course now.
    """
    course, enrolment = _course_and_enrolment_or_404(course_id)
    view = _lesson_or_404(course, lesson_id)
    item = (view.checks if kind == CHECK else view.reflections).get(item_id)
    if item is None:
        if kind == CHECK:
            message = _("This knowledge check is not part of this lesson. Reload the page and try again.")
        else:
            message = _("This reflection is not part of this lesson. Reload the page and try again.")
        raise UserFacingBadRequest(message)
    refusal = _refusal(course, enrolment)
    if refusal:
        abort(refusal)
    return view, item


def _lesson_or_404(course: PublishedCourse, lesson_id: str) -> LessonView:
    view = lesson_view(course, lesson_id, current_user.id, current_language())
    if view is None:
        abort(404)
    return view


def _refusal(course: PublishedCourse, enrolment: Enrolment | None, *, needs_note: bool = True):
    """A redirect to the course page, with the reason, when the learner may not work on it now."""
    record = queries.enrolment_record(enrolment)
    metadata, _locale = course_metadata(course.manifest, current_language(), course.source_locale)
    if course.retired:
        message = _(
            "This course has been retired and is no longer offered. Your progress and any certificate are kept."
        )
    elif not queries.may_start(course, record, current_user.id):
        message = _("This course builds on other courses: complete them first. They are listed on this page.")
    elif needs_note and metadata.get("content_warning") and not record.note_acknowledged:
        message = _(
            "Before you start, please read the content note: it says what this course covers and what you "
            "can do if it is difficult."
        )
    else:
        return None
    flash(message, "info")
    return redirect(url_for("courses.course", course_id=course.id))


def _is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def _answer(view: LessonView, partial: str, focus_id: str, **item):
    """After a check or reflection: htmx gets the block alone, a plain form the whole lesson.

    The block named by `focus_id` takes the focus when it arrives, so that its message
    (feedback, saved, or what to correct) is read out at once.
    """
    if _is_htmx():
        response = Response(render_template(partial, view=view, focus_id=focus_id, **item))
    else:
        response = Response(render_template("courses/lesson.html", view=view, focus_id=focus_id))
    response.vary.add("HX-Request")
    return response


def _back_to(view: LessonView, anchor: str):
    response = redirect(
        url_for("courses.lesson", course_id=view.course.id, lesson_id=view.lesson["id"], _anchor=anchor), 303
    )
    response.vary.add("HX-Request")
    return response


def _fill_filter_choices(form: CatalogueFilterForm) -> None:
    tax, language = taxonomy(), current_language()
    form.sector.choices = [("", _("All sectors"))]
    for sector in tax.sectors:
        form.sector.choices.append((sector.id, tax.name(sector.id, language)))
        form.sector.choices += [
            (sub.id, subsector_label(tax.name(sector.id, language), tax.name(sub.id, language)))
            for sub in sector.subsectors
        ]
    form.level.choices = [("", _("All levels"))] + [(lvl.id, tax.name(lvl.id, language)) for lvl in tax.levels]
