"""`passend` command line: migrate, seed, keys, access log (seal, verify), retention,
confirm reminders, import, serve, worker (background jobs).

python -m app.cli create-key --role jobhunter --name "Jobhunter Delft"
"""

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from alembic import command
from alembic.config import Config
from sqlmodel import Session

from app.core.config import PROJECT_ROOT, get_settings
from app.core.db import get_engine
from app.core.errors import DomainError
from app.core.timeutil import today
from app.core.vocab import Role


def migrate(revision: str = "head") -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    command.upgrade(config, revision)


def seed(args: argparse.Namespace) -> None:
    from seed.generate import generate_region
    from seed.load import is_empty, load_region, write_demo_keys

    settings = get_settings()
    with Session(get_engine()) as session:
        if args.if_empty and not is_empty(session):
            print("Database already has data; not seeding.")
            return
        region = generate_region(
            settings.demo_candidates if args.candidates is None else args.candidates,
            settings.demo_workplaces if args.workplaces is None else args.workplaces,
            settings.demo_seed,
            reference_day=today(),
        )
        keys = load_region(session, region)
        _demo_inventory(session)  # issue 15
        session.commit()
    path = write_demo_keys(keys, settings.demo_keys_file)
    print(
        f"Loaded {len(region.candidates)} candidates, {len(region.employers)} employers, "
        f"{len(region.workplaces)} workplaces. Demo API keys written to {path}."
    )


def _demo_inventory(session: Session, employers: int = 3, tasks: int = 14) -> None:
    """Task inventories for the first demo employers, so the jobcarving workbench has work."""
    from sqlmodel import col, select

    from app.carving import service as carving
    from app.carving.schemas import InventoryTaskIn
    from app.employers.models import Employer
    from seed.carving import demo_inventory

    rows = session.exec(select(Employer).order_by(col(Employer.id)).limit(employers)).all()
    for employer in rows:
        for task in demo_inventory(tasks, employer.id or 0, employer.postcode):
            task_in = InventoryTaskIn.model_validate(task)
            carving.add_task(session, employer=employer, task_in=task_in, source="staff")


def create_key(args: argparse.Namespace) -> None:
    import app.models  # noqa: F401 - every table must be known before the flush
    from app.accounts.service import create_account_with_key

    with Session(get_engine(), expire_on_commit=False) as session:
        account, key = create_account_with_key(
            session,
            args.name,
            Role(args.role),
            employer_id=args.employer_id,
            publishable=bool(args.origin),
        )
        if args.origin:
            _register_origins(session, Role(args.role), key, args.origin)
        session.commit()
    kind = "publishable widget key (widget endpoints only)" if args.origin else "secret key"
    print(f"account {account.id} ({account.role}), {kind}: {key}")
    print("Store this key now; only its hash is kept.")


def _register_origins(session: Session, role: Role, key: str, origins: list[str]) -> None:
    from sqlmodel import select

    from app.accounts.models import ApiKey
    from app.web.widget_service import add_origins

    if role != Role.wsp_frontend:
        raise DomainError("--origin is only for wsp_frontend (widget) keys.")
    api_key = session.exec(select(ApiKey).where(ApiKey.prefix == key.split("_")[1])).one()
    assert api_key.id is not None
    for origin in add_origins(session, api_key_id=api_key.id, origins=origins):
        print(f"widget origin allowed: {origin}")


def revoke_key(args: argparse.Namespace) -> None:
    from app.accounts.service import revoke_key as revoke

    with Session(get_engine()) as session:
        revoke(session, args.prefix)
        session.commit()
    print(f"revoked key {args.prefix}")


def rotate_key(args: argparse.Namespace) -> None:
    import app.models  # noqa: F401 - every table must be known before the flush
    from app.accounts.service import rotate_key as rotate

    grace = get_settings().key_rotation_grace_seconds if args.grace is None else args.grace
    with Session(get_engine(), expire_on_commit=False) as session:
        key, _, old = rotate(session, args.prefix, grace_seconds=grace)
        session.commit()
    print(f"new key: {key}")
    print(f"key {old.prefix} keeps working until {old.expires_at:%Y-%m-%d %H:%M:%S} UTC.")
    print("Store this key now; only its hash is kept.")


