"""Certificates: learners' list and downloads, public verification, Open Badges documents,
coordinators' zip, administrators' revoke and reissue."""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.auth.access import login_required, public, roles_required
from app.auth.models import Role
from app.certificates import badges, queries, services
from app.certificates.archive import zip_of_certificates
from app.certificates.details import course_text, details_for
from app.certificates.forms import ExportForm, ReissueForm, RevokeForm, VerifyForm
from app.certificates.pdf import render_pdf
from app.certificates.signing import public_jwks
from app.core.errors import UserFacingBadRequest
from app.extensions import db, limiter
from app.i18n import LANGUAGES, current_language, list_join

bp = Blueprint("certificates", __name__)


def _verify_limit() -> str:
    return current_app.config["VERIFY_LIMIT"]


# One budget per IP for the form and the result pages: codes cannot be found by trying.
_verify_limited = limiter.shared_limit(_verify_limit, scope="certificate-verification")


# --- learners ----------------------------------------------------------------------------


@bp.route("/certificates/")
@login_required
def mine():
    certificates = queries.certificates_of(current_user)
    versions = queries.versions_of(certificates)
    language = current_language()
    rows = [details_for(c, versions.get((c.course_id, c.version_hash)), language) for c in certificates]
    return render_template(
        "certificates/mine.html",
        rows=rows,
        default_lang=_download_language(None),
        can_export=current_user.is_admin or current_user.has_role(Role.COORDINATOR),
    )


@bp.route("/certificates/<code>.pdf")
@login_required
def pdf(code: str):
    certificate = _own_valid_certificate(code)
    language = _download_language(request.args.get("lang"))
    body = render_pdf(certificate, queries.version_of(certificate), language)
    return _download(body, "application/pdf", f"certificate-{certificate.code}-{language}.pdf")


@bp.route("/certificates/<code>/credential.json")
@login_required
def credential_json(code: str):
    certificate = _own_valid_certificate(code)
    document = badges.credential(
        certificate, queries.version_of(certificate), _download_language(request.args.get("lang"))
    )
    response = jsonify(document)
    response.headers["Content-Disposition"] = f'attachment; filename="credential-{certificate.code}.json"'
    return response


@bp.route("/certificates/<code>/credential.jwt")
@login_required
def credential_jwt(code: str):
    certificate = _own_valid_certificate(code)
    token = badges.signed_credential(
        certificate, queries.version_of(certificate), _download_language(request.args.get("lang"))
    )
    return _download(token.encode(), "application/jwt", f"credential-{certificate.code}.jwt")


# --- public verification ------------------------------------------------------------------


@bp.route("/verify")
@public
@_verify_limited
def verify():
    form = VerifyForm(formdata=request.args)
    if "code" not in request.args:
        return _no_index(render_template("certificates/verify.html", form=form))
    if not form.validate():
        return _no_index(render_template("certificates/verify.html", form=form)), 400
    code = services.normalise_code(form.code.data)
    if not code:
        form.code.errors.append(_("Enter the code printed on the certificate."))
        return _no_index(render_template("certificates/verify.html", form=form)), 400
    return redirect(url_for("certificates.verify_code", code=code))


@bp.route("/verify/<code>")
@public
@_verify_limited
def verify_code(code: str):
    certificate = queries.find_by_code(code)
    if certificate is None:
        form = VerifyForm(formdata=None, data={"code": code[:64]})
        return _no_index(render_template("certificates/verify_result.html", result=None, form=form)), 404
    details = details_for(certificate, queries.version_of(certificate), current_language())
    return _no_index(render_template("certificates/verify_result.html", result=details, form=VerifyForm(formdata=None)))


# --- Open Badges: public documents that credentials point at -----------------------------


@bp.route("/badges/issuer")
@public
def issuer():
    return _public_json(badges.issuer_profile())


@bp.route("/badges/keys")
@public
def jwks():
    return _public_json(public_jwks())


@bp.route("/badges/achievements/<course_id>")
@public
def achievement(course_id: str):
    version = queries.current_version(course_id)
    if version is None:
        abort(404)
    return _public_json({"@context": badges.CONTEXT} | badges.achievement(course_id, version, version.source_locale))


@bp.route("/badges/status/revocation")
@public
def revocation_list():
    """The Bitstring Status List that every credential's credentialStatus points into."""
    document = badges.revocation_list(*queries.revocation_status())
    response = _download(badges.signed_revocation_list(document).encode(), "application/jwt", "revocation-list.jwt")
    # Weak: the same content signed again (ES256) is equivalent, not byte-identical. Verifiers may
    # hold the list for five minutes, then revalidate without downloading it: a revocation shows within that.
    response.set_etag(badges.revocation_list_etag(document), weak=True)
    response.headers["Cache-Control"] = "public, max-age=300"
    _for_any_verifier(response)
    return response.make_conditional(request)


# --- coordinators --------------------------------------------------------------------------


@bp.route("/certificates/export")
@roles_required(Role.COORDINATOR)
def export():
    return render_template("certificates/export.html", form=_export_form(formdata=None))


