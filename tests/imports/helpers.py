"""Helpers for the import tests: a staff principal and small files in the generic profile."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from app.accounts.service import create_account_with_key
from app.core.security import Principal, principal_of
from app.core.vocab import Role
from app.imports import service
from seed.import_files import HEADER, candidate_rows, write_csv


def staff(engine: Engine, role: Role = Role.jobhunter) -> Principal:
    with Session(engine, expire_on_commit=False) as session:
        account, _ = create_account_with_key(session, f"import {role}", role)
        session.commit()
        return principal_of(session, account)


def rows(count: int = 3, **overrides: Any) -> list[dict[str, str]]:
    out = list(candidate_rows(count, seed=7))
    for row in out:
        row.update(overrides)
    return out


def csv_file(
    tmp_path: Path, data: list[dict[str, str]], name: str = "clients.csv", **kw: Any
) -> Path:
    return write_csv(tmp_path / name, data, **kw)


EXAMPLES = Path(__file__).resolve().parents[2] / "app" / "imports" / "examples"


def import_as_admin(
    engine: Engine, entity: str, path: Path, profile: str = "generic", **kw: Any
) -> service.ImportReport:
    """Import any entity's file as a fresh admin."""
    return service.import_file(
        engine, actor=staff(engine, Role.admin), entity=entity, path=path, profile=profile, **kw
    )


def run(engine: Engine, actor: Principal, path: Path, **kw: Any) -> service.ImportReport:
    kw.setdefault("profile", "generic")
    return service.import_file(engine, actor=actor, entity="candidates", path=path, **kw)


__all__ = ["EXAMPLES", "HEADER", "csv_file", "import_as_admin", "rows", "run", "staff"]
