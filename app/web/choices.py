"""Dutch (B1) labels for the employer form: options and the environment questions.

The values are the API's vocabulary (app.core.vocab); only the words people read live here.
"""

from dataclasses import dataclass

from matching.vocab import SCALES


@dataclass(frozen=True)
class Question:
    name: str
    legend: str
    levels: tuple[str, ...]


# The questions and their answers are the engine's scales (matching/vocab.py), so the words an
# employer picks are the words an explanation uses for the same level.
ENVIRONMENT = tuple(
    Question(f"w_{field}", SCALES[factor].question, SCALES[factor].answers)
    for factor, field in (
        ("stimulus", "stimulus_level"),
        ("structure", "structure_offered"),
        ("supervision", "supervision_offered"),
        ("time_pressure", "time_pressure_level"),
        ("customer_contact", "customer_contact_level"),
        ("physical", "physical_demand"),
    )
)

KIND = {
    "open": "Open vacature: de baan is al uitgezet",
    "latent": "Werk dat blijft liggen, maar nog geen vacature is",
}
PLACE_TYPE = {
    "regular": "Gewone baan",
    "lks": "Baan met loonkostensubsidie",
    "beschut": "Beschut werk",
    "participatieplek": "Participatieplek",
    "werkervaringsplek": "Werkervaringsplek",
    "leerwerkplek": "Leerwerkplek (ook bbl)",
    "stage": "Stageplek",
    "proefplaatsing": "Proefplaatsing",
}
CONTRACT = {
    "permanent": "Vast contract",
    "temporary": "Tijdelijk contract",
    "agency": "Via een uitzendbureau",
    "none": "Geen contract (bijvoorbeeld stage)",
}
SIZE = {
    "micro": "1 tot 10 medewerkers",
    "small": "10 tot 50 medewerkers",
    "medium": "50 tot 250 medewerkers",
    "large": "250 medewerkers of meer",
}
MOTIVE = {
    "intrinsic": "Wij willen mensen een kans geven",
    "mixed": "Allebei: een kans geven en de regelingen helpen",
    "financial": "Vooral de financiële regelingen",
}
WILLINGNESS = {
    "1": "Nog twijfel",
    "2": "Misschien",
    "3": "Ja, als het past",
    "4": "Ja, graag",
    "5": "Ja, zeker",
}
SUPPORT = {
    "w_mentor_available": "Er is een vaste collega of buddy die helpt",
    "w_jobcoach_welcome": "Een jobcoach is welkom op de werkplek",
    "w_trained_colleague": "Een collega heeft een training gehad over deze doelgroep",
}
# Yes/no questions about getting there and the schedule: (question, answer shown checked on a
# new form). Matching reads them (public transport, transport arranged; the schedule for the
# structure need), so the form asks instead of assuming.
YES_NO = {"1": "Ja", "0": "Nee"}
GETTING_THERE = {
    "w_reachable_by_public_transport": (
        "Is de werkplek goed te bereiken met het openbaar vervoer?", "1"),
    "w_transport_arranged": (
        "Regelt u vervoer van en naar het werk (bijvoorbeeld ophalen of een taxi)?", "0"),
    "w_schedule_predictable": (
        "Zijn de werktijden vast en ruim van tevoren bekend?", "1"),
}  # fmt: skip
INSTRUMENTS = {
    "loonkostensubsidie": "Loonkostensubsidie: de gemeente betaalt een deel van het loon",
    "proefplaatsing": "Proefplaatsing: eerst een paar maanden proberen, met behoud van uitkering",
    "jobcoach": "Jobcoach: iemand die de medewerker op het werk begeleidt",
    "werkplekaanpassing": "Aanpassing van de werkplek, betaald door UWV of gemeente",
}
# Short names of the instruments in a suggestion's advice (matching.instruments).
ADVICE_NAMES = {
    "jobcoach": "Jobcoach",
    "proefplaatsing": "Proefplaatsing",
    "loonkostensubsidie": "Loonkostensubsidie",
    "werkplekaanpassing": "Werkplekaanpassing",
    "loondispensatie": "Loondispensatie",
    "no_risk_polis": "No-riskpolis",
    "banenafspraak": "Banenafspraak",
    "beschut_werk": "Beschut werk",
}
TASK_SCALES = {
    "stimulus_level": ("Hoe druk?", SCALES["stimulus"].words),
    # A task's structure is asked per task ("each time"), not per day as on the workplace.
    "structure_level": (
        "Hoe vast?",
        ("Elke keer anders", "Vaak anders", "Deels vast", "Meestal hetzelfde", "Altijd hetzelfde"),
    ),
    "physical_load": ("Hoe zwaar?", SCALES["physical"].words),
    "skill_level": ("Hoe moeilijk?", SCALES["skill"].words),
}
STATUS = {"to_verify": "Wacht op controle", "active": "Actief", "closed": "Gesloten"}
RUN_STATUS = {
    "waiting": "Wacht op de regio's",
    "queued": "In de wachtrij",
    "running": "Bezig",
    "succeeded": "Klaar",
    "partial": "Deels klaar (een regio mislukte)",
    "failed": "Mislukt",
    "cancelled": "Geannuleerd",
}
REJECT_REASONS = {
    "travel": "Reistijd of vervoer",
    "environment": "Werkomgeving past niet",
    "hours": "Uren passen niet",
    "interests": "Past niet bij interesses",
    "employer": "Werkgever",
    "candidate_not_available": "Kandidaat niet beschikbaar",
    "other": "Anders",
}
CONSENT_PURPOSES = {
    "matching": "Matching (voorstellen en match-runs)",
    "share_pseudonymous": "Anoniem profiel delen met werkgevers en WSP-sites",
    "introduce_employer": "Voorstellen aan werkgever (naam mag worden gedeeld)",
    "equality_monitoring": "Kenmerken tellen voor gelijke kansen (nooit voor matching)",
}

