"""Early warnings from a check-in's signals (DOMAIN §7): more sick reports, arriving late,
not feeling valued, low satisfaction on either side, or no longer in work. The messages are
shown to staff as they are, so they are plain Dutch."""

from app.placements.schemas import EarlyWarning, Signals

LOW_SATISFACTION = 2  # on the 1..5 scale: 1 and 2 are a warning


def early_warnings(
    signals: Signals, previous: Signals | None, *, still_in_work: bool | None = None
) -> list[EarlyWarning]:
    """Warnings for this check-in; counts are compared with the previous check-in's."""
    warnings: list[EarlyWarning] = []
    before = previous.sick_reports if previous else None
    if signals.sick_reports and before is None:  # nothing to compare with: the count itself
        warnings.append(
            EarlyWarning(
                signal="sick_reports",
                message=f"{signals.sick_reports} keer ziek gemeld (het eerste contact dat dit "
                "telt).",
            )
        )
    elif signals.sick_reports is not None and before is not None and signals.sick_reports > before:
        warnings.append(
            EarlyWarning(
                signal="sick_reports",
                message=f"Vaker ziek gemeld dan bij het vorige contact ({before} → "
                f"{signals.sick_reports}).",
            )
        )
    if signals.late_arrivals:
        warnings.append(
            EarlyWarning(
                signal="late_arrivals",
                message=f"Sinds het vorige contact {signals.late_arrivals} keer te laat gekomen.",
            )
        )
    if signals.feels_valued is False:
        warnings.append(
            EarlyWarning(signal="feels_valued", message="De jongere voelt zich niet gewaardeerd.")
        )
    for side, who in (("candidate", "de jongere"), ("employer", "de werkgever")):
        score = getattr(signals, f"satisfaction_{side}")
        if score is not None and score <= LOW_SATISFACTION:
            warnings.append(
                EarlyWarning(
                    signal=f"satisfaction_{side}",
                    message=f"Lage tevredenheid bij {who} ({score} van 5).",
                )
            )
    if still_in_work is False:
        warnings.append(
            EarlyWarning(
                signal="still_in_work",
                message="Werkt niet meer: leg vast hoe de plaatsing is geëindigd.",
            )
        )
    return warnings
