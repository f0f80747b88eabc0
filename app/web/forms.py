"""The employer form: raw fields in, the API's own schemas out, Dutch messages per field.

Validation reuses ``EmployerCreate``, ``WorkplaceCreate`` and ``TaskIn``, so the form and the API
accept exactly the same data. Field names: ``e_*`` employer, ``w_*`` workplace, ``t<i>_*`` task
row ``i`` (rows may have gaps after one is removed; the order of ``i`` is the task order).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData

from app.employers.models import Employer, Workplace
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from app.web.choices import ENVIRONMENT, GETTING_THERE, SUPPORT, TASK_SCALES

EMPLOYER_FIELDS = (
    "name",
    "kvk_number",
    "sector",
    "sbi_code",
    "size_class",
    "postcode",
    "municipality",
    "contact_name",
    "contact_email",
    "willingness",
    "motive",
)
WORKPLACE_FIELDS = (
    "title",
    "description",
    "kind",
    "place_type",
    "capacity",
    "available_from",
    "hours_per_week_min",
    "hours_per_week_max",
    "hours_per_day_max",
    "contract_type",
    "contract_months",
    "postcode",
    "team_size",
    *(q.name.removeprefix("w_") for q in ENVIRONMENT),
)
TASK_FIELDS = ("name", "hours_per_week", *TASK_SCALES)
DEFAULT_TASK_ROWS = 3
MAX_TASK_ROWS = 40
_TASK_NAME = re.compile(r"^t([0-9]{1,3})_")

_MESSAGES = {
    "missing": "Vul dit in.",
    "string_too_short": "Vul dit in.",
    "string_too_long": "Dit is te lang (hoogstens {max_length} tekens).",
    "int_parsing": "Vul een heel getal in, bijvoorbeeld 12.",
    "int_from_float": "Vul een heel getal in, bijvoorbeeld 12.",
    "float_parsing": "Vul een getal in, bijvoorbeeld 8 of 7,5.",
    "date_from_datetime_parsing": "Vul een datum in, bijvoorbeeld 2027-03-01.",
    "date_parsing": "Vul een datum in, bijvoorbeeld 2027-03-01.",
    "greater_than_equal": "Dit moet minstens {ge} zijn.",
    "greater_than": "Dit moet meer dan {gt} zijn.",
    "less_than_equal": "Dit mag hoogstens {le} zijn.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "string_pattern_mismatch": "Dit klopt niet. Kijk het nog eens na.",
}
_VALUE_ERRORS = {
    "kvk_number": "Een KvK-nummer heeft precies 8 cijfers, bijvoorbeeld 27123456.",
    "postcode": "Deze postcode bestaat niet. Gebruik 4 cijfers, eventueel met 2 letters "
    "(bijvoorbeeld 2611 AB).",
    "hours_per_week_max": "Het maximum aantal uren moet minstens even groot zijn als het minimum.",
    "contract_months": "Hoeveel maanden duurt het tijdelijke contract?",
}
_PATTERNS = {
    "sbi_code": "Een SBI-code heeft 2 tot 5 cijfers. U vindt hem op uw KvK-uittreksel.",
    "contact_email": "Dit is geen e-mailadres. Gebruik de vorm naam@voorbeeld.nl.",
}


@dataclass
class FormState:
    """What the person typed (kept on errors), the task rows shown, and errors per field."""

    values: dict[str, str] = field(default_factory=dict)
    instruments: list[str] = field(default_factory=list)
    task_rows: list[int] = field(default_factory=lambda: list(range(DEFAULT_TASK_ROWS)))
    errors: dict[str, str] = field(default_factory=dict)

    def add_row(self) -> None:
        if len(self.task_rows) < MAX_TASK_ROWS:
            self.task_rows.append(max(self.task_rows, default=-1) + 1)

    def remove_row(self, index: int) -> None:
        if index in self.task_rows and len(self.task_rows) > 1:
            self.task_rows.remove(index)


def state_from_form(form: FormData) -> FormState:
    values = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str) and len(v) < 5000}
    instruments = [v for v in form.getlist("w_instruments_accepted") if isinstance(v, str)]
    found = {int(m.group(1)) for k in values if (m := _TASK_NAME.match(k))}
    rows = sorted(found) or list(range(DEFAULT_TASK_ROWS))
    return FormState(values=values, instruments=instruments[:4], task_rows=rows[:MAX_TASK_ROWS])


def state_from_workplace(workplace: Workplace) -> FormState:
    values = {f"w_{name}": _text(getattr(workplace, name)) for name in WORKPLACE_FIELDS}
    for name in SUPPORT:
        values[name] = "1" if getattr(workplace, name.removeprefix("w_")) else ""
    for name in GETTING_THERE:
        values[name] = "1" if getattr(workplace, name.removeprefix("w_")) else "0"
    for i, task in enumerate(workplace.tasks):
        for name in TASK_FIELDS:
            values[f"t{i}_{name}"] = _text(getattr(task, name))
    rows = list(range(max(len(workplace.tasks), 1)))
    return FormState(
        values=values, instruments=list(workplace.instruments_accepted), task_rows=rows
    )


def state_for_employer(employer: Employer) -> FormState:
    """An invite pre-fills the location with the employer's own postcode."""
    return FormState(values={"w_postcode": employer.postcode})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _pick(values: dict[str, str], prefix: str, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: values[prefix + n] for n in names if values.get(prefix + n)}


