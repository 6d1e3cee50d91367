"""The lesson page as signed-in learners see it, against a bare Flask view of the same HTML.

Target: the lesson page reaches at least half the bare view's throughput (requests per
second), both under gunicorn with 4 sync workers, on PostgreSQL holding 10,000 learners and
1,000,000 lesson progress rows.

Steps: a fresh PostgreSQL database; the shipped courses plus synthetic ones (10,000 learners
with 100 progress rows each need more lessons than the nine shipped courses have) published
with `flask content publish`; `flask demo seed`; learners sign in through the real form; the
lesson page's HTML is captured for bench/bare_app.py; both servers are warmed up, then
measured in alternating rounds (lesson page, bare view, lesson page, ...) of a fixed number of
requests, so that other load on the machine hits both alike; the ratio compares the median
rounds. Exit status 0 when the target is met, 1 when not, 2 when the benchmark broke.

Three yardsticks are measured in the same rounds (`--no-yardsticks` leaves them out), each
returning the same bytes: the bare view after one raw PostgreSQL round trip, and this app's
own hooks without (public) and with the signed-in user (bench/yardstick_app.py). They show
what the framework costs before the lesson page does any work of its own.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: scripts run from anywhere)
import synthetic_content  # noqa: E402

COURSE = "responding-to-disclosures"
SEED_PASSWORD = "demo-training-2026"  # noqa: S105  (DEMO_PASSWORD's development default, set below)
LESSON, BARE = "lesson page", "bare view"
# Yardsticks between the two (bench/bare_app.py, bench/yardstick_app.py): same bytes, one cost each.
ONE_QUERY = "bare view + one query"
APP_PUBLIC = "this app, public view"
APP_SIGNED_IN = "this app, signed-in view"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--progress-rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=600, help="measured requests per server and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating measurement rounds")
    parser.add_argument(
        "--duration",
        type=float,
        default=None,
        help="cap each measurement at this many seconds (fewer requests if it is slow)",
    )
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests per server first")
    parser.add_argument("--concurrency", type=int, default=8, help="connections at once (one learner each)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers per server")
    parser.add_argument("--client-processes", type=int, default=None, help="load generator processes [CPUs]")
    parser.add_argument(
        "--synthetic-courses",
        type=int,
        default=None,
        help="15-lesson courses added to the shipped ones [enough for twice the rows per learner]",
    )
    parser.add_argument("--target", type=float, default=0.5, help="lesson page rps / bare rps must reach this")
    parser.add_argument(
        "--no-yardsticks",
        dest="yardsticks",
        action="store_false",
        help="measure only the lesson page and the bare view (not the views in between)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-lesson-") as tmp, common.fresh_database() as url:
        content = Path(tmp) / "content"
        env = common.app_env(
            url,
            CONTENT_DIR=str(content),
            DEMO_PASSWORD=SEED_PASSWORD,
            # Signing in a learner per connection from one address: the per-IP
            # login limit (a brute-force guard) would refuse the later ones.
            LOGIN_LIMIT_PER_IP="10000 per minute",
        )
        courses = _content(content, args)
        common.migrate(env)
        started = time.perf_counter()
        common.flask(["content", "publish"], env)
        print(f"Published {courses} courses in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        seeded = common.flask(
            [
                "demo",
                "seed",
                "--learners",
                str(args.learners),
                "--progress-rows",
                str(args.progress_rows),
                "--seed",
                "1",
            ],
            env,
        )
        print(f"flask demo seed: {time.perf_counter() - started:.1f} s")
        print("\n".join("  " + line for line in seeded.splitlines() if line.startswith("  ")))
        people, lesson_id = _learners(url, args.concurrency)
        path = f"/courses/{COURSE}/lessons/{lesson_id}"

        with common.gunicorn("wsgi:app", env, workers=args.workers) as base:
            sessions = [{"Cookie": common.login(base, email, SEED_PASSWORD)} for email in people]
            page = common.get(base + path, sessions[0])
            if page.status != 200:
                print(f"{path} answered {page.status} for a signed-in learner: is the lesson route there?")
                return 2
            html_path = Path(tmp) / "lesson.html"
            html_path.write_bytes(page.body)
            bare_env = common.app_env(url, BARE_HTML_PATH=str(html_path))
            yardstick_env = dict(env, BARE_HTML_PATH=str(html_path))
            with (
                common.gunicorn("bare_app:app", bare_env, workers=args.workers, chdir=Path(__file__).parent) as bare,
                common.gunicorn("bench.yardstick_app:app", yardstick_env, workers=args.workers) as yardstick,
            ):
                # (name, URL, headers per connection); the first two decide the result.
                servers = [(LESSON, base + path, sessions), (BARE, bare + path, None)]
                if args.yardsticks:
                    servers += [
                        (ONE_QUERY, bare + "/bench/one-query" + path, None),
                        (APP_PUBLIC, yardstick + "/bench/public" + path, None),
                        (APP_SIGNED_IN, yardstick + "/bench/signed-in" + path, sessions),
                    ]
                load_before = os.getloadavg()[0]
                for _name, target, headers in servers:
                    common.run_load(target, args.warmup, args.concurrency, headers, args.client_processes)
                rounds = [
                    {
                        name: common.run_load(
                            target, args.requests, args.concurrency, headers, args.client_processes, args.duration
                        )
                        for name, target, headers in servers
                    }
                    for _round in range(args.rounds)
                ]
                load_after = os.getloadavg()[0]
        rows = _row_counts(url)

    return _report(args, path, len(page.body), rows, rounds, (load_before, load_after))


def _content(content: Path, args) -> int:
    shipped = synthetic_content.copy_shipped_courses(content)
    shipped_lessons = sum(
        len([p for p in (content / "courses" / c).glob("[0-9][0-9]-*.md") if len(p.name.split(".")) == 2])
        for c in shipped
    )
    extra = args.synthetic_courses
    if extra is None:  # room for twice the average learner's rows, so learners differ
        extra = max(0, math.ceil((2 * args.progress_rows / args.learners - shipped_lessons) / 15))
    synthetic_content.write_synthetic_courses(content, extra, 15)
    return len(shipped) + extra


def _learners(url: str, count: int) -> tuple[list[str], str]:
    """Seeded learners part-way through the core course (English interface), and the lesson
    the first of them would continue with: all of them open that one."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT u.email, e.last_lesson_id FROM enrolments e JOIN users u ON u.id = e.user_id "
                "WHERE e.course_id = :course AND e.completed_at IS NULL AND e.last_lesson_id IS NOT NULL "
                "AND e.content_note_acknowledged_at IS NOT NULL AND u.locale = 'en' ORDER BY u.id LIMIT :n"
            ),
            {"course": COURSE, "n": count},
        ).all()
    engine.dispose()
    if not rows:
        raise SystemExit("no seeded learner is part-way through the core course")
    return [email for email, _lesson in rows], rows[0][1]


