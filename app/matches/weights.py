"""Named weight profiles. Weights are data: a default now, per region or municipality later."""

from app.core.errors import Invalid
from matching import DEFAULT_WEIGHTS, WeightProfile

PROFILES: dict[str, WeightProfile] = {DEFAULT_WEIGHTS.name: DEFAULT_WEIGHTS}


def weight_profile(name: str, field: str = "weight_profile") -> WeightProfile:
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise Invalid(
            f"Unknown weight profile '{name}'.", fields={field: f"use one of: {known}"}
        ) from None
