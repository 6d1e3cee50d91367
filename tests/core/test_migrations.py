"""Migrations build the schema from nothing, undo cleanly, and match the models."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app.extensions import db
from tests.conftest import _create_database
from tests.helpers import build_app, dispose


@pytest.fixture
def scratch_app(tmp_path_factory):
    """An app on its own empty database (not the session's), removed afterwards."""
    url, drop = _create_database(os.environ.get("TEST_DATABASE_URL", "sqlite://"), tmp_path_factory)
    other = build_app(url)
    try:
        yield other
    finally:
        dispose(other)
        drop()


def _tables():
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_migrations_upgrade_downgrade_and_upgrade_again(scratch_app):
    with scratch_app.app_context():
        assert _tables() == set()
        upgrade()
        assert _tables() == set(db.metadata.tables)
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()
        assert _tables() == set(db.metadata.tables)


def test_the_models_match_the_migrations(scratch_app):
    with scratch_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations differ; run `flask db migrate`:\n" + "\n".join(map(str, differences))
