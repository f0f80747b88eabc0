"""Plain Dutch (B1) sentences for factors, hard constraints and risks.

Sentences talk about "de kandidaat" and "de werkplek" so a jobhunter can read them aloud to
both sides; they never mention a diagnosis, only functional needs.
"""

from __future__ import annotations

import functools
import math
from typing import Any, NamedTuple

from matching.travel import MODE_LABELS_NL
from matching.vocab import SCALES

# Below this raw score a factor counts against a match, so its sentence must say what is weak.
WEAK = 0.6


class Said(NamedTuple):
    """A factor sentence and whether it names a concern (a mismatch, however mild).

    The tone comes from the same comparison that picks the words, so a sentence such as
    "misschien te weinig uitdaging" can never be listed as a reason *for* a match.
    """

    text: str
    concern: bool


REASON_SENTENCES = {
    "travel_too_far": "De reistijd is langer dan de kandidaat aankan.",
    "hours_no_overlap": "De uren van de werkplek passen niet bij de uren van de kandidaat.",
    "physical_over_capacity": "Het werk is lichamelijk zwaarder dan de kandidaat aankan.",
    "certificate_missing": "De kandidaat mist een verplicht certificaat.",
    "licence_missing": "Voor dit werk is een rijbewijs nodig.",
    "startkwalificatie_missing": "Voor dit werk is een startkwalificatie nodig.",
    "loonwaarde_below_minimum": "De loonwaarde is lager dan de werkgever vraagt.",
    "strict_stimulus": "Te veel prikkels, en de kandidaat heeft echt een prikkelarme plek nodig.",
    "strict_structure": "Te weinig vaste structuur voor wat de kandidaat echt nodig heeft.",
    "strict_supervision": "Te weinig begeleiding voor wat de kandidaat echt nodig heeft.",
    "strict_time_pressure": "Te veel tijdsdruk voor wat de kandidaat echt aankan.",
    "strict_customer_contact": "Te veel klantcontact voor wat de kandidaat echt aankan.",
    "strict_challenge": (
        "Het werk is veel eenvoudiger dan de kandidaat kan, en de kandidaat wil zich echt "
        "ontwikkelen."
    ),
    "beschut_indication_missing": (
        "Beschut werk kan alleen met een indicatie beschut werk van UWV, en die heeft de "
        "kandidaat niet."
    ),
}


# Which factor a hard failure is about (None: a requirement, not a factor).
FAILURE_FACTOR: dict[str, str | None] = {
    "travel_too_far": "travel",
    "hours_no_overlap": "hours",
    "physical_over_capacity": "physical",
    "certificate_missing": None,
    "licence_missing": None,
    "startkwalificatie_missing": None,
    "loonwaarde_below_minimum": None,
    "strict_stimulus": "stimulus",
    "strict_structure": "structure",
    "strict_supervision": "supervision",
    "strict_time_pressure": "time_pressure",
    "strict_customer_contact": "customer_contact",
    "strict_challenge": "skill",
    "beschut_indication_missing": None,
}


@functools.cache  # a few hundred distinct inputs; built once each
def named(factor: str, level: int) -> str:
    """A level as the employer form words it, e.g. ``‘Rustig’ (niveau 2)``."""
    return f"‘{SCALES[factor].word(level)}’ (niveau {level})"


@functools.cache  # a few hundred distinct inputs; built once each
def _tolerance(factor: str, topic: str, what: str, tolerance: int, level: int) -> Said:
    here = f"{topic} op de werkplek: {named(factor, level)}"
    if level > tolerance:
        return Said(f"{here}; meer dan de kandidaat aankan: tot {named(factor, tolerance)}", True)
    if level < tolerance - 1:
        return Said(
            f"{here}; misschien te weinig uitdaging voor iemand die "
            f"{named(factor, tolerance)} aankan",
            True,
        )
    if tolerance <= 2:
        return Said(f"{here}; past bij de behoefte aan weinig {what}", False)
    return Said(f"{here}; past bij wat de kandidaat aankan", False)


def stimulus(tolerance: int, level: int) -> Said:
    return _tolerance("stimulus", "Drukte", "prikkels", tolerance, level)


def time_pressure(tolerance: int, level: int) -> Said:
    return _tolerance("time_pressure", "Tijdsdruk", "tijdsdruk", tolerance, level)


def customer_contact(tolerance: int, level: int) -> Said:
    return _tolerance("customer_contact", "Klantcontact", "klantcontact", tolerance, level)


@functools.cache  # a few hundred distinct inputs; built once each
def structure(need: int, offered: int) -> Said:
    work = named("structure", offered)
    if offered < need:
        return Said(
            f"Minder vaste structuur dan nodig: het werk is {work}, de kandidaat heeft "
            f"{named('structure', need)} nodig",
            True,
        )
    if offered > need + 1:
        return Said(f"Veel vaste routine: {work}; de kandidaat wil juist afwisseling", True)
    if need >= 4:
        return Said(
            f"Vaste taken en een vast rooster: {work}; past bij de behoefte aan structuur", False
        )
    return Said(f"De mate van structuur past bij de kandidaat: {work}", False)


