"""sectors.yml: the real file loads, names fall back to English, mistakes are reported with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.sectors import TaxonomyError, load_taxonomy

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
