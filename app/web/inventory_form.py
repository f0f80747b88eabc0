"""The task inventory form (employers and staff): one task per submit, no JavaScript needed.

Validation is the API's own ``InventoryTaskIn``, so the form accepts exactly what the API
accepts; errors come back in Dutch next to the field they are about.
"""

import contextlib
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.carving.schemas import InventoryTaskIn

FIELDS = (
    "name", "description", "hours_per_week", "time_of_day", "postcode", "site_name",
    "current_role", "required_certificate",
)  # fmt: skip
DAYS = {"mon": "ma", "tue": "di", "wed": "wo", "thu": "do", "fri": "vr", "sat": "za", "sun": "zo"}
DAY_NAMES = {
    "mon": "maandag", "tue": "dinsdag", "wed": "woensdag", "thu": "donderdag", "fri": "vrijdag",
    "sat": "zaterdag", "sun": "zondag",
}  # fmt: skip
TIMES = {"any": "Maakt niet uit", "morning": "Ochtend", "afternoon": "Middag", "evening": "Avond"}
SCALES = (
    ("stimulus_level", "Hoe druk is het bij deze taak?", "1 heel rustig … 5 heel druk"),
    ("structure_level", "Hoe vast is de taak?", "1 elke keer anders … 5 altijd hetzelfde"),
    ("supervision_offered", "Hoeveel begeleiding is er?", "1 alleen … 5 altijd iemand dichtbij"),
    ("time_pressure_level", "Hoeveel tijdsdruk?", "1 geen haast … 5 strakke normen"),
    ("customer_contact_level", "Hoeveel contact met klanten?", "1 geen … 5 de hele dag"),
    ("physical_load", "Hoe zwaar is de taak?", "1 licht … 5 zwaar"),
    ("skill_level", "Hoe moeilijk is de taak?", "1 eenvoudig … 5 ingewikkeld"),
)
LABELS = {
    "name": "Naam van de taak",
    "description": "Korte uitleg",
    "hours_per_week": "Uren per week",
    "time_of_day": "Wanneer op de dag",
    "postcode": "Postcode van de plek",
    "site_name": "Naam van de plek (bijvoorbeeld een afdeling)",
    "current_role": "Wie doet deze taak nu? (een functie, geen naam)",
    "required_certificate": "Verplicht certificaat",
    "days": "Op welke dagen?",
    **{name: question for name, question, _ in SCALES},
}
_MESSAGES = {
    "missing": "Vul dit in.",
    "string_too_short": "Vul dit in.",
    "string_too_long": "Dit is te lang.",
    "float_parsing": "Vul een getal in, bijvoorbeeld 4 of 1,5.",
    "int_parsing": "Kies een van de mogelijkheden.",
    "greater_than": "Dit moet meer dan {gt} zijn.",
    "less_than_equal": "Dit mag hoogstens {le} zijn (een week werk).",
    "greater_than_equal": "Kies een van de mogelijkheden.",
    "enum": "Kies een van de mogelijkheden.",
    "value_error": "Deze postcode bestaat niet. Gebruik 4 cijfers, eventueel met 2 letters.",
}


@dataclass
class TaskForm:
    """What the person typed (kept on errors) and the errors per field."""

    values: dict[str, str] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def read(form: FormData) -> TaskForm:
    values = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str) and len(v) < 5000}
    days = [d for d in form.getlist("days") if isinstance(d, str)]
    return TaskForm(values=values, days=days[:7])


def validate(state: TaskForm) -> InventoryTaskIn | None:
    data: dict[str, Any] = {n: state.values[n] for n in FIELDS if state.values.get(n)}
    data.update({n: state.values[n] for n, _, _ in SCALES if state.values.get(n)})
    if "hours_per_week" in data:
        data["hours_per_week"] = data["hours_per_week"].replace(",", ".")
    data["days"] = state.days
    try:
        return InventoryTaskIn.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "name"
            text = _MESSAGES.get(str(err.get("type")), "Dit klopt niet. Kijk het nog eens na.")
            if name == "days":
                text = "Kies alleen bestaande dagen."
            with contextlib.suppress(KeyError, IndexError):
                text = text.format(**(err.get("ctx") or {}))
            state.errors.setdefault(name, text)
        return None
