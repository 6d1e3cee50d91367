"""The yardstick for bench/lesson_page.py: a bare Flask view that returns fixed HTML bytes.

It serves the lesson page's own HTML (captured by the benchmark into BARE_HTML_PATH) for any
path, with no database, session, template or translation: what serving those bytes from
Flask under the same gunicorn setup costs at the least.

/bench/one-query/<path> returns the same bytes after one PostgreSQL round trip (a prepared
primary-key lookup on an open autocommit psycopg connection, no ORM): the least any page that
reads the database pays. The benchmark prints it as a further yardstick.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

HTML = Path(os.environ["BARE_HTML_PATH"]).read_bytes()

app = Flask(__name__)
_connection = None


def _database():
    """One connection per worker process, opened on first use (gunicorn forks before requests)."""
    global _connection
    if _connection is None:
        import psycopg

        _connection = psycopg.connect(os.environ["DATABASE_URL"].replace("+psycopg", ""), autocommit=True)
    return _connection


@app.get("/healthz")
def health():
    return {"status": "ok"}


@app.get("/bench/one-query/<path:anything>")
def one_query(anything: str):
    _database().execute("SELECT id, session_version FROM users WHERE id = %s", (1,), prepare=True).fetchall()
    return Response(HTML, mimetype="text/html")


@app.get("/<path:anything>")
def page(anything: str):
    return Response(HTML, mimetype="text/html")
