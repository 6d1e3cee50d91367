"""The content pipeline is plain Python: no module in app/content imports Flask or the app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "content"


@pytest.mark.parametrize("module", sorted(p.name for p in PACKAGE.glob("*.py")))
def test_module_imports_nothing_from_flask_or_the_web_app(module):
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    offending = [
        name
        for name in imported
        if name.split(".")[0].startswith("flask") or (name.startswith("app.") and not name.startswith("app.content"))
    ]
    assert offending == []
