"""The catalogue: published courses, the learner's own first, filters and search in the URL."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

from app.courses.models import Course
from app.extensions import db
from tests import factories
from tests.courses.course_folders import acknowledge, complete, lesson_url, text
from tests.helpers import signed_in_client


def cards(response) -> dict[str, str]:
    """Each course card's title and its text, in page order."""
    found = {}
    for block in text(response).split('<li class="course-card">')[1:]:
        block = block.split("</li>")[0]
        title = unescape(re.sub(r"<[^>]+>", "", re.search(r"<h3.*?</h3>", block, re.S).group(0))).strip()
        found[title] = " ".join(unescape(re.sub(r"<[^>]+>", " ", block)).split())
    return found


def set_profile(user, sector=None, subsector=None, level=None):
    user.sector, user.subsector, user.level = sector, subsector, level
    db.session.commit()


def test_each_card_shows_title_summary_time_languages_and_progress(make_course, learner_client):
    make_course("alpha", title="Alpha course", summary="Recognise and refer.", translations={"fr": "Cours alpha"})

    found = cards(learner_client.get("/courses/"))

    assert list(found) == ["Alpha course"]
    card = found["Alpha course"]
    assert "Recognise and refer." in card
    assert "1 hour 15 minutes" in card
    assert "English and French" in card
    assert "Not started" in card


def test_the_card_is_in_my_language_with_language_names_in_it(app, make_course):
    make_course("alpha", title="Alpha course", translations={"fr": "Cours alpha"})
    make_course("beta", title="Beta course")
    factories.user(email="fr@example.org", locale="fr")
    found = cards(signed_in_client(app, "fr@example.org").get("/courses/"))

    assert "Cours alpha" in found and "Résumé fr" in found["Cours alpha"]
    assert "anglais et français" in found["Cours alpha"]
    # No French version: shown in its source language, marked as such for screen readers.
    assert "Beta course" in found
    assert re.search(
        r'<a href="/courses/beta" lang="en" dir="ltr">Beta course</a>',
        text(signed_in_client(app, "fr@example.org").get("/courses/")),
    )


def test_progress_on_each_card(app, make_course, learner, learner_client):
    make_course("alpha", title="Alpha course", lessons=3)
    make_course("beta", title="Beta course", lessons=1)
    acknowledge(learner_client, "alpha")
    complete(learner_client, "alpha", "lesson-1")
    acknowledge(learner_client, "beta")
    complete(learner_client, "beta", "lesson-1")

    found = cards(learner_client.get("/courses/"))

    assert "33% complete" in found["Alpha course"]
    assert "Completed" in found["Beta course"]


def test_only_published_current_courses_are_listed(make_course, learner_client):
    make_course("alpha", title="Alpha course")
    make_course("gone", title="Gone course")
    db.session.get(Course, "gone").retired_at = datetime.now(UTC)
    db.session.add(Course(id="never-published"))
    db.session.commit()

    assert list(cards(learner_client.get("/courses/"))) == ["Alpha course"]


def test_courses_for_my_sector_and_level_come_first_marked_recommended(make_course, learner, learner_client):
    make_course("police", title="Z for police", sectors="[police]", levels="[frontline]")
    make_course("health", title="A for health", sectors="[health]")
    make_course("everyone", title="Y for everyone", sectors="[all]")
    make_course("crisis", title="B for everyone, crisis level", sectors="[all]", levels="[crisis]")
    set_profile(learner, sector="police", level="frontline")

    response = learner_client.get("/courses/")
    found = cards(response)

    assert list(found) == ["Y for everyone", "Z for police", "A for health", "B for everyone, crisis level"]
    recommended = [title for title, card in found.items() if "Recommended for you" in card]
    assert recommended == ["Y for everyone", "Z for police"]
    page = text(response)
    assert (
        page.index("<h2>Recommended for you</h2>") < page.index("Y for everyone") < page.index("<h2>Other courses</h2>")
    )


