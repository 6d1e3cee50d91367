"""The PDF: in every interface language, names in any script, fonts embedded, the same bytes each time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from babel.dates import format_date

from app.certificates.services import format_code
from app.extensions import db
from app.i18n import LANGUAGES
from tests import factories
from tests.certificates.conftest import COURSE_ID
from tests.certificates.helpers import issued_certificate
from tests.certificates.pdf_tools import (
    arabic_glyph_forms,
    pdf_fonts,
    pdf_text,
    save_pages_as_png,
    word_positions,
)
from tests.helpers import build_app, dispose, in_test_transaction, signed_in_client

COMPLETED = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
TITLES = {"ar": "الاستماع إلى الناجين", "mt": "Nisimgħu lis-superstiti"}
SOURCE_TITLE = "Listening to survivors"
GREEK_NAME = "Γεώργιος Παπαδόπουλος"


def _pdf(client, certificate, lang: str | None = None):
    query = f"?lang={lang}" if lang else ""
    response = client.get(f"/certificates/{certificate.code}.pdf{query}")
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return response.data


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_pdf_says_who_what_when_and_its_code_in_every_interface_language(
    lang, learner_client, certificate, tmp_path
):
    pdf = _pdf(learner_client, certificate, lang)
    save_pages_as_png(pdf, f"certificate-{lang}")
    text = pdf_text(pdf, tmp_path)
    words = text.split()

    assert "Ċikku Ħażż-Żammit" in text
    assert format_code(certificate.code) in text
    assert certificate.code in text.replace("\n", "")  # in the verification URL
    date = format_date(COMPLETED, "long", locale=lang)
    if lang == "ar":
        # pdftotext writes a right-to-left line in visual order: the date's parts on one line.
        assert any(all(part in line for part in date.split()) for line in text.splitlines()), date
    else:
        assert date in text
    if lang == "ar":
        # Logical order within words and between them: the title's last word ends its line.
        # (Words with the lam-alef ligature come back from pdftotext decomposed, so the
        # check uses the one word of the title without it.)
        title_line = next(line for line in text.splitlines() if "الناجين" in line)
        assert title_line.split()[-1] == "الناجين"
    else:
        assert " ".join(TITLES.get(lang, SOURCE_TITLE).split()) in " ".join(words)


def test_the_course_title_falls_back_to_the_source_language(learner_client, certificate, tmp_path):
    text = pdf_text(_pdf(learner_client, certificate, "de"), tmp_path)
    assert SOURCE_TITLE in text
    assert TITLES["mt"] not in text


def test_arabic_is_shaped_right_to_left_with_joined_letters(learner_client, certificate, tmp_path):
    arabic = _pdf(learner_client, certificate, "ar")
    # Joined letters are drawn with their initial, medial and final forms, never all isolated.
    assert {"initial", "medial", "final"} <= arabic_glyph_forms(arabic)
    # The page mirrors: the verification block (with the code) starts the footer on the left in
    # English and on the right in Arabic, with "Issued by <issuer>" at the opposite end. (The
    # issuer's name is also the masthead: the footer's is the lower one.)
    code = format_code(certificate.code)

    def footer_layout(pdf):
        words = word_positions(pdf, tmp_path)
        issuer = max(words["Disclosure"], key=lambda position: position[1])
        return words[code][0][0], issuer[0]

    code_x, issuer_x = footer_layout(_pdf(learner_client, certificate, "en"))
    assert code_x < issuer_x
    code_x, issuer_x = footer_layout(arabic)
    assert code_x > issuer_x


def test_greek_and_accented_names_print_as_written(app, course, tmp_path):
    for number, name in enumerate((GREEK_NAME, "Zoë Müller-Lévêque", "Ñuño Peña Ibáñez", "Łucja Żółć")):
        person = factories.user(email=f"named{number}@example.org", name=name)
        client = signed_in_client(app, person.email)
        pdf = _pdf(client, issued_certificate(person, course), "en")
        assert name in pdf_text(pdf, tmp_path)
        if name == GREEK_NAME:
            save_pages_as_png(pdf, "certificate-greek-name")


def test_the_statement_is_one_sentence_with_the_name_printed_as_typed_never_as_markup(app, course, tmp_path):
    name = "Amal <b>Bold</b> & Haddad"
    person = factories.user(email="markup@example.org", name=name)
    certificate = issued_certificate(person, course)
    client = signed_in_client(app, person.email)

    text = " ".join(pdf_text(_pdf(client, certificate, "en"), tmp_path).split())

    # The tags are printed as the characters the person typed: escaped, not taken as bold type.
    assert f"This is to certify that {name} has completed the course {SOURCE_TITLE}" in text


def test_fonts_are_noto_and_embedded(learner_client, certificate, tmp_path):
    for lang in ("en", "ar"):
        fonts = pdf_fonts(_pdf(learner_client, certificate, lang), tmp_path)
        assert fonts, "no fonts in the PDF"
        assert all(font["emb"] == "yes" for font in fonts), fonts
        names = {font["name"].split("+")[-1] for font in fonts}
        assert any(name.startswith("Noto-Sans") and "Arabic" not in name for name in names), names
        if lang == "ar":
            assert any(name.startswith("Noto-Sans-Arabic") for name in names), names


def test_the_same_certificate_downloads_identically_each_time(learner_client, certificate):
    for lang in ("en", "ar"):
        first = _pdf(learner_client, certificate, lang)
        assert _pdf(learner_client, certificate, lang) == first
    assert b"CreationDate" not in first and b"ModDate" not in first


def test_the_language_defaults_to_the_learners_own(app, course, tmp_path):
    person = factories.user(email="maltese@example.org", name="Marija Borg", locale="mt")
    certificate = issued_certificate(person, course)
    text = pdf_text(_pdf(signed_in_client(app, person.email), certificate), tmp_path)
    assert TITLES["mt"] in text


def test_an_unknown_language_is_refused_with_a_message(learner_client, certificate):
    response = learner_client.get(f"/certificates/{certificate.code}.pdf?lang=xx")
    assert response.status_code == 400
    assert "Certificates can be downloaded in these languages" in response.get_data(as_text=True)


def test_the_score_is_printed_only_when_the_setting_is_on(learner_client, certificate, tmp_path, score_app_client):
    assert "92.5%" not in pdf_text(_pdf(learner_client, certificate, "en"), tmp_path)
    with score_app_client(certificate) as client:
        assert "92.5%" in pdf_text(_pdf(client, certificate, "en"), tmp_path)


def test_only_the_owner_can_download(app, certificate, learner_client):
    other = factories.user(email="other@example.org")
    stranger = signed_in_client(app, other.email)
    for url in (
        f"/certificates/{certificate.code}.pdf",
        f"/certificates/{certificate.code}/credential.json",
        f"/certificates/{certificate.code}/credential.jwt",
    ):
        assert stranger.get(url).status_code == 404
        assert learner_client.get(url).status_code == 200
    assert app.test_client().get(f"/certificates/{certificate.code}.pdf").status_code == 302


def test_a_revoked_certificate_can_no_longer_be_downloaded(learner_client, certificate):
    certificate.revoked_at = datetime(2026, 12, 1, tzinfo=UTC)
    db.session.commit()
    response = learner_client.get(f"/certificates/{certificate.code}.pdf")
    assert response.status_code == 410
    assert "was revoked on" in response.get_data(as_text=True)
    assert learner_client.get(f"/certificates/{certificate.code}/credential.jwt").status_code == 410


@pytest.fixture
def own_design_app(database_url, tmp_path):
    """An app whose instance folder gives the test course its own certificate design."""
    other = build_app(database_url)
    other.instance_path = str(tmp_path / "instance")
    designs = tmp_path / "instance" / "certificates"
    designs.mkdir(parents=True)
    (designs / f"{COURSE_ID}.html").write_text(
        '{% extends "certificates/pdf/certificate.html" %}'
        "{% block header %}<h1>Partner programme: certificate of attendance</h1>{% endblock %}"
    )
    yield other
    dispose(other)


def test_a_course_can_have_its_own_design_in_the_instance_folder(app, own_design_app, certificate, learner, tmp_path):
    with in_test_transaction(own_design_app, app):
        client = signed_in_client(own_design_app, learner.email)
        text = pdf_text(_pdf(client, certificate, "en"), tmp_path)
    assert "Partner programme: certificate of attendance" in " ".join(text.split())
    assert "Certificate of completion" not in text
    assert "Ċikku Ħażż-Żammit" in text and format_code(certificate.code) in text  # the rest is the shipped design
