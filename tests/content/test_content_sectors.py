"""sectors.yml: the real file loads, names fall back to English, mistakes are reported with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.sectors import SECTORS_SIZE_LIMIT, TaxonomyError, load_taxonomy

REPO = Path(__file__).resolve().parents[2]


def test_the_platforms_taxonomy_loads():
    taxonomy = load_taxonomy(REPO / "content" / "sectors.yml")
    assert taxonomy.sector_ids()[:3] == ["police", "criminal-justice", "health"]
    assert "primary-care" in taxonomy.all_ids() and "primary-care" not in taxonomy.sector_ids()
    assert taxonomy.level_ids() == ["frontline", "crisis", "post-crisis"]
    assert taxonomy.parent_of("gbv-services") == "third-sector"


def test_names_fall_back_from_region_to_language_to_english(tmp_path):
    path = tmp_path / "sectors.yml"
    path.write_text("sectors:\n  - {id: police, name: {en: Police, pt: Polícia}}\nlevels: []\n")
    taxonomy = load_taxonomy(path)
    assert taxonomy.name("police", "pt-BR") == "Polícia"
    assert taxonomy.name("police", "de") == "Police"
    with pytest.raises(KeyError):
        taxonomy.name("nope", "en")


def test_errors_list_every_problem(tmp_path):
    path = tmp_path / "sectors.yml"
    path.write_text("sectors:\n  - {id: all, name: {en: All}}\n  - {id: health, name: {de: Gesundheit}}\nlevels: 3\n")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert [d.format().splitlines()[0] for d in caught.value.diagnostics.sorted()] == [
        f"{path}:1: error: `levels:` must be a list",
        f"{path}:2: error: `all` is reserved: courses use `sectors: [all]` for every sector",
        f"{path}:3: error: The sector `health` has no English name (`en:`)",
    ]


def sectors_messages(path: Path) -> list[str]:
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    return [d.format() for d in caught.value.diagnostics.sorted()]


def test_a_folder_named_sectors_yml_is_reported_not_a_crash(tmp_path):
    (tmp_path / "sectors.yml").mkdir()
    assert sectors_messages(tmp_path / "sectors.yml") == [
        f"{tmp_path}/sectors.yml:1: error: sectors.yml is not a file\n"
        "  hint: Replace it by the file sectors.yml from the repository."
    ]


def test_a_symlink_out_of_the_content_folder_is_not_followed(tmp_path):
    (tmp_path / "elsewhere.yml").write_text((REPO / "content" / "sectors.yml").read_text())
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "sectors.yml").symlink_to(tmp_path / "elsewhere.yml")
    assert sectors_messages(tmp_path / "content" / "sectors.yml") == [
        f"{tmp_path}/content/sectors.yml:1: error: sectors.yml is a link (symlink) to a file outside the content "
        "folder and was not read\n  hint: Replace the link by the file itself."
    ]


def test_a_symlink_inside_the_content_folder_is_read(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "taxonomy.yml").write_text((REPO / "content" / "sectors.yml").read_text())
    (tmp_path / "sectors.yml").symlink_to(tmp_path / "shared" / "taxonomy.yml")
    assert load_taxonomy(tmp_path / "sectors.yml").level_ids() == ["frontline", "crisis", "post-crisis"]


def test_a_huge_sectors_yml_is_refused_unread(tmp_path):
    path = tmp_path / "sectors.yml"
    path.write_text((REPO / "content" / "sectors.yml").read_text() + "#" + "x" * SECTORS_SIZE_LIMIT + "\n")
    assert sectors_messages(path) == [
        f"{path}:1: error: sectors.yml is too large (the limit is 1 MB)\n"
        "  hint: It lists sectors and levels only, which takes a few kB. "
        "Restore content/sectors.yml from the repository."
    ]


def test_a_sectors_yml_that_is_not_utf8_gives_the_line(tmp_path):
    path = tmp_path / "sectors.yml"
    path.write_bytes(b"sectors:\n  - {id: police, name: {en: Police, fr: Polic\xe9}}\nlevels: []\n")
    assert sectors_messages(path) == [
        f"{path}:2: error: The file is not saved as UTF-8 text\n  hint: Save it as UTF-8 in your editor."
    ]
