"""`flask content i18n-status` and `flask content mark-translated` on course folders in a temporary directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.content.hashing import source_hash
from tests.helpers import build_app, dispose

SOURCES = {
    "course.md": "---\ntitle: Responding\nsummary: S\nsectors: [all]\nduration_minutes: 30\n---\nOverview.\n",
    "01-listen.md": "---\ntitle: Listen\n---\nListen first.\n",
    "quiz.md": "---\ntitle: Quiz\npass_mark: 80\n---\n\n## First? {#first}\n\n- [x] Listen\n- [ ] Judge\n",
}


def make_course(root: Path) -> Path:
    """A course with French translations of every file, each marked as made from the current source."""
    folder = root / "courses" / "responding"
    folder.mkdir(parents=True)
    (root / "sectors.yml").write_text("sectors: []\n", encoding="utf-8")
    for name, text in SOURCES.items():
        (folder / name).write_text(text, encoding="utf-8")
        stamp = source_hash(text.encode())
        (folder / name.replace(".md", ".fr.md")).write_text(
            f"---\ntitle: Titre\ntranslated_from: {stamp}\n---\nTraduit.\n", encoding="utf-8"
        )
    return folder


def test_i18n_status_reports_each_language_and_the_stale_files(runner, tmp_path):
    folder = make_course(tmp_path)
    (folder / "01-listen.md").write_text("---\ntitle: Listen\n---\nListen first, then ask.\n", encoding="utf-8")
    (folder / "quiz.fr.md").unlink()
    result = runner.invoke(args=["content", "i18n-status", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "responding (source: en, 3 files)",
        "  fr  translated 2/3  missing 1  stale 1  unknown 0",
    ]
    assert any(line.split()[:2] == ["stale", "01-listen.fr.md"] for line in lines)
    assert any(line.split()[:2] == ["missing", "quiz.fr.md"] for line in lines)


def test_i18n_status_json_is_for_scripts(runner, tmp_path):
    folder = make_course(tmp_path)
    (folder / "course.fr.md").write_text("---\ntitle: Titre\n---\nTraduit.\n", encoding="utf-8")
    result = runner.invoke(args=["content", "i18n-status", "--json", str(folder)])
    assert result.exit_code == 0, result.output
    (course,) = json.loads(result.output)["courses"]
    (french,) = course["languages"]
    assert (course["course"], french["locale"], french["translated"], french["total"]) == ("responding", "fr", 3, 3)
    assert (french["current"], french["unknown"], french["stale"], french["missing"]) == (2, 1, 0, 0)


def test_i18n_status_fails_only_when_the_path_does_not_exist(runner, tmp_path):
    result = runner.invoke(args=["content", "i18n-status", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output


@pytest.fixture(scope="module")
def content_app(database_url, tmp_path_factory):
    """An app whose CONTENT_DIR is a temporary content folder; the shared app's config stays as it is."""
    root = tmp_path_factory.mktemp("content")
    make_course(root)
    other = build_app(database_url, CONTENT_DIR=str(root))
    yield other
    dispose(other)


def test_i18n_status_reads_content_dir_without_a_path(content_app):
    # The shared app's context is pushed for the test, and the CLI would reuse it: push this app's.
    with content_app.app_context():
        result = content_app.test_cli_runner().invoke(args=["content", "i18n-status"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "responding (source: en, 3 files)",
        "  fr  translated 3/3  missing 0  stale 0  unknown 0",
    ]


def test_mark_translated_makes_a_stale_translation_current_changing_only_that_line(runner, tmp_path):
    folder = make_course(tmp_path)
    source = folder / "01-listen.md"
    old = source_hash(source.read_bytes())
    source.write_text("---\ntitle: Listen\n---\nListen first, then ask.\n", encoding="utf-8")
    new = source_hash(source.read_bytes())
    translation = folder / "01-listen.fr.md"
    translation.write_bytes(translation.read_bytes().replace(b"\n", b"\r\n"))
    before = translation.read_bytes()
    untouched = (folder / "quiz.fr.md").read_bytes()

    result = runner.invoke(args=["content", "mark-translated", str(translation)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{translation}: translated_from {new} (was {old})\n"
    assert translation.read_bytes() == before.replace(old.encode(), new.encode())
    assert (folder / "quiz.fr.md").read_bytes() == untouched
    status = runner.invoke(args=["content", "i18n-status", str(folder)])
    assert "  fr  translated 3/3  missing 0  stale 0  unknown 0" in status.output.splitlines()

    again = runner.invoke(args=["content", "mark-translated", str(translation)])
    assert again.exit_code == 0 and "already marked as translated from 01-listen.md" in again.output


@pytest.mark.parametrize(
    ("name", "message"),
    [("01-listen.md", "not a translation"), ("02-gone.fr.md", "its source file 02-gone.md does not exist")],
)
def test_mark_translated_refuses_and_then_changes_no_file_at_all(runner, tmp_path, name, message):
    folder = make_course(tmp_path)
    (folder / "02-gone.fr.md").write_text("---\ntitle: Parti\n---\nx\n", encoding="utf-8")
    (folder / "course.md").write_text(SOURCES["course.md"] + "More.\n", encoding="utf-8")
    stale = folder / "course.fr.md"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = runner.invoke(args=["content", "mark-translated", str(stale), str(folder / name)])
    assert result.exit_code == 1
    assert f"error: {folder / name}: {message}" in result.output
    assert "1 file(s) refused; no file was changed" in result.output
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
