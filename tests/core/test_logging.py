"""Logs never hold personal data: no e-mail addresses, names or passwords."""

from __future__ import annotations

import logging

from app.auth.models import Role
from tests import factories
from tests.helpers import app_loggers_enabled, csrf_token_from, submit

EMAIL = "layla.private@example.org"
NAME = "Layla Privatename"
PASSWORD = "my secret passphrase 42"


def test_registration_sign_in_reset_and_throttling_log_no_personal_data(app, client, outbox, caplog):
    org = factories.organisation()
    invitation = factories.invitation(org, factories.user(role=Role.COORDINATOR, organisation=org))

    with app_loggers_enabled(), caplog.at_level(logging.DEBUG):
        submit(client, f"/join/{invitation.token}",
               {"display_name": NAME, "email": EMAIL, "password": PASSWORD, "confirm": PASSWORD})
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/"))})
        submit(client, "/login", {"email": EMAIL, "password": PASSWORD})
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/"))})
        submit(client, "/reset", {"email": EMAIL})
        assert len(outbox) == 1
        # Wrong passwords until the per-account limit is reached: the limiter logs its key.
        for n in range(int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0]) + 1):
            last = submit(client, "/login", {"email": EMAIL, "password": f"{PASSWORD} wrong {n}"},
                          environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        assert last.status_code == 429

    assert "exceeded" in caplog.text, "the log was silent; this test would prove nothing"
    for secret in (EMAIL, EMAIL.split("@")[0], NAME, PASSWORD, invitation.token):
        assert secret not in caplog.text, f"{secret!r} appears in the log"
