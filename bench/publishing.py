"""Publishing many courses: 200 courses of 15 lessons from scratch, then again unchanged.

The content is synthetic but realistic: every lesson is a shipped lesson of the core course
(10-16 kB of Markdown with tables, callouts, footnotes, knowledge checks and reflections),
and every course has the core course's quiz. Both runs are the real `flask content publish`
in a subprocess, as a trainer or a deployment runs it, on a fresh database (PostgreSQL by
default). Prints seconds and milliseconds per course for each run; there is no pass mark,
the figures are for watching trends.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: scripts run from anywhere)
import synthetic_content  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--courses", type=int, default=200)
    parser.add_argument("--lessons", type=int, default=15)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        content = Path(tmp) / "content"
        synthetic_content.write_synthetic_courses(content, args.courses, args.lessons, prefix="course")
        if args.database == "sqlite":
            return _measure(args, content, f"sqlite:///{Path(tmp) / 'publish.sqlite'}")
        with common.fresh_database() as url:
            return _measure(args, content, url)


def _measure(args, content: Path, url: str) -> int:
    env = common.app_env(url, CONTENT_DIR=str(content))
    common.migrate(env)
    started = time.perf_counter()
    common.flask(["routes"], env)  # what starting the app costs, included in both runs
    startup = time.perf_counter() - started
    runs = []
    for name, expected in (("from scratch", "published"), ("again, unchanged", "unchanged")):
        started = time.perf_counter()
        output = common.flask(["content", "publish"], env)
        seconds = time.perf_counter() - started
        statuses = [line.split(": ", 1)[1].split(" ")[0] for line in output.splitlines() if ": " in line]
        if statuses.count(expected) != args.courses:
            print(output[-3000:])
            print(f"expected {args.courses} courses {expected}, got {statuses.count(expected)}")
            return 2
        runs.append((name, seconds, f"{args.courses} {expected}"))

    size = sum(p.stat().st_size for p in content.rglob("*.md"))
    print(
        f"{args.courses} courses x {args.lessons} lessons ({size / 1e6:.1f} MB of Markdown), {args.database}; "
        f"each run includes starting the app ({startup:.1f} s)"
    )
    print()
    common.print_table(
        ["publish", "seconds", "ms per course", "result"],
        [[name, f"{seconds:.1f}", f"{seconds * 1000 / args.courses:.0f}", result] for name, seconds, result in runs],
    )
    (_n1, first, _r1), (_n2, second, _r2) = runs
    common.result_line(
        "publishing",
        None,
        f"{args.courses}x{args.lessons} from scratch {first:.1f} s "
        f"({first * 1000 / args.courses:.0f} ms/course), unchanged {second:.1f} s "
        f"({second * 1000 / args.courses:.0f} ms/course)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
