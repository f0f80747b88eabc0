"""Plain Dutch (B1) sentences for factors, hard constraints and risks.

Sentences talk about "de kandidaat" and "de werkplek" so a jobhunter can read them aloud to
both sides; they never mention a diagnosis, only functional needs.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from matching.travel import MODE_LABELS_NL


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


def _tolerance(topic: str, busy: str, calm: str, tolerance: int, level: int) -> Said:
    if level > tolerance:
        return Said(
            f"{busy} (niveau {level}): meer {topic} dan de kandidaat aankan (niveau {tolerance})",
            True,
        )
    if level < tolerance - 1:
        return Said(f"{calm}: misschien te weinig uitdaging voor iemand die {topic} aankan", True)
    if tolerance <= 2:
        return Said(f"{calm}: past bij de behoefte aan weinig {topic}", False)
    return Said(f"De hoeveelheid {topic} past bij wat de kandidaat aankan", False)


def stimulus(tolerance: int, level: int) -> Said:
    if level <= tolerance and tolerance <= 2:
        return Said("Rustige werkplek: past bij de behoefte aan weinig prikkels", False)
    return _tolerance("prikkels", "Drukke werkplek", "Rustige werkplek", tolerance, level)


def time_pressure(tolerance: int, level: int) -> Said:
    return _tolerance("tijdsdruk", "Hoog werktempo", "Rustig werktempo", tolerance, level)


def customer_contact(tolerance: int, level: int) -> Said:
    return _tolerance("klantcontact", "Veel klantcontact", "Weinig klantcontact", tolerance, level)


def structure(need: int, offered: int) -> Said:
    if offered < need:
        return Said(
            f"Minder vaste structuur dan nodig (biedt niveau {offered}, nodig {need})", True
        )
    if offered > need + 1:
        return Said("Veel vaste routine; de kandidaat wil juist afwisseling", True)
    if need >= 4:
        return Said("Vaste taken en een vast rooster: past bij de behoefte aan structuur", False)
    return Said("De mate van structuur past bij de kandidaat", False)


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
    extra = f" ({', '.join(support)})" if support else ""
    if offered + 0.5 * len(support) < need:
        return Said(f"Minder begeleiding op de werkvloer dan nodig{extra}", True)
    return Said(f"Begeleiding op de werkvloer past bij wat de kandidaat nodig heeft{extra}", False)


def physical(capacity: int, demand: int) -> Said:
    if demand > capacity:
        return Said("Het werk is lichamelijk te zwaar", True)
    if demand == capacity:
        return Said("Lichamelijk werk precies op de grens van wat de kandidaat aankan", True)
    return Said("Lichamelijk werk past binnen wat de kandidaat aankan", False)


def skill(cand_level: int, wp_level: float, wants_challenge: bool = False) -> Said:
    if wp_level > cand_level + 0.25:
        return Said("De taken zijn moeilijker dan het niveau van de kandidaat", True)
    if wants_challenge and wp_level < cand_level - 1:
        return Said(
            "Het werk is veel eenvoudiger dan de kandidaat kan, terwijl de kandidaat zich wil "
            "ontwikkelen (kans op uitval door verveling)",
            True,
        )
    if wants_challenge and wp_level < cand_level - 0.25:
        return Said(
            "Het werk is wat eenvoudiger dan de kandidaat kan; de kandidaat wil zich ontwikkelen",
            True,
        )
    if wp_level < cand_level - 1:
        return Said(
            "Eenvoudig, herhalend werk; de kandidaat kan meer aan (kans op verveling)", True
        )
    return Said("Het niveau van de taken past bij de kandidaat", False)


def travel(minutes: float, mode: str | None, max_minutes: int, arranged: bool) -> Said:
    if mode is not None and minutes <= max_minutes:
        text = f"Reistijd ongeveer {round(minutes)} minuten {MODE_LABELS_NL[mode]}"
        return Said(text + (" (vervoer kan ook geregeld worden)" if arranged else ""), False)
    if arranged:
        return Said("Vervoer wordt geregeld door de werkgever", False)
    if mode is None:
        return Said("De kandidaat kan deze werkplek niet zelfstandig bereiken", True)
    return Said(
        f"Reistijd ongeveer {round(minutes)} minuten {MODE_LABELS_NL[mode]}: "
        f"langer dan de maximale {max_minutes} minuten",
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


def interests(matched: list[str]) -> Said:
    if not matched:
        return Said("Weinig aansluiting bij de interesses van de kandidaat", True)
    if len(matched) == 1:
        return Said(f"Sluit aan bij de interesse in {matched[0]}", False)
    return Said(f"Sluit aan bij de interesse in {', '.join(matched[:-1])} en {matched[-1]}", False)


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
    if raw < 0.5:
        return Said("Weinig zekerheid over een blijvende plek: " + ", ".join(weak), True)
    text = ", ".join(good) or "redelijke kans op een blijvende plek"
    return Said(text[0].upper() + text[1:], False)


def risks(cand: Any, wp: Any, minutes: float | None, alert_months: int) -> list[str]:
    """Risks for a lasting placement (DOMAIN.md §1 and §7)."""
    out = []
    months = wp["contract_months"]
    if wp["contract_type"] in ("temporary", "agency"):
        length = f" van {months} maanden" if months is not None else ""
        out.append(
            f"Tijdelijk contract{length}: zorg {alert_months} maanden voor het einde voor "
            "verlenging of een volgende baan"
        )
    if wp["contract_type"] == "agency":
        out.append("Werk via een uitzendbureau")
    if wp["agency_clause"]:
        out.append("Uitzendbeding: het contract stopt als de opdracht stopt")
    policy_months = wp["employer_contract_policy_max_months"]
    if policy_months is not None and policy_months <= 24:
        out.append(f"Werkgever geeft contracten van hooguit {policy_months} maanden")
    no_support = not (wp["mentor_available"] or wp["jobcoach_welcome"] or wp["trained_colleague"])
    if no_support and wp["supervision_offered"] <= 2:
        out.append("Geen begeleiding op de werkvloer")
    if (
        minutes is not None
        and not wp["transport_arranged"]
        and minutes > max(45.0, 0.8 * cand["max_travel_minutes"])
    ):
        out.append("Lange reistijd")
    if wp["min_loonwaarde_pct"] is not None and cand["loonwaarde_pct"] is None:
        out.append("Loonwaarde nog niet gemeten, terwijl de werkgever een minimum vraagt")
    if wp["employer_willingness"] <= 2:
        out.append("Werkgever twijfelt nog over het aannemen van iemand uit de doelgroep")
    if wp["place_type"] == "proefplaatsing" and cand["benefit"] == "none":
        out.append("Proefplaatsing is onbetaald en de kandidaat heeft geen uitkering: geen inkomen")
    return out
