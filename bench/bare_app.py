"""The yardstick for bench/lesson_page.py: a bare Flask view that returns fixed HTML bytes.

It serves the lesson page's own HTML (captured by the benchmark into BARE_HTML_PATH) for any
path, with no database, session, template or translation: what serving those bytes from
Flask under the same gunicorn setup costs at the least.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response

HTML = Path(os.environ["BARE_HTML_PATH"]).read_bytes()

app = Flask(__name__)


@app.get("/healthz")
def health():
    return {"status": "ok"}


@app.get("/<path:anything>")
def page(anything: str):
    return Response(HTML, mimetype="text/html")
