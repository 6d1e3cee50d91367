"""`flask content i18n-status` and `flask content mark-translated`: keeping course translations in step."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app

from app.cli.content import content_cli
from app.content.i18n_status import NotMarkableError, course_dirs, course_status, format_status, mark_translated


@content_cli.command("i18n-status")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts instead of the table.")
def i18n_status_command(path: Path | None, as_json: bool) -> None:
    """Per course and language: translated, missing, stale and unknown (no translated_from) files."""
    target = path or Path(current_app.config["CONTENT_DIR"])
    if not target.is_dir():
        reason = "not a folder" if target.exists() else "no such file or folder"
        raise click.ClickException(f"{target}: {reason} (give the content folder or a course folder)")
    default_locale = current_app.config["BABEL_DEFAULT_LOCALE"]
    statuses = [course_status(folder, default_locale) for folder in course_dirs(target)]
    if as_json:
        click.echo(json.dumps({"courses": [s.to_dict() for s in statuses]}, ensure_ascii=False, indent=2))
        return
    for line in format_status(statuses):
        click.echo(line)
    if not statuses:
        click.echo(f"No course folders in {target}")


@content_cli.command("mark-translated")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def mark_translated_command(files: tuple[Path, ...]) -> None:
    """Record that each translation FILE matches the current version of its source file.

    Sets `translated_from:` to the source file's hash; every other byte stays. If any FILE is
    refused (not a translation, no source file), no file is changed.
    """
    marked, refused = [], []
    for file in files:
        try:
            marked.append(mark_translated(file))
        except NotMarkableError as exc:
            refused.append(str(exc))
    if refused:
        for message in refused:
            click.echo(f"error: {message}", err=True)
        raise click.ClickException(f"{len(refused)} file(s) refused; no file was changed")
    for item in marked:
        if not item.changed:
            click.echo(f"{item.path}: already marked as translated from {item.source.name} ({item.current})")
            continue
        item.path.write_bytes(item.text.encode("utf-8"))
        was = f"was {item.previous}" if item.previous else "was not set"
        click.echo(f"{item.path}: translated_from {item.current} ({was})")
