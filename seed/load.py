"""Load a generated region into the database through the same services the API uses."""

from pathlib import Path

from sqlmodel import Session, func, select

from app.accounts import service as accounts
from app.candidates import service as candidates
from app.candidates.schemas import CandidateCreate, SensitiveIn
from app.core.security import Principal
from app.core.vocab import Role
from app.employers import service as employers
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from seed.generate import Region


def is_empty(session: Session) -> bool:
    from app.candidates.models import Candidate

    return session.exec(select(func.count()).select_from(Candidate)).one() == 0


def load_region(session: Session, region: Region) -> dict[str, str]:
    """Insert the region plus demo accounts; return the demo API keys (shown once)."""
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
    acting = Principal(admin.id, admin.name, Role.admin, None)

    employer_ids: dict[int, int] = {}
    for index, data in enumerate(region.employers):
        employer_in = EmployerCreate.model_validate(
            {**data, "account_manager_id": hunters[index % len(hunters)].id}
        )
        employer_ids[data["id"]] = employers.create_employer(session, employer_in=employer_in).id  # type: ignore[assignment]
    for data in region.workplaces:
        workplace_in = WorkplaceCreate.model_validate(
            {**data, "employer_id": employer_ids[data["employer_id"]]}
        )
        employers.create_workplace(session, principal=acting, workplace_in=workplace_in)

    first_employer = employer_ids[region.employers[0]["id"]]
    _, keys["employer"] = accounts.create_account_with_key(
        session, "Werkgever (demo)", Role.employer, employer_id=first_employer
    )

    candidate_ids: dict[int, int] = {}
    for index, data in enumerate(region.candidates):
        internships = [
            {**i, "employer_id": employer_ids.get(i["employer_id"])} for i in data["internships"]
        ]
        candidate_in = CandidateCreate.model_validate(
            {**data, "internships": internships, "jobhunter_id": hunters[index % 3].id}
        )
        created = candidates.create(session, principal=acting, candidate_in=candidate_in)
        candidate_ids[data["id"]] = created.id  # type: ignore[assignment]
    for data in region.sensitive:
        candidate = candidates.get(session, candidate_ids[data["candidate_id"]])
        candidates.put_sensitive(
            session,
            principal=acting,
            candidate=candidate,
            sensitive_in=SensitiveIn.model_validate(data),
        )
    return keys


def write_demo_keys(keys: dict[str, str], path: Path) -> Path:
    lines = ["# Demo API keys for the local demo database only. Send as header X-API-Key."]
    lines += [f"{role}={key}" for role, key in keys.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
