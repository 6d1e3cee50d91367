"""Database binding: SQLite made transactional and foreign-key aware, migrations wired."""

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app import models  # noqa: F401  (the schema must be complete before migrations compare it)
from app.extensions import db, migrate


def register_database(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"), render_as_batch=True)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _make_sqlite_behave(db.engine)


def _make_sqlite_behave(engine: Engine) -> None:
    """Enforce foreign keys, and let SQLAlchemy own BEGIN so SAVEPOINTs work (SQLAlchemy docs)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")