def _tasks(state: FormState) -> tuple[list[dict[str, Any]], list[int]]:
    rows, used = [], []
    for i in state.task_rows:
        row = _pick(state.values, f"t{i}_", TASK_FIELDS)
        if not row.get("name") and not row.get("hours_per_week"):
            continue
        if "hours_per_week" in row:
            row["hours_per_week"] = row["hours_per_week"].replace(",", ".")
        rows.append(row)
        used.append(i)
    return rows, used


def validate_employer(state: FormState) -> EmployerCreate | None:
    data = _pick(state.values, "e_", EMPLOYER_FIELDS)
    return _validate(EmployerCreate, data, state, lambda loc: f"e_{loc[0]}")


def validate_workplace(state: FormState, employer_id: int) -> WorkplaceCreate | None:
    data: dict[str, Any] = _pick(state.values, "w_", WORKPLACE_FIELDS)
    for name in SUPPORT:
        data[name.removeprefix("w_")] = bool(state.values.get(name))
    for name, (_question, default) in GETTING_THERE.items():
        data[name.removeprefix("w_")] = state.values.get(name, default) == "1"
    data["instruments_accepted"] = state.instruments
    data["tasks"], used = _tasks(state)
    data["employer_id"] = employer_id
    if not used:
        state.errors[f"t{state.task_rows[0]}_name"] = "Beschrijf minstens één taak."

    def where(loc: tuple[Any, ...]) -> str:
        if loc[0] == "tasks" and len(loc) > 2 and isinstance(loc[1], int):
            return f"t{used[loc[1]]}_{loc[2]}"
        return f"w_{loc[0]}"

    result = _validate(WorkplaceCreate, data, state, where)
    return result if used else None


def _validate(model: type[BaseModel], data: dict[str, Any], state: FormState, where: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"]) or ("form",)
            name = where(loc)
            state.errors.setdefault(name, _dutch(str(loc[-1]), err))
        return None


def _dutch(field_name: str, err: Any) -> str:
    kind = str(err.get("type", ""))
    if kind == "value_error":
        return _VALUE_ERRORS.get(field_name, "Dit klopt niet. Kijk het nog eens na.")
    if kind == "string_pattern_mismatch" and field_name in _PATTERNS:
        return _PATTERNS[field_name]
    template = _MESSAGES.get(kind, "Dit klopt niet. Kijk het nog eens na.")
    try:
        return template.format(**{k: _number(v) for k, v in (err.get("ctx") or {}).items()})
    except (KeyError, IndexError):
        return "Dit klopt niet. Kijk het nog eens na."


def _number(value: Any) -> Any:
    """A limit as people write it: 60 not 60.0, 7,5 not 7.5."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    return value
