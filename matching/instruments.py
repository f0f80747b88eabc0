"""Which instruments apply to a pair, with the municipal thresholds from the policy (DOMAIN §6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matching.profiles import Policy

ELIGIBLE, BY_EXCEPTION, NOT_ELIGIBLE, UNKNOWN, NOT_OFFERED = (
    "eligible",
    "eligible_by_exception",
    "not_eligible",
    "unknown",
    "not_offered",
)


@dataclass(frozen=True)
class InstrumentAdvice:
    """Eligibility of one instrument for one pair.

    Attributes
    ----------
    instrument : str
        ``jobcoach``, ``proefplaatsing``, ``loonkostensubsidie``, ``werkplekaanpassing``,
        ``loondispensatie``, ``no_risk_polis``, ``banenafspraak`` or ``beschut_werk``.
    status : str
        ``eligible``, ``eligible_by_exception``, ``not_eligible``, ``unknown`` (loonwaarde or
        regime not known yet) or ``not_offered`` (the employer or municipality does not offer
        it).
    eligible : bool
        True for ``eligible`` and ``eligible_by_exception``.
    reason : str
        Dutch sentence (B1) for the jobhunter.
    """

    instrument: str
    status: str
    eligible: bool
    reason: str


def _advice(instrument: str, status: str, reason: str) -> InstrumentAdvice:
    return InstrumentAdvice(instrument, status, status in (ELIGIBLE, BY_EXCEPTION), reason)


def _pct(value: float) -> str:
    return f"{value:g}%"


def jobcoach(cand: Any, wp: Any, policy: Policy, hours_per_week: float) -> InstrumentAdvice:
    """UWV jobcoach rule: contract length, hours, loonwaarde and no uitzendbeding.

    Parameters
    ----------
    cand : CandidateProfile
    wp : WorkplaceProfile
    policy : Policy
    hours_per_week : float
        Hours the pair can agree on (the top of the overlap, or the candidate's maximum during
        a build-up).

    Returns
    -------
    InstrumentAdvice
    """
    if not (wp["jobcoach_welcome"] or "jobcoach" in wp["instruments_accepted"]):
        return _advice("jobcoach", NOT_OFFERED, "De werkgever staat (nog) geen jobcoach toe.")
    problems, exceptions = [], []
    months = wp["contract_months"]
    if wp["contract_type"] == "none":
        problems.append("er is geen arbeidscontract")
    elif months is not None and months < policy.jobcoach_min_contract_months:
        problems.append(f"het contract is korter dan {policy.jobcoach_min_contract_months} maanden")
    if wp["agency_clause"]:
        problems.append("het contract heeft een uitzendbeding")
    growth = bool(cand["needs_gradual_buildup"])
    if hours_per_week < policy.jobcoach_min_hours_per_week:
        if growth and hours_per_week >= policy.jobcoach_min_hours_per_week_with_growth:
            exceptions.append(f"minder dan {policy.jobcoach_min_hours_per_week:g} uur, met groei")
        else:
            problems.append(f"minder dan {policy.jobcoach_min_hours_per_week:g} uur per week")
    loonwaarde = cand["loonwaarde_pct"]
    unknown = loonwaarde is None
    if loonwaarde is not None and loonwaarde < policy.jobcoach_min_loonwaarde_pct:
        if loonwaarde >= policy.jobcoach_min_loonwaarde_pct_exception:
            exceptions.append(f"loonwaarde onder {_pct(policy.jobcoach_min_loonwaarde_pct)}")
        else:
            problems.append(
                f"loonwaarde onder {_pct(policy.jobcoach_min_loonwaarde_pct_exception)}"
            )
    if problems:
        return _advice(
            "jobcoach", NOT_ELIGIBLE, "Geen jobcoach mogelijk: " + "; ".join(problems) + "."
        )
    if unknown:
        return _advice(
            "jobcoach", UNKNOWN, "Jobcoach mogelijk als de gemeten loonwaarde hoog genoeg is."
        )
    if exceptions:
        return _advice(
            "jobcoach",
            BY_EXCEPTION,
            "Jobcoach alleen bij uitzondering: " + "; ".join(exceptions) + ".",
        )
    return _advice("jobcoach", ELIGIBLE, "Jobcoach mogelijk: contract, uren en loonwaarde voldoen.")


NO_INCOME_WARNING = (
    "een proefplaatsing is onbetaald en de kandidaat heeft geen uitkering. "
    "Dat betekent maanden zonder inkomen; bespreek dit eerst met de kandidaat."
)
_REGIME_UNKNOWN = (
    "Eerst uitzoeken of de kandidaat onder de Participatiewet (gemeente) of de Wajong (UWV) "
    "valt; daarvan hangt af wie het loonverschil betaalt."
)


def _offers_proefplaatsing(wp: Any) -> bool:
    return "proefplaatsing" in wp["instruments_accepted"] or wp["place_type"] == "proefplaatsing"


def proefplaatsing(cand: Any, wp: Any, policy: Policy) -> InstrumentAdvice:
    """Trial placement when the employer accepts it; at most ``proefplaatsing_max_months``.

    A proefplaatsing is unpaid: for someone without a benefit (a *nugger*) it means months
    without income, so the advice says so instead of proposing it silently (DOMAIN §6).
    """
    if not _offers_proefplaatsing(wp):
        return _advice("proefplaatsing", NOT_OFFERED, "De werkgever biedt geen proefplaatsing aan.")
    text = (
        f"Proefplaatsing mogelijk (maximaal {policy.proefplaatsing_max_months} maanden); "
        "daarin kan ook de loonwaarde gemeten worden."
    )
    if cand["benefit"] == "none":
        text = "Let op: " + NO_INCOME_WARNING + " " + text
    return _advice("proefplaatsing", ELIGIBLE, text)


def _forfaitaire_lks(policy: Policy) -> InstrumentAdvice:
    if not policy.forfaitaire_lks_offered:
        return _advice(
            "loonkostensubsidie",
            UNKNOWN,
            "Loonwaarde eerst meten, bijvoorbeeld tijdens een proefplaatsing.",
        )
    return _advice(
        "loonkostensubsidie",
        ELIGIBLE,
        f"Forfaitaire loonkostensubsidie mogelijk: de gemeente betaalt "
        f"{_pct(policy.forfaitaire_lks_pct_wml)} van het minimumloon, hooguit de eerste "
        f"{policy.forfaitaire_lks_max_months} maanden. In die tijd wordt de loonwaarde gemeten.",
    )


def loonkostensubsidie(cand: Any, wp: Any, policy: Policy) -> InstrumentAdvice:
    """Wage-cost subsidy from the municipality: Participatiewet only (DOMAIN §6).

    Wajongers get loondispensatie via UWV instead. While the loonwaarde is not measured yet,
    the policy's forfaitaire LKS applies (a fixed share of the WML for the first months).
    """
    if "loonkostensubsidie" not in wp["instruments_accepted"] and wp["place_type"] != "lks":
        return _advice(
            "loonkostensubsidie", NOT_OFFERED, "De werkgever werkt niet met loonkostensubsidie."
        )
    if cand["regime"] == "wajong":
        return _advice(
            "loonkostensubsidie",
            NOT_ELIGIBLE,
            "Geen loonkostensubsidie: de kandidaat heeft een Wajong-uitkering. "
            "Dan geldt loondispensatie via UWV.",
        )
    if cand["regime"] != "participatiewet":
        return _advice("loonkostensubsidie", UNKNOWN, _REGIME_UNKNOWN)
    loonwaarde = cand["loonwaarde_pct"]
    minimum = policy.lks_min_loonwaarde_pct
    if loonwaarde is None:
        return _forfaitaire_lks(policy)
    if loonwaarde >= 100:
        return _advice(
            "loonkostensubsidie",
            NOT_ELIGIBLE,
            "Geen loonkostensubsidie: de loonwaarde is 100% of meer.",
        )
    if minimum is not None and loonwaarde < minimum:
        return _advice(
            "loonkostensubsidie",
            NOT_ELIGIBLE,
            f"Geen loonkostensubsidie: de gemeente vraagt minimaal {_pct(minimum)} loonwaarde.",
        )
    return _advice(
        "loonkostensubsidie",
        ELIGIBLE,
        f"Loonkostensubsidie mogelijk: de werkgever betaalt het hele loon en krijgt het verschil "
        f"met de loonwaarde ({_pct(loonwaarde)}) van de gemeente.",
    )


def loondispensatie(cand: Any, wp: Any) -> InstrumentAdvice:
    """Wage dispensation via UWV: the Wajong's instrument (DOMAIN §6).

    The employer pays only the loonwaarde and UWV tops up the young person's income; it needs
    a paid job (an employment contract).
    """
    if cand["regime"] == "participatiewet":
        return _advice(
            "loondispensatie",
            NOT_ELIGIBLE,
            "Geen loondispensatie: die is er alleen voor de Wajong. Bij de Participatiewet "
            "geeft de gemeente loonkostensubsidie.",
        )
    if cand["regime"] != "wajong":
        return _advice("loondispensatie", UNKNOWN, _REGIME_UNKNOWN)
    if wp["contract_type"] == "none":
        return _advice(
            "loondispensatie",
            NOT_ELIGIBLE,
            "Geen loondispensatie: er is geen arbeidscontract, dus geen loon.",
        )
    loonwaarde = cand["loonwaarde_pct"]
    if loonwaarde is None:
        return _advice(
            "loondispensatie",
            UNKNOWN,
            "Loondispensatie via UWV mogelijk; UWV meet eerst de loonwaarde. "
            "Werkgever en kandidaat vragen het samen aan bij UWV.",
        )
    if loonwaarde >= 100:
        return _advice(
            "loondispensatie",
            NOT_ELIGIBLE,
            "Geen loondispensatie: de loonwaarde is 100% of meer.",
        )
    return _advice(
        "loondispensatie",
        ELIGIBLE,
        f"Loondispensatie via UWV: de werkgever betaalt loon naar loonwaarde "
        f"({_pct(loonwaarde)}) en UWV vult het inkomen van de kandidaat aan. "
        "Vraag het aan bij UWV.",
    )


def no_risk_polis(cand: Any) -> InstrumentAdvice:
    """UWV's no-risk polis (sick pay covered): only for people in the doelgroepregister."""
    if cand["doelgroepregister"]:
        return _advice(
            "no_risk_polis",
            ELIGIBLE,
            "No-riskpolis: de kandidaat staat in het doelgroepregister, dus UWV betaalt het loon "
            "door als de kandidaat ziek is.",
        )
    return _advice(
        "no_risk_polis",
        NOT_ELIGIBLE,
        "Geen no-riskpolis beloven: de kandidaat staat (nog) niet in het doelgroepregister. "
        "Dat beslist UWV.",
    )


