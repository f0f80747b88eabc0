"""The policy of a candidate's municipality: shipped defaults, then the region's overrides,
then the municipality's (docs/decisions/144). Every suggestion, run, explanation and
follow-up schedule asks ``policy_for``; the version string names what made the answer.
"""

import tomllib
import types
import typing
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import and_
from sqlmodel import Session, col, func, select

from app.core.errors import Invalid
from app.core.recent import Recent
from app.core.security import Principal
from app.matches.weights import builtin
from app.policy.models import PolicyVersion
from app.policy.regions import ALIASES, municipalities
from app.policy.schemas import PolicyScope, PolicyVersionPublic
from matching import Policy
from matching.profiles import ProfileError

HERE = Path(__file__).parent
DEFAULT_NAME = "default"


@dataclass(frozen=True)
class Effective:
    policy: Policy
    version: str
    region: str | None


@cache
def shipped() -> Policy:
    """The documented defaults in ``defaults.toml``."""
    with (HERE / "defaults.toml").open("rb") as handle:
        return _policy(tomllib.load(handle), "defaults.toml")


@cache
def regions() -> dict[str, str]:
    """Municipality (and the aliases people use) → labour-market region (``regions.csv``)."""
    table = {name: m.region for name, m in municipalities().items()}
    return table | {alias: table[name] for alias, name in ALIASES.items()}


def region_of(municipality: str | None) -> str | None:
    return regions().get(municipality or "")


def _policy(values: dict[str, Any], where: str) -> Policy:
    """A Policy from a mapping, each value checked against its field's type."""
    types_of = _field_types()
    problems = {}
    for name, value in values.items():
        if name not in types_of:
            problems[name] = "not a policy field"
        elif (problem := _type_problem(types_of[name], value)) is not None:
            problems[name] = problem
    if problems:
        raise Invalid(f"Invalid policy in {where}.", fields=problems)
    clean = {k: tuple(v) if isinstance(v, list | tuple) else v for k, v in values.items()}
    if "loonwaarde_segment_bands" in clean:
        clean["loonwaarde_segment_bands"] = tuple(
            float(v) for v in clean["loonwaarde_segment_bands"]
        )
    try:
        return Policy.from_mapping(clean)
    except ProfileError as error:  # pragma: no cover - unknown keys are caught above
        raise Invalid(str(error), fields={error.field: str(error)}) from None


@cache
def _field_types() -> dict[str, Any]:
    return typing.get_type_hints(Policy)


def _type_problem(kind: Any, value: Any) -> str | None:
    optional = isinstance(kind, types.UnionType) and type(None) in kind.__args__
    if value is None:
        return None if optional else "may not be empty"
    base = next((a for a in kind.__args__ if a is not type(None)), kind) if optional else kind
    if base is bool:
        return None if isinstance(value, bool) else "must be true or false"
    if base in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number"
        if base is int and not float(value).is_integer():
            return "must be a whole number"
        return None if value >= 0 else "may not be negative"
    if base is str:
        return None if isinstance(value, str) and value else "must be text"
    if typing.get_origin(base) is tuple:
        if typing.get_args(base)[0] is float:
            numbers = isinstance(value, list | tuple) and all(
                isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < 100
                for v in value
            )
            rising = numbers and list(value) == sorted(set(value))
            return None if rising else "must be rising percentages between 0 and 100"
        ok = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        return None if ok else "must be a list of names"
    return None


def _latest(session: Session, scope: PolicyScope, name: str) -> PolicyVersion | None:
    statement = (
        select(PolicyVersion)
        .where(PolicyVersion.scope == scope, PolicyVersion.name == name)
        .order_by(col(PolicyVersion.version).desc())
    )
    return session.exec(statement.limit(1)).first()


MEMO = "passend.policy_for"  # key in Session.info: per session (one request), per municipality


def policy_for(session: Session, municipality: str | None) -> Effective:
    """Shipped defaults ⊕ the default overrides ⊕ the region's ⊕ the municipality's.

    Remembered for the rest of the session, so one request sees one policy."""
    return policies_for(session, [municipality])[municipality]


def policies_for(
    session: Session, municipalities: Iterable[str | None]
) -> dict[str | None, Effective]:
    """``policy_for`` of several municipalities (the candidates a workplace's suggestions show
    come from several, each explained under its own policy). The latest versions are read
    at most once per snapshot interval per process (app/core/recent.py), and what a
    municipality's layers combine to is kept with them."""
    memo: dict[str | None, Effective] = session.info.setdefault(MEMO, {})
    wanted = list(dict.fromkeys(municipalities))
    missing = [m for m in wanted if m not in memo]
    if missing:
        latest = _LATEST.get(session)
        for municipality in missing:
            memo[municipality] = latest.effective(municipality)
    return {m: memo[m] for m in wanted}


def region_policy(session: Session, region: str) -> Effective:
    """Shipped defaults ⊕ the default overrides ⊕ the region's: a country-wide run's child."""
    return _combine(_LATEST.get(session).rows, _layers(None, region), region)


def _layers(municipality: str | None, region: str | None) -> list[tuple[str, str]]:
    """(scope, name) of the layers that apply, most general first."""
    region = region or region_of(municipality)
    layers = [(PolicyScope.default, DEFAULT_NAME), (PolicyScope.region, region)]
    layers.append((PolicyScope.municipality, municipality))
    return [(scope, name) for scope, name in layers if name]


class Layer(NamedTuple):
    """The latest version of one scope's overrides."""

    name: str
    version: int
    values: dict[str, Any]


