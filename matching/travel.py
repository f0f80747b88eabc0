"""Door-to-door travel time estimates from PC4 centroids.

Distances use an equirectangular projection around the middle of the Netherlands (error below
3% inside the country, far less than the error of a PC4 centroid itself). The straight-line
distance gets a floor ``LOCAL_DISTANCE_KM`` (two addresses in one PC4 area are not 0 km apart)
and a detour factor for the road network. Each mode then costs a fixed overhead (parking,
walking to the stop, waiting, transfers, a taxi's pick-up window) plus distance over speed.

Only modes the candidate can use count: public transport only when the candidate travels
independently by public transport and the workplace is reachable by it; the car only with a
driving licence. Because the overheads and speeds are fixed, some modes always beat others
beyond the distance floor (e-bike beats bicycle beats walking; car beats adapted transport), so
the vectorised code keeps three slots per candidate: the best "own power" mode, the best motor
mode and public transport. ``travel_minutes_by_mode`` computes every mode for explanations and
gives the same minimum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

F32 = npt.NDArray[np.float32]

LAT0_DEG = 52.2
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * float(np.cos(np.radians(LAT0_DEG)))
DETOUR_FACTOR = 1.3
LOCAL_DISTANCE_KM = 1.0
UNREACHABLE = np.float32(np.inf)

# mode -> (overhead minutes, speed km/h); Dutch label for explanations.
MODE_PARAMS: dict[str, tuple[float, float]] = {
    "walk": (0.0, 5.0),
    "bicycle": (2.0, 15.0),
    "ebike": (2.0, 20.0),
    "public_transport": (12.0, 25.0),
    "car": (6.0, 45.0),
    "adapted_transport": (15.0, 35.0),
}
MODE_LABELS_NL = {
    "walk": "lopend",
    "bicycle": "met de fiets",
    "ebike": "met de e-bike",
    "public_transport": "met het ov",
    "car": "met de auto",
    "adapted_transport": "met aangepast vervoer",
}
_OWN_POWER = ("ebike", "bicycle", "walk")  # best first
_MOTOR = ("car", "adapted_transport")  # best first


def project_km(lat: npt.ArrayLike, lon: npt.ArrayLike) -> tuple[F32, F32]:
    """Project coordinates to kilometres on a flat map centred on the Netherlands.

    Parameters
    ----------
    lat, lon : array_like
        Degrees (WGS84).

    Returns
    -------
    x_km, y_km : ndarray of float32
    """
    x_km = (np.asarray(lon, dtype=np.float64) - 5.3) * KM_PER_DEG_LON
    y_km = (np.asarray(lat, dtype=np.float64) - LAT0_DEG) * KM_PER_DEG_LAT
    return x_km.astype(np.float32), y_km.astype(np.float32)


def usable_modes(candidate: dict[str, Any] | Any) -> list[str]:
    """Modes the candidate can use on their own (public transport still needs the workplace).

    Parameters
    ----------
    candidate : CandidateProfile

    Returns
    -------
    list of str
    """
    modes = set(candidate["travel_modes"])
    if not candidate["travels_independently_pt"]:
        modes.discard("public_transport")
    if not candidate["has_driving_licence"]:
        modes.discard("car")
    return [m for m in MODE_PARAMS if m in modes]


def _slot(modes: list[str], order: Sequence[str]) -> tuple[float, float]:
    for mode in order:
        if mode in modes:
            overhead, speed = MODE_PARAMS[mode]
            return overhead, 60.0 / speed
    return float("inf"), 0.0


def candidate_slots(candidates: Sequence[Any]) -> F32:
    """Per candidate the (overhead, minutes per km) of the three travel slots.

    Parameters
    ----------
    candidates : sequence of CandidateProfile

    Returns
    -------
    ndarray of float32, shape (n, 6)
        Columns: own-power overhead and min/km, motor overhead and min/km, public transport
        overhead and min/km. An unusable slot has an infinite overhead.
    """
    return np.array([slot_row(c) for c in candidates], dtype=np.float32).reshape(-1, 6)


def slot_row(candidate: dict[str, Any] | Any) -> tuple[float, ...]:
    """One candidate's row of :func:`candidate_slots`."""
    modes = usable_modes(candidate)
    return (*_slot(modes, _OWN_POWER), *_slot(modes, _MOTOR), *_slot(modes, ("public_transport",)))


def max_reach_km2(slots: F32, max_travel_minutes: F32) -> F32:
    """Squared straight-line distance beyond which no slot arrives in time.

    Used to prune by distance before anything else; slightly generous so float rounding never
    drops a pair that the exact minutes would keep.

    Parameters
    ----------
    slots : ndarray, shape (n, 6)
        From :func:`candidate_slots`.
    max_travel_minutes : ndarray, shape (n,)

    Returns
    -------
    ndarray of float32, shape (n,)
    """
    best = np.zeros(len(slots), dtype=np.float64)
    for col in (0, 2, 4):
        overhead = slots[:, col].astype(np.float64)
        per_km = np.maximum(slots[:, col + 1].astype(np.float64), 1e-9)
        with np.errstate(invalid="ignore"):
            reach = np.where(np.isfinite(overhead), (max_travel_minutes - overhead) / per_km, -1.0)
        best = np.maximum(best, reach)
    straight = best / DETOUR_FACTOR
    r2 = np.where(straight > 0, straight**2 - LOCAL_DISTANCE_KM**2, -1.0)
    return np.where(r2 >= 0, r2 * 1.0001 + 1e-3, -1.0).astype(np.float32)


def effective_km(d2_km2: F32) -> F32:
    """Road distance from a squared straight-line distance (floor and detour applied)."""
    return np.sqrt(d2_km2 + np.float32(LOCAL_DISTANCE_KM**2)) * np.float32(DETOUR_FACTOR)


def travel_minutes_by_mode(distance_km: float) -> dict[str, float]:
    """Minutes per mode for one road distance, in the same float32 arithmetic as the engine.

    Parameters
    ----------
    distance_km : float
        Effective road distance from :func:`effective_km`.

    Returns
    -------
    dict of str to float
    """
    d = np.float32(distance_km)
    return {
        mode: float(np.float32(overhead) + d * np.float32(60.0 / speed))
        for mode, (overhead, speed) in MODE_PARAMS.items()
    }
