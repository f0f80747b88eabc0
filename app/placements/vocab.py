"""Vocabulary of the placement pipeline and after-care (nazorg), and the state machine.

Glossary: *proefplaatsing* is an unpaid trial placement (at most 6 months), *loonwaarde* the
wage value as % of the minimum wage, *nazorg* the after-care while the job lasts.
"""

from enum import StrEnum


class PlacementState(StrEnum):
    """Where a placement is in the pipeline (DOMAIN §7)."""

    accepted = "accepted"  # a jobhunter accepted the match
    consent_recorded = "consent_recorded"  # the young person agreed to be introduced
    introduced = "introduced"  # kennismaking with the employer took place
    proefplaatsing = "proefplaatsing"  # unpaid trial placement
    placed = "placed"  # contract (or agreement) running; after-care scheduled
    ended = "ended"


TRANSITIONS: dict[PlacementState, tuple[PlacementState, ...]] = {
    PlacementState.accepted: (PlacementState.consent_recorded, PlacementState.ended),
    PlacementState.consent_recorded: (PlacementState.introduced, PlacementState.ended),
    PlacementState.introduced: (
        PlacementState.proefplaatsing,
        PlacementState.placed,
        PlacementState.ended,
    ),
    PlacementState.proefplaatsing: (PlacementState.placed, PlacementState.ended),
    # placed → placed is a contract renewal: a new end date, the alert re-armed (decision 160).
    PlacementState.placed: (PlacementState.placed, PlacementState.ended),
    PlacementState.ended: (),
}


class Outcome(StrEnum):
    """How a placement ended. A move from job to job counts as still in work."""

    completed = "completed"
    dropout = "dropout"
    moved_to_other_job = "moved_to_other_job"
    withdrawn_before_start = "withdrawn_before_start"


# Which outcomes make sense from which state: nobody "completes" a job that never started.
OUTCOMES_FROM: dict[PlacementState, tuple[Outcome, ...]] = {
    PlacementState.accepted: (Outcome.withdrawn_before_start,),
    PlacementState.consent_recorded: (Outcome.withdrawn_before_start,),
    PlacementState.introduced: (Outcome.withdrawn_before_start,),
    PlacementState.proefplaatsing: (Outcome.withdrawn_before_start, Outcome.dropout),
    PlacementState.placed: (
        Outcome.completed,
        Outcome.dropout,
        Outcome.moved_to_other_job,
        Outcome.withdrawn_before_start,  # only while the start date is still ahead
    ),
}


class DropoutReason(StrEnum):
    """Why someone dropped out (DOMAIN §7); recorded so after-care can learn from it."""

    private_situation_unstable = "private_situation_unstable"
    lacking_employee_skills = "lacking_employee_skills"
    poor_fit_over_demand = "poor_fit_over_demand"
    poor_fit_under_demand = "poor_fit_under_demand"
    employer_finances_or_contract_policy = "employer_finances_or_contract_policy"
    too_little_support = "too_little_support"
    no_room_to_develop = "no_room_to_develop"
    other = "other"


class FollowUpKind(StrEnum):
    """A scheduled after-care contact, outcome check or alert."""

    first_day = "first_day"
    first_weeks = "first_weeks"
    one_month_employer = "one_month_employer"
    one_month_candidate = "one_month_candidate"
    quarterly_3m = "quarterly_3m"
    quarterly_6m = "quarterly_6m"
    quarterly_9m = "quarterly_9m"
    quarterly_12m = "quarterly_12m"
    outcome_6m = "outcome_6m"  # still in work after 6 months?
    outcome_12m = "outcome_12m"
    contract_end_alert = "contract_end_alert"  # arrange renewal or a move to other work
    periodic = "periodic"  # after the first year: every few months while the job lasts
    jobcoach_report = "jobcoach_report"  # the jobcoach's half-yearly report
    proef_first_week = "proef_first_week"  # proefplaatsing: how did the first week go?
    proef_four_weeks_employer = "proef_four_weeks_employer"  # ~4 weeks, each side apart
    proef_four_weeks_candidate = "proef_four_weeks_candidate"
    proef_end_alert = "proef_end_alert"  # decide: contract, extension or stop


OUTCOME_CHECKS = {FollowUpKind.outcome_6m: 6, FollowUpKind.outcome_12m: 12}
PROEF_KINDS = (
    FollowUpKind.proef_first_week,
    FollowUpKind.proef_four_weeks_employer,
    FollowUpKind.proef_four_weeks_candidate,
    FollowUpKind.proef_end_alert,
)

# What staff read on their screens (B1 Dutch); ``{month}`` is filled in for periodic kinds.
FOLLOW_UP_LABELS: dict[FollowUpKind, str] = {
    FollowUpKind.first_day: "Contact na de eerste werkdag",
    FollowUpKind.first_weeks: "Contact na de eerste weken",
    FollowUpKind.one_month_employer: "Gesprek na een maand met de werkgever",
    FollowUpKind.one_month_candidate: "Gesprek na een maand met de jongere",
    FollowUpKind.quarterly_3m: "Gesprek na 3 maanden",
    FollowUpKind.quarterly_6m: "Gesprek na 6 maanden",
    FollowUpKind.quarterly_9m: "Gesprek na 9 maanden",
    FollowUpKind.quarterly_12m: "Gesprek na 12 maanden",
    FollowUpKind.outcome_6m: "Check: werkt de jongere na 6 maanden nog?",
    FollowUpKind.outcome_12m: "Check: werkt de jongere na 12 maanden nog?",
    FollowUpKind.contract_end_alert: "Contract loopt af: regel verlenging of ander werk",
    FollowUpKind.periodic: "Gesprek na {month} maanden",
    FollowUpKind.jobcoach_report: "Rapportage jobcoach na {month} maanden",
    FollowUpKind.proef_first_week: "Proefplaatsing: contact na de eerste week",
    FollowUpKind.proef_four_weeks_employer: "Proefplaatsing: gesprek na 4 weken met de werkgever",
    FollowUpKind.proef_four_weeks_candidate: "Proefplaatsing: gesprek na 4 weken met de jongere",
    FollowUpKind.proef_end_alert: "Proefplaatsing loopt af: besluit over contract of stoppen",
}
WITH_WHOM_LABELS: dict[str, str] = {
    "candidate": "de jongere",
    "employer": "de werkgever",
    "both": "jongere en werkgever",
}


def follow_up_label(kind: str, month: int | None) -> str:
    return FOLLOW_UP_LABELS[FollowUpKind(kind)].format(month=month)


class WithWhom(StrEnum):
    """Who the contact is with; the ~1 month check-in talks to each side separately."""

    candidate = "candidate"
    employer = "employer"
    both = "both"


class FollowUpStatus(StrEnum):
    """open (to do), done (checked in) or cancelled (the placement ended first)."""

    open = "open"
    done = "done"
    cancelled = "cancelled"