def _read_latest(session: Session) -> "Latest":
    newest = (
        select(
            PolicyVersion.scope,
            PolicyVersion.name,
            func.max(PolicyVersion.version).label("version"),
        )
        .group_by(col(PolicyVersion.scope), col(PolicyVersion.name))
        .subquery()
    )
    statement = select(
        PolicyVersion.scope, PolicyVersion.name, PolicyVersion.version, PolicyVersion.values
    ).join(
        newest,
        and_(
            col(PolicyVersion.scope) == newest.c.scope,
            col(PolicyVersion.name) == newest.c.name,
            col(PolicyVersion.version) == newest.c.version,
        ),
    )
    rows = session.exec(statement).all()
    return Latest(
        {(scope, name): Layer(name, version, dict(v)) for scope, name, version, v in rows}
    )


@dataclass
class Latest:
    """Every scope's latest version, and the effective policies combined from them so far."""

    rows: dict[tuple[str, str], Layer]
    combined: dict[str | None, Effective] = field(default_factory=dict)

    def effective(self, municipality: str | None) -> Effective:
        if municipality not in self.combined:  # a race only combines the same thing twice
            keys = _layers(municipality, None)
            self.combined[municipality] = _combine(self.rows, keys, region_of(municipality))
        return self.combined[municipality]


# Every scope's latest version (a few rows per municipality), read once per snapshot interval
# per process instead of once per suggestion (app/core/recent.py).
_LATEST = Recent(_read_latest)


def _combine(
    rows: dict[tuple[str, str], Layer], keys: list[tuple[str, str]], region: str | None
) -> Effective:
    if not any(key in rows for key in keys):
        return Effective(shipped(), "shipped", region)
    values = asdict(shipped())
    used = []
    for key in keys:
        if (found := rows.get(key)) is not None:
            values.update(found.values)
            used.append(f"{found.name}@{found.version}")
    return Effective(_policy(values, "the stored policy"), "+".join(used), region)


def workplace_policy(session: Any, workplace: Any) -> Policy:
    """The policy where the workplace's employer is (freshness limits, reminders)."""
    employer = getattr(workplace, "employer", None)
    return policy_for(session, employer.municipality if employer else None).policy


def put(
    session: Session,
    *,
    principal: Principal,
    scope: PolicyScope,
    name: str,
    values: dict[str, Any],
    reason: str,
) -> PolicyVersion:
    """Store the next version of one scope's overrides, after checking them."""
    if scope == PolicyScope.default and name != DEFAULT_NAME:
        raise Invalid("The default scope is called 'default'.", fields={"name": "use default"})
    if scope == PolicyScope.region and name not in set(regions().values()):
        known = ", ".join(sorted(set(regions().values())))
        raise Invalid(
            f"Unknown labour-market region '{name}'.", fields={"name": f"one of: {known}"}
        )
    policy = _policy({**asdict(shipped()), **values}, "values")
    if "weight_profile" in values:
        builtin(policy.weight_profile, "values.weight_profile")
    session.info.pop(MEMO, None)  # what this session read before no longer holds
    _LATEST.clear()  # nor what this process read (other processes: within the interval)
    current = _latest(session, scope, name)
    stored = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}
    row = PolicyVersion(
        scope=scope, name=name, version=(current.version if current else 0) + 1,
        values=stored, reason=reason.strip(), created_by=principal.account_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def history(session: Session, scope: PolicyScope, name: str) -> list[PolicyVersionPublic]:
    statement = (
        select(PolicyVersion)
        .where(PolicyVersion.scope == scope, PolicyVersion.name == name)
        .order_by(col(PolicyVersion.version).desc())
    )
    return [PolicyVersionPublic.model_validate(r.model_dump()) for r in session.exec(statement)]


def current(session: Session) -> list[PolicyVersionPublic]:
    """The latest version of every scope that has one."""
    latest = (
        select(PolicyVersion.scope, PolicyVersion.name, func.max(PolicyVersion.version))
        .group_by(col(PolicyVersion.scope), col(PolicyVersion.name))
        .subquery()
    )
    statement = select(PolicyVersion).join(
        latest,
        (col(PolicyVersion.scope) == latest.c.scope)
        & (col(PolicyVersion.name) == latest.c.name)
        & (col(PolicyVersion.version) == latest.c[2]),
    )
    rows = session.exec(statement.order_by(col(PolicyVersion.scope), col(PolicyVersion.name)))
    return [PolicyVersionPublic.model_validate(r.model_dump()) for r in rows]


def stored_policy(values: dict[str, Any]) -> Policy:
    """A policy recorded with a run, read back."""
    return _policy(values, "the run's policy")


def segment(policy: Policy, loonwaarde_pct: float | None) -> str | None:
    """The candidate's loonwaarde segment under this policy, in Dutch; None: no segmentation."""
    bands = policy.loonwaarde_segment_bands
    if not bands:
        return None
    if loonwaarde_pct is None:
        return "Loonwaarde nog niet gemeten: segment onbekend"
    edges = [0.0, *bands]
    for low, high in zip(edges, [*bands, None], strict=True):
        if high is None:
            return f"Segment loonwaarde ≥ {low:g}% WML"
        if loonwaarde_pct < high:
            return f"Segment loonwaarde {low:g}–{high:g}% WML"
    return None  # pragma: no cover - the last band has no upper edge


def values_of(policy: Policy) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(policy).items()}


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Dutch lines naming each field whose value differs, e.g. for a re-run."""
    return [
        f"{name}: {before.get(name)!r} → {after.get(name)!r}"
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]
