"""Shared helpers for the benchmarks in bench/: a throwaway PostgreSQL database, the app's CLI,
gunicorn on a free port, signing in through the real form, a load generator, output.

Stdlib only (http.client, multiprocessing), so the benchmarks need nothing beyond
requirements.txt. Run each benchmark with the project's virtualenv Python.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
# The server, its admin database and credentials: the local cluster `make postgres-up` starts.
ADMIN_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SECRET_KEY = "bench-only-secret-key-not-for-any-real-use-0123456789"  # noqa: S105  (throwaway databases)


# --- databases and the app's command line ----------------------------------------------------


@contextmanager
def fresh_database(admin_url: str = ADMIN_DATABASE_URL, prefix: str = "bench"):
    """Create an empty PostgreSQL database, yield its URL, drop it afterwards (whatever happens)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for the app (CLI or gunicorn): development config on the given database."""
    env = dict(os.environ)
    env.update(
        {
            "APP_ENV": "development",
            "FLASK_APP": "wsgi.py",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def flask(args: list[str], env: dict[str, str], echo: bool = False) -> str:
    """Run `flask <args>` in the repository; returns its output, raises with it on failure."""
    result = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-m", "flask", *args], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    if echo:
        print(output.rstrip())
    if result.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed ({result.returncode}):\n{output}")
    return output


def migrate(env: dict[str, str]) -> None:
    flask(["db", "upgrade"], env)


# --- gunicorn ---------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int = 4, chdir: Path = REPO, log_dir: Path | None = None):
    """Serve `app_spec` (e.g. "wsgi:app", imported from `chdir`) with `workers` sync workers; yields
    the base URL once /healthz answers. The server's log is removed afterwards unless something failed."""
    port = free_port()
    log_path = (log_dir or Path(tempfile.gettempdir())) / f"gunicorn-{app_spec.replace(':', '-')}-{port}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
                "--chdir",
                str(chdir),
                app_spec,
            ],
            cwd=chdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base + "/healthz", process, log_path)
            yield base
        except BaseException:
            print(f"gunicorn's log is kept in {log_path}", file=sys.stderr)
            raise
        else:
            log_path.unlink()  # the server's output is only of interest when something failed
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_ready(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200; fail early if the server process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}); log:\n{log_path.read_text()[-3000:]}")
        try:
            if get(url).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} was not ready after {timeout:.0f} s; log:\n{log_path.read_text()[-3000:]}")


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


def request(method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Response:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(
            method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {}
        )
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def get(url: str, headers: dict[str, str] | None = None) -> Response:
    return request("GET", url, headers)


def login(base_url: str, email: str, password: str) -> str:
    """Sign in through the real form; returns the Cookie header value of the signed-in session."""
    page = get(base_url + "/login")
    match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.body)
    if page.status != 200 or not match:
        raise RuntimeError(f"/login answered {page.status} without a CSRF token")
    cookies = page.cookies()
    form = urlencode({"email": email, "password": password, "csrf_token": match.group(1).decode()}).encode()
    answer = request(
        "POST",
        base_url + "/login",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(cookies)},
    )
    if answer.status != 302:
        raise RuntimeError(f"signing in as {email} failed: POST /login answered {answer.status}")
    cookies.update(answer.cookies())
    return _cookie_header(cookies)


def _cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


# --- load -------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]  # seconds, successful requests only

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, q: float) -> float:
        """Nearest-rank percentile (q in 0-100) of the latencies, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
        return ordered[rank - 1] * 1000


def run_load(
    url: str,
    total: int,
    concurrency: int,
    sessions: list[dict[str, str]] | None = None,
    processes: int | None = None,
    seconds: float | None = None,
) -> LoadResult:
    """GET `url` `total` times (or for `seconds`, whichever ends first) from `concurrency`
    connections at once, one new connection per request (gunicorn's sync workers close each).
    Connection k sends the headers `sessions[k % len]` (e.g. each its own signed-in learner).
    Threads are spread over several processes so that the client's GIL is not the limit."""
    processes = max(1, min(processes or os.cpu_count() or 1, concurrency))
    sessions = sessions or [{}]
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    shares = _split(total, processes)
    threads = _split(concurrency, processes)
    first = [sum(threads[:i]) for i in range(processes)]
    workers = [
        context.Process(
            target=_load_process,
            args=(
                url,
                [sessions[(first[i] + k) % len(sessions)] for k in range(threads[i])],
                shares[i],
                seconds,
                barrier,
                results,
            ),
        )
        for i in range(processes)
    ]
    for worker in workers:
        worker.start()
    collected = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    latencies = [lat for part in collected for lat in part["latencies"]]
    elapsed = max(part["end"] for part in collected) - min(part["start"] for part in collected)
    errors = sum(part["errors"] for part in collected)
    return LoadResult(len(latencies) + errors, errors, elapsed, latencies)


def _split(number: int, parts: int) -> list[int]:
    return [number // parts + (1 if i < number % parts else 0) for i in range(parts)]


def _load_process(url, thread_headers, count, seconds, barrier, results) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    remaining = [count]
    deadline = [float("inf")]

    def take() -> bool:
        with lock:
            if remaining[0] == 0 or time.monotonic() > deadline[0]:
                return False
            remaining[0] -= 1
            return True

    def loop(headers: dict[str, str]) -> None:
        mine = []
        while take():
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=loop, args=(headers,)) for headers in thread_headers]
    barrier.wait()
    start = time.monotonic()  # CLOCK_MONOTONIC: comparable between processes on Linux
    if seconds:
        deadline[0] = start + seconds
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put({"start": start, "end": time.monotonic(), "latencies": latencies, "errors": errors[0]})


# --- output -------------------------------------------------------------------------------------


def print_table(headers: list[str], rows: list[list]) -> None:
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if index == 0:
            print("  ".join("-" * w for w in widths))


def result_line(name: str, passed: bool | None, summary: str) -> None:
    """The line run_all.py collects: `RESULT: <name> PASS|FAIL|INFO <summary>`."""
    status = "INFO" if passed is None else ("PASS" if passed else "FAIL")
    print(f"RESULT: {name} {status} {summary}", flush=True)
