"""Database binding: SQLite made transactional and foreign-key aware, migrations wired."""

from flask import Flask
from sqlalchemy import String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction

from app import models  # noqa: F401  (the schema must be complete before migrations compare it)
from app.extensions import db, migrate


class CaseFold(GenericFunction):
    """Text folded for comparing without case, in any script (É, Ç, Ċ, Ω as well as A-Z).

    SQLite's lower() and LIKE fold ASCII letters only, so there it calls Python's
    str.casefold, registered on each connection. PostgreSQL's lower() folds by the
    database's locale, which is UTF-8 on every supported install.
    """

    name = "casefold"
    type = String()
    inherit_cache = True


@compiles(CaseFold)
def _lower_elsewhere(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(CaseFold, "sqlite")
def _casefold_on_sqlite(element, compiler, **kw):
    return f"casefold({compiler.process(element.clauses, **kw)})"


LIKE_ESCAPE = "/"


def folded_contains(column, term: str):
    """SQL for: `column` contains `term`, ignoring case in any script, with % and _ typed by a
    person taken literally. Both sides are folded by the database, so they are folded alike."""
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return CaseFold(column).like(CaseFold(f"%{escaped}%"), escape=LIKE_ESCAPE)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


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
        # Deterministic: SQLite may then use it in indexes and constant-fold it.
        dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")
