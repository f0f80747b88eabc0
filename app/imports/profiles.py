"""Mapping profiles: a small TOML file per source system (app/imports/profiles/*.toml) that maps
its headers and code values onto our import columns (app/imports/columns.py).

    [candidates]
    use_our_names = true          # headers equal to our column names map to themselves
    bsn = "refuse"                # or "hash": keyed hash for duplicate matching only
    ignore = ["Opmerking intern"] # headers deliberately not imported
    [candidates.columns]          # their header = our column (two headers may fill one
    "Cliëntnummer" = "external_id"  #   column: joined with a space, e.g. tussenvoegsel)
    [candidates.codes.regime]     # their code = our value; an unknown code is a row error
    "PW" = "participatiewet"
    [candidates.defaults]         # our column = value when the file has none
    loonwaarde_source = "arbeidsdeskundige gemeente"
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.core.errors import Invalid
from app.imports.columns import ENTITIES, Column

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
# Headers that hold a citizen service number, whatever the source calls it (normalised).
BSN_HEADER = re.compile(
    r"^(bsn|bsnnummer|bsnnr|burgerservicenummer|burgerservicenr|sofinummer|sofinr|sofi|"
    r"socialsecuritynumber|citizenservicenumber|persoonsnummer)$"
)


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", str(header).replace("\ufeff", "")).strip().casefold()


def _compact(header: str) -> str:
    return re.sub(r"[^0-9a-z]", "", normalise(header))


def is_bsn_header(header: str) -> bool:
    return bool(BSN_HEADER.match(_compact(header)))


@dataclass(frozen=True)
class EntityProfile:
    entity: str
    columns: dict[str, str]  # normalised header → our column
    codes: dict[str, dict[str, str]]  # our column → (casefolded code → our value)
    defaults: dict[str, Any]
    ignore: frozenset[str]
    bsn: str  # "refuse" or "hash"
    code_columns: dict[str, str] = field(default_factory=dict)  # our column → their header


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    entities: dict[str, EntityProfile]

    def for_entity(self, entity: str) -> EntityProfile:
        if entity not in self.entities:
            known = ", ".join(sorted(self.entities)) or "none"
            raise Invalid(
                f"Profile '{self.name}' has no mapping for {entity} (it maps: {known}).",
                fields={"profile": self.name},
            )
        return self.entities[entity]


def available() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


@cache
def load(name: str) -> Profile:
    path = PROFILE_DIR / f"{name}.toml"
    if not re.fullmatch(r"[a-z0-9_]{1,60}", name) or not path.exists():
        raise Invalid(
            f"Unknown import profile '{name}'; known profiles: {', '.join(available())}.",
            fields={"profile": f"unknown profile '{name}'"},
        )
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entities = {}
    for entity, spec in data.items():
        if entity in ENTITIES and isinstance(spec, dict):
            entities[entity] = _entity(name, entity, spec)
    return Profile(name=name, title=str(data.get("title", name)), entities=entities)


def _entity(profile: str, entity: str, spec: dict[str, Any]) -> EntityProfile:
    ours = ENTITIES[entity]
    columns: dict[str, str] = {}
    if spec.get("use_our_names", False):
        columns |= {normalise(name): name for name in ours}
    for header, column in spec.get("columns", {}).items():
        if column not in ours:
            raise ValueError(f"profile {profile}: {entity}.columns maps to unknown {column!r}")
        columns[normalise(header)] = column
    codes = {
        column: {normalise(k): str(v) for k, v in table.items()}
        for column, table in spec.get("codes", {}).items()
    }
    for column in [*codes, *spec.get("defaults", {})]:
        if column not in ours:
            raise ValueError(f"profile {profile}: {entity} names unknown column {column!r}")
    bsn = spec.get("bsn", "refuse")
    if bsn not in ("refuse", "hash"):
        raise ValueError(f"profile {profile}: bsn must be 'refuse' or 'hash'")
    return EntityProfile(
        entity=entity,
        columns=columns,
        codes=codes,
        defaults=dict(spec.get("defaults", {})),
        ignore=frozenset(normalise(h) for h in spec.get("ignore", [])),
        bsn=bsn,
    )


@dataclass(frozen=True)
class Binding:
    """A file's header bound to a profile: which file column feeds which of ours."""

    header: list[str]
    targets: list[str | None]  # per file column: our column, or None (ignored, BSN)
    bsn_index: int | None
    source_of: dict[str, str]  # our column → the file's header(s) it came from

    def column(self, ours: str) -> str:
        return self.source_of.get(ours, ours)