@bp.route("/reports/certificates.zip", endpoint="zip_for_coordinator")
@roles_required(Role.COORDINATOR)
def zip_for_coordinator():
    form = _export_form(formdata=request.args)
    if not form.validate():
        return render_template("certificates/export.html", form=form), 400
    ids = db.session.scalars(
        queries.certificates_in_scope(
            current_user,
            course_id=form.course.data or None,
            organisation_id=int(form.organisation.data) if form.organisation.data else None,
            completed_from=form.date_from.data,
            completed_to=form.date_to.data,
        )
    ).all()
    if not ids:
        return render_template("certificates/export.html", form=form, nothing_found=True)
    chunks = zip_of_certificates(list(ids), form.lang.data)
    response = current_app.response_class(stream_with_context(chunks), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="certificates-{date.today().isoformat()}.zip"'
    return response


# --- administrators --------------------------------------------------------------------------


@bp.route("/admin/certificates")
@roles_required(Role.ADMIN)
def admin_list():
    term = request.args.get("q", "", type=str)[:200]
    page = max(request.args.get("page", 1, type=int), 1)
    return render_template(
        "certificates/admin/list.html",
        pagination=queries.admin_search(term, page),
        term=term,
        format_code=services.format_code,
    )


@bp.route("/admin/certificates/<code>")
@roles_required(Role.ADMIN)
def admin_detail(code: str):
    certificate = queries.find_by_code(code) or abort(404)
    return _admin_page(certificate, RevokeForm(formdata=None), _reissue_form(certificate, formdata=None))


@bp.route("/admin/certificates/<code>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke(code: str):
    certificate = queries.find_by_code(code) or abort(404)
    form = RevokeForm()
    if certificate.revoked_at is not None:
        flash(_("This certificate was already revoked."), "info")
        return redirect(url_for("certificates.admin_detail", code=certificate.code))
    if not form.validate_on_submit():
        return _admin_page(certificate, form, _reissue_form(certificate, formdata=None)), 400
    services.revoke_certificate(certificate, form.reason.data, current_user)
    db.session.commit()
    flash(_("Certificate revoked. The verification page now says so."), "success")
    return redirect(url_for("certificates.admin_detail", code=certificate.code))


@bp.route("/admin/certificates/<code>/reissue", methods=["POST"])
@roles_required(Role.ADMIN)
def reissue(code: str):
    certificate = queries.find_by_code(code) or abort(404)
    form = ReissueForm()
    if certificate.revoked_at is not None:
        flash(_("A revoked certificate cannot be reissued."), "error")
        return redirect(url_for("certificates.admin_detail", code=certificate.code))
    if not form.validate_on_submit():
        return _admin_page(certificate, RevokeForm(formdata=None), form), 400
    services.reissue_certificate(certificate, form.holder_name.data, form.note.data, current_user)
    db.session.commit()
    flash(_("Certificate reissued with the corrected name, under the same code."), "success")
    return redirect(url_for("certificates.admin_detail", code=certificate.code))


# --- helpers -----------------------------------------------------------------------------------


def _own_valid_certificate(code: str):
    """The signed-in person's own certificate; anyone else's is 'not found', a revoked one is gone."""
    certificate = queries.owned_certificate(current_user, code) or abort(404)
    if certificate.revoked_at is not None:
        abort(make_response(render_template("certificates/revoked.html", revoked_at=certificate.revoked_at), 410))
    return certificate


def _download_language(requested: str | None) -> str:
    """?lang= if given (it must be an interface language), else the learner's own language."""
    if requested is None or requested == "":
        preferred = getattr(current_user, "locale", None)
        return preferred if preferred in LANGUAGES else current_language()
    if requested not in LANGUAGES:
        raise UserFacingBadRequest(
            description=_(
                "Certificates can be downloaded in these languages: %(list)s.", list=list_join(LANGUAGES.values())
            )
        )
    return requested


def _download(body: bytes, mimetype: str, filename: str):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _public_json(document: dict):
    """Documents that verifiers fetch: the same for everyone, so caches may keep them for an hour."""
    response = jsonify(document)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return _for_any_verifier(response)


def _for_any_verifier(response):
    """Public documents (no cookies, no personal data) that a verifier running in a browser on
    another site must be able to read: the issuer, its keys, achievements, the status list."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _no_index(body):
    """Verification pages name people: keep them out of search engines and shared caches."""
    response = current_app.make_response(body)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _export_form(formdata) -> ExportForm:
    language = current_language()
    form = ExportForm(formdata=formdata, lang=language)
    versions = queries.current_versions()
    form.course.choices = [SelectChoice("", _("All courses"))] + [
        SelectChoice(v.course_id, course_text(v, v.course_id, language).title) for v in versions
    ]
    form.organisation.choices = [SelectChoice("", _("All my organisations"))] + [
        SelectChoice(str(o.id), f"{o.name} ({o.country})") for o in queries.managed_organisations(current_user)
    ]
    return form


def _reissue_form(certificate, formdata) -> ReissueForm:
    form = ReissueForm(formdata=formdata)
    if formdata is None:
        form.holder_name.data = certificate.holder_name
    return form


def _admin_page(certificate, revoke_form, reissue_form):
    details = details_for(certificate, queries.version_of(certificate), current_language())
    return render_template(
        "certificates/admin/detail.html",
        certificate=certificate,
        details=details,
        revoke_form=revoke_form,
        reissue_form=reissue_form,
    )
