"""Certificate PDFs: an HTML/CSS template rendered by WeasyPrint, the same bytes every time.

The shipped template is templates/certificates/pdf/certificate.html. An administrator may
give one course its own design by placing instance/certificates/<course_id>.html (it may
`{% extends "certificates/pdf/certificate.html" %}` and override blocks). Fonts come from
Debian's fonts-noto-core through fontconfig and are embedded (subset) in every PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

import segno
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, Template
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from app.certificates.details import CertificateDetails, details_for
from app.certificates.models import Certificate
from app.courses.models import CourseVersion
from app.i18n import text_direction

SHIPPED_TEMPLATE = "certificates/pdf/certificate.html"
OVERRIDES = "instance-certificates"  # a prefix no shipped template uses
OVERRIDE_DIR = "certificates"  # inside the instance folder
_fonts = threading.local()


def render_pdf(certificate: Certificate, version: CourseVersion | None, locale: str) -> bytes:
    """The certificate as a PDF in `locale` (one of the interface languages)."""
    with force_locale(locale):
        details = details_for(certificate, version, locale)
        html = render_html(details, certificate.course_id, locale)
    return html_to_pdf(html, identifier=f"certificate-{certificate.code}")


def render_html(details: CertificateDetails, course_id: str, locale: str) -> str:
    template = _template_for(course_id)
    context = {
        "certificate": details,
        "lang": locale,
        "dir": text_direction(locale),
        "course_dir": text_direction(details.course.locale),
        "qr_code": qr_svg(details.verify_url),
    }
    current_app.update_template_context(context)
    return template.render(context)


def html_to_pdf(html: str, identifier: str) -> bytes:
    """Deterministic output: no creation date (the template sets none), a fixed file identifier,
    and resources only from local files and data: URLs, never the network."""
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    document = HTML(string=html, base_url=str(Path(current_app.static_folder)) + "/", url_fetcher=fetcher)
    return document.write_pdf(pdf_identifier=identifier.encode(), pdf_tags=True, font_config=_font_config())


def _font_config() -> FontConfiguration:
    """One font configuration per thread, reused: each new one keeps memory that is never freed
    (about 0.2 MiB per PDF, which a zip of 1,000 certificates turns into 200 MiB), and Pango's
    font maps are not shared between threads."""
    config = getattr(_fonts, "config", None)
    if config is None:
        config = _fonts.config = FontConfiguration()
    return config


def qr_svg(url: str) -> Markup:
    """The verification URL as an inline SVG QR code (medium error correction survives a crease)."""
    svg = segno.make_qr(url, error="m").svg_inline(
        scale=1,
        border=2,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title=_("QR code that opens the verification page of this certificate"),
    )
    return Markup(svg)  # noqa: S704 - segno's own markup around a URL we built; the title is escaped by segno


def override_path(course_id: str) -> Path:
    return Path(current_app.instance_path) / OVERRIDE_DIR / f"{course_id}.html"


def _template_for(course_id: str) -> Template:
    environment = _environment()
    if override_path(course_id).is_file():
        return environment.get_template(f"{OVERRIDES}/{course_id}.html")
    return environment.get_template(SHIPPED_TEMPLATE)


def _environment() -> Environment:
    """The app's Jinja environment, also able to load the instance folder's certificate templates."""
    cache = current_app.extensions.setdefault("certificates.pdf", {})
    if "environment" not in cache:
        overrides = FileSystemLoader(str(Path(current_app.instance_path) / OVERRIDE_DIR))
        loader = ChoiceLoader([PrefixLoader({OVERRIDES: overrides}), current_app.jinja_env.loader])
        cache["environment"] = current_app.jinja_env.overlay(loader=loader)
    return cache["environment"]
