"""The sector taxonomy from content/sectors.yml, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app

from app.content.sectors import Taxonomy, load_taxonomy


def taxonomy() -> Taxonomy:
    return _load(str(Path(current_app.config["CONTENT_DIR"]) / "sectors.yml"))


@lru_cache(maxsize=4)
def _load(path: str) -> Taxonomy:
    return load_taxonomy(Path(path))
