"""`flask content ...` through the CLI runner of an app whose CONTENT_DIR is a folder of the test's
own (the shared app's config stays as it is), inside the test's transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask

from app.extensions import db
from tests.helpers import build_app, dispose, in_test_transaction


@pytest.fixture(scope="module", name="content_app")
def content_app_fixture(database_url, tmp_path_factory):
    """An app of the module's own whose CONTENT_DIR is a temporary folder (import it into the test module)."""
    other = build_app(database_url, CONTENT_DIR=str(tmp_path_factory.mktemp("publish") / "content"))
    yield other
    dispose(other)


def empty_content_folder(root: Path) -> Path:
    """Make `root` an empty content folder again (sectors.yml is written with the first course)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "courses").mkdir(parents=True)
    return root


def flask_content(content_app: Flask, shared_app: Flask, *args: str) -> Result:
    """Run `flask content ARGS` as a trainer would; whatever it commits is rolled back with the test."""
    # The shared app's context is pushed for the test and the CLI would reuse it: push this app's.
    with in_test_transaction(content_app, shared_app), content_app.app_context():
        result = content_app.test_cli_runner().invoke(args=["content", *args])
    db.session.expire_all()  # the test's own session reads what the command committed
    return result


def statuses(output: str) -> dict[str, str]:
    """Course id -> published, unchanged, failed or retired, from publish's summary lines."""
    lines = [line for line in output.splitlines() if line and not line.startswith(" ")]
    return {course: rest.split(" ")[0].rstrip(",") for course, rest in (line.split(": ", 1) for line in lines)}
