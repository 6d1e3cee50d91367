"""Validating hostile Markdown: every lesson of a pathological kind is checked in a few seconds.

Standalone, no database: each case is one lesson in a throwaway course folder, checked with
`validate()` as `flask content validate` does. Sizes: just under the Markdown file limit
(256 kB, parsed) and 2 MB (refused unread). Run with the project's Python:

    .venv/bin/python bench/pathological_markdown.py [--only NAME] [--target 5]

Target: every case under `--target` seconds (content/README.md, "Limits").
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402  (bench/ is not a package: scripts run from anywhere)

from app.content.loader import FILE_SIZE_LIMIT  # noqa: E402
from app.content.validator import validate  # noqa: E402

COURSE = "---\ntitle: T\nsummary: S\nsectors: [police]\nduration_minutes: 5\n---\n\nOverview.\n"
FRONT = "---\ntitle: Hostile\n---\n\n"


def cases(size: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return unit * (size // len(unit))

    return {
        "nested brackets (the audit's)": "[" * (size // 2) + "x" + "]" * (size // 2),
        "unclosed brackets": fill("["),
        "unclosed images": fill("!["),
        "link openers": fill("[a]("),
        "colons, one paragraph": fill(":"),
        "colons, long paragraphs": fill(":" * 19_000 + "\n\n"),
        "http: repeated": fill("http:" * 3_800 + "\n\n"),
        "URL with closing parens": fill("http://a.org/" + ")" * 19_000 + "\n\n"),
        "emphasis markers": fill("*a "),
        "underscores": fill("_a" * 9_000 + "\n\n"),
        "backticks": fill("`"),
        "backtick runs": "".join("`" * n + "a" for n in range(1, 700)),
        "angle brackets": fill("<" * 19_000 + "\n\n"),
        "plain words, one paragraph": fill("word "),
        "deep quotes": fill(">"),
        "deep lists": fill("- "),
        "list items": fill("- a\n"),
        "nested list on every line": fill("- " * 9 + "a\n"),
        "headings, all equal": fill("## a\n"),
        "table rows": "| a | b |\n|---|---|\n" + fill("| x | y |\n"),
        "wide table": "|" + "a|" * 1000 + "\n|" + "-|" * 1000 + "\n" + fill("|" + "x|" * 1000 + "\n")[: size - 4004],
        "::: check lines": fill("::: check\n"),
        "footnote definitions": fill("[^a]: b\n"),
        "code block of brackets": "```\n" + fill("[[[[ :::: ****\n") + "```",
    }


def check(body: str) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        course = content / "courses" / "x"
        course.mkdir(parents=True)
        shutil.copy(REPO / "tests" / "fixtures" / "content" / "sectors.yml", content / "sectors.yml")
        (course / "course.md").write_text(COURSE)
        (course / "01-hostile.md").write_text(FRONT + body + "\n")
        started = time.perf_counter()
        messages = validate(content)
        seconds = time.perf_counter() - started
    first = messages[0].format().split("\n")[0].split(": ", 2)[-1] if messages else "(no message)"
    return seconds, f"{len(messages)} message(s): {first[:70]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--target", type=float, default=5.0, help="seconds each case may take")
    args = parser.parse_args()
    worst = 0.0
    for size in (FILE_SIZE_LIMIT - len(FRONT) - 64, 2 * 1024 * 1024):
        print(f"\n{size / 1024:.0f} kB")
        for name, body in cases(size).items():
            if args.only and args.only not in name:
                continue
            seconds, outcome = check(body)
            worst = max(worst, seconds)
            print(f"  {name:<30} {seconds:6.2f} s  {outcome}", flush=True)
    passed = worst <= args.target
    common.result_line("pathological_markdown", passed, f"slowest case {worst:.2f} s (target {args.target:.0f} s)")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
