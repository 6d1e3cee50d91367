"""Logging: one line per event, never personal data (no e-mails, names or form values)."""

import logging
import re

from flask import Flask


def register_logging(app: Flask) -> None:
    level = getattr(logging, str(app.config.get("LOG_LEVEL", "INFO")).upper(), logging.INFO)
    app.logger.setLevel(level)
    # Werkzeug's access log prints query strings, which may hold reset or invitation tokens.
    logging.getLogger("werkzeug").addFilter(_RedactTokens())


class _RedactTokens(logging.Filter):
    """Blank out token path segments in access-log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                re.sub(r"/(reset|invite|join)/[^ /?]+", r"/\1/[redacted]", a) if isinstance(a, str) else a
                for a in record.args
            )
        return True
