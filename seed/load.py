"""Load a generated region into the database through the same services the API uses."""

import os
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

from app.accounts import service as accounts
from app.accounts.models import Account
from app.candidates import service as candidates
from app.candidates.schemas import CandidateCreate, SensitiveIn
from app.core.security import Principal
from app.core.vocab import Role
from app.employers import service as employers
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from seed.generate import Region

GENERATOR_KEYS = ("id", "candidate_id")  # the generator's own cross-references


def api_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A generated record as an API body: the schemas refuse unknown fields, so without the
    generator's own ids."""
    return {k: v for k, v in data.items() if k not in GENERATOR_KEYS}


def is_empty(session: Session) -> bool:
    """Nothing loaded yet: no accounts, employers or candidates. A demo of size 0 still made
    accounts and employers, so a restart must not load it again (their KvK numbers clash)."""
    from app.accounts.models import Account
    from app.candidates.models import Candidate
    from app.employers.models import Employer

    return all(
        session.exec(select(func.count()).select_from(model)).one() == 0
        for model in (Account, Employer, Candidate)
    )


def create_demo_accounts(session: Session) -> tuple[dict[str, str], Principal, list[Account]]:
    """The demo admin, three jobhunters and the WSP website, each with a key (shown once).

    Returns the keys by role, the admin as acting principal, and the jobhunter accounts."""
    keys: dict[str, str] = {}
    admin, keys["admin"] = accounts.create_account_with_key(session, "Demo beheerder", Role.admin)
    hunters = []
    for name in ("Jobhunter Delft", "Jobhunter Den Haag", "Jobhunter Zoetermeer"):
        account, key = accounts.create_account_with_key(session, name, Role.jobhunter)
        hunters.append(account)
        keys.setdefault("jobhunter", key)
    _, keys["wsp_frontend"] = accounts.create_account_with_key(
        session, "WSP Haaglanden website", Role.wsp_frontend
    )
    assert admin.id is not None
    return keys, Principal(admin.id, admin.name, Role.admin, None), hunters


def add_employer_key(session: Session, keys: dict[str, str], employer_id: int) -> None:
    _, keys["employer"] = accounts.create_account_with_key(
        session, "Werkgever (demo)", Role.employer, employer_id=employer_id
    )


def load_region(session: Session, region: Region) -> dict[str, str]:
    """Insert the region plus demo accounts; return the demo API keys (shown once)."""
    keys, acting, hunters = create_demo_accounts(session)
    employer_ids: dict[int, int] = {}
    for index, data in enumerate(region.employers):
        employer_in = EmployerCreate.model_validate(
            {**api_fields(data), "account_manager_id": hunters[index % len(hunters)].id}
        )
        employer_ids[data["id"]] = employers.create_employer(session, employer_in=employer_in).id  # type: ignore[assignment]
    for data in region.workplaces:
        workplace_in = WorkplaceCreate.model_validate(
            {**api_fields(data), "employer_id": employer_ids[data["employer_id"]]}
        )
        employers.create_workplace(session, principal=acting, workplace_in=workplace_in)

    add_employer_key(session, keys, employer_ids[region.employers[0]["id"]])

    candidate_ids: dict[int, int] = {}
    for index, data in enumerate(region.candidates):
        internships = [
            {**i, "employer_id": employer_ids.get(i["employer_id"])} for i in data["internships"]
        ]
        candidate_in = CandidateCreate.model_validate(
            {**api_fields(data), "internships": internships, "jobhunter_id": hunters[index % 3].id}
        )
        created = candidates.create(session, principal=acting, candidate_in=candidate_in)
        candidate_ids[data["id"]] = created.id  # type: ignore[assignment]
    for data in region.sensitive:
        candidate = candidates.get(session, candidate_ids[data["candidate_id"]])
        candidates.put_sensitive(
            session,
            principal=acting,
            candidate=candidate,
            sensitive_in=SensitiveIn.model_validate(api_fields(data)),
        )
    return keys


def write_demo_keys(keys: dict[str, str], path: Path) -> Path:
    """Write the keys readable by the owner only (mode 600): they are admin credentials."""
    lines = ["# Demo API keys for the local demo database only. Send as header X-API-Key."]
    lines += [f"{role}={key}" for role, key in keys.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # also when the file existed with wider rights
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    return path
