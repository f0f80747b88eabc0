"""``passend import ENTITY FILE --profile P``: a progress bar, the report as a table, exit 1
when rows were refused (0 when everything was imported or, with --dry-run, would be)."""

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from app.core.db import get_engine
from app.core.security import Principal
from app.core.vocab import Role
from app.imports import profiles, service

SHOWN_PROBLEMS = 50


def add_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser(
        "import",
        help="import candidates from a CSV/XLSX export (see README: Importing a region's data)",
    )
    p.add_argument("entity", choices=service.ENTITIES)
    p.add_argument("file", type=Path)
    p.add_argument("--profile", required=True, help=f"one of: {', '.join(profiles.available())}")
    p.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    p.add_argument(
        "--valid-rows",
        action="store_true",
        help="import the valid rows; the rejected ones go to --rejected (default: all or nothing)",
    )
    p.add_argument("--source", default=None, help="source system name (default: the profile)")
    p.add_argument("--report", type=Path, default=None, help="write the problems to this CSV")
    p.add_argument(
        "--rejected",
        type=Path,
        default=None,
        help="with --valid-rows: write the rejected rows (+ error column) to this CSV",
    )
    p.add_argument(
        "--account", type=int, default=0, help="staff account id the import is recorded for"
    )


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    actor = Principal(args.account, "passend import", Role.admin, None)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[rows]} rows"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(f"importing {args.file.name}", total=100, rows=0)

        def progress(state: service.ImportProgress) -> None:
            bar.update(task, completed=100 * state.fraction, rows=state.rows_done)

        if not args.file.is_file():
            console.print(f"[red]error:[/] no file {args.file}")
            return 2
        report = service.import_file(
            get_engine(),
            actor=actor,
            entity=args.entity,
            path=args.file,
            profile=args.profile,
            source=args.source,
            dry_run=args.dry_run,
            valid_rows=args.valid_rows,
            progress=progress,
            rejected_csv=args.rejected,
        )
    _print(console, report)
    if args.report is not None and report.problems:
        service.write_problems_csv(report, args.report)
        console.print(f"problems written to {args.report}")
    if report.rejected_csv is not None:
        console.print(f"rejected rows written to {report.rejected_csv}: fix and import again")
    return 0 if report.ok and not report.problems else 1


def _print(console: Console, report: service.ImportReport) -> None:
    mode = "dry run" if report.dry_run else "import"
    console.print(f"{mode} {report.import_id} ({report.entity}, profile {report.profile})")
    for note in report.notes:
        console.print(f"  {note}")
    summary = Table("status", "rows", "created", "updated", "unchanged", "rejected")
    summary.add_row(
        report.status,
        *(str(n) for n in (report.rows, report.created, report.updated, report.unchanged)),
        str(report.rejected),
    )
    console.print(summary)
    if report.problems:
        problems = Table("row", "column", "value", "problem", title="Problems")
        for p in report.problems[:SHOWN_PROBLEMS]:
            problems.add_row(str(p.row or "file"), p.column, p.value, p.message)
        console.print(problems)
        if len(report.problems) > SHOWN_PROBLEMS:
            console.print(f"… and {len(report.problems) - SHOWN_PROBLEMS} more (use --report)")
    console.print(report.message)
