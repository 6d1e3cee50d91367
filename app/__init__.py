"""The application factory: a table of contents of what the app is made of."""

from __future__ import annotations

from flask import Flask

from app.cli import register_cli
from app.core.database import register_database
from app.core.errors import register_error_handlers
from app.core.logging import register_logging
from app.core.security import register_security
from app.core.templating import register_templating
from app.i18n import register_i18n
from config import INSTANCE_DIR, Config, check_production_config, config_from_env


def create_app(config: type[Config] | None = None, **overrides) -> Flask:
    """Build the app from a config class (default: the one APP_ENV names) plus overrides."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(config or config_from_env())
    app.config.update(overrides)
    check_production_config(app.config)

    register_logging(app)
    register_database(app)
    register_security(app)
    register_i18n(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_templating(app)
    register_cli(app)
    return app


def register_blueprints(app: Flask) -> None:
    from app.admin.routes import bp as admin_bp
    from app.auth.routes import bp as auth_bp
    from app.certificates.routes import bp as certificates_bp
    from app.core.routes import bp as core_bp
    from app.courses.routes import bp as courses_bp
    from app.orgs.routes import bp as orgs_bp
    from app.quiz.routes import bp as quiz_bp
    from app.reports.routes import bp as reports_bp

    for blueprint in (core_bp, auth_bp, orgs_bp, admin_bp, courses_bp, quiz_bp, certificates_bp, reports_bp):
        app.register_blueprint(blueprint)
