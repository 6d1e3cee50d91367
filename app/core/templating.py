"""What every template can use: languages, direction, navigation, formatting helpers."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent

from app.auth.profile_choices import country_name
from app.i18n import LANGUAGES, current_language, text_direction


def register_templating(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.context_processor(_globals)
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_decimal, "number")
    app.add_template_filter(format_percent, "percent")
    app.add_template_filter(country_name, "country_name")


def _globals() -> dict:
    language = current_language()
    return {
        "languages": LANGUAGES,
        "current_language": language,
        "text_direction": text_direction(language),
        "site_name": current_app.config["SITE_NAME"],
        "quick_exit_url": current_app.config["QUICK_EXIT_URL"],
        "current_path": request.full_path.rstrip("?") if request else "/",
    }