def verify_access_log(args: argparse.Namespace) -> None:
    from app.audit import sealer

    engine = get_engine()
    if args.seal:
        print(f"sealed {sealer.seal(engine)} rows first")
    report = sealer.verify(engine)
    result = report.chain
    if not result.ok:
        raise DomainError(
            f"access log broken at row id={result.broken_id} (seq {result.broken_seq}): "
            f"{result.problem}; the {result.count} rows before it verify."
        )
    if not report.ok:
        raise DomainError(
            f"access log disagrees with {report.checkpoint_problem}; "
            f"the chain itself has {result.count} rows that verify."
        )
    print(
        f"access log intact: {result.count} rows, head hash {result.head_hash}; "
        f"{report.checkpoints_checked} checkpoints agree; {result.unsealed} rows not sealed yet"
    )


def seal_access_log(_: argparse.Namespace) -> None:
    from app.audit import sealer

    engine = get_engine()
    sealed = sealer.seal(engine)
    checkpoint = sealer.write_checkpoint(engine)
    where = f"; checkpoint at seq {checkpoint.seq}" if checkpoint else ""
    print(f"sealed {sealed} rows{where}")


def grant_service_role(args: argparse.Namespace) -> None:
    from app.core.db_roles import grant_service_role as grant

    with get_engine().begin() as connection:
        grant(connection, args.role)
    print(f"role {args.role} may read and write rows; it cannot truncate, alter or drop")


def retention(args: argparse.Namespace) -> None:
    import app.models  # noqa: F401 - every table must be known before the flush
    from app.privacy.retention import apply

    months = get_settings().retention_inactive_months
    with Session(get_engine()) as session:
        ids = apply(session, months=months, dry_run=args.dry_run)
    verb = "would erase" if args.dry_run else "erased"
    print(f"{verb} {len(ids)} candidates inactive for {months} months or more")


def confirm_reminders(args: argparse.Namespace) -> None:
    """Workplaces expiring soon: one line per reminder with its one-click confirm link, to
    mail to the employer (there is no mail server here); each is recorded, so a daily run does
    not repeat one until the workplace is confirmed again (docs/decisions/143)."""
    import app.models  # noqa: F401
    from app.web.confirm_service import send_reminders

    with Session(get_engine(), expire_on_commit=False) as session:
        reminders = send_reminders(session, within_days=args.within_days, dry_run=args.dry_run)
        session.commit()
    for r in reminders:
        print(f"{r.to}\t{r.workplace_id}\t{r.employer}: {r.title}\t{r.expires_on}\t{r.url}")
    verb = "would remind" if args.dry_run else "reminded"
    print(f"{verb} {len(reminders)} workplaces", file=sys.stderr)


def worker_count(requested: int, database_url: str) -> int:
    """0 means: one per core with PostgreSQL, one with an embedded SQLite file."""
    if requested > 0:
        return requested
    return (os.cpu_count() or 1) if database_url.startswith("postgresql") else 1


def serve(args: argparse.Namespace) -> None:
    import tempfile

    import uvicorn

    from app.core import serving

    settings = get_settings()
    workers = worker_count(args.workers or settings.workers, settings.database_url)
    keys = settings.demo_keys_file
    print(
        f"Passend on http://{settings.host}:{settings.port}  (API docs: /docs)  "
        f"{workers} worker process{'es' if workers > 1 else ''}, "
        f"{settings.concurrency} requests at once each"
    )
    if keys.exists():
        print(f"Demo API keys: {keys}")
    if workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics here; /metrics adds them up (app/core/metrics.py).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="passend-metrics-")
    # The app itself reads forwarded headers, from PASSEND_TRUSTED_PROXIES only (clientip.py).
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "workers": workers,
        "log_level": "info",
        "proxy_headers": False,
    }
    if workers > 1 and serving.reuse_port_supported():
        serving.run(uvicorn.Config("app.main:app", **options))  # a socket per worker
    else:
        uvicorn.run("app.main:app", **options)


