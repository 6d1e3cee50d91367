"""Coordinators' view of their organisations: members and invitation links."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.auth.access import roles_required
from app.auth.models import Role
from app.extensions import db
from app.orgs import services
from app.orgs.forms import InvitationForm
from app.orgs.models import Invitation

bp = Blueprint("orgs", __name__, url_prefix="/organisations")


@bp.route("/")
@roles_required(Role.COORDINATOR)
def index():
    organisations = db.session.scalars(services.managed_organisations_query(current_user)).all()
    return render_template("orgs/index.html", organisations=organisations)


@bp.route("/<int:organisation_id>")
@roles_required(Role.COORDINATOR)
def detail(organisation_id: int):
    organisation = _managed_or_404(organisation_id)
    return _detail_page(organisation, InvitationForm())


@bp.route("/<int:organisation_id>/invitations", methods=["POST"])
@roles_required(Role.COORDINATOR)
def create_invitation(organisation_id: int):
    organisation = _managed_or_404(organisation_id)
    form = InvitationForm()
    if not form.validate_on_submit():
        return _detail_page(organisation, form), 400
    invitation = services.create_invitation(
        organisation, current_user, days=form.days.data, max_uses=form.max_uses.data
    )
    db.session.commit()
    flash(_("Invitation link created. Copy it and send it to the people you want to invite."), "success")
    return redirect(url_for("orgs.detail", organisation_id=organisation.id, _anchor=f"invitation-{invitation.id}"))


@bp.route("/<int:organisation_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@roles_required(Role.COORDINATOR)
def revoke_invitation(organisation_id: int, invitation_id: int):
    organisation = _managed_or_404(organisation_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    services.revoke_invitation(invitation)
    db.session.commit()
    flash(_("The invitation link no longer works."), "success")
    return redirect(url_for("orgs.detail", organisation_id=organisation.id))


def _managed_or_404(organisation_id: int):
    # 404, not 403: a coordinator should not learn which other organisations exist.
    organisation = services.managed_organisation(current_user, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _detail_page(organisation, form):
    invitations = db.session.scalars(
        select(Invitation).where(Invitation.organisation_id == organisation.id).order_by(Invitation.created_at.desc())
    ).all()
    return render_template(
        "orgs/detail.html",
        organisation=organisation,
        invitations=invitations,
        members=sorted(organisation.members, key=lambda u: u.display_name.casefold()),
        form=form,
        now=datetime.now(UTC),
    )