def supervision(need: int, offered: int, wp: Any) -> Said:
    support = [
        label
        for key, label in (
            ("mentor_available", "een vaste begeleider"),
            ("jobcoach_welcome", "ruimte voor een jobcoach"),
            ("trained_colleague", "een getrainde collega"),
        )
        if wp[key]
    ]
    extra = f", met {' en '.join(support)}" if support else ""
    here = f"{named('supervision', offered)}{extra}"
    if offered + 0.5 * len(support) < need:
        return Said(
            f"Minder begeleiding op de werkvloer dan nodig: {here}; de kandidaat heeft "
            f"{named('supervision', need)} nodig",
            True,
        )
    return Said(f"Begeleiding op de werkvloer past bij wat de kandidaat nodig heeft: {here}", False)


@functools.cache  # a few hundred distinct inputs; built once each
def physical(capacity: int, demand: int) -> Said:
    work = named("physical", demand)
    if demand > capacity:
        return Said(
            f"Het werk is lichamelijk te zwaar: {work}, de kandidaat kan tot "
            f"{named('physical', capacity)}",
            True,
        )
    if demand == capacity:
        return Said(
            f"Lichamelijk werk precies op de grens van wat de kandidaat aankan: {work}", True
        )
    return Said(f"Lichamelijk werk past binnen wat de kandidaat aankan: {work}", False)


@functools.cache  # a few hundred distinct inputs; built once each
def skill(cand_level: int, wp_level: float, wants_challenge: bool = False) -> Said:
    # The workplace level is the hours-weighted mean of its tasks, named by its nearest level.
    work = f"taken {named('skill', int(wp_level + 0.5))}"
    able = named("skill", cand_level)
    if wp_level > cand_level + 0.25:
        return Said(f"De taken zijn te moeilijk: {work}, de kandidaat kan {able}", True)
    if wants_challenge and wp_level < cand_level - 1:
        return Said(
            "Het werk is veel eenvoudiger dan de kandidaat kan, terwijl de kandidaat zich wil "
            f"ontwikkelen: {work}, de kandidaat kan {able} (kans op uitval door verveling)",
            True,
        )
    if wants_challenge and wp_level < cand_level - 0.25:
        return Said(
            "Het werk is wat eenvoudiger dan de kandidaat kan, terwijl de kandidaat zich wil "
            f"ontwikkelen: {work}, de kandidaat kan {able}",
            True,
        )
    if wp_level < cand_level - 1:
        return Said(
            f"Eenvoudig, herhalend werk: {work}; de kandidaat kan {able} aan (kans op verveling)",
            True,
        )
    return Said(f"Het niveau van de taken past bij de kandidaat: {work}", False)


def travel(minutes: float, mode: str | None, max_minutes: int, arranged: bool, raw: float) -> Said:
    """Which way the candidate travels, and why the workplace is reachable (or not)."""
    # Over the maximum, round up: "37 minuten, langer dan de maximale 37" would contradict itself.
    own = ""
    if mode is not None and math.isfinite(minutes):
        shown = round(minutes) if minutes <= max_minutes else math.ceil(minutes)
        own = f"{shown} minuten {MODE_LABELS_NL[mode]}"
    if mode is not None and minutes <= max_minutes:
        text = f"Reistijd ongeveer {own}, binnen de maximale {max_minutes} minuten"
        if raw < WEAK:
            return Said(text + ", maar dicht bij die grens", True)
        return Said(text + ("; de werkgever kan ook vervoer regelen" if arranged else ""), False)
    if arranged and mode is None:
        return Said(
            "Vervoer wordt geregeld door de werkgever: de kandidaat kan hier niet zelfstandig "
            "komen; daarom kan deze werkplek toch",
            False,
        )
    if arranged:
        return Said(
            f"Vervoer wordt geregeld door de werkgever: zelf reizen duurt ongeveer {own}, "
            f"langer dan de maximale {max_minutes} minuten; daarom kan deze werkplek toch",
            False,
        )
    if mode is None:
        return Said("De kandidaat kan deze werkplek niet zelfstandig bereiken", True)
    return Said(
        f"Reistijd ongeveer {own}: langer dan de maximale {max_minutes} minuten",
        True,
    )


