"""A transcript: every course with its status, every graded attempt, every certificate."""

from __future__ import annotations

from tests.reports.reading import html_table


def test_a_coordinator_reads_a_learners_whole_record(app, people):
    response = people.client(app, "alpha_coordinator").get(f"/reports/learners/{people.anna.id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Training record: Anna Alpha" in text and "anna@example.org" in text and "Alpha Clinic" in text

    courses = html_table(response, "transcript-courses")
    assert courses[0] == ["Course", "Status", "Progress", "Best score", "First opened", "Last activity", "Completed"]
    assert courses[1:] == [
        ["Course One", "Completed", "100%", "90", "Jan 5, 2026", "Jan 15, 2026", "Jan 15, 2026"],
        ["Course Two", "In progress", "50%", "", "Feb 1, 2026", "Feb 1, 2026", ""],
    ]
    attempts = html_table(response, "transcript-attempts")
    assert [row[:2] + row[3:] for row in attempts[1:]] == [
        ["Course One", "1", "70", "Not passed yet"],
        ["Course One", "2", "90", "Passed"],
    ]
    assert attempts[1][2].startswith("1/12/26")
    certificates = html_table(response, "transcript-certificates")
    assert len(certificates) == 2
    course, code, issued, status = certificates[1]
    assert (course, status) == ("Course One", "Valid")
    assert len(code) == 14 and code.count("-") == 2


def test_a_revoked_certificate_shows_as_revoked_and_courses_not_started_are_listed(app, people):
    response = people.client(app, "malta_coordinator").get(f"/reports/learners/{people.aaron.id}")
    certificates = html_table(response, "transcript-certificates")
    assert certificates[1][0] == "Course Two" and certificates[1][3] == "Revoked on Mar 10, 2026"
    abel = people.client(app, "malta_coordinator").get(f"/reports/learners/{people.abel.id}")
    assert [row[:2] for row in html_table(abel, "transcript-courses")[1:]] == [
        ["Course One", "Not started"],
        ["Course Two", "Not started"],
    ]
    text = abel.get_data(as_text=True)
    assert "No final assessment attempts yet." in text and "No certificates yet." in text


def test_learners_read_their_own_record(app, people):
    response = people.client(app, "bella").get("/reports/me")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Your training record" in text and "Bella Beta" in text and "Beta Police" in text
    assert [row[:2] for row in html_table(response, "transcript-courses")[1:]] == [
        ["Course One", "Completed"],
        ["Course Two", "Not started"],
    ]


def test_a_transcript_names_only_the_organisations_the_coordinator_may_see(app, people):
    from app.extensions import db

    people.anna.organisations.append(people.gamma)
    db.session.commit()
    alpha_view = people.client(app, "alpha_coordinator").get(f"/reports/learners/{people.anna.id}")
    assert "Gamma Shelter" not in alpha_view.get_data(as_text=True)
    own_view = people.client(app, "anna").get("/reports/me")
    assert "Alpha Clinic and Gamma Shelter" in own_view.get_data(as_text=True)
