"""Turn one course folder into everything the publisher stores, as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.content.build_result import CourseBuild, CourseLocale, LessonBuild, LessonLocale, MediaEntry
from app.content.diagnostics import Diagnostics
from app.content.hashing import content_hash
from app.content.loader import LOCALE_RE, CourseFolder, SourceFile, load_course
from app.content.markdown import PageUrls, RenderContext
from app.content.quiz_syntax import Quiz, QuizSettings, parse_quiz_body
from app.content.renderer import RenderedDocument, prepare_tokens, render_markdown
from app.content.schema import check_front_matter, did_you_mean
from app.content.sectors import Taxonomy
from app.content.slugs import ID_RE, too_long, too_long_message
from app.content.translations import check_stale, compare_questions


@dataclass
class _Build:
    """Shared state while building one course."""

    folder: CourseFolder
    taxonomy: Taxonomy | None
    report: Diagnostics
    make_ctx: Callable[[SourceFile], RenderContext]
    check_ids: dict[str, str] = field(default_factory=dict)  # id -> file, unique in the course


def build_course(
    course_dir: str | Path,
    taxonomy: Taxonomy | None,
    default_locale: str = "en",
    *,
    content_root: str | Path | None = None,
    display_base: str | Path | None = None,
    media_url: Callable[[str], str] | None = None,
    lesson_url: Callable[[str], str] | None = None,
    callout_title: Callable[[str, str], str] | None = None,
    page_urls: PageUrls | None = None,
) -> CourseBuild:
    """Read, check and render one course folder; never raises for bad content.

    `media_url("media/x.png")`, `lesson_url(lesson_id)` and `page_urls` (course page, quiz) give the
    URLs written into the HTML; taxonomy None skips the sector and level checks (broken sectors.yml).
    """
    course_dir = Path(course_dir)
    root = Path(content_root) if content_root else course_dir.parent.parent
    base = Path(display_base) if display_base else root.parent
    report = Diagnostics()
    folder = load_course(course_dir, root, base, report)
    if too_long(folder.course_id):
        report.error(folder.display, None, *too_long_message("course id (the folder name)", folder.course_id))
    elif not ID_RE.match(folder.course_id):
        report.error(
            folder.display,
            None,
            f"The course folder name `{folder.course_id}` is not a valid course id",
            "Rename the folder using lowercase letters a-z, digits and hyphens, e.g. first-response.",
        )
    lesson_ids = {f.path.name: f.lesson_id for f in folder.files if f.kind == "lesson" and f.lesson_id}
    pages = {f.path.name: f.kind for f in folder.files if f.kind in ("course", "quiz")}
    urls = page_urls or PageUrls()

    def make_ctx(source: SourceFile, locale: str = default_locale) -> RenderContext:
        return RenderContext(
            source.display,
            report,
            folder.media,
            lesson_ids,
            media_url or (lambda p: p),
            lesson_url or (lambda lid: urls.of(folder.course_id, "lesson", lid)),
            source.locale or locale,
            callout_title,
            source.lesson_id,
            course_id=folder.course_id,
            page_files=pages,
            page_urls=urls,
        )

    state = _Build(folder, taxonomy, report, make_ctx)
    build = CourseBuild(folder.course_id, folder_hash(folder, taxonomy, default_locale), default_locale)
    _check_orphans(folder, report)
    course = next(iter(folder.sources("course")), None)
    if course is None:
        report.error(
            f"{folder.display}/course.md",
            None,
            "The course has no course.md",
            "Create course.md with title, summary, sectors and duration_minutes (see content/README.md).",
        )
    elif course.readable:  # an unreadable course.md has its error already; its front matter is unknown
        _build_course_page(state, course, build, default_locale)
    _build_lessons(state, build)
    _build_quiz(state, build)
    build.media = [
        MediaEntry(m.rel, m.sha256, m.content_type, m.bytes, *(m.size or (None, None)))
        for m in sorted(folder.media.values(), key=lambda m: m.rel)
    ]
    build.locales = sorted({build.source_locale, *(f.locale for f in folder.files if f.locale)})
    for source in folder.files:
        if source.locale == build.source_locale:
            report.error(
                source.display,
                None,
                f"`{source.locale}` is the course's source language, not a translation",
                f"Merge it into {source.source_name} or set `language:` in course.md.",
            )
    build.diagnostics = report.sorted()
    return build


def build_inputs(taxonomy: Taxonomy | None, default_locale: str) -> list[tuple[str, str]]:
    """What a build reads besides the course's files: the language of a course.md without
    `language:`, and the taxonomy's ids (sectors and levels are checked against them, and a
    course without `levels:` gets every level). Names of sectors are not read."""
    if taxonomy is None:
        return [("default_locale", default_locale), ("taxonomy", "none")]
    return [
        ("default_locale", default_locale),
        ("sectors", " ".join(taxonomy.all_ids())),
        ("levels", " ".join(taxonomy.level_ids())),
    ]


def folder_hash(folder: CourseFolder, taxonomy: Taxonomy | None, default_locale: str) -> str:
    """The content hash of a build of this folder (it names the version the publisher stores)."""
    return content_hash(folder.hashed_files(), build_inputs(taxonomy, default_locale))


def hash_course(
    course_dir: str | Path,
    taxonomy: Taxonomy | None,
    default_locale: str = "en",
    *,
    content_root: str | Path | None = None,
) -> str:
    """The content hash `build_course` would give, from reading the files alone: nothing is
    checked or rendered, so it costs a fraction of a build (the publisher skips unchanged courses)."""
    course_dir = Path(course_dir)
    root = Path(content_root) if content_root else course_dir.parent.parent
    folder = load_course(course_dir, root, root.parent, Diagnostics())
    return folder_hash(folder, taxonomy, default_locale)


def _check_orphans(folder: CourseFolder, report: Diagnostics) -> None:
    names = {f.path.name for f in folder.files if f.locale is None}
    for source in folder.files:
        if source.locale and source.source_name not in names:
            report.error(
                source.display,
                None,
                f"This translation has no source file {source.source_name}",
                "Rename it to match its source file, or add the source file.",
            )


def _build_course_page(state: _Build, course: SourceFile, build: CourseBuild, default_locale: str) -> None:
    report, taxonomy = state.report, state.taxonomy
    meta = check_front_matter(
        "course", course.meta, course.key_lines, course.display, report, translation=False, state=course.front_matter
    )
    language = meta.get("language", default_locale)
    if not LOCALE_RE.match(language):
        report.error(
            course.display,
            course.key_lines.get("language"),
            f"`{language}` is not a language code",
            "Use a code such as en, de, el, ar or pt-BR.",
        )
        language = default_locale
    build.source_locale = language
    levels = meta.get("levels") or (taxonomy.level_ids() if taxonomy else [])
    if taxonomy:
        _check_ids(course, meta.get("sectors", []), ["all", *taxonomy.all_ids()], "sector", report)
        _check_ids(course, levels, taxonomy.level_ids(), "level", report)
    if build.course_id in meta.get("prerequisites", []):
        report.error(
            course.display,
            course.key_lines.get("prerequisites"),
            "A course cannot be its own prerequisite",
            f"Remove `{build.course_id}` from `prerequisites:`; list only courses to complete before this one.",
        )
    build.settings = {
        "sectors": meta.get("sectors", []),
        "levels": levels,
        "duration_minutes": meta.get("duration_minutes"),
        "prerequisites": meta.get("prerequisites", []),
        "certificate": meta.get("certificate", True),
        "reviewed": meta.get("reviewed"),
        "authors": meta.get("authors", []),
    }
    doc = render_markdown(course.body, state.make_ctx(course, language), meta.get("title"))
    build.metadata[language] = CourseLocale(
        meta.get("title", ""), meta.get("summary", ""), meta.get("content_warning"), doc.html
    )
    for translation in state.folder.translations("course.md"):
        if not translation.readable:
            continue
        tmeta = check_front_matter(
            "course",
            translation.meta,
            translation.key_lines,
            translation.display,
            report,
            translation=True,
            state=translation.front_matter,
        )
        tdoc = render_markdown(translation.body, state.make_ctx(translation), tmeta.get("title"))
        build.metadata[translation.locale] = CourseLocale(
            tmeta.get("title", meta.get("title", "")),
            tmeta.get("summary", meta.get("summary", "")),
            tmeta.get("content_warning", meta.get("content_warning")),
            tdoc.html,
            check_stale(translation, course, report),
        )


def _check_ids(course: SourceFile, chosen: list[str], valid: list[str], what: str, report: Diagnostics) -> None:
    for value in chosen:
        if value not in valid:
            hint = did_you_mean(value, valid)
            report.error(
                course.display,
                course.key_lines.get(f"{what}s"),
                f"Unknown {what} `{value}`",
                f"{hint + ' ' if hint else ''}Valid {what}s: {', '.join(valid)}.",
            )


def _build_lessons(state: _Build, build: CourseBuild) -> None:
    report = state.report
    lessons = state.folder.sources("lesson")
    if not lessons and state.folder.sources("course"):
        report.warning(
            f"{state.folder.display}/course.md",
            None,
            "The course has no lessons",
            "Add lesson files named 01-lesson-id.md, 02-next-lesson.md ...",
        )
    numbers: dict[int, SourceFile] = {}
    ids: dict[str, SourceFile] = {}
    for lesson in lessons:
        assert lesson.number is not None and lesson.lesson_id is not None
        if lesson.number in numbers:
            report.error(
                lesson.display,
                None,
                f"Two lessons have the number {lesson.number:02d}: "
                f"{numbers[lesson.number].path.name} and {lesson.path.name}",
                "Renumber one of them: the number sets the order of lessons.",
            )
        if lesson.lesson_id in ids:
            report.error(
                lesson.display,
                None,
                f"The lesson id `{lesson.lesson_id}` is used by {ids[lesson.lesson_id].path.name} too",
                "Give each lesson its own name after the number.",
            )
        numbers.setdefault(lesson.number, lesson)
        ids.setdefault(lesson.lesson_id, lesson)
        if lesson.readable:
            build.lessons.append(_build_lesson(state, lesson, build.source_locale))


def _build_lesson(state: _Build, lesson: SourceFile, language: str) -> LessonBuild:
    report = state.report
    meta = check_front_matter(
        "lesson", lesson.meta, lesson.key_lines, lesson.display, report, translation=False, state=lesson.front_matter
    )
    doc = render_markdown(lesson.body, state.make_ctx(lesson, language), meta.get("title"))
    for check in doc.checks:
        if check.id and check.id in state.check_ids:
            report.error(
                lesson.display,
                check.line,
                f"The knowledge check id `{check.id}` is already used in {state.check_ids[check.id]}",
                "Each check id must be unique in the course.",
            )
        state.check_ids.setdefault(check.id, lesson.path.name)
    built = LessonBuild(
        lesson.lesson_id or "",
        lesson.number or 0,
        lesson.display,
        meta.get("optional", False),
        meta.get("duration_minutes"),
    )
    built.locales[language] = _lesson_locale(doc, meta, meta.get("title", ""))
    for translation in state.folder.translations(lesson.path.name):
        if not translation.readable:
            continue
        tmeta = check_front_matter(
            "lesson",
            translation.meta,
            translation.key_lines,
            translation.display,
            report,
            translation=True,
            state=translation.front_matter,
        )
        tdoc = render_markdown(translation.body, state.make_ctx(translation), tmeta.get("title"))
        compare_questions(doc.checks, tdoc.checks, translation.display, report, what="knowledge check")
        if len(tdoc.reflections) != len(doc.reflections):
            report.error(
                translation.display,
                1,
                f"The translation has {len(tdoc.reflections)} reflection prompts, the source {len(doc.reflections)}",
                "Keep one ::: reflect block per block of the source.",
            )
        stale = check_stale(translation, lesson, report)
        fallback = {"content_warning": meta.get("content_warning"), **tmeta}
        built.locales[translation.locale or ""] = _lesson_locale(
            tdoc, fallback, tmeta.get("title", meta.get("title", "")), stale
        )
        if stale:
            built.stale_locales.append(translation.locale or "")
    return built


def _lesson_locale(doc: RenderedDocument, meta: dict, title: str, stale: bool = False) -> LessonLocale:
    return LessonLocale(
        title,
        doc.html,
        meta.get("content_warning"),
        doc.headings,
        [q.to_dict() for q in doc.checks],
        doc.reflections,
        doc.has_footnotes,
        stale,
    )


def _parse_quiz(state: _Build, source: SourceFile, settings: QuizSettings) -> Quiz:
    ctx = state.make_ctx(source)
    tokens = prepare_tokens(source.body, ctx)
    if tokens is None:
        return Quiz(settings)
    intro, questions, sections = parse_quiz_body(tokens, ctx)
    if not sections:
        state.report.error(
            source.display,
            None,
            "The quiz has no questions",
            "Write each question as a `## Question? {#id}` heading followed by its options.",
        )
    seen: dict[str, int | None] = {}
    for question in questions:
        if question.id and question.id in seen:
            state.report.error(
                source.display,
                question.line,
                f"The question id `{question.id}` is used twice (first on line {seen[question.id]})",
                "Give each question its own id.",
            )
        seen.setdefault(question.id, question.line)
    return Quiz(settings, questions, intro)


def _build_quiz(state: _Build, build: CourseBuild) -> None:
    source = next(iter(state.folder.sources("quiz")), None)
    if source is None or not source.readable:
        return
    report = state.report
    meta = check_front_matter(
        "quiz", source.meta, source.key_lines, source.display, report, translation=False, state=source.front_matter
    )
    settings = QuizSettings(**meta)
    quiz = _parse_quiz(state, source, settings)
    if settings.draw is not None and settings.draw > len(quiz.questions):
        report.error(
            source.display,
            source.key_lines.get("draw"),
            f"`draw: {settings.draw}` asks for more questions than the quiz has ({len(quiz.questions)})",
            "Lower `draw`, or add questions to the pool.",
        )
    build.quiz = {build.source_locale: quiz.to_dict()}
    for translation in state.folder.translations("quiz.md"):
        if not translation.readable:
            continue
        tmeta = check_front_matter(
            "quiz",
            translation.meta,
            translation.key_lines,
            translation.display,
            report,
            translation=True,
            state=translation.front_matter,
        )
        tsettings = replace(settings, title=tmeta.get("title", settings.title))
        tquiz = _parse_quiz(state, translation, tsettings)
        compare_questions(quiz.questions, tquiz.questions, translation.display, report)
        build.quiz[translation.locale or ""] = tquiz.to_dict()
        if check_stale(translation, source, report):
            build.quiz_stale_locales.append(translation.locale or "")


__all__ = [
    "CourseBuild",
    "CourseLocale",
    "LessonBuild",
    "LessonLocale",
    "MediaEntry",
    "build_course",
    "hash_course",
]
