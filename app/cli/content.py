"""`flask content ...`: the trainers' tools over content/ (validate, add-ids, publish)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.content.add_ids import add_ids
from app.content.validator import validate_path
from app.courses import publishing
from app.extensions import db

content_cli = AppGroup("content", help="Validate and maintain course content.")


def _content_root() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


@content_cli.command("validate")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def validate_command(path: Path | None) -> None:
    """Report every problem in the content (or one course folder) as path:line: severity: message."""
    target = path or _content_root()
    if not target.exists():
        raise click.ClickException(f"{target}: no such file or folder")
    diagnostics = validate_path(
        target, default_locale=current_app.config["BABEL_DEFAULT_LOCALE"], display_base=Path.cwd()
    )
    for diagnostic in diagnostics:
        click.echo(diagnostic.format())
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s) in {target}")
    if errors:
        raise SystemExit(1)


@content_cli.command("add-ids")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def add_ids_command(path: Path | None) -> None:
    """Write missing question ids into quizzes and knowledge checks, keeping every other byte.

    PATH is the content folder (the default), a course folder or one file. Source files go first;
    a translation takes its source's ids by position. Exit status 1 if a file could not be changed.
    """
    target = path or _content_root()
    if not target.exists():
        raise click.ClickException(f"{target}: no such file or folder")
    result = add_ids(target, display_base=Path.cwd())
    for shown, added in result.changed:
        click.echo(f"{shown}: added {', '.join(added)}")
    for diagnostic in result.report.sorted():
        click.echo(diagnostic.format(), err=True)
    errors = len(result.report.errors)
    click.echo(f"{len(result.changed)} file(s) changed, {errors} error(s)")
    if errors:
        raise SystemExit(1)


@content_cli.command("publish")
def publish_command() -> None:
    """Publish every course in CONTENT_DIR; a course with errors keeps its last good version.
    Unchanged courses are recognised by their content hash and not built again."""
    root = _content_root()
    if not root.is_dir():  # otherwise every course would look removed and be retired
        raise click.ClickException(f"{root}: no such folder; nothing was published or retired")
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    taxonomy, taxonomy_report = publishing.taxonomy_for(root)
    taxonomy = taxonomy if not taxonomy_report.has_errors else None
    courses = publishing.read_courses(root, taxonomy, default_locale)
    cross_course = publishing.cross_course_errors(courses)
    failed = 0
    for course in courses:
        course_id = course.folder.name
        blocking = [*taxonomy_report.errors, *cross_course.get(course_id, [])]
        result = publishing.publish_folder(
            course.folder, root, taxonomy, default_locale, blocking, content_hash=course.content_hash
        )
        if result.status == publishing.FAILED:
            db.session.rollback()
            failed += 1
            _report_failure(result)
            continue
        # One transaction per course: a failure here leaves the other courses published.
        db.session.commit()
        click.echo(f"{course_id}: {result.status} ({result.content_hash[:12]})")
    for result in publishing.retire_missing({course.folder.name for course in courses}):
        click.echo(f"{result.course_id}: retired (its learners' records are kept)")
    db.session.commit()
    if failed:
        raise SystemExit(1)


def _report_failure(result: publishing.PublishResult) -> None:
    online = "the last good version stays online" if publishing.served_hash(result.course_id) else "not published"
    click.echo(f"{result.course_id}: failed, {len(result.diagnostics)} error(s); {online}")
    for diagnostic in result.diagnostics:
        click.echo("  " + diagnostic.format().replace("\n", "\n  "))