def _row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        counts = {
            table: connection.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608  (fixed names)
            for table in ("users", "enrolments", "lesson_progress", "quiz_attempts", "certificates")
        }
    engine.dispose()
    return counts


def _report(args, path: str, size: int, rows: dict[str, int], rounds: list, load: tuple[float, float]) -> int:
    overall = {name: _overall([measured[name] for measured in rounds]) for name in rounds[0]}
    lesson, yardstick = overall[LESSON], overall[BARE]
    ratio = lesson.rps / yardstick.rps if yardstick.rps else 0.0
    errors = sum(result.errors for result in overall.values())
    passed = ratio >= args.target and errors == 0
    print()
    print(
        f"Lesson page {path} ({size:,} bytes) as {args.concurrency} signed-in learners at once; gunicorn with "
        f"{args.workers} sync workers for each server; {args.rounds} alternating rounds of {args.requests} requests"
    )
    print(
        f"Machine: {os.cpu_count()} CPUs shared by the servers, the client and PostgreSQL; "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after"
    )
    print("Rows: " + ", ".join(f"{name} {count:,}" for name, count in rows.items()))
    print()
    table = [
        _row(f"round {number}: {name}", result)
        for number, measured in enumerate(rounds, start=1)
        for name, result in measured.items()
    ]
    common.print_table(["server", "requests", "errors", "req/s", "p50 ms", "p99 ms"], table)
    print()
    common.print_table(
        ["all rounds", "req/s", "of bare", "p50 ms", "p99 ms"],
        [
            [
                name,
                f"{result.rps:.0f}",
                f"{result.rps / yardstick.rps:.2f}" if yardstick.rps else "-",
                f"{result.percentile_ms(50):.1f}",
                f"{result.percentile_ms(99):.1f}",
            ]
            for name, result in overall.items()
        ],
    )
    print("(req/s of the median round; p50 and p99 over every request)")
    print()
    print(
        f"Ratio {ratio:.2f} (target at least {args.target:.2f}): {'PASS' if passed else 'FAIL'}"
        + (f" ({errors} failed requests)" if errors else "")
    )
    common.result_line(
        "lesson_page",
        passed,
        f"{lesson.rps:.0f} req/s vs bare {yardstick.rps:.0f} req/s, "
        f"ratio {ratio:.2f} (target >= {args.target:.2f}), p99 {lesson.percentile_ms(99):.0f} ms",
    )
    return 0 if passed else 1


def _row(name: str, r: common.LoadResult) -> list:
    return [name, r.requests, r.errors, f"{r.rps:.0f}", f"{r.percentile_ms(50):.1f}", f"{r.percentile_ms(99):.1f}"]


def _overall(results: list[common.LoadResult]) -> common.LoadResult:
    """Every round's requests and latencies, timed so that its rate is the median round's
    (one round slowed by other work on the machine does not decide the result)."""
    median = sorted(results, key=lambda r: r.rps)[len(results) // 2]
    requests, errors = sum(r.requests for r in results), sum(r.errors for r in results)
    seconds = (requests - errors) / median.rps if median.rps else 0.0
    return common.LoadResult(requests, errors, seconds, [lat for r in results for lat in r.latencies])


if __name__ == "__main__":
    sys.exit(main())
