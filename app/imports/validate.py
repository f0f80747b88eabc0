"""One source row → our columns → the API's create schema, or a list of problems.

Every problem is (row, column, value, message) with the file's own column name and the cell as
it was written, so staff can find and fix it. A BSN value is never echoed (masked).
"""

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from app.candidates.schemas import CandidateCreate
from app.consent.service import require_guardian
from app.core.errors import DomainError
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from app.imports.columns import ENTITIES, candidate_payload, employer_payload, workplace_payload
from app.imports.profiles import Binding, EntityProfile, normalise

MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class Problem:
    row: int  # the line in the file (header = 1); 0: the file as a whole
    column: str
    value: str
    message: str


@dataclass
class ValidRow:
    row: int
    external_id: str
    record: BaseModel  # the API create schema, validated
    present: frozenset[str]  # schema fields the file gave (or the profile defaulted)
    row_hash: str
    bsn_hmac: str | None
    cells: list[Any]


def shown(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def mask_bsn(value: Any) -> str:
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    return "*" * max(len(digits) - 2, 0) + digits[-2:] if digits else ""


def bsn_valid(digits: str) -> bool:
    """The elfproef for a BSN: 9 digits, weighted sum divisible by 11 (last weight -1)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and total != 0


class RowParser:
    """Parses rows of one file bound to one profile; ``bsn_key`` only when hashing BSNs."""

    def __init__(
        self,
        entity: str,
        spec: EntityProfile,
        binding: Binding,
        *,
        source: str,
        bsn_key: bytes | None = None,
        extra_check: Callable[[ValidRow], list[tuple[str, str]]] | None = None,
        employer_lookup: Callable[[str, str], int | None] | None = None,
        record_lookup: Callable[[str, str], int | None] | None = None,
    ) -> None:
        self.entity = entity
        self.spec = spec
        self.binding = binding
        self.source = source
        self.bsn_key = bsn_key
        self.columns = ENTITIES[entity]
        self.extra_check = extra_check
        # Workplaces: (employer_external_id, employer_kvk) → our employer id, or None.
        self.employer_lookup = employer_lookup
        # Placements: (entity, external id in this source) → our record id, or None.
        self.record_lookup = record_lookup
        self.width = len(binding.header)
        # Our column → the file's columns feeding it; two or more are joined (tussenvoegsel).
        feeding: dict[str, list[int]] = {}
        for index, target in enumerate(binding.targets):
            if target is not None:
                feeding.setdefault(target, []).append(index)
        self.single = [
            (i[0], name, binding.header[i[0]]) for name, i in feeding.items() if len(i) == 1
        ]
        # A column without a code table is its parser alone: called straight from the row
        # loop (two million ``_value`` calls were a sixth of a 100,000-row import).
        self.plain = {
            name: self.columns[name].parse
            for _, name, _ in self.single
            if self.spec.codes.get(name) is None
        }
        self.joined = {name: i for name, i in feeding.items() if len(i) > 1}
        # A row is unchanged when its cells are: the hash covers the header (and profile)
        # too, so a changed mapping counts as a change.
        self.signature = "\x1f".join([spec.entity, *binding.header]).encode()

    def parse(self, number: int, cells: list[Any]) -> ValidRow | list[Problem]:
        problems: list[Problem] = []
        cells = list(cells)
        if len(cells) > self.width and any(c not in ("", None) for c in cells[self.width :]):
            problems.append(
                Problem(number, "", "", f"the row has {len(cells)} cells; the header has "
                        f"{self.width}")
            )  # fmt: skip
        cells = (cells + [None] * self.width)[: self.width]
        flat: dict[str, Any] = {}
        plain = self.plain
        for index, name, header in self.single:
            cell = cells[index]
            if cell is None or cell == "":
                continue
            parse = plain.get(name)
            if parse is None:
                parsed = self._value(number, name, header, cell, problems)
            else:
                try:
                    parsed = parse(cell)
                except ValueError as exc:  # as _value reports it
                    problems.append(Problem(number, header, shown(cell), str(exc)))
                    continue
            if parsed is not None:
                flat[name] = parsed
        for name, indexes in self.joined.items():
            given = [(self.binding.header[i], cells[i]) for i in indexes]
            given = [(h, c) for h, c in given if c not in ("", None)]
            if not given:
                continue
            header = " + ".join(h for h, _ in given)
            value = " ".join(str(v).strip() for _, v in given)
            parsed = self._value(number, name, header, value, problems)
            if parsed is not None:
                flat[name] = parsed
        for name, value in self.spec.defaults.items():
            if name not in flat:
                parsed = self._value(number, name, f"(default) {name}", value, problems)
                if parsed is not None:
                    flat[name] = parsed
        external_id = str(flat.pop("external_id", "") or "")
        if not external_id:
            column = self.binding.column("external_id")
            problems.append(Problem(number, column, "", "required: the record's id in the source"))
        elif len(external_id) > 80:
            column = self.binding.column("external_id")
            problems.append(Problem(number, column, shown(external_id), "at most 80 characters"))
        bsn_hmac = self._bsn(number, cells, problems)
        if problems:
            return problems
        record, present = self._validate(number, flat, cells, problems)
        if record is None:
            return problems
        digest = hashlib.sha256(
            self.signature
            + "\x1e".join("" if c is None else str(c) for c in cells).encode()
            + repr(sorted(self.spec.defaults.items())).encode()
        ).hexdigest()
        row = ValidRow(number, external_id, record, present, digest, bsn_hmac, cells)
        if self.extra_check is not None:
            for column, message in self.extra_check(row):
                problems.append(self._problem(number, column, cells, message))
            if problems:
                return problems
        return row

    def _value(
        self, number: int, name: str, header: str, value: Any, problems: list[Problem]
    ) -> Any:
        column = self.columns[name]
        codes = self.spec.codes.get(name)
        try:
            if codes is None:
                return column.parse(value)
            if column.is_list:
                return [self._code(name, header, part, codes) for part in column.parse(value)]
            return self._code(name, header, column.parse(value), codes)
        except ValueError as exc:
            problems.append(Problem(number, header, shown(value), str(exc)))
            return None

    @staticmethod
    def _code(name: str, header: str, value: Any, codes: dict[str, str]) -> str:
        key = normalise(str(value))
        if key in codes:
            return codes[key]
        if key in {v.casefold() for v in codes.values()}:
            return key
        known = ", ".join(sorted({k for k in codes}))
        raise ValueError(f"unknown code '{value}' for {name}; this profile knows: {known}")

    def _bsn(self, number: int, cells: list[Any], problems: list[Problem]) -> str | None:
        index = self.binding.bsn_index
        if index is None:
            return None
        value = cells[index]
        header = self.binding.header[index]
        if value in ("", None):
            return None
        digits = "".join(ch for ch in str(value) if ch.isdigit()).zfill(9)
        if not bsn_valid(digits):
            problems.append(
                Problem(number, header, mask_bsn(value), "not a valid BSN (elfproef fails)")
            )
            return None
        assert self.bsn_key is not None
        return hmac.new(self.bsn_key, digits.encode(), hashlib.sha256).hexdigest()

    def _validate(
        self, number: int, flat: dict[str, Any], cells: list[Any], problems: list[Problem]
    ) -> tuple[BaseModel | None, frozenset[str]]:
        paths: dict[str, str] = {}
        schema: type[BaseModel]
        if self.entity == "candidates":
            payload, paths = candidate_payload(flat, source=self.source)
            schema = CandidateCreate
        elif self.entity == "employers":
            payload, paths = employer_payload(flat, source=self.source)
            schema = EmployerCreate
        elif self.entity == "workplaces":
            payload, paths = workplace_payload(flat, source=self.source)
            schema = WorkplaceCreate
            employer_id = self._employer(number, flat, cells, problems)
            if employer_id is None:
                return None, frozenset()
            payload["employer_id"] = employer_id
        elif self.entity == "placements":
            return self._placement(number, flat, cells, problems)
        else:  # pragma: no cover - every entity in ENTITIES has a branch
            raise DomainError(f"no schema for {self.entity}")
        try:
            record = schema.model_validate(payload)
        except ValidationError as exc:
            for error in exc.errors():
                loc = ".".join(str(p) for p in error["loc"])
                ours = paths.get(loc) or paths.get(loc.rsplit(".", 1)[0]) or str(error["loc"][0])
                message = str(error["msg"]).removeprefix("Value error, ")
                problems.append(self._problem(number, ours, cells, message))
            return None, frozenset()
        if self.entity == "candidates":
            self._consent_rules(number, record, paths, cells, problems)
            if problems:
                return None, frozenset()
        return record, frozenset(payload)

    def _placement(
        self, number: int, flat: dict[str, Any], cells: list[Any], problems: list[Problem]
    ) -> tuple[BaseModel | None, frozenset[str]]:
        from app.imports import placements  # it builds on this module

        assert self.record_lookup is not None
        ids = {}
        for entity, column in (
            ("candidates", "candidate_external_id"),
            ("workplaces", "workplace_external_id"),
        ):
            ids[entity] = self.record_lookup(entity, str(flat.get(column, "")))
            if ids[entity] is None:
                problems.append(
                    self._problem(number, column, cells, f"no such {entity[:-1]} in this "
                                  f"source: import its {entity} file first")
                )  # fmt: skip
        if problems:
            return None, frozenset()
        built = placements.build(flat, ids["candidates"] or 0, ids["workplaces"] or 0)
        if isinstance(built, list):
            for column, message in built:
                problems.append(self._problem(number, column, cells, message))
            return None, frozenset()
        return built, frozenset(flat)

    def _employer(
        self, number: int, flat: dict[str, Any], cells: list[Any], problems: list[Problem]
    ) -> int | None:
        external = str(flat.get("employer_external_id") or "")
        kvk = str(flat.get("employer_kvk") or "").replace(" ", "")
        column = "employer_external_id" if external else "employer_kvk"
        if not external and not kvk:
            problems.append(
                Problem(number, self.binding.column("employer_external_id"), "",
                        "required: the employer's id in this source (or its KvK number)")
            )  # fmt: skip
            return None
        assert self.employer_lookup is not None
        found = self.employer_lookup(external, kvk)
        if found is None:
            problems.append(
                self._problem(number, column, cells, "no such employer: import the employers "
                              "file of this source first (or check the KvK number)")
            )  # fmt: skip
        return found

    def _consent_rules(
        self,
        number: int,
        record: Any,
        paths: dict[str, str],
        cells: list[Any],
        problems: list[Problem],
    ) -> None:
        """The rules ``consent.give`` applies, checked before anything is written."""
        for index, consent_in in enumerate(record.consents):
            column = paths.get(f"consents.{index}.given_on", "consents")
            if consent_in.given_on < record.date_of_birth:
                problems.append(
                    self._problem(number, column, cells, "consent cannot be given before birth")
                )
                continue
            try:
                require_guardian(
                    record.date_of_birth, consent_in.given_on, consent_in.guardian_consent
                )
            except DomainError as exc:
                guardian = paths.get(f"consents.{index}.guardian_consent", column)
                problems.append(self._problem(number, guardian, cells, exc.detail))

    def _problem(self, number: int, ours: str, cells: list[Any], message: str) -> Problem:
        """A problem about our column ``ours``, named and valued as the file has it."""
        header = self.binding.column(ours)
        values = [
            shown(cell)
            for h, t, cell in zip(self.binding.header, self.binding.targets, cells, strict=True)
            if t == ours and cell not in ("", None)
        ]
        return Problem(number, header, " ".join(values), message)
