"""Synthetic course content for the benchmarks: many realistic courses made from shipped files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[1] / "content"

TEMPLATE_COURSE = CONTENT / "courses" / "responding-to-disclosures"


def write_synthetic_courses(
    root: Path, count: int, lessons: int, template: Path = TEMPLATE_COURSE, prefix: str = "synthetic"
) -> list[str]:
    """Write `count` courses of `lessons` lessons under root/courses, made from a shipped course's
    source-language files (the lessons cycle through the template's, each with its own title).
    Copies sectors.yml too if root has none. Returns the course ids."""
    (root / "courses").mkdir(parents=True, exist_ok=True)
    if not (root / "sectors.yml").exists():
        shutil.copy(CONTENT / "sectors.yml", root / "sectors.yml")
    sources = sorted(p for p in template.glob("[0-9][0-9]-*.md") if len(p.name.split(".")) == 2)
    ids = []
    for number in range(1, count + 1):
        course_id = f"{prefix}-{number:03d}"
        folder = root / "courses" / course_id
        folder.mkdir()
        course = (template / "course.md").read_text("utf-8")
        (folder / "course.md").write_text(_retitle(course, f"Synthetic course {number}"), "utf-8")
        if (template / "quiz.md").exists():
            shutil.copy(template / "quiz.md", folder / "quiz.md")
        if (template / "media").is_dir():
            shutil.copytree(template / "media", folder / "media")
        for index in range(lessons):
            source = sources[index % len(sources)]
            round_ = index // len(sources)
            # The first round keeps the template's file names, so links between its lessons resolve.
            name = source.name if round_ == 0 else f"{index + 1:02d}-{source.stem[3:]}-{round_ + 1}.md"
            text = _retitle(source.read_text("utf-8"), f"Lesson {index + 1} of synthetic course {number}")
            if round_:  # check and reflection ids must be unique in a course
                text = re.sub(r"\{#([a-z0-9-]+)", rf"{{#\1-r{round_ + 1}", text)
            (folder / name).write_text(text, "utf-8")
        ids.append(course_id)
    return ids


def copy_shipped_courses(root: Path) -> list[str]:
    """Copy content/sectors.yml and every shipped course into root; returns their ids."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(CONTENT / "sectors.yml", root / "sectors.yml")
    shutil.copytree(CONTENT / "courses", root / "courses", dirs_exist_ok=True)
    return sorted(p.name for p in (root / "courses").iterdir() if p.is_dir())


def _retitle(markdown: str, title: str) -> str:
    return re.sub(r"^title: .*$", f"title: {title}", markdown, count=1, flags=re.MULTILINE)
