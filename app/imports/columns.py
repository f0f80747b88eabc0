"""Our import columns per entity: the flat names a generic file uses, each with its parser and
where its value goes in the API's create schema. A profile maps a source's headers onto these.

Groups: ``loonwaarde_*`` columns make one ``LoonwaardeIn``; ``consent_<purpose>_on`` columns
make one ``ConsentIn`` each (date given), with ``consent_guardian`` and ``consent_source``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.imports import values
from matching.vocab import CANDIDATE_LEVEL_KEYS

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    name: str
    parse: Parser
    required: bool = False
    is_list: bool = False  # code tables apply to each element
    doc: str = ""


def _cols(*specs: tuple[str, Parser, bool] | tuple[str, Parser]) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for spec in specs:
        name, parse = spec[0], spec[1]
        required = bool(spec[2]) if len(spec) > 2 else False
        out[name] = Column(name, parse, required, is_list=parse is values.tags)
    return out


T, INT, F, D, B, L = (
    values.text,
    values.integer,
    values.decimal,
    values.day,
    values.boolean,
    values.tags,
)
SCALES = tuple(CANDIDATE_LEVEL_KEYS.values())  # the 1-5 need scales, one vocabulary
CONSENT_PURPOSES = ("matching", "share_pseudonymous", "equality_monitoring")
LOONWAARDE = {
    "loonwaarde_pct": "loonwaarde_pct",
    "loonwaarde_measured_on": "measured_on",
    "loonwaarde_method": "method",
    "loonwaarde_source": "source",
}

CANDIDATES = _cols(
    ("external_id", T, True),
    ("first_name", T, True),
    ("last_name", T, True),
    ("date_of_birth", D, True),
    ("email", T),
    ("phone", T),
    ("postcode", T, True),
    ("municipality", T, True),
    ("school_type", T, True),
    ("mbo_route", T),
    ("startkwalificatie", B),
    ("certificates", L),
    ("has_driving_licence", B),
    ("regime", T, True),
    ("benefit", T, True),
    ("doelgroepregister", B),
    ("doelgroepregister_since", D),
    ("beschut_indication", B),
    ("readiness", T, True),
    ("readiness_confirmed_on", D, True),
    ("hours_per_week_min", INT, True),
    ("hours_per_week_max", INT, True),
    ("hours_per_day_max", INT, True),
    ("days_available", L),
    ("needs_gradual_buildup", B),
    ("available_from", D),
    ("travel_modes", L, True),
    ("travels_independently_pt", B),
    ("max_travel_minutes", INT, True),
    *((name, INT, True) for name in SCALES),
    ("needs_challenge", B),
    ("strict_needs", L),
    ("interests", L),
    ("preferred_sectors", L),
    ("preferred_tasks", L),
    ("competences", L),
    ("ambitions", T),
    ("jobhunter_id", INT),
    ("loonwaarde_pct", F),
    ("loonwaarde_measured_on", D),
    ("loonwaarde_method", T),
    ("loonwaarde_source", T),
    *((f"consent_{purpose}_on", D) for purpose in CONSENT_PURPOSES),
    ("consent_guardian", B),
    ("consent_source", T),
)

EMPLOYERS = _cols(
    ("external_id", T, True),
    ("name", T, True),
    ("kvk_number", T, True),
    ("sector", T, True),
    ("sbi_code", T, True),
    ("size_class", T, True),
    ("postcode", T, True),
    ("municipality", T, True),
    ("account_manager_id", INT),
    ("contact_name", T),
    ("contact_email", T),
    ("contact_phone", T),
    ("willingness", INT, True),
    ("experience_with_target_group", B),
    ("motive", T, True),
    ("inclusive_network", B),
    ("sbb_recognised", B),
    ("contract_policy_max_months", INT),
)
WORKPLACE_LEVELS = (
    "stimulus_level",
    "structure_offered",
    "supervision_offered",
    "time_pressure_level",
    "customer_contact_level",
    "physical_demand",
)
WORKPLACES = _cols(
    ("external_id", T, True),
    ("employer_external_id", T),
    ("employer_kvk", T),
    ("status", T),
    ("title", T, True),
    ("description", T),
    ("sector", T),
    ("kind", T, True),
    ("is_carved", B),
    ("place_type", T, True),
    ("capacity", INT, True),
    ("available_from", D),
    ("hours_per_week_min", INT, True),
    ("hours_per_week_max", INT, True),
    ("hours_per_day_max", INT, True),
    ("schedule_predictable", B),
    ("schedule_notice_days", INT),
    ("contract_type", T, True),
    ("contract_months", INT),
    ("agency_clause", B),
    ("postcode", T, True),
    ("reachable_by_public_transport", B),
    ("transport_arranged", B),
    ("remote_possible", B),
    *((name, INT, True) for name in WORKPLACE_LEVELS),
    ("team_size", INT, True),
    ("mentor_available", B),
    ("jobcoach_welcome", B),
    ("trained_colleague", B),
    ("instruments_accepted", L),
    ("development_opportunities", B),
    ("required_certificates", L),
    ("requires_driving_licence", B),
    ("requires_startkwalificatie", B),
    ("min_loonwaarde_pct", F),
    ("tasks", values.tasks),
)

PLACEMENTS = _cols(
    ("external_id", T, True),
    ("candidate_external_id", T, True),
    ("workplace_external_id", T, True),
    ("consent_recorded_on", D),
    ("consent_note", T),
    ("guardian_consent", B),
    ("introduced_on", D),
    ("proef_start", D),
    ("proef_planned_end", D),
    ("start_date", D),
    ("contract_type", T),
    ("hours_per_week", INT),
    ("end_date", D),
    ("loonwaarde_pct", F),
    ("with_jobcoach", B),
    ("ended_on", D),
    ("outcome", T),
    ("dropout_reason", T),
    ("outcome_note", T),
)

ENTITIES: dict[str, dict[str, Column]] = {
    "candidates": CANDIDATES,
    "employers": EMPLOYERS,
    "workplaces": WORKPLACES,
    "placements": PLACEMENTS,
}


def employer_payload(flat: dict[str, Any], *, source: str) -> tuple[dict[str, Any], dict[str, str]]:
    return {k: v for k, v in flat.items() if k != "external_id"}, {}


def workplace_payload(
    flat: dict[str, Any], *, source: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """``employer_id`` is filled in by the service from ``employer_external_id``/``_kvk``."""
    skip = {"external_id", "employer_external_id", "employer_kvk"}
    payload = {k: v for k, v in flat.items() if k not in skip}
    paths = {f"tasks.{i}": "tasks" for i in range(len(flat.get("tasks", [])))}
    paths["employer_id"] = (
        "employer_external_id" if "employer_external_id" in flat else ("employer_kvk")
    )
    return payload, paths


def candidate_payload(
    flat: dict[str, Any], *, source: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Flat parsed values → a ``CandidateCreate`` payload, and the schema path → our column
    for every nested value (so a validation error names the file's column)."""
    payload = {
        name: value
        for name, value in flat.items()
        if name in CANDIDATES
        and name != "external_id"
        and not name.startswith(("loonwaarde_", "consent_"))
    }
    paths: dict[str, str] = {}
    measurement = {LOONWAARDE[k]: v for k, v in flat.items() if k in LOONWAARDE}
    if measurement:
        payload["loonwaarde"] = [measurement]
        paths |= {f"loonwaarde.0.{ours}": col for col, ours in LOONWAARDE.items()}
    consents: list[dict[str, Any]] = []
    recorded_in = flat.get("consent_source") or "bronsysteem"
    for purpose in CONSENT_PURPOSES:
        given_on = flat.get(f"consent_{purpose}_on")
        if given_on is None:
            continue
        index = len(consents)
        consents.append(
            {
                "purpose": purpose,
                "given_on": given_on,
                "guardian_consent": bool(flat.get("consent_guardian", False)),
                "note": f"Vastgelegd in {recorded_in}; geïmporteerd uit bron '{source}'.",
            }
        )
        paths[f"consents.{index}.given_on"] = f"consent_{purpose}_on"
        paths[f"consents.{index}.guardian_consent"] = "consent_guardian"
        paths[f"consents.{index}"] = f"consent_{purpose}_on"
    if consents:
        payload["consents"] = consents
        paths["consents"] = f"consent_{CONSENT_PURPOSES[0]}_on"
    return payload, paths