def banenafspraak(cand: Any) -> InstrumentAdvice:
    """Whether the job counts for the employer's banenafspraak quota (doelgroepregister)."""
    if cand["doelgroepregister"]:
        return _advice(
            "banenafspraak",
            ELIGIBLE,
            "Telt mee voor de banenafspraak: de kandidaat staat in het doelgroepregister.",
        )
    return _advice(
        "banenafspraak",
        NOT_ELIGIBLE,
        "Telt (nog) niet mee voor de banenafspraak: de kandidaat staat niet in het "
        "doelgroepregister. Beloof de werkgever dit dus niet.",
    )


def beschut_werk(cand: Any, policy: Policy) -> InstrumentAdvice:
    """Nieuw beschut werk: only with a UWV indication, and only where the municipality has it."""
    if not policy.beschut_werk_offered:
        return _advice(
            "beschut_werk", NOT_OFFERED, "De gemeente biedt (nu) geen nieuw beschut werk aan."
        )
    if not cand["beschut_indication"]:
        return _advice(
            "beschut_werk",
            NOT_ELIGIBLE,
            "Geen beschut werk: daarvoor is een indicatie beschut werk van UWV nodig, en die "
            "heeft de kandidaat niet.",
        )
    return _advice(
        "beschut_werk",
        ELIGIBLE,
        "Beschut werk mogelijk: de kandidaat heeft een indicatie beschut werk van UWV.",
    )