def bind(profile: Profile, entity: str, header: list[str]) -> Binding:
    """Bind ``header``; refuse a BSN column (unless hashed), unknown or missing columns."""
    spec = profile.for_entity(entity)
    ours: dict[str, Column] = ENTITIES[entity]
    targets: list[str | None] = []
    bsn_index = None
    unknown: list[str] = []
    source_of: dict[str, list[str]] = {}
    for index, raw in enumerate(header):
        key = normalise(raw)
        if is_bsn_header(raw):
            if spec.bsn != "hash":
                raise Invalid(
                    f"Column '{raw}' holds citizen service numbers (BSN). Passend never stores "
                    'a BSN: remove the column and import again. (A profile with bsn = "hash" '
                    "turns it into a keyed hash used only to find duplicates.)",
                    fields={raw: "BSN column refused"},
                )
            bsn_index = index
            targets.append(None)
            continue
        target = spec.columns.get(key)
        if target is None and key not in spec.ignore and key != "":
            unknown.append(raw)
        targets.append(target)
        if target is not None:
            source_of.setdefault(target, []).append(raw)
    if unknown:
        raise Invalid(
            f"Unknown column(s) for profile '{profile.name}' ({entity}): "
            f"{', '.join(repr(u) for u in unknown)}." + _suggestion(profile.name, entity, header),
            fields={u: "unknown column" for u in unknown},
        )
    missing = [
        name
        for name, column in ours.items()
        if column.required and name not in source_of and name not in spec.defaults
    ]
    if missing:
        wanted = {name: _their_name(spec, name) for name in missing}
        raise Invalid(
            f"Required column(s) missing for {entity}: "
            f"{', '.join(repr(w) for w in wanted.values())}."
            + _suggestion(profile.name, entity, header),
            fields={w: "required column missing" for w in wanted.values()},
        )
    return Binding(
        header=list(header),
        targets=targets,
        bsn_index=bsn_index,
        source_of={k: " + ".join(v) for k, v in source_of.items()},
    )


def _their_name(spec: EntityProfile, ours: str) -> str:
    names = [h for h, c in spec.columns.items() if c == ours]
    return names[-1] if names else ours


def _suggestion(current: str, entity: str, header: list[str]) -> str:
    """Say which profile or entity the header does fit, if any (a wrong choice is common)."""
    keys = {normalise(h) for h in header if normalise(h)}
    keys = {k for k in keys if not is_bsn_header(k)}
    best: tuple[float, str, str] | None = None
    for name in available():
        try:
            profile = load(name)
        except (Invalid, ValueError):
            continue
        for other_entity, spec in profile.entities.items():
            if (name, other_entity) == (current, entity):
                continue
            fit = len(keys & (set(spec.columns) | spec.ignore)) / max(len(keys), 1)
            if fit >= 0.8 and (best is None or fit > best[0]):
                best = (fit, name, other_entity)
    if best is None:
        return _other_schema(keys, entity)
    _, name, other_entity = best
    if other_entity != entity:
        return (
            f" This looks like a file of {other_entity}, not {entity}: "
            f"import it with `passend import {other_entity} FILE --profile {name}`."
        )
    return f" The columns fit profile '{name}': choose that profile."


def _other_schema(keys: set[str], entity: str) -> str:
    """A file of an entity no profile imports yet, recognised by the API's field names."""
    from app.employers.schemas import EmployerFields, WorkplaceFields
    from app.placements.schemas import PlacementCreate

    schemas: dict[str, type[BaseModel]] = {
        "employers": EmployerFields,
        "workplaces": WorkplaceFields,
        "placements": PlacementCreate,
    }
    for other, schema in schemas.items():
        names = set(schema.model_fields) | {"external_id"}
        if other != entity and len(keys & names) / max(len(keys), 1) >= 0.8:
            return (
                f" This looks like a file of {other}, not {entity}; imports take "
                f"{', '.join(ENTITIES)} so far ({other}: through the API)."
            )
    return ""
