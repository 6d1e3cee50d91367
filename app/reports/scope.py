"""Whose records a person may see in reports: the one rule every report query goes through.

- An administrator sees everyone.
- A coordinator sees the members of the organisations their grants name, and of every
  organisation located in a country their grants name (the union of their grants). People
  who belong to no organisation, or only to others, are not theirs. The profile's country is
  the learner's own statement and is never a reason to show them to someone.
- Anyone else sees only themself (their transcript).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select, true

from app.auth.models import Role, User
from app.orgs.models import Organisation, memberships


@dataclass(frozen=True)
class Scope:
    """The people a report may include, from the viewer's grants."""

    everyone: bool = False
    organisation_ids: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    only_user_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.everyone or self.organisation_ids or self.countries or self.only_user_id)


def scope_for(user: User) -> Scope:
    if user.is_admin:
        return Scope(everyone=True)
    grants = [grant for grant in user.grants if grant.role == Role.COORDINATOR.value]
    if grants:
        return Scope(
            organisation_ids=frozenset(g.organisation_id for g in grants if g.organisation_id is not None),
            countries=frozenset(g.country for g in grants if g.country is not None),
        )
    return Scope(only_user_id=user.id)


def own_scope(user: User) -> Scope:
    """A learner looking at their own records."""
    return Scope(only_user_id=user.id)


def organisations_condition(scope: Scope) -> ColumnElement[bool]:
    """Which organisations' names and members the scope covers."""
    if scope.everyone:
        return true()
    conditions = []
    if scope.organisation_ids:
        conditions.append(Organisation.id.in_(sorted(scope.organisation_ids)))
    if scope.countries:
        conditions.append(Organisation.country.in_(sorted(scope.countries)))
    return or_(*conditions) if conditions else false()


def learners_condition(scope: Scope, user_id_column=User.id) -> ColumnElement[bool]:
    """True for the users (by their id column) that the scope covers."""
    if scope.everyone:
        return true()
    if scope.only_user_id is not None:
        return user_id_column == scope.only_user_id
    if not (scope.organisation_ids or scope.countries):
        return false()
    members = (
        select(memberships.c.user_id)
        .join(Organisation, Organisation.id == memberships.c.organisation_id)
        .where(organisations_condition(scope))
    )
    return user_id_column.in_(members)


def organisations_query(scope: Scope):
    """The organisations a report viewer may filter by and see named, by country and name."""
    return select(Organisation).where(organisations_condition(scope)).order_by(Organisation.country, Organisation.name)
