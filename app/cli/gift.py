"""`flask content import-gift` and `export-gift`: move quiz questions to and from Moodle (GIFT files)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from app.cli.content import content_cli
from app.content.gift import Message, decode_gift, import_gift
from app.content.gift_export import export_gift
from app.content.slugs import ID_RE, too_long


def _course_folder(course_id: str) -> Path:
    """CONTENT_DIR/courses/<course_id>, which must exist; a clear error otherwise."""
    if not ID_RE.match(course_id) or too_long(course_id):
        raise click.ClickException(
            f"`{course_id}` is not a course id: use lowercase letters a-z, digits and hyphens, e.g. first-response"
        )
    folder = Path(current_app.config["CONTENT_DIR"]) / "courses" / course_id
    if not folder.is_dir():
        raise click.ClickException(f"{folder}: no such course folder (create the course first, with its course.md)")
    return folder


def _report(messages: list[Message], path: str) -> None:
    for message in messages:
        click.echo(message.format(path), err=True)


@content_cli.command("import-gift")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("course_id")
@click.option("--force", is_flag=True, help="Replace the course's existing quiz.md.")
@click.option("--title", default="Final assessment", show_default=True, help="The quiz title in quiz.md.")
def import_gift_command(file: Path, course_id: str, force: bool, title: str) -> None:
    """Write COURSE_ID's quiz.md from a GIFT file (Moodle's question format); other question types are listed."""
    folder = _course_folder(course_id)
    target = folder / "quiz.md"
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists: add --force to replace it")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot be read ({exc.strerror or exc})") from None
    text, problem = decode_gift(data)
    if text is None:
        _report([problem], str(file))
        raise SystemExit(1)
    result = import_gift(text, title=title, source_name=file.name)
    _report(result.messages, str(file))
    if result.has_errors:
        click.echo(f"Nothing written: fix {file} and import it again.", err=True)
        raise SystemExit(1)
    target.write_bytes(result.quiz_md.encode("utf-8"))
    skipped = result.questions_read - len(result.question_ids)
    click.echo(f"{target}: {len(result.question_ids)} question(s) imported, {skipped} skipped")
    translations = sorted(p.name for p in folder.glob("quiz.*.md"))
    if translations:
        click.echo(f"Translations of the old quiz need updating to the new ids: {', '.join(translations)}", err=True)
    click.echo(f"Check it with: flask content validate {folder}")


@content_cli.command("export-gift")
@click.argument("course_id")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write to this file.")
def export_gift_command(course_id: str, output: Path | None) -> None:
    """Write COURSE_ID's quiz.md as a GIFT file for Moodle (to standard output, or to --output)."""
    source = _course_folder(course_id) / "quiz.md"
    if not source.is_file():
        raise click.ClickException(f"{source}: the course has no quiz.md")
    try:
        text = source.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{source}: not UTF-8 text; `flask content validate` shows where") from None
    result = export_gift(text, path=str(source))
    _report(result.messages, str(source))
    if result.has_errors:
        click.echo(f"Nothing exported: fix {source} first (`flask content validate` explains each problem).", err=True)
        raise SystemExit(1)
    summary = f"{len(result.question_ids)} question(s) exported from {source}"
    if output is None:
        click.echo(result.gift, nl=False)
        click.echo(summary, err=True)
        return
    output.write_bytes(result.gift.encode("utf-8"))
    click.echo(f"{output}: {summary}")
