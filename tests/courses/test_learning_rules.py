"""The plain-Python rules behind the learner's pages, tested without an app."""

from __future__ import annotations

import pytest

from app.courses import catalogue, checks
from app.courses.lesson_body import CHECK, HTML, REFLECTION, Segment, segments
from app.courses.outline import continue_lesson

MANIFEST = {
    "settings": {},
    "lessons": [
        {"id": "one", "optional": False},
        {"id": "two", "optional": False},
        {"id": "extra", "optional": True},
        {"id": "three", "optional": False},
    ],
}
PARENTS = {"emergency": "health", "antenatal": "health"}


def parent_of(sector_id: str) -> str | None:
    return PARENTS.get(sector_id)


def test_segments_keep_the_written_order_even_inside_other_blocks():
    body = (
        '<p>a</p>\n<div class="knowledge-check" data-check-id="c1"></div>\n<blockquote>'
        '<div class="reflection" data-reflect-id="r1"></div>\n</blockquote><p>b</p>'
    )
    assert segments(body, ["c1"], ["r1"]) == [
        Segment(HTML, "<p>a</p>\n"),
        Segment(CHECK, "c1"),
        Segment(HTML, "<blockquote>"),
        Segment(REFLECTION, "r1"),
        Segment(HTML, "</blockquote><p>b</p>"),
    ]


def test_a_block_without_its_placeholder_goes_last_and_an_unknown_placeholder_goes():
    body = '<p>a</p><div class="knowledge-check" data-check-id="ghost"></div>'
    assert segments(body, ["c1"], []) == [Segment(HTML, "<p>a</p>"), Segment(CHECK, "c1")]


@pytest.mark.parametrize(
    ("last", "completed", "expected"),
    [
        (None, set(), "one"),
        ("two", {"one"}, "two"),
        ("two", {"one", "two"}, "three"),  # last opened is done: the next required one
        ("extra", {"one", "two", "three"}, "extra"),
        ("three", {"one", "two", "three"}, "extra"),  # required done: the optional one left
        ("three", {"one", "two", "three", "extra"}, None),
        ("removed-lesson", {"one"}, "two"),
    ],
)
def test_where_continue_goes(last, completed, expected):
    assert continue_lesson(MANIFEST, last, completed) == expected


@pytest.mark.parametrize(
    ("course_sectors", "sector", "subsector", "expected"),
    [
        (["all"], "police", None, True),
        (["police"], "police", None, True),
        (["health"], "health", "emergency", True),  # a whole-sector course is for every subsector
        (["emergency"], "health", "emergency", True),
        (["emergency"], "health", "antenatal", False),
        (["emergency"], "health", None, True),  # no subsector named: the sector's subsectors count
        (["police"], "health", None, False),
    ],
)
def test_who_a_course_is_for(course_sectors, sector, subsector, expected):
    assert catalogue.for_sector(course_sectors, sector, subsector, parent_of) is expected


def test_an_empty_profile_gets_no_recommendation_and_a_level_alone_gets_courses_for_all():
    for_all = {"sectors": ["all"], "levels": ["frontline"]}
    for_police = {"sectors": ["police"], "levels": ["frontline"]}
    assert not catalogue.recommended(for_all, None, None, None, parent_of)
    assert catalogue.recommended(for_all, None, None, "frontline", parent_of)
    assert not catalogue.recommended(for_police, None, None, "frontline", parent_of)
    assert not catalogue.recommended(for_all, None, None, "crisis", parent_of)


def test_search_ignores_case_accents_and_word_order():
    assert catalogue.matches_query("SANTE sexuelle", ["Santé", "Sexuelle et reproductive"])
    assert not catalogue.matches_query("police", ["Santé"])


ORDERING = {"id": "o", "type": "ordering", "options": [{"id": i} for i in "abcd"]}


@pytest.mark.parametrize("seed", [str(n) for n in range(50)])
def test_ordering_items_are_never_shown_in_the_right_order(seed):
    assert [o["id"] for o in checks.display_order(ORDERING, seed)] != list("abcd")


def test_reading_an_order_from_positions():
    sent = {"position-a": ["3"], "position-b": ["1"], "position-c": ["4"], "position-d": ["2"]}
    assert checks.read_response(ORDERING, lambda name: sent.get(name, [])) == ["b", "d", "a", "c"]
