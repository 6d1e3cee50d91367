"""Translation status per course and language, and marking a translation as made from the current source."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.hashing import source_hash
from app.content.i18n_status import (
    NotMarkableError,
    course_dirs,
    course_status,
    format_status,
    mark_translated,
)

REPO = Path(__file__).resolve().parents[2]

SOURCES = {
    "course.md": "---\ntitle: Responding\nsummary: S\nsectors: [all]\nduration_minutes: 30\n---\nOverview.\n",
    "01-listen.md": "---\ntitle: Listen\n---\nListen first.\n",
    "02-refer.md": "---\ntitle: Refer\n---\nRefer with consent.\n",
    "quiz.md": "---\ntitle: Quiz\npass_mark: 80\n---\n\n## First? {#first}\n\n- [x] Listen\n- [ ] Judge\n",
}


def write_course(root: Path, files: dict[str, str], course_id: str = "responding") -> Path:
    folder = root / "courses" / course_id
    folder.mkdir(parents=True, exist_ok=True)
    (root / "sectors.yml").write_text("sectors: []\n", encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def translation_of(folder: Path, source: str, body: str = "Traduit.\n", recorded: bool = True) -> str:
    """A translation's text, with translated_from set to the source's current hash when `recorded`."""
    stamp = f"translated_from: {source_hash((folder / source).read_bytes())}\n" if recorded else ""
    return f"---\ntitle: Titre\n{stamp}---\n{body}"


def translate_all(folder: Path, locale: str = "fr", recorded: bool = True) -> None:
    for source in SOURCES:
        name = source.removesuffix(".md")
        (folder / f"{name}.{locale}.md").write_text(translation_of(folder, source, recorded=recorded), encoding="utf-8")


def states(status, locale: str) -> dict[str, str]:
    found = next(entry for entry in status.locales if entry.locale == locale)
    return {f.translation: f.state for f in found.files}


def test_a_fully_translated_course_is_current_everywhere(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    status = course_status(folder)
    assert status.source_locale == "en"
    assert status.sources == ["course.md", "01-listen.md", "02-refer.md", "quiz.md"]
    assert set(states(status, "fr").values()) == {"current"}
    assert format_status([status]) == [
        "responding (source: en, 4 files)",
        "  fr  translated 4/4  missing 0  stale 0  unknown 0",
    ]


def test_a_missing_lesson_is_listed_with_what_learners_see_instead(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    (folder / "02-refer.fr.md").unlink()
    status = course_status(folder)
    assert states(status, "fr")["02-refer.fr.md"] == "missing"
    assert status.locales[0].translated == 3
    assert format_status([status])[1:] == [
        "  fr  translated 3/4  missing 1  stale 0  unknown 0",
        "      missing    02-refer.fr.md  (learners see 02-refer.md in en)",
    ]


def test_a_translation_becomes_stale_when_its_source_changes(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    before = source_hash((folder / "01-listen.md").read_bytes())
    (folder / "01-listen.md").write_text("---\ntitle: Listen\n---\nListen first, then ask.\n", encoding="utf-8")
    after = source_hash((folder / "01-listen.md").read_bytes())
    status = course_status(folder)
    stale = status.locales[0].having("stale")
    assert [(f.translation, f.translated_from, f.source_hash) for f in stale] == [("01-listen.fr.md", before, after)]
    lines = format_status([status])
    assert "  fr  translated 4/4  missing 0  stale 1  unknown 0" in lines
    assert (
        f"      stale      01-listen.fr.md  (01-listen.md changed since translated_from {before}; now {after})" in lines
    )


def test_a_line_ending_change_in_the_source_does_not_make_translations_stale(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    source = folder / "01-listen.md"
    source.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    assert states(course_status(folder), "fr")["01-listen.fr.md"] == "current"


def test_a_translation_without_translated_from_is_unknown_not_stale(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder, recorded=False)
    (folder / "quiz.md").write_text(SOURCES["quiz.md"] + "\nChanged.\n", encoding="utf-8")
    status = course_status(folder)
    assert set(states(status, "fr").values()) == {"unknown"}
    lines = format_status([status])
    assert "  fr  translated 4/4  missing 0  stale 0  unknown 4" in lines
    assert "      unknown    quiz.fr.md  (no translated_from, so staleness is not tracked)" in lines
    assert lines[-1] == "When a translation matches its current source: flask content mark-translated FILE..."


def test_languages_are_those_any_file_exists_in_and_each_is_reported(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder, "fr")
    (folder / "quiz.ar.md").write_text(translation_of(folder, "quiz.md"), encoding="utf-8")
    status = course_status(folder)
    assert [entry.locale for entry in status.locales] == ["ar", "fr"]
    assert states(status, "ar") == {
        "course.ar.md": "missing",
        "01-listen.ar.md": "missing",
        "02-refer.ar.md": "missing",
        "quiz.ar.md": "current",
    }


def test_translations_without_source_or_into_the_source_language_are_ignored_and_said_so(tmp_path):
    sources = {
        **SOURCES,
        "course.md": SOURCES["course.md"].replace("duration_minutes: 30", "language: de\nduration_minutes: 30"),
    }
    folder = write_course(tmp_path, sources)
    (folder / "07-gone.fr.md").write_text("---\ntitle: Parti\n---\nx\n", encoding="utf-8")
    (folder / "course.de.md").write_text("---\ntitle: Kurs\n---\nx\n", encoding="utf-8")
    status = course_status(folder)
    assert status.source_locale == "de"
    assert status.ignored == [
        ("07-gone.fr.md", "its source file 07-gone.md does not exist"),
        ("course.de.md", "`de` is the course's source language"),
    ]
    assert [entry.locale for entry in status.locales] == ["fr"]
    assert status.locales[0].translated == 0
    assert "  ignored: 07-gone.fr.md (its source file 07-gone.md does not exist)" in format_status([status])


def test_a_translation_whose_front_matter_cannot_be_read_is_unreadable(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    (folder / "01-listen.fr.md").write_text("---\ntitle: [unclosed\ntranslated_from: abc\n---\nx\n", encoding="utf-8")
    status = course_status(folder)
    assert states(status, "fr")["01-listen.fr.md"] == "unreadable"
    assert "  fr  translated 4/4  missing 0  stale 0  unknown 0  unreadable 1" in format_status([status])


def test_a_course_without_translations_says_so(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    assert format_status([course_status(folder)]) == ["responding (source: en, 4 files)", "  no translations"]


def test_to_dict_counts_every_state(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    (folder / "quiz.fr.md").unlink()
    data = course_status(folder).to_dict()
    french = data["languages"][0]
    assert (data["course"], data["source_locale"], french["locale"]) == ("responding", "en", "fr")
    assert (french["translated"], french["total"], french["current"], french["missing"]) == (3, 4, 3, 1)
    assert french["files"][-1] == {
        "source": "quiz.md",
        "file": "quiz.fr.md",
        "state": "missing",
        "translated_from": None,
        "source_hash": source_hash((folder / "quiz.md").read_bytes()),
    }


def test_course_dirs_accepts_a_content_root_the_courses_folder_or_one_course(tmp_path):
    first = write_course(tmp_path, SOURCES, "a-course")
    second = write_course(tmp_path, SOURCES, "b-course")
    (tmp_path / "courses" / ".hidden").mkdir()
    assert course_dirs(tmp_path) == [first, second]
    assert course_dirs(tmp_path / "courses") == [first, second]
    assert course_dirs(second) == [second]


# --- mark_translated -------------------------------------------------------------------------


def test_marking_a_stale_translation_makes_it_current_and_changes_only_that_line(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translation = folder / "01-listen.fr.md"
    original = (
        b"\xef\xbb\xbf---\r\ntitle: \xc3\x89couter\r\ntranslated_from: 000000000000\r\nduration: x\r\n---\r\nBody\r\n"
    )
    translation.write_bytes(original)
    current = source_hash((folder / "01-listen.md").read_bytes())
    assert states(course_status(folder), "fr")["01-listen.fr.md"] == "stale"

    marked = mark_translated(translation)
    assert (marked.previous, marked.current, marked.changed) == ("000000000000", current, True)
    assert translation.read_bytes() == original  # nothing is written by the pure function
    translation.write_bytes(marked.text.encode("utf-8"))
    assert translation.read_bytes() == original.replace(b"000000000000", current.encode())
    assert states(course_status(folder), "fr")["01-listen.fr.md"] == "current"


def test_marking_a_translation_without_translated_from_adds_the_line_before_the_closing_fence(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translation = folder / "quiz.fr.md"
    translation.write_text("---\ntitle: Quiz\n---\nBody\n", encoding="utf-8")
    marked = mark_translated(translation)
    current = source_hash((folder / "quiz.md").read_bytes())
    assert (marked.previous, marked.changed) == (None, True)
    assert marked.text == f"---\ntitle: Quiz\ntranslated_from: {current}\n---\nBody\n"


def test_marking_a_current_translation_changes_nothing(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    translate_all(folder)
    text = (folder / "course.fr.md").read_text(encoding="utf-8")
    marked = mark_translated(folder / "course.fr.md")
    assert not marked.changed
    assert marked.text == text


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("01-listen.md", SOURCES["01-listen.md"], "not a translation (a translation has a language code before .md"),
        ("03-missing.fr.md", "---\ntitle: T\n---\n", "its source file 03-missing.md does not exist"),
        ("notes.txt", "x", "not a course file"),
        ("quiz.fr_FR.md", "---\ntitle: T\n---\n", "`fr_FR` in `quiz.fr_FR.md` is not a language code"),
        ("02-refer.fr.md", "---\ntitle: T\nBody\n", "the front matter that starts on line 1 is never closed"),
    ],
)
def test_marking_refuses_what_is_not_a_translation_of_an_existing_source(tmp_path, name, text, message):
    folder = write_course(tmp_path, SOURCES)
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(NotMarkableError) as refused:
        mark_translated(path)
    assert message in str(refused.value)
    assert str(refused.value).startswith(str(path))


def test_marking_refuses_a_file_that_is_not_utf8(tmp_path):
    folder = write_course(tmp_path, SOURCES)
    (folder / "course.fr.md").write_bytes("---\ntitle: Séance\n---\n".encode("latin-1"))
    with pytest.raises(NotMarkableError, match="not saved as UTF-8"):
        mark_translated(folder / "course.fr.md")


# --- the shipped content -----------------------------------------------------------------------


def test_the_shipped_responding_to_disclosures_course_is_fully_translated_into_french_and_arabic():
    status = course_status(REPO / "content" / "courses" / "responding-to-disclosures")
    by_locale = {entry.locale: entry for entry in status.locales}
    assert {"fr", "ar"} <= set(by_locale)
    for locale in ("fr", "ar"):
        assert by_locale[locale].having("missing") == [], locale
        assert by_locale[locale].having("unreadable") == [], locale
    assert status.ignored == []
