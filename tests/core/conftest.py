import pytest

from tests.helpers import fresh_outbox, fresh_request_globals, open_client, open_registration_app  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_request_globals(app):
    """Each request starts with an empty `g` (see tests/helpers.py for why)."""
    with fresh_request_globals(app):
        yield


@pytest.fixture
def outbox(app):
    """E-mails sent during the test (replaces conftest's, which reads an outbox nothing writes to)."""
    return fresh_outbox(app)