def test_a_subsector_course_is_recommended_to_its_subsector_only(make_course, learner, learner_client):
    make_course("emergency", title="Emergency course", sectors="[emergency]")
    make_course("antenatal", title="Antenatal course", sectors="[antenatal]")
    set_profile(learner, sector="health", subsector="emergency")

    found = cards(learner_client.get("/courses/"))

    assert "Recommended for you" in found["Emergency course"]
    assert "Recommended for you" not in found["Antenatal course"]


def test_with_an_empty_profile_nothing_is_recommended_and_the_profile_is_suggested(make_course, learner_client):
    make_course("everyone", title="For everyone", sectors="[all]")
    response = learner_client.get("/courses/")
    assert "Recommended for you" not in cards(response)["For everyone"]
    assert 'href="/account/profile"' in text(response)


def test_filters_by_sector_and_level_are_in_the_url(make_course, learner_client):
    make_course("police", title="Police course", sectors="[police]", levels="[frontline]")
    make_course("health", title="Health course", sectors="[health]", levels="[crisis]")
    make_course("emergency", title="Emergency course", sectors="[emergency]", levels="[frontline]")
    make_course("everyone", title="Everyone course", sectors="[all]", levels="[frontline, crisis]")

    assert set(cards(learner_client.get("/courses/?sector=health"))) == {
        "Health course",
        "Emergency course",
        "Everyone course",
    }
    assert set(cards(learner_client.get("/courses/?sector=emergency"))) == {
        "Health course",
        "Emergency course",
        "Everyone course",
    }
    assert set(cards(learner_client.get("/courses/?level=crisis"))) == {"Health course", "Everyone course"}
    assert set(cards(learner_client.get("/courses/?sector=police&level=crisis"))) == {"Everyone course"}
    page = text(learner_client.get("/courses/?sector=police&level=crisis"))
    assert '<option selected value="police">' in page or 'value="police" selected' in page


def test_an_unknown_filter_value_is_explained_and_ignored(make_course, learner_client):
    make_course("alpha", title="Alpha course")
    response = learner_client.get("/courses/?sector=<script>&level=nope")
    assert response.status_code == 200
    assert "Not a valid choice." in text(response)
    assert "<script>" not in text(response)
    assert list(cards(response)) == ["Alpha course"]


def test_search_finds_words_in_titles_and_summaries_ignoring_case_and_accents(make_course, learner_client):
    make_course("alpha", title="Consent in the clinic", summary="Santé sexuelle and referral.")
    make_course("beta", title="Interpreters", summary="Working with professional interpreters.")

    assert list(cards(learner_client.get("/courses/?q=CONSENT"))) == ["Consent in the clinic"]
    assert list(cards(learner_client.get("/courses/?q=sante+referral"))) == ["Consent in the clinic"]
    assert list(cards(learner_client.get("/courses/?q=professional"))) == ["Interpreters"]
    response = learner_client.get("/courses/?q=nothing+like+this")
    assert cards(response) == {} and "No course matches" in text(response)


def test_search_uses_my_language_and_falls_back_to_the_source(app, make_course):
    make_course("alpha", title="Alpha course", translations={"fr": "Cours alpha"})
    make_course("beta", title="Beta course")
    factories.user(email="fr@example.org", locale="fr")
    client = signed_in_client(app, "fr@example.org")

    assert list(cards(client.get("/courses/?q=cours+alpha"))) == ["Cours alpha"]
    assert list(cards(client.get("/courses/?q=beta"))) == ["Beta course"]


def test_a_very_long_search_is_refused_with_a_message(make_course, learner_client):
    make_course("alpha", title="Alpha course")
    response = learner_client.get("/courses/?q=" + "x" * 500)
    assert response.status_code == 200
    assert "Search with at most 100 characters." in text(response)
    assert list(cards(response)) == ["Alpha course"]


def test_a_card_links_to_the_course_and_the_course_to_its_lessons(make_course, learner_client):
    make_course("alpha", title="Alpha course")
    assert 'href="/courses/alpha"' in text(learner_client.get("/courses/"))
    assert f'href="{lesson_url("alpha", "lesson-1")}"' in text(learner_client.get("/courses/alpha"))
