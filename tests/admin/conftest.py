import pytest

from tests.helpers import fresh_request_globals


@pytest.fixture(autouse=True)
def _fresh_request_globals(app):
    """Each request starts with an empty `g` (see tests/helpers.py for why)."""
    with fresh_request_globals(app):
        yield
