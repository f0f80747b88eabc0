"""Fuzzing: schemathesis over the whole OpenAPI schema of the live server, once per role.

Every operation gets a bounded number of generated requests (valid and invalid data), sent
with the role's key to the real server on the real database. Each response must not be a 5xx,
must have a documented status code and content type, and must match its documented schema.
The number of cases per role is printed and written to ``<pytest tmp>/fuzz-cases.json``.
"""

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.core.vocab import Role
from tests.conftest import Api
from tests.factories import candidate_payload, employer_payload, workplace_payload

EXAMPLES_PER_OPERATION = 4  # per generation mode; keeps the whole file ~1 minute per database
MIN_CASES_PER_ROLE = 300
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _seed(admin: Api, jobhunter: Api) -> int:
    """Some real rows, so generated small ids sometimes hit existing objects."""
    employer = admin.post("/api/v1/employers", json=employer_payload()).json()
    admin.post("/api/v1/workplaces", json=workplace_payload(employer["id"]))
    jobhunter.post("/api/v1/candidates", json=candidate_payload())
    return int(employer["id"])


def _fuzz_operation(operation: Any, base_url: str, key: str, failures: list[str]) -> int:
    return sum(
        _fuzz_mode(operation, mode, base_url, key, failures)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    )


def _fuzz_mode(
    operation: Any, mode: GenerationMode, base_url: str, key: str, failures: list[str]
) -> int:
    cases = 0
    label = f"{operation.label} [{mode.value}]"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        nonlocal cases
        cases += 1
        try:
            case.call_and_validate(
                base_url=base_url, headers={"X-API-Key": key}, checks=CHECKS, timeout=30
            )
        except (Exception, BaseExceptionGroup) as exc:  # collect all, report together
            failures.append(f"{label}: {str(exc)[:1500]}")

    try:
        run()
    except Unsatisfiable:
        pass  # no parameters and no body: nothing to make invalid
    except Exception as exc:  # e.g. hypothesis could not generate data
        failures.append(f"{label}: generation: {exc!r}"[:1500])
    return cases


@pytest.mark.parametrize("role", list(Role))
def test_fuzz_whole_schema_per_role(
    role: Role,
    server: str,
    make_api: Callable[..., Api],
    admin: Api,
    jobhunter: Api,
    database: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    employer_id = _seed(admin, jobhunter)
    api = make_api(role, employer_id=employer_id if role == Role.employer else None)
    assert api.key is not None
    schema = schemathesis.openapi.from_dict(httpx.get(f"{server}/openapi.json").json())
    failures: list[str] = []
    cases = 0
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        cases += _fuzz_operation(operation, server, api.key, failures)

    print(f"\nschemathesis [{database}] {role}: {cases} cases over {operations} operations")
    record = tmp_path_factory.getbasetemp() / "fuzz-cases.json"
    counts = json.loads(record.read_text()) if record.exists() else {}
    counts[f"{database}/{role}"] = {"cases": cases, "operations": operations}
    record.write_text(json.dumps(counts, indent=2, sort_keys=True))
    assert not failures, f"{len(failures)} failing cases:\n\n" + "\n\n".join(failures[:15])
    assert cases >= MIN_CASES_PER_ROLE
