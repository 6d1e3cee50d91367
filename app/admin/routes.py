"""Administration: users, their roles, and organisations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import pgettext
from flask_login import current_user
from sqlalchemy import select

from app.admin import queries, services
from app.admin.forms import GrantRoleForm
from app.auth.access import roles_required
from app.auth.models import Role, RoleGrant, User
from app.auth.profile_choices import country_choices, country_name
from app.extensions import db
from app.orgs.forms import OrganisationForm
from app.orgs.models import Organisation
from app.orgs.services import grant_role

bp = Blueprint("admin", __name__, url_prefix="/admin")

NAME_TAKEN = _l("An organisation with this name already exists in that country.")


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    term = request.args.get("q", "", type=str)[:200]
    page = request.args.get("page", 1, type=int)
    return render_template("admin/users.html", pagination=queries.search_users(term, max(page, 1)), term=term)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def user_detail(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = _grant_form()
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, int(form.organisation.data)) if form.organisation.data else None
        grant_role(user, Role(form.role.data), organisation=organisation, country=form.country.data or None)
        db.session.commit()
        flash(_("Role added."), "success")
        return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("admin/user_detail.html", user=user, form=form), status


@bp.route("/users/<int:user_id>/grants/<int:grant_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove_grant(user_id: int, grant_id: int):
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.user_id != user_id:
        abort(404)
    if grant.user_id == current_user.id and grant.role == Role.ADMIN.value:
        flash(_("You cannot remove your own administrator role."), "error")
    else:
        services.remove_grant(grant)
        db.session.commit()
        flash(_("Role removed."), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def set_active(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    active = request.form.get("active") == "1"
    if user.id == current_user.id and not active:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        services.set_active(user, active)
        db.session.commit()
        flash(_("Account activated.") if active else _("Account deactivated; its sessions have ended."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/organisations", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisations():
    form = OrganisationForm()
    form.country.choices = country_choices()
    if form.validate_on_submit():
        try:
            services.add_organisation(form.name.data, form.country.data)
        except services.OrganisationNameTaken:
            form.name.errors.append(NAME_TAKEN)
        else:
            db.session.commit()
            flash(_("Organisation created."), "success")
            return redirect(url_for("admin.organisations"))
    status = 400 if form.errors else 200
    return render_template("admin/organisations.html", rows=queries.organisations_with_counts(), form=form), status


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation_edit(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm(obj=organisation)
    form.country.choices = country_choices()
    if form.validate_on_submit():
        try:
            services.rename_organisation(organisation, form.name.data, form.country.data)
        except services.OrganisationNameTaken:
            form.name.errors.append(NAME_TAKEN)
        else:
            db.session.commit()
            flash(_("Organisation saved."), "success")
            return redirect(url_for("admin.organisations"))
    status = 400 if form.errors else 200
    return render_template("admin/organisation_edit.html", organisation=organisation, form=form), status


def _grant_form() -> GrantRoleForm:
    form = GrantRoleForm()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation.choices = [("", pgettext("no organisation", "None"))] + [
        (str(o.id), f"{o.name} ({country_name(o.country)})") for o in organisations
    ]
    form.country.choices = country_choices()
    return form