# Advice that reads only the workplace (and policy); every other instrument's advice follows
# from the candidate's regime, benefit, doelgroepregister, beschut indication or loonwaarde.
WORKPLACE_ONLY = frozenset({"werkplekaanpassing"})


def werkplekaanpassing(wp: Any) -> InstrumentAdvice:
    """Workplace adaptation when the employer is open to it."""
    if "werkplekaanpassing" in wp["instruments_accepted"]:
        return _advice(
            "werkplekaanpassing",
            ELIGIBLE,
            "De werkgever staat open voor aanpassing van de werkplek.",
        )
    return _advice("werkplekaanpassing", NOT_OFFERED, "Geen werkplekaanpassing aangeboden.")


def assess_instruments(
    cand: Any, wp: Any, policy: Policy, hours_per_week: float
) -> tuple[InstrumentAdvice, ...]:
    """All instruments for one pair, in a fixed order.

    Jobcoach, proefplaatsing, loonkostensubsidie, werkplekaanpassing, loondispensatie,
    no-riskpolis and banenafspraak always; beschut werk only for a beschut place.

    Parameters
    ----------
    cand : CandidateProfile
    wp : WorkplaceProfile
    policy : Policy
    hours_per_week : float
        Hours the pair can agree on.

    Returns
    -------
    tuple of InstrumentAdvice
    """
    out: tuple[InstrumentAdvice, ...] = (
        jobcoach(cand, wp, policy, hours_per_week),
        proefplaatsing(cand, wp, policy),
        loonkostensubsidie(cand, wp, policy),
        werkplekaanpassing(wp),
        loondispensatie(cand, wp),
        no_risk_polis(cand),
        banenafspraak(cand),
    )
    if wp["place_type"] == "beschut":
        out += (beschut_werk(cand, policy),)
    return out
