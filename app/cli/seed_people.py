"""Demo people for `flask demo seed`: organisations and learners in the six partner countries.

Plain Python driven by a `random.Random`, so the same seed gives the same people. Names are
invented from common first and family names; e-mails are numbered at seed.example.org, a
domain that receives no mail, so seeded accounts are easy to recognise and to remove.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SEED_DOMAIN = "seed.example.org"

# Per country: the cities organisations are in, and the interface languages people there
# choose, with weights (the rest follow their browser: no language on the profile).
COUNTRIES: dict[str, dict] = {
    "MT": {"cities": ["Valletta", "Birkirkara", "Mosta", "Qormi", "Victoria"], "locales": {"mt": 45, "en": 45}},
    "GB": {"cities": ["London", "Manchester", "Birmingham", "Glasgow", "Cardiff", "Belfast"], "locales": {"en": 90}},
    "ES": {
        "cities": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Bilbao"],
        "locales": {"es": 85, "en": 5},
    },
    "IT": {"cities": ["Roma", "Milano", "Napoli", "Palermo", "Torino", "Bari"], "locales": {"it": 85, "en": 5}},
    "FR": {"cities": ["Paris", "Lyon", "Marseille", "Lille", "Toulouse", "Nantes"], "locales": {"fr": 85, "en": 5}},
    "DE": {
        "cities": ["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Leipzig"],
        "locales": {"de": 85, "en": 5},
    },
}

# Organisation names by sector id and country, in the way such services are named there.
ORGANISATION_NAMES: dict[str, dict[str, str]] = {
    "police": {
        "MT": "Malta Police Force, {city} district",
        "GB": "{city} Police",
        "ES": "Policía Nacional, {city}",
        "IT": "Questura di {city}",
        "FR": "Commissariat de police de {city}",
        "DE": "Polizeipräsidium {city}",
    },
    "criminal-justice": {
        "MT": "Victim Support Agency, {city}",
        "GB": "Crown Prosecution Service, {city}",
        "ES": "Fiscalía Provincial de {city}",
        "IT": "Procura della Repubblica di {city}",
        "FR": "Tribunal judiciaire de {city}",
        "DE": "Staatsanwaltschaft {city}",
    },
    "health": {
        "MT": "{city} Health Centre",
        "GB": "{city} NHS Foundation Trust",
        "ES": "Hospital Universitario de {city}",
        "IT": "Azienda Ospedaliera di {city}",
        "FR": "Centre hospitalier de {city}",
        "DE": "Klinikum {city}",
    },
    "medico-legal": {
        "MT": "Forensic Medical Unit, {city}",
        "GB": "{city} Sexual Assault Referral Centre",
        "ES": "Instituto de Medicina Legal de {city}",
        "IT": "Servizio di Medicina Legale di {city}",
        "FR": "Unité médico-judiciaire de {city}",
        "DE": "Rechtsmedizinische Ambulanz {city}",
    },
    "social-services": {
        "MT": "Aġenzija Appoġġ, {city}",
        "GB": "{city} Council Social Services",
        "ES": "Servicios Sociales Municipales de {city}",
        "IT": "Servizi Sociali del Comune di {city}",
        "FR": "Centre communal d'action sociale de {city}",
        "DE": "Sozialamt {city}",
    },
    "third-sector": {
        "MT": "{city} Migrant Women's Association",
        "GB": "{city} Refugee Women's Network",
        "ES": "Asociación de Acogida de {city}",
        "IT": "Cooperativa Sociale Accoglienza {city}",
        "FR": "Association d'accueil des femmes exilées de {city}",
        "DE": "Frauenberatungsstelle {city} e.V.",
    },
}

FIRST_NAMES = {
    "MT": [
        "Maria",
        "Joseph",
        "Rita",
        "Mark",
        "Claire",
        "Daniel",
        "Josianne",
        "Kurt",
        "Elaine",
        "Matthew",
        "Roberta",
        "Karl",
    ],
    "GB": [
        "Emma",
        "Oliver",
        "Amelia",
        "Harry",
        "Priya",
        "James",
        "Sophie",
        "Mohammed",
        "Grace",
        "Rhys",
        "Aisha",
        "Tom",
    ],
    "ES": [
        "Lucía",
        "Javier",
        "Carmen",
        "Alejandro",
        "María",
        "David",
        "Laura",
        "Pablo",
        "Marta",
        "Sergio",
        "Nuria",
        "Andrés",
    ],
    "IT": [
        "Giulia",
        "Marco",
        "Francesca",
        "Alessandro",
        "Chiara",
        "Luca",
        "Sara",
        "Matteo",
        "Elena",
        "Giuseppe",
        "Valentina",
        "Davide",
    ],
    "FR": [
        "Camille",
        "Lucas",
        "Léa",
        "Hugo",
        "Chloé",
        "Nicolas",
        "Manon",
        "Julien",
        "Inès",
        "Thomas",
        "Sarah",
        "Karim",
    ],
    "DE": ["Anna", "Lukas", "Sophie", "Jonas", "Lea", "Felix", "Marie", "Paul", "Laura", "Elias", "Ayşe", "Maximilian"],
}
FAMILY_NAMES = {
    "MT": [
        "Borg",
        "Camilleri",
        "Vella",
        "Farrugia",
        "Zammit",
        "Galea",
        "Micallef",
        "Grech",
        "Attard",
        "Spiteri",
        "Azzopardi",
        "Cassar",
    ],
    "GB": [
        "Smith",
        "Jones",
        "Williams",
        "Taylor",
        "Brown",
        "Davies",
        "Evans",
        "Patel",
        "Khan",
        "Wilson",
        "Roberts",
        "O'Neill",
    ],
    "ES": [
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "González",
        "Rodríguez",
        "Fernández",
        "Pérez",
        "Gómez",
        "Ruiz",
        "Díaz",
        "Moreno",
    ],
    "IT": [
        "Rossi",
        "Russo",
        "Ferrari",
        "Esposito",
        "Bianchi",
        "Romano",
        "Colombo",
        "Ricci",
        "Marino",
        "Greco",
        "Bruno",
        "Gallo",
    ],
    "FR": [
        "Martin",
        "Bernard",
        "Dubois",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Benali",
        "Lefèvre",
        "Diallo",
    ],
    "DE": [
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Hoffmann",
        "Yılmaz",
        "Schulz",
        "Koch",
    ],
}
# Cultural mediators work in every country; many use the Arabic interface.
MEDIATOR_FIRST_NAMES = ["Amina", "Yusuf", "Fatima", "Omar", "Mariam", "Ahmed", "Huda", "Tesfay", "Layla", "Samir"]
MEDIATOR_FAMILY_NAMES = ["Haddad", "Mansour", "Abdi", "Hassan", "Osman", "Kebede", "Nasser", "Yousef"]
MEDIATOR_SHARE = 0.05
LEVEL_WEIGHTS = {"frontline": 60, "crisis": 25, "post-crisis": 15}


@dataclass(frozen=True)
class SeedOrganisation:
    name: str
    country: str
    sector: str


@dataclass(frozen=True)
class SeedLearner:
    number: int
    email: str
    display_name: str
    locale: str | None
    country: str
    sector: str
    subsector: str | None
    level: str | None
    organisation: SeedOrganisation


def seed_email(number: int) -> str:
    return f"learner{number:06d}@{SEED_DOMAIN}"


def make_organisations(count: int, sector_ids: list[str]) -> list[SeedOrganisation]:
    """`count` organisations, round-robin over the countries, each of one sector (deterministic)."""
    countries = list(COUNTRIES)
    organisations = []
    for index in range(count):
        country = countries[index % len(countries)]
        slot = index // len(countries)
        sector = sector_ids[slot % len(sector_ids)]
        cities = COUNTRIES[country]["cities"]
        # Each sector starts in another city, so a country's first organisations spread out.
        city = cities[(slot // len(sector_ids) + slot % len(sector_ids)) % len(cities)]
        template = ORGANISATION_NAMES.get(sector, {}).get(country, "{sector}, {city}")
        name = template.format(city=city, sector=sector.replace("-", " ").capitalize())
        # More organisations than sector-city pairs: number the extra sites.
        round_ = slot // (len(sector_ids) * len(cities))
        organisations.append(SeedOrganisation(f"{name} ({round_ + 1})" if round_ else name, country, sector))
    return organisations


def make_learners(
    rng: random.Random,
    first_number: int,
    count: int,
    organisations: list[SeedOrganisation],
    subsectors: dict[str, list[str]],
    sector_ids: list[str],
) -> list[SeedLearner]:
    """Learners spread unevenly over the organisations (some employers are much bigger)."""
    sizes = [rng.paretovariate(1.2) for _ in organisations]
    employers = rng.choices(organisations, weights=sizes, k=count)
    levels, level_weights = list(LEVEL_WEIGHTS), list(LEVEL_WEIGHTS.values())
    learners = []
    for offset, organisation in enumerate(employers):
        country = organisation.country
        mediator = rng.random() < MEDIATOR_SHARE
        if mediator:
            name = f"{rng.choice(MEDIATOR_FIRST_NAMES)} {rng.choice(MEDIATOR_FAMILY_NAMES)}"
            locale = "ar" if rng.random() < 0.7 else _locale(rng, country)
        else:
            name = f"{rng.choice(FIRST_NAMES[country])} {rng.choice(FAMILY_NAMES[country])}"
            locale = _locale(rng, country)
        sector = organisation.sector if rng.random() < 0.9 else rng.choice(sector_ids)
        choices = subsectors.get(sector) or []
        subsector = rng.choice(choices) if choices and rng.random() < 0.7 else None
        level = rng.choices(levels, weights=level_weights)[0] if rng.random() < 0.9 else None
        number = first_number + offset
        learners.append(
            SeedLearner(number, seed_email(number), name, locale, country, sector, subsector, level, organisation)
        )
    return learners


def _locale(rng: random.Random, country: str) -> str | None:
    weights = COUNTRIES[country]["locales"]
    roll = rng.random() * 100
    for locale, weight in weights.items():
        if roll < weight:
            return locale
        roll -= weight
    return None
