"""Report test data, built row by row: courses, people in organisations, and their records.

`people` is a small, hand-counted world used by most report tests:

    Alpha Clinic (MT): anna (health, frontline), aaron (health, crisis), abel (police, no level)
    Beta Police (MT):  bella (police, frontline), boris (police, frontline)
    Gamma Shelter (DE): gina (third-sector, post-crisis)
    no organisation:    nora (MT on her profile, health, frontline)

    course-one (quiz, pass mark 80), course-two (no quiz)
    anna:  course-one completed 2026-01-05 -> 2026-01-15, best 90, 2 attempts, valid certificate
           course-two opened 2026-02-01, 50 %
    aaron: course-one opened 2026-01-10, best 60, 1 attempt
           course-two completed 2026-03-01 -> 2026-03-03, certificate revoked
    abel:  nothing
    bella: course-one completed 2026-02-01 -> 2026-02-05, best 80, 1 attempt, valid certificate
    boris: nothing
    gina:  course-one completed 2026-01-20 -> 2026-01-21, best 100, valid certificate
    nora:  course-one opened 2026-01-02, 20 %

Coordinators and the administrator belong to no organisation, so they are never counted
among the learners of an organisation (the administrator's reports include them).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.auth.models import Role, User
from app.orgs.models import Organisation
from tests import factories
from tests.helpers import signed_in_client
from tests.reports.records import attempt, certify, coordinator, course, enrol, person


@dataclass
class People:
    alpha: Organisation
    beta: Organisation
    gamma: Organisation
    anna: User
    aaron: User
    abel: User
    bella: User
    boris: User
    gina: User
    nora: User
    alpha_coordinator: User
    beta_coordinator: User
    malta_coordinator: User
    admin: User
    learner_names = ("Anna", "Aaron", "Abel", "Bella", "Boris", "Gina", "Nora")

    def client(self, app, who: str):
        return signed_in_client(app, getattr(self, who).email)


@pytest.fixture
def people() -> People:
    alpha = factories.organisation("Alpha Clinic", "MT")
    beta = factories.organisation("Beta Police", "MT")
    gamma = factories.organisation("Gamma Shelter", "DE")
    course("course-one", "Course One", pass_mark=80)
    course("course-two", "Course Two", pass_mark=None)

    anna = person("anna@example.org", "Anna Alpha", organisation=alpha, sector="health", level="frontline")
    aaron = person("aaron@example.org", "Aaron Alpha", organisation=alpha, sector="health", level="crisis")
    abel = person("abel@example.org", "Abel Alpha", organisation=alpha, sector="police")
    bella = person("bella@example.org", "Bella Beta", organisation=beta, sector="police", level="frontline")
    boris = person("boris@example.org", "Boris Beta", organisation=beta, sector="police", level="frontline")
    gina = person("gina@example.org", "Gina Gamma", organisation=gamma, sector="third-sector", level="post-crisis")
    nora = person("nora@example.org", "Nora Nobody", country="MT", sector="health", level="frontline")

    enrol(anna, "course-one", "2026-01-05", completed="2026-01-15", best=90, attempts=2)
    attempt(anna, "course-one", 1, "2026-01-12", 70, False)
    attempt(anna, "course-one", 2, "2026-01-15", 90, True)
    certify(anna, "course-one", "2026-01-15")
    enrol(anna, "course-two", "2026-02-01", progress=50)
    enrol(aaron, "course-one", "2026-01-10", progress=40, best=60, attempts=1)
    attempt(aaron, "course-one", 1, "2026-01-20", 60, False)
    enrol(aaron, "course-two", "2026-03-01", completed="2026-03-03")
    certify(aaron, "course-two", "2026-03-03", revoked="2026-03-10")
    enrol(bella, "course-one", "2026-02-01", completed="2026-02-05", best=80, attempts=1)
    attempt(bella, "course-one", 1, "2026-02-05", 80, True)
    certify(bella, "course-one", "2026-02-05")
    enrol(gina, "course-one", "2026-01-20", completed="2026-01-21", best=100, attempts=1)
    certify(gina, "course-one", "2026-01-21")
    enrol(nora, "course-one", "2026-01-02", progress=20)

    return People(
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        anna=anna,
        aaron=aaron,
        abel=abel,
        bella=bella,
        boris=boris,
        gina=gina,
        nora=nora,
        alpha_coordinator=coordinator("alpha-coordinator@example.org", organisation=alpha),
        beta_coordinator=coordinator("beta-coordinator@example.org", organisation=beta),
        malta_coordinator=coordinator("malta-coordinator@example.org", country="MT"),
        admin=factories.user(email="reports-admin@example.org", name="Report Admin", role=Role.ADMIN),
    )
