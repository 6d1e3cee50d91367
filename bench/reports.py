"""Coordinator reports at scale: 100,000 learners x 10 courses in PostgreSQL.

    .venv/bin/python bench/reports.py [--learners 100000] [--courses 10] [--repeats 5]

1. A throwaway PostgreSQL database, migrated; learners, records and 60 organisations from
   `flask demo seed` (app/cli/seed.py) when it exists, else from bench/reports_seed.py;
   then an administrator, a coordinator of the largest organisation and a coordinator of
   Malta.
2. The dashboard (GET /reports/) through gunicorn (one sync worker), for each of them:
   median and worst server time over --repeats requests. Target: median under 500 ms.
3. The full learner report as CSV (every learner x every course), streamed from a fresh
   worker: time to the first byte, rows per second, and the worker's peak resident memory
   (VmHWM in /proc, reset after signing in). Target: under 150 MB whatever the row count.
   Then the country coordinator's XLSX from the same worker: time and peak memory.
4. PostgreSQL's own `COPY (the same query) TO STDOUT WITH CSV`, in the same run: the
   ratio of the app's rows per second to COPY's. Target: at least a third.

Exits 0 when every target is met, 1 when one is missed (bench/run_all.py's convention).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the app
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: scripts run from anywhere)
import reports_seed  # noqa: E402

DASHBOARD_TARGET_MS = 500
RSS_TARGET_MB = 150
COPY_RATIO_TARGET = 1 / 3
STAFF_PASSWORD = "bench-reports-password"  # noqa: S105  (a throwaway database)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with common.fresh_database(prefix="bench_reports") as url:
        env = common.app_env(url, LOGIN_LIMIT_PER_IP="10000 per minute", LOGIN_LIMIT_PER_ACCOUNT="10000 per minute")
        common.migrate(env)
        started = time.perf_counter()
        _seed(env, url, args)
        print(f"Seeded in {time.perf_counter() - started:.0f} s")
        staff, counts = _staff_and_counts(url)
        print(
            f"  {counts['users']:,} people, {counts['enrolments']:,} enrolments, "
            f"{counts['quiz_attempts']:,} quiz attempts, {counts['certificates']:,} certificates; "
            f"{counts['courses']} courses, so the full report has {counts['users'] * counts['courses']:,} rows"
        )

        with common.gunicorn("wsgi:app", env, workers=1) as base:
            dashboard = {who: _dashboard_times(base, email, args.repeats) for who, email in staff.items()}
        with common.gunicorn("wsgi:app", env, workers=1) as base:
            export = _stream_export(base, staff["administrator"], "/reports/learners.csv")
            xlsx = _stream_export(base, staff["country coordinator"], "/reports/learners.xlsx")
        copy = _copy_same_query(url)

    return _report(dashboard, export, xlsx, copy)


# --- data ------------------------------------------------------------------------------------


def _seed(env: dict[str, str], url: str, args) -> None:
    if (REPO / "app" / "cli" / "seed.py").exists():
        output = common.flask(
            [
                "demo",
                "seed",
                "--learners",
                str(args.learners),
                "--courses",
                str(args.courses),
                "--seed",
                "1",
                "--end-date",
                "2026-11-01",
            ],
            env,
        )
        print("flask demo seed:\n" + "\n".join("  " + line for line in output.splitlines() if line.startswith("  ")))
        return
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as connection:
        reports_seed.seed(connection, learners=args.learners, courses=args.courses)
    engine.dispose()
    print("bench/reports_seed.py (app/cli/seed.py is absent)")


def _staff_and_counts(url: str) -> tuple[dict[str, str], dict[str, int]]:
    """Add the people who read reports; VACUUM ANALYZE so that the planner sees the data as in steady use."""
    from sqlalchemy import create_engine, text

    from app.auth.passwords import hash_password

    engine = create_engine(url)
    with engine.begin() as connection:
        largest = connection.execute(
            text("SELECT organisation_id FROM memberships GROUP BY organisation_id ORDER BY count(*) DESC LIMIT 1")
        ).scalar_one()
        staff = reports_seed.add_staff(connection, hash_password(STAFF_PASSWORD), organisation_id=largest, country="MT")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in ("users", "enrolments", "quiz_attempts", "certificates", "courses")
        }
    engine.dispose()
    return staff, counts


# --- measurements --------------------------------------------------------------------------------


def _dashboard_times(base: str, email: str, repeats: int) -> list[float]:
    cookie = {"Cookie": common.login(base, email, STAFF_PASSWORD)}
    first = common.get(base + "/reports/", cookie)
    if first.status != 200:
        raise RuntimeError(f"/reports/ answered {first.status} for {email}")
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = common.get(base + "/reports/", cookie)
        times.append(time.perf_counter() - started)
        assert response.status == 200
    return times


def _stream_export(base: str, email: str, path: str) -> dict:
    cookie = common.login(base, email, STAFF_PASSWORD)
    worker = _worker_pid(base)
    # Signing in verifies an Argon2 hash, which takes 64 MiB for a moment: start the peak
    # ("high water mark") afresh, so that it measures the export (Linux: clear_refs, value 5).
    with_sign_in = _memory_mb(worker)["VmHWM"]
    Path(f"/proc/{worker}/clear_refs").write_text("5")
    before = _memory_mb(worker)
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size, lines = 1, first.count(b"\n")
    while chunk := response.read(1 << 16):  # read and forget, as a browser saving the file
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    connection.close()
    after = _memory_mb(worker)
    return {
        "rows": lines - 1,
        "bytes": size,
        "seconds": seconds,
        "first_byte": first_byte,
        "rss_before": before["VmRSS"],
        "peak": after["VmHWM"],
        "peak_with_sign_in": with_sign_in,
    }


def _worker_pid(base: str) -> int:
    """The one gunicorn worker serving `base`: the child of the master started with its address."""
    address = f"127.0.0.1:{urlsplit(base).port}".encode()
    processes = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
                parent = next(line for line in (entry / "status").read_text().splitlines() if line.startswith("PPid:"))
            except (OSError, StopIteration):
                continue
            processes[int(entry.name)] = (command, int(parent.split()[1]))
    masters = {pid for pid, (command, _parent) in processes.items() if address in command}
    workers = [pid for pid, (_command, parent) in processes.items() if parent in masters]
    if len(workers) != 1:
        raise RuntimeError(f"expected one gunicorn worker for {base}, found {len(workers)}")
    return workers[0]


def _memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (the peak so far) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _colon, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def _copy_same_query(url: str) -> dict:
    """The export's own SQL, compiled with its values inline, through COPY ... TO STDOUT WITH CSV."""
    import psycopg
    from sqlalchemy.engine import make_url

    from app import create_app
    from app.extensions import db
    from app.reports.catalogue import course_catalogue
    from app.reports.filters import ReportFilters
    from app.reports.queries import export_rows
    from app.reports.scope import Scope
    from config import Config

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        courses = course_catalogue("en")
        filters = ReportFilters(course_ids=tuple(c.id for c in courses))
        statement = export_rows(Scope(everyone=True), filters, {c.id: c.title for c in courses})
        sql = str(statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        db.engine.dispose()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as connection, connection.cursor() as cursor:
        cursor.execute("SET jit = off")  # as the app's report transactions do
        started = time.perf_counter()
        size = lines = 0
        with cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV") as copy:
            for block in copy:
                size += len(block)
                lines += bytes(block).count(b"\n")
        seconds = time.perf_counter() - started
    return {"rows": lines, "bytes": size, "seconds": seconds}


# --- output ----------------------------------------------------------------------------------------


def _report(dashboard: dict[str, list[float]], export: dict, xlsx: dict, copy: dict) -> int:
    print("\nDashboard, GET /reports/ (one gunicorn worker; ms)")
    rows = [[who, f"{statistics.median(t) * 1000:.0f}", f"{max(t) * 1000:.0f}"] for who, t in dashboard.items()]
    common.print_table(["viewer", "median", "worst"], rows)
    app_rate, copy_rate = export["rows"] / export["seconds"], copy["rows"] / copy["seconds"]
    ratio = app_rate / copy_rate
    print("\nFull learner report, CSV")
    common.print_table(
        ["", "rows", "MB", "seconds", "rows/s", "first byte (s)"],
        [
            [
                "app (streamed over HTTP)",
                f"{export['rows']:,}",
                f"{export['bytes'] / 1e6:.0f}",
                f"{export['seconds']:.1f}",
                f"{app_rate:,.0f}",
                f"{export['first_byte']:.2f}",
            ],
            [
                "PostgreSQL COPY, same query",
                f"{copy['rows']:,}",
                f"{copy['bytes'] / 1e6:.0f}",
                f"{copy['seconds']:.1f}",
                f"{copy_rate:,.0f}",
                "",
            ],
        ],
    )
    print(
        f"\nWorker memory: {export['rss_before']:.0f} MB before the export, peak during it {export['peak']:.0f} MB "
        f"(target under {RSS_TARGET_MB} MB). Signing in before it peaked at {export['peak_with_sign_in']:.0f} MB: "
        "Argon2 takes 64 MiB while it verifies a password."
    )
    print(f"App / COPY throughput: {ratio:.2f} (target at least {COPY_RATIO_TARGET:.2f})")
    print(
        f"\nXLSX for the country coordinator: {xlsx['bytes'] / 1e6:.1f} MB in {xlsx['seconds']:.1f} s "
        f"(first byte after {xlsx['first_byte']:.1f} s: the workbook is complete only when closed); "
        f"worker {xlsx['rss_before']:.0f} MB before, peak {xlsx['peak']:.0f} MB"
    )

    slowest = max(statistics.median(t) for t in dashboard.values()) * 1000
    checks = {
        f"dashboard median {slowest:.0f} ms < {DASHBOARD_TARGET_MS}": slowest < DASHBOARD_TARGET_MS,
        f"export peak {export['peak']:.0f} MB < {RSS_TARGET_MB}": export["peak"] < RSS_TARGET_MB,
        f"XLSX peak {xlsx['peak']:.0f} MB < {RSS_TARGET_MB}": xlsx["peak"] < RSS_TARGET_MB,
        f"export/COPY {ratio:.2f} >= {COPY_RATIO_TARGET:.2f}": ratio >= COPY_RATIO_TARGET,
        "export has every row": export["rows"] == copy["rows"],
    }
    for check, passed in checks.items():
        print(f"  {'ok  ' if passed else 'MISS'} {check}")
    summary = "; ".join(checks)
    common.result_line("reports", all(checks.values()), summary)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