LABELS = {
    "e_name": "Naam van uw organisatie",
    "e_kvk_number": "KvK-nummer",
    "e_sector": "Branche",
    "e_sbi_code": "SBI-code",
    "e_size_class": "Aantal medewerkers",
    "e_postcode": "Postcode van uw organisatie",
    "e_municipality": "Gemeente",
    "e_contact_name": "Uw naam",
    "e_contact_email": "Uw e-mailadres",
    "e_willingness": "Wilt u iemand uit deze groep aannemen?",
    "e_motive": "Waarom doet u mee?",
    "w_title": "Naam van het werk",
    "w_description": "Korte omschrijving",
    "w_kind": "Is het een open vacature?",
    "w_place_type": "Soort plek",
    "w_capacity": "Aantal plekken",
    "w_available_from": "Vanaf wanneer kan iemand beginnen?",
    "w_hours_per_week_min": "Minimaal aantal uren per week",
    "w_hours_per_week_max": "Maximaal aantal uren per week",
    "w_hours_per_day_max": "Maximaal aantal uren per dag",
    "w_contract_type": "Soort contract",
    "w_contract_months": "Duur van het contract in maanden",
    "w_postcode": "Postcode van de werkplek",
    "w_team_size": "Aantal mensen in het team",
    "w_instruments_accepted": "Regelingen",
    **{q.name: q.legend for q in ENVIRONMENT},
}
RADIO_FIRST = {
    "e_willingness": "1",
    "e_motive": "intrinsic",
    "w_kind": "open",
    **{q.name: "1" for q in ENVIRONMENT},
}


def anchor(name: str) -> str:
    """The id an error-summary link jumps to: the field, or a radio group's first option."""
    if name in RADIO_FIRST:
        return f"{name}-{RADIO_FIRST[name]}"
    if name == "w_instruments_accepted":
        return "w_instruments_accepted-loonkostensubsidie"
    return name


def label(name: str) -> str:
    if name.startswith("t") and "_" in name and name[1:].split("_", 1)[0].isdigit():
        index, field = name[1:].split("_", 1)
        what = {"name": "naam", "hours_per_week": "uren per week"}.get(field, field)
        return f"Taak {int(index) + 1}, {TASK_SCALES[field][0] if field in TASK_SCALES else what}"
    return LABELS.get(name, name)
