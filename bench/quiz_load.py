"""200 learners taking the final assessment at once, against PostgreSQL: throughput, p99, and
a check in the database that nothing was lost or counted twice.

Each learner, in a thread of its own with its own session cookie: opens the quiz page,
starts an attempt, opens every question and saves an answer (the first question twice: a
changed mind), then presses Submit twice at the same moment (a double click), and opens
the results. Afterwards the database must hold every answer sent exactly once, with the
last response sent, and every attempt exactly one grade (attempts_count 1, the score the
stored answers earn).

    .venv/bin/python bench/quiz_load.py                     # starts PostgreSQL database + gunicorn itself
    .venv/bin/python bench/quiz_load.py --server-url http://127.0.0.1:8000 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/platform

With --server-url, the server must use --database-url, and its per-IP sign-in limit must let
the learners sign in (LOGIN_LIMIT_PER_IP). Threads with stdlib http.client rather than locust:
no new dependency, and each virtual learner's requests and answers are at hand for the
database check. Exit status 0 when every request succeeded and the database check passed.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402  (bench/ is not a package: scripts run from anywhere)

sys.path.insert(0, str(common.REPO))

COURSE = "responding-to-disclosures"
PASSWORD = "quiz-load-password-1"  # noqa: S105  (throwaway learners in a throwaway or named bench database)
# Cheap password hashes: signing 200 learners in is set-up, not what is measured.
CHEAP_HASHING = {"PASSWORD_HASH_TIME_COST": "1", "PASSWORD_HASH_MEMORY_COST": "8", "PASSWORD_HASH_PARALLELISM": "1"}
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUESTION = re.compile(r'name="question" value="([^"]+)"')
STEPS = re.compile(r'name="go" value="(\d+)"')
ATTEMPT = re.compile(r"/quiz/attempts/(\d+)")


# --- one learner's browser ----------------------------------------------------------------------


@dataclass
class Timing:
    kind: str
    seconds: float
    ok: bool


class Browser:
    """A cookie jar and a new connection per request (gunicorn's sync workers close each one)."""

    def __init__(self, base: str, cookie: str, timings: list[Timing]):
        self.base = urlsplit(base)
        self.cookies = dict(pair.split("=", 1) for pair in cookie.split("; ") if "=" in pair)
        self.timings = timings
        self.lock = threading.Lock()

    def send(self, kind: str, method: str, path: str, form: dict | None = None, expect: int = 200):
        with self.lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            response = common.request(method, f"{self.base.scheme}://{self.base.netloc}{path}", headers, body)
        except OSError as error:
            self.timings.append(Timing(kind, time.perf_counter() - started, False))
            raise LearnerFailed(f"{method} {path}: {error}") from error
        ok = response.status == expect
        self.timings.append(Timing(kind, time.perf_counter() - started, ok))
        with self.lock:
            self.cookies.update(response.cookies())
        if not ok:
            raise LearnerFailed(f"{method} {path} answered {response.status}, expected {expect}")
        return response


class LearnerFailed(Exception):
    pass


@dataclass
class Outcome:
    email: str
    attempt_id: int | None = None
    sent: dict[str, list[str]] = field(default_factory=dict)  # question id -> the last response sent
    saves: int = 0
    error: str | None = None


def take_quiz(base: str, cookie: str, email: str, answers: dict[str, dict], timings: list[Timing]) -> Outcome:
    browser, outcome = Browser(base, cookie, timings), Outcome(email)
    quiz = f"/courses/{COURSE}/quiz"
    try:
        intro = browser.send("intro", "GET", quiz)
        token = TOKEN.search(intro.body.decode()).group(1)
        started = browser.send("start", "POST", quiz + "/attempts", {"csrf_token": token}, expect=302)
        outcome.attempt_id = int(ATTEMPT.search(started.headers["Location"]).group(1))
        attempt = f"{quiz}/attempts/{outcome.attempt_id}"
        step, count = 1, None
        while step is not None:
            page = browser.send("question", "GET", f"{attempt}?q={step}").body.decode()
            question_id = QUESTION.search(page).group(1)
            count = count or max(int(n) for n in STEPS.findall(page))
            go = str(step + 1) if step < count else "end"
            tries = (
                [answers[question_id]["wrong"], answers[question_id]["right"]]
                if step == 1
                else [answers[question_id]["right"]]
            )
            for data in tries:
                browser.send(
                    "save",
                    "POST",
                    attempt + "/answers",
                    {"csrf_token": token, "question": question_id, "go": go, **data},
                    expect=302,
                )
                outcome.sent[question_id] = answers[question_id]["response" if data is tries[-1] else "wrong_response"]
                outcome.saves += 1
            step = step + 1 if step < count else None
        browser.send("check", "GET", f"{attempt}?q=end")
        # A double click: two submissions of the same attempt at the same moment.
        results: list[Exception | None] = [None, None]

        def press(index: int) -> None:
            try:
                browser.send("submit", "POST", attempt + "/submit", {"csrf_token": token}, expect=302)
            except LearnerFailed as error:
                results[index] = error

        clicks = [threading.Thread(target=press, args=(i,)) for i in range(2)]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join()
        for error in results:
            if error:
                raise error
        browser.send("review", "GET", attempt + "/review")
    except (LearnerFailed, AttributeError, ValueError) as error:
        outcome.error = f"{email}: {error}"
    return outcome


# --- set-up ---------------------------------------------------------------------------------------


def make_app(database_url: str):
    from app import create_app
    from config import DevelopmentConfig

    overrides = {key: int(value) for key, value in CHEAP_HASHING.items()}
    return create_app(
        DevelopmentConfig, SQLALCHEMY_DATABASE_URI=database_url, SECRET_KEY=common.SECRET_KEY, **overrides
    )


def create_learners(app, count: int) -> list[str]:
    """Learners made with the app's services, the course's content note read, committed."""
    from app.auth.services import register_user
    from app.courses.services import acknowledge_content_note
    from app.extensions import db

    run = uuid.uuid4().hex[:8]
    emails = []
    with app.app_context():
        for n in range(count):
            person = register_user(
                email=f"quiz-load-{run}-{n}@example.org", password=PASSWORD, display_name=f"Load Learner {n}"
            )
            acknowledge_content_note(person.id, COURSE)
            emails.append(person.email)
        db.session.commit()
    return emails


def answer_sheet(app) -> dict[str, dict]:
    """For each question of the served version: form data and stored response, right and wrong."""
    from app.quiz import queries

    with app.app_context():
        _course, content = queries.served_quiz(COURSE)
        sheet = {}
        for question in content.source.questions:
            right = question.correct_ids
            if question.type == "ordering":
                wrong = list(reversed(right))
                as_form = lambda order: {f"position-{oid}": str(n) for n, oid in enumerate(order, 1)}  # noqa: E731
            else:
                wrong = [next(o.id for o in question.options if not o.correct)]
                as_form = lambda ids: {"answer": ids}  # noqa: E731
            sheet[question.id] = {
                "right": as_form(right),
                "response": right,
                "wrong": as_form(wrong),
                "wrong_response": wrong,
            }
        return sheet


# --- the database check ---------------------------------------------------------------------------


def check_database(app, outcomes: list[Outcome]) -> list[str]:
    """Every answer sent stored exactly once with its last response; every attempt graded once."""
    from sqlalchemy import func, select

    from app.courses.models import Enrolment
    from app.extensions import db
    from app.quiz import queries
    from app.quiz.grading import grade_attempt
    from app.quiz.models import QuizAnswer, QuizAttempt

    problems = []
    with app.app_context():
        _course, content = queries.served_quiz(COURSE)
        for outcome in outcomes:
            if outcome.attempt_id is None:
                continue
            attempt = db.session.get(QuizAttempt, outcome.attempt_id)
            rows = db.session.execute(
                select(QuizAnswer.question_id, QuizAnswer.response).where(QuizAnswer.attempt_id == attempt.id)
            ).all()
            stored = defaultdict(list)
            for question_id, response in rows:
                stored[question_id].append(response)
            for question_id, sent in outcome.sent.items():
                if stored.get(question_id) != [sent]:
                    problems.append(
                        f"attempt {attempt.id} question {question_id}: sent {sent}, stored {stored.get(question_id)}"
                    )
            if set(stored) - set(outcome.sent):
                problems.append(
                    f"attempt {attempt.id}: answers stored that were never sent: {set(stored) - set(outcome.sent)}"
                )
            attempts = db.session.scalar(
                select(func.count())
                .select_from(QuizAttempt)
                .where(QuizAttempt.user_id == attempt.user_id, QuizAttempt.course_id == COURSE)
            )
            enrolment = db.session.scalar(
                select(Enrolment).where(Enrolment.user_id == attempt.user_id, Enrolment.course_id == COURSE)
            )
            expected = grade_attempt(content.source, attempt.question_ids, {q: r[0] for q, r in stored.items()})
            if attempt.submitted_at is None or attempt.score is None:
                problems.append(f"attempt {attempt.id} was never graded")
            elif attempt.score != expected.percent:
                problems.append(f"attempt {attempt.id} graded {attempt.score}, its answers earn {expected.percent}")
            if attempts != 1 or enrolment.attempts_count != 1:
                problems.append(
                    f"user {attempt.user_id}: {attempts} attempts, attempts_count {enrolment.attempts_count}"
                )
    return problems


# --- run -------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--server-url", help="a running server (default: start gunicorn on a fresh database)")
    parser.add_argument("--database-url", help="the server's database (required with --server-url)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers, when starting the server")
    args = parser.parse_args()
    if args.server_url and not args.database_url:
        parser.error("--server-url needs --database-url: the answers are checked in the database")

    with ExitStack() as stack:
        database_url = args.database_url or stack.enter_context(common.fresh_database(prefix="bench_quiz"))
        env = common.app_env(
            database_url,
            LOGIN_LIMIT_PER_IP="100000 per minute",
            LOGIN_LIMIT_PER_ACCOUNT="1000 per minute",
            **CHEAP_HASHING,
        )
        if not args.database_url:
            common.migrate(env)
        common.flask(["content", "publish"], env)
        app = make_app(database_url)
        emails = create_learners(app, args.learners)
        sheet = answer_sheet(app)
        base = args.server_url or stack.enter_context(common.gunicorn("wsgi:app", env, workers=args.workers))
        cookies = [common.login(base, email, PASSWORD) for email in emails]
        print(f"{len(emails)} learners signed in; {len(sheet)} questions each; server {base}")

        timings: list[Timing] = []
        outcomes: list[Outcome] = [None] * len(emails)
        start_gate = threading.Barrier(len(emails) + 1)

        def learner(index: int) -> None:
            start_gate.wait()
            outcomes[index] = take_quiz(base, cookies[index], emails[index], sheet, timings)

        threads = [threading.Thread(target=learner, args=(i,)) for i in range(len(emails))]
        for thread in threads:
            thread.start()
        start_gate.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
        problems = [o.error for o in outcomes if o.error] + check_database(app, outcomes)
        with app.app_context():
            from app.extensions import db

            db.engine.dispose()
    return report(args, timings, seconds, outcomes, problems)


def percentile_ms(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1] * 1000


def report(args, timings: list[Timing], seconds: float, outcomes: list[Outcome], problems: list[str]) -> int:
    failed = sum(1 for t in timings if not t.ok)
    rows = []
    for kind in ("intro", "start", "question", "save", "check", "submit", "review", "all"):
        chosen = [t.seconds for t in timings if t.ok and (kind == "all" or t.kind == kind)]
        rows.append([kind, len(chosen), f"{percentile_ms(chosen, 50):.0f}", f"{percentile_ms(chosen, 99):.0f}"])
    print()
    common.print_table(["requests", "count", "p50 ms", "p99 ms"], rows)
    throughput = (len(timings) - failed) / seconds if seconds else 0.0
    saves = sum(o.saves for o in outcomes)
    submitted = sum(1 for o in outcomes if o.attempt_id)
    print()
    print(
        f"{len(timings)} requests in {seconds:.1f} s: {throughput:.0f} req/s, {failed} failed; "
        f"{saves} answers saved, {submitted} attempts submitted twice each"
    )
    print(
        f"Closed loop without think time: each learner sends its next request as soon as the last one is "
        f"answered, so with {args.learners} learners latency is mostly waiting for a free worker "
        f"(about learners / throughput)."
    )
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems[:20]:
            print("  " + problem)
    else:
        print(
            "Database check: every answer stored exactly once with the last response sent; "
            "every attempt graded exactly once."
        )
    p99 = percentile_ms([t.seconds for t in timings if t.ok], 99)
    passed = not problems and failed == 0
    common.result_line(
        "quiz_load",
        passed,
        f"{args.learners} learners, {throughput:.0f} req/s, p99 {p99:.0f} ms, "
        f"{len(problems)} database or request problems",
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
