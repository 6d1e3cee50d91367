"""`flask content ...`: the trainers' tools over content/ (validate, add-ids, publish)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.content.add_ids import add_missing_ids, question_ids
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
    """Write missing question ids into quiz files (and knowledge checks), keeping every other byte."""
    target = path or _content_root()
    files = [target] if target.is_file() else sorted(target.rglob("*.md"))
    changed = 0
    for file in files:
        quiz = file.name.split(".")[0] == "quiz"
        if file.name.startswith(("course.", "README")) or (not quiz and not file.name[:2].isdigit()):
            continue
        original = file.read_bytes().decode("utf-8")
        source_ids = _source_ids(file, quiz)
        updated, added = add_missing_ids(original, source_ids, quiz=quiz)
        if added:
            file.write_bytes(updated.encode("utf-8"))
            changed += 1
            click.echo(f"{file}: added {', '.join(added)}")
    click.echo(f"{changed} file(s) changed")


def _source_ids(file: Path, quiz: bool) -> list[str | None] | None:
    """For a translation, the ids of its source file, so that both get the same ids."""
    parts = file.name.split(".")
    if len(parts) < 3:
        return None
    source = file.with_name(f"{parts[0]}.md")
    return question_ids(source.read_text("utf-8"), quiz=quiz) if source.exists() else None


@content_cli.command("publish")
def publish_command() -> None:
    """Publish every course in CONTENT_DIR; a course with errors keeps its last good version.
    Unchanged courses are recognised by their content hash and not built again."""
    root = _content_root()
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    taxonomy, taxonomy_report = publishing.taxonomy_for(root)
    failed = 0
    folders = publishing.course_folders(root)
    for folder in folders:
        result = publishing.publish_folder(
            folder,
            root,
            taxonomy if not taxonomy_report.has_errors else None,
            default_locale,
            blocking=taxonomy_report.errors,
        )
        if result.status == publishing.FAILED:
            db.session.rollback()
            failed += 1
            click.echo(f"{folder.name}: failed, {len(result.diagnostics)} error(s); the last good version stays online")
            for diagnostic in result.diagnostics:
                click.echo("  " + diagnostic.format().replace("\n", "\n  "))
            continue
        # One transaction per course: a failure here leaves the other courses published.
        db.session.commit()
        click.echo(f"{folder.name}: {result.status} ({result.content_hash[:12]})")
    for result in publishing.retire_missing({folder.name for folder in folders}):
        click.echo(f"{result.course_id}: retired (its learners' records are kept)")
    db.session.commit()
    if failed:
        raise SystemExit(1)
