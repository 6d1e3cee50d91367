"""Certificate PDFs: the first download, repeated downloads, and a coordinator's zip of 1,000.

Standalone: a throwaway SQLite database in a temporary folder, the app in this process, its
HTTP interface through Flask's test client (no network). Run with the project's Python:

    .venv/bin/python bench/certificates.py [--certificates 1000] [--repeats 20]

Prints timings, the peak resident memory while the zip streams, and the ratios that matter:
repeated / first download, and zip time per certificate / single download.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

COURSE = "responding-to-disclosures"  # the shipped course with an Arabic translation
PASSWORD = "bench-password-not-secret"  # noqa: S105  (a throwaway database)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    from flask_migrate import upgrade

    from app import create_app
    from config import TestConfig

    with tempfile.TemporaryDirectory(prefix="bench-certificates-") as folder:
        app = create_app(
            TestConfig,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/bench.sqlite",
            RATELIMIT_ENABLED=False,
            WTF_CSRF_ENABLED=False,
        )
        with app.app_context():
            upgrade()
            admin_email, codes = _seed(args.certificates)
        holder, admin = _signed_in(app, "learner0@bench.example"), _signed_in(app, admin_email)

        first = _timed(lambda: _download(holder, codes[0], "ar"))
        repeated = [_timed(lambda: _download(holder, codes[0], "ar")) for _ in range(args.repeats)]
        english = [_timed(lambda: _download(holder, codes[0], "en")) for _ in range(args.repeats)]

        rss_before = _peak_rss_mib()
        started = time.perf_counter()
        response = admin.get("/reports/certificates.zip", query_string={"lang": "en"}, buffered=False)
        size = sum(len(chunk) for chunk in response.response)  # consumed as a browser would, not kept
        zip_seconds = time.perf_counter() - started
        rss_after = _peak_rss_mib()

    p50_repeated, p50_english = statistics.median(repeated), statistics.median(english)
    per_certificate = zip_seconds / args.certificates
    print(f"certificate PDF, first download (Arabic, cold fonts): {first * 1000:8.1f} ms")
    print(f"certificate PDF, repeated download p50 (Arabic):     {p50_repeated * 1000:8.1f} ms")
    print(f"certificate PDF, download p50 (English):             {p50_english * 1000:8.1f} ms")
    print(
        f"zip of {args.certificates} certificates:                     {zip_seconds:8.1f} s "
        f"({size / 1e6:.1f} MB, {per_certificate * 1000:.1f} ms per certificate)"
    )
    print(
        f"peak RSS: {rss_before:.0f} MiB before the zip, {rss_after:.0f} MiB after "
        f"(+{rss_after - rss_before:.0f} MiB while streaming)"
    )
    print(f"ratio repeated/first download:            {p50_repeated / first:6.2f}")
    print(f"ratio zip per certificate/single download: {per_certificate / p50_english:6.2f}")


def _seed(count: int) -> tuple[str, list[str]]:
    """An administrator, `count` learners in one organisation, each with a certificate."""
    from app.auth.models import Role
    from app.auth.services import register_user
    from app.certificates.services import issue_certificate
    from app.courses.models import Enrolment
    from app.extensions import db
    from app.orgs.services import create_organisation, grant_role
    from tests.factories import published_course

    version = published_course(COURSE)
    admin = register_user(email="admin@bench.example", password=PASSWORD, display_name="Bench Admin", locale="en")
    grant_role(admin, Role.ADMIN)
    organisation = create_organisation("Bench Organisation", "MT")
    names = ["Ċikku Ħażż-Żammit", "Γεώργιος Παπαδόπουλος", "Zoë Müller", "نور حداد", "Ñuño Peña"]
    codes = []
    completed = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    for number in range(count):
        learner = register_user(
            email=f"learner{number}@bench.example",
            password=PASSWORD,
            display_name=f"{names[number % len(names)]} {number}",
            locale=None,
        )
        learner.organisations.append(organisation)
        enrolment = Enrolment(
            user_id=learner.id,
            course_id=COURSE,
            progress_percent=100,
            completed_at=completed + timedelta(minutes=number),
            completed_version_hash=version.content_hash,
        )
        db.session.add(enrolment)
        db.session.flush()
        codes.append(issue_certificate(enrolment, version).code)
        if number % 200 == 0:
            db.session.commit()
    db.session.commit()
    return "admin@bench.example", codes


def _signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"could not sign in as {email}"
    return client


def _download(client, code: str, lang: str) -> None:
    """As the holder (certificates are owner-only), the whole PDF read."""
    response = client.get(f"/certificates/{code}.pdf", query_string={"lang": lang})
    assert response.status_code == 200 and response.data.startswith(b"%PDF"), response.status_code


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


if __name__ == "__main__":
    main()