def hours(cand: Any, wp: Any, buildup: bool, feasible: bool) -> Said:
    if buildup:
        return Said(
            f"Werkgever vraagt minimaal {wp['hours_per_week_min']} uur; de kandidaat kan nu "
            f"{cand['hours_per_week_max']} uur en groeit daar naartoe (ingroeien)",
            True,
        )
    if not feasible:
        return Said("De uren passen niet", True)
    low = max(cand["hours_per_week_min"], wp["hours_per_week_min"])
    high = min(cand["hours_per_week_max"], wp["hours_per_week_max"])
    if low == high:
        return Said(f"Uren passen: {low} uur per week", False)
    return Said(f"Uren passen: {low} tot {high} uur per week mogelijk", False)


def interests(matched: list[str], raw: float) -> Said:
    if not matched:
        return Said("Weinig aansluiting bij de interesses van de kandidaat", True)
    named = matched[0] if len(matched) == 1 else f"{', '.join(matched[:-1])} en {matched[-1]}"
    if raw < WEAK:
        return Said(f"Sluit maar zwak aan bij de interesses: alleen iets van {named}", True)
    return Said(f"Sluit aan bij de interesse in {named}", False)


def sustainability(wp: Any, internship: bool, raw: float) -> Said:
    good: list[str] = []
    weak: list[str] = []
    (good if internship else weak).append(
        "eerder stage gelopen bij deze werkgever" if internship else "geen eerdere stage hier"
    )
    if wp["contract_type"] == "permanent":
        good.append("vast contract")
    else:
        weak.append("geen vast contract")
    if wp["is_carved"]:
        good.append("functie op maat gemaakt (jobcarving)")
    if wp["employer_experience"]:
        good.append("werkgever heeft ervaring met de doelgroep")
    else:
        weak.append("werkgever heeft nog geen ervaring met de doelgroep")
    if wp["employer_willingness"] >= 4:
        good.append("werkgever wil graag")
    elif wp["employer_willingness"] <= 2:
        weak.append("werkgever twijfelt nog")
    if raw < WEAK:
        why = ", ".join(weak) or "de signalen voor een blijvende plek zijn zwak"
        return Said("Weinig zekerheid over een blijvende plek: " + why, True)
    text = ", ".join(good) or "redelijke kans op een blijvende plek"
    return Said(text[0].upper() + text[1:], False)


# The risks that follow from the candidate's loonwaarde or benefit (staff only, DOMAIN §8).
LOONWAARDE_UNMEASURED_RISK = "Loonwaarde nog niet gemeten, terwijl de werkgever een minimum vraagt"
NO_INCOME_RISK = "Proefplaatsing is onbetaald en de kandidaat heeft geen uitkering: geen inkomen"
STATUS_RISKS = frozenset({LOONWAARDE_UNMEASURED_RISK, NO_INCOME_RISK})


class Risk(NamedTuple):
    """A risk for a lasting placement and the factor it is about (None: no factor)."""

    text: str
    factor: str | None


def risks(
    cand: Any, wp: Any, minutes: float | None, alert_months: int, supervision_short: bool
) -> list[Risk]:
    """Risks for a lasting placement (DOMAIN.md §1 and §7).

    ``supervision_short`` says whether the workplace offers less supervision than the
    candidate needs: little supervision is only a risk for someone who needs more.
    """
    out = []
    lasting = "sustainability"
    months = wp["contract_months"]
    if wp["contract_type"] in ("temporary", "agency"):
        length = f" van {months} maanden" if months is not None else ""
        out.append(
            Risk(
                f"Tijdelijk contract{length}: zorg {alert_months} maanden voor het einde voor "
                "verlenging of een volgende baan",
                lasting,
            )
        )
    if wp["contract_type"] == "agency":
        out.append(Risk("Werk via een uitzendbureau", lasting))
    if wp["agency_clause"]:
        out.append(Risk("Uitzendbeding: het contract stopt als de opdracht stopt", lasting))
    policy_months = wp["employer_contract_policy_max_months"]
    if policy_months is not None and policy_months <= 24:
        out.append(Risk(f"Werkgever geeft contracten van hooguit {policy_months} maanden", lasting))
    no_support = not (wp["mentor_available"] or wp["jobcoach_welcome"] or wp["trained_colleague"])
    if no_support and wp["supervision_offered"] <= 2 and supervision_short:
        out.append(Risk("Geen begeleiding op de werkvloer", "supervision"))
    if (
        minutes is not None
        and not wp["transport_arranged"]
        and minutes > max(45.0, 0.8 * cand["max_travel_minutes"])
    ):
        out.append(Risk("Lange reistijd", "travel"))
    if wp["min_loonwaarde_pct"] is not None and cand["loonwaarde_pct"] is None:
        out.append(Risk(LOONWAARDE_UNMEASURED_RISK, None))
    if wp["employer_willingness"] <= 2:
        out.append(
            Risk(
                "Werkgever twijfelt nog over het aannemen van iemand uit de doelgroep",
                lasting,
            )
        )
    if wp["place_type"] == "proefplaatsing" and cand["benefit"] == "none":
        out.append(Risk(NO_INCOME_RISK, None))
    return out
