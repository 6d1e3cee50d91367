"""Command-line tasks: `flask users`, `flask demo`, `flask content`."""

from flask import Flask

from app.cli import (
    content_i18n,  # noqa: F401  (adds i18n-status and mark-translated to content_cli)
    gift,  # noqa: F401  (adds import-gift and export-gift to content_cli)
    seed,  # noqa: F401  (adds seed to demo_cli)
)
from app.cli.accounts import demo_cli, users_cli
from app.cli.content import content_cli


def register_cli(app: Flask) -> None:
    for group in (users_cli, demo_cli, content_cli):
        app.cli.add_command(group)
