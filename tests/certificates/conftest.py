"""Fixtures for the certificate tests: a small course without a quiz, a learner who completed it."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from app.auth.models import User
from app.extensions import db
from tests import factories
from tests.certificates.helpers import issued_certificate
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client

CONTENT = Path(__file__).parent / "content"
COURSE_ID = "certificate-test-course"


@pytest.fixture
def course(app):
    """A one-lesson course without a quiz that awards a certificate; titles in en, ar and mt."""
    return factories.published_course(COURSE_ID, content_root=CONTENT)


@pytest.fixture
def learner(app):
    return factories.user(email="learner@example.org", name="Ċikku Ħażż-Żammit", organisation=factories.organisation())


@pytest.fixture
def learner_client(app, learner):
    return signed_in_client(app, learner.email)


@pytest.fixture
def certificate(learner, course):
    return issued_certificate(learner, course, score=92.5)


@pytest.fixture(scope="module")
def score_app(database_url):
    """An app that prints the final assessment score (the shared app's settings stay untouched)."""
    other = build_app(database_url, CERTIFICATE_SHOWS_SCORE=True)
    yield other
    dispose(other)


@pytest.fixture
def score_app_client(score_app, app):
    """`with score_app_client(certificate) as client`: its holder, signed in on the score-printing app."""

    @contextmanager
    def signed_in(certificate):
        with in_test_transaction(score_app, app):
            yield signed_in_client(score_app, db.session.get(User, certificate.user_id).email)

    return signed_in
