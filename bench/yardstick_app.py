"""Yardsticks for bench/lesson_page.py: this app, plus two routes that return the lesson page's
captured HTML (BARE_HTML_PATH) and do nothing else.

- /bench/public/<path>: every hook the app runs on each request (CSRF, rate limits, security
  headers, the session), no database, no template.
- /bench/signed-in/<path>: the same behind `login_required`: the session cookie, the signed-in
  user and role grants loaded (one query, in a transaction), as on every page of a learner.

Between the bare view and the lesson page they show what the framework costs before the page
does any work of its own. Only the benchmark serves this app; the routes are not in the product.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Blueprint, Response

from app import create_app
from app.auth.access import login_required

HTML = Path(os.environ["BARE_HTML_PATH"]).read_bytes()

yardsticks = Blueprint("yardsticks", __name__, url_prefix="/bench")


@yardsticks.get("/public/<path:anything>")
def public(anything: str):
    return Response(HTML, mimetype="text/html")


@yardsticks.get("/signed-in/<path:anything>")
@login_required
def signed_in(anything: str):
    return Response(HTML, mimetype="text/html")


app = create_app()
app.register_blueprint(yardsticks)