def worker(args: argparse.Namespace) -> None:
    """Serve background jobs (match runs, periodic jobs) from the PostgreSQL database; start
    as many as you like, on any machine that reaches it. Needs only PASSEND_DATABASE_URL."""
    import logging

    from app.jobs.app import queues as default_queues
    from app.jobs.runner import refuse_without_postgres, run_foreground

    settings = get_settings()
    refuse_without_postgres(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    queues = args.queue or default_queues(settings)
    where = settings.database_url.split("@")[-1]
    print(f"passend worker: queues {', '.join(queues)} on {where}", flush=True)
    run_foreground(settings, serve=queues, concurrency=args.concurrency)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="passend", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="upgrade the database schema to the latest revision")
    p_seed = sub.add_parser("seed", help="load the synthetic demo region")
    p_seed.add_argument(
        "--if-empty", action="store_true", help="only into an empty database (a restart skips it)"
    )
    p_seed.add_argument("--candidates", type=int, default=None, help="default: demo size")
    p_seed.add_argument("--workplaces", type=int, default=None, help="default: demo size")
    p_key = sub.add_parser("create-key", help="create an account with an API key")
    p_key.add_argument("--role", required=True, choices=[r.value for r in Role])
    p_key.add_argument("--name", required=True)
    p_key.add_argument("--employer-id", type=int, default=None)
    p_key.add_argument(
        "--origin",
        action="append",
        default=[],
        help="wsp_frontend only: makes a publishable widget key for this site (repeatable), "
        "e.g. https://site.example; the widget endpoints are all it can call",
    )
    p_revoke = sub.add_parser("revoke-key", help="revoke an API key by its prefix")
    p_revoke.add_argument("prefix")
    p_rotate = sub.add_parser("rotate-key", help="replace an API key; the old one works a while")
    p_rotate.add_argument("prefix")
    p_rotate.add_argument(
        "--grace", type=int, default=None, help="seconds the old key keeps working (0: none)"
    )
    p_verify = sub.add_parser(
        "verify-access-log", help="check the access log's chain and checkpoints; 2 if broken"
    )
    p_verify.add_argument("--seal", action="store_true", help="seal pending rows first")
    sub.add_parser("seal-access-log", help="chain the pending access-log rows, write a checkpoint")
    p_grant = sub.add_parser(
        "grant-service-role",
        help="PostgreSQL, as the owner after migrate: the rights the service role needs",
    )
    p_grant.add_argument("role")
    p_retention = sub.add_parser("retention", help="erase candidates inactive too long")
    p_retention.add_argument("--dry-run", action="store_true", help="only count them")
    p_remind = sub.add_parser(
        "confirm-reminders",
        help="confirm links for workplaces that expire soon (to, id, title, expires, link)",
    )
    p_remind.add_argument(
        "--within-days", type=int, default=None, help="default: the policy's reminder days (14)"
    )
    p_remind.add_argument("--dry-run", action="store_true", help="list, record nothing")
    p_serve = sub.add_parser("serve", help="serve the API")
    p_serve.add_argument(
        "--workers",
        type=int,
        default=0,
        help="worker processes (default: PASSEND_WORKERS, else one per core with PostgreSQL)",
    )
    p_worker = sub.add_parser(
        "worker", help="serve background jobs from PostgreSQL (match runs, periodic jobs)"
    )
    p_worker.add_argument(
        "--queue", action="append", default=[], help="serve only this queue (repeatable)"
    )
    p_worker.add_argument("--concurrency", type=int, default=1, help="jobs at once (default 1)")
    from app.imports import cli as import_cli

    import_cli.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        if args.command == "migrate":
            migrate()
        elif args.command == "import":
            import app.models  # noqa: F401 - every table must be known before the flush

            return import_cli.run(args)
        else:
            {
                "seed": seed,
                "create-key": create_key,
                "revoke-key": revoke_key,
                "rotate-key": rotate_key,
                "verify-access-log": verify_access_log,
                "seal-access-log": seal_access_log,
                "grant-service-role": grant_service_role,
                "retention": retention,
                "confirm-reminders": confirm_reminders,
                "serve": serve,
                "worker": worker,
            }[args.command](args)
    except DomainError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        for name, problem in (exc.fields or {}).items():
            print(f"  {name}: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
