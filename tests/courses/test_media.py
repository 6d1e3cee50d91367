"""Media of a published version: only what that version published, typed, cached, sandboxed."""

from __future__ import annotations

import hashlib

import pytest

from tests import factories
from tests.factories import CONTENT
from tests.helpers import redirects_to_login

SVG = "media/lives-steps.svg"
TEXT = "media/referral-checklist.txt"


@pytest.fixture
def version():
    return factories.published_course("example-course")


def url(version, path: str, prefix: str | None = None) -> str:
    return f"/courses/example-course/v/{prefix or version.content_hash[:16]}/{path}"


def test_a_media_file_is_served_with_its_type_and_long_caching(version, learner_client):
    response = learner_client.get(url(version, TEXT))

    data = (CONTENT / "example-course" / TEXT).read_bytes()
    assert response.status_code == 200
    assert response.data == data
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["ETag"] == f'"{hashlib.sha256(data).hexdigest()}"'
    cache = response.headers["Cache-Control"]
    assert "immutable" in cache and "max-age=31536000" in cache and "private" in cache


def test_an_svg_is_sandboxed(version, learner_client):
    response = learner_client.get(url(version, SVG))
    assert response.headers["Content-Type"] == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy


def test_a_known_etag_gets_304_without_the_bytes(version, learner_client):
    etag = learner_client.get(url(version, SVG)).headers["ETag"]
    response = learner_client.get(url(version, SVG), headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag
    assert learner_client.get(url(version, SVG), headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "media/missing.png",
        "media/../course.md",
        "course.md",
        "01-welcome.md",
        "../../../../etc/passwd",
        "media/LIVES-STEPS.svg",
        "media/lives-steps.svg/",
        "%2e%2e/%2e%2e/config.py",
    ],
)
def test_only_published_media_paths_exist(version, learner_client, path):
    assert learner_client.get(url(version, path)).status_code == 404


@pytest.mark.parametrize("prefix", ["0000000000000000", "zzzzzzzzzzzzzzzz", "abc", "%", "_" * 16])
def test_an_unknown_version_is_not_found(version, learner_client, prefix):
    assert learner_client.get(url(version, SVG, prefix)).status_code == 404


def test_media_belong_to_their_course(version, learner_client):
    factories.published_course("looking-after-yourself")
    assert learner_client.get(f"/courses/looking-after-yourself/v/{version.content_hash[:16]}/{SVG}").status_code == 404


def test_media_need_a_signed_in_learner(version, client):
    assert redirects_to_login(client.get(url(version, SVG)))
