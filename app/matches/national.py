"""Country-wide runs (docs/decisions/186): a parent run, one child per labour-market region,
then one cross-border pass.

Each regional child sees the candidates who live in its region and the workplaces whose
employer is there, so the children share no candidate and no workplace and run on any worker
at once. When every regional child has ended, the cross-border pass (status ``waiting`` until
then) is queued: candidates who opted in to ``cross_region_travel`` and got no proposal from
their region, against every workplace of the run's regions with the capacity the children left.
The parent succeeds when all children do, is ``partial`` when some failed (naming them) and
``failed`` when all did.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, and_, func, or_
from sqlmodel import Session, col, select

from app.candidates.models import Candidate
from app.core.geo import pc4_table
from app.core.timeutil import utcnow
from app.employers.models import Employer
from app.matches.models import MatchRun, Proposal
from app.policy.regions import pc4_areas, region_names
from app.policy.service import region_policy, regions, values_of
from matching import CandidateProfile
from matching.travel import candidate_slots, max_reach_km2, project_km

CROSS_BORDER = "grensoverschrijdend"
ENDED = ("succeeded", "failed", "partial", "cancelled")


@cache
def _region_keys(wanted: frozenset[str]) -> tuple[list[str], list[str], list[str]]:
    """(municipality names incl. aliases in the regions, every known name, their PC4s)."""
    table = regions()
    names = sorted(n for n, r in table.items() if r in wanted)
    pc4s = sorted(p for p, a in pc4_areas().items() if a.region in wanted)
    return names, sorted(table), pc4s


def in_regions(model: Any, wanted: list[str]) -> ColumnElement[bool]:
    """Rows (candidates or employers) in these regions: by their municipality, or by their
    PC4 when the municipality is not in the table (docs/decisions/185)."""
    names, known, pc4s = _region_keys(frozenset(wanted))
    return or_(
        col(model.municipality).in_(names),
        and_(col(model.municipality).not_in(known), col(model.pc4).in_(pc4s)),
    )


def regions_of_run(run_in_regions: list[str] | None) -> list[str]:
    return sorted(run_in_regions) if run_in_regions else region_names()


def regions_with_rows(session: Session, wanted: list[str]) -> list[str]:
    """The wanted regions where a candidate lives or an employer is, most rows first: the
    children are queued in this order, so the largest start first and two workers end close
    together (longest-processing-time first)."""
    from app.policy.regions import region_of

    found: dict[str, int] = {}
    for model in (Candidate, Employer):
        statement = select(model.municipality, model.pc4, func.count()).group_by(
            col(model.municipality), col(model.pc4)
        )
        for municipality, pc4, n in session.exec(statement):
            if (region := region_of(municipality, pc4)) is not None:
                found[region] = found.get(region, 0) + int(n)
    return sorted((r for r in wanted if r in found), key=lambda r: (-found[r], r))


def fan_out(session: Session, parent: MatchRun, wanted: list[str]) -> list[MatchRun]:
    """Create the children of ``parent`` (already added): one per region with rows, plus the
    cross-border pass. Same transaction as the parent: all or nothing."""
    parent.status, parent.started_at, parent.progress_pct = "running", utcnow(), 5
    session.add(parent)
    session.flush()
    common = {k: v for k, v in parent.parameters.items() if k not in ("scope", "regions")}
    children = []
    for region in regions_with_rows(session, wanted):
        effective = region_policy(session, region)
        policy = {"version": effective.version, "values": values_of(effective.policy)}
        children.append(_child(parent, region, {**common, "region": region, "policy": policy}))
    cross = {**common, "cross_border": True, "regions": wanted}
    children.append(_child(parent, CROSS_BORDER, cross, status="waiting"))
    session.add_all(children)
    session.flush()
    return children


def _child(parent: MatchRun, region: str, parameters: dict[str, Any], **extra: Any) -> MatchRun:
    from app.matches.runner import canonical_hash

    return MatchRun(
        created_by=parent.created_by,
        request_hash=canonical_hash(parameters),
        parameters=parameters,
        parent_id=parent.id,
        region=region,
        **extra,
    )


def reachable_pc4s(pc4s: Sequence[str], profiles: Sequence[CandidateProfile]) -> list[str]:
    """PC4 areas some candidate reaches within their limit, by the engine's own reach (its
    travel slots and distance bound, a little margin added), so the cross-border pass loads
    only workplaces that can matter; the engine's travel rule then decides each pair.
    ``pc4s[i]`` is the home area of the candidate of ``profiles[i]``."""
    table = pc4_table()
    homes = [(pc4, p) for pc4, p in zip(pc4s, profiles, strict=True) if pc4 in table]
    if not homes:
        return []
    codes = sorted(table)
    x, y = project_km([table[c].lat for c in codes], [table[c].lon for c in codes])
    hx, hy = project_km([table[c].lat for c, _ in homes], [table[c].lon for c, _ in homes])
    slots = candidate_slots([p for _, p in homes])
    minutes = np.array([p["max_travel_minutes"] for _, p in homes], dtype=np.float32)
    reach2 = max_reach_km2(slots, minutes) * 1.05 + 1.0
    near = np.zeros(len(codes), dtype=bool)
    for i in range(len(homes)):
        if reach2[i] > 1.0:
            near |= (x - hx[i]) ** 2 + (y - hy[i]) ** 2 <= reach2[i]
    return [c for c, keep in zip(codes, near, strict=True) if keep]


def sibling_ids(session: Session, run: MatchRun) -> list[int]:
    statement = select(MatchRun.id).where(
        MatchRun.parent_id == run.parent_id, col(MatchRun.id) != run.id
    )
    return [i for i in session.exec(statement) if i is not None]


def proposed_by_siblings(session: Session, run: MatchRun) -> tuple[set[int], dict[int, int]]:
    """For the cross-border pass: candidates the regional children proposed, and how many
    proposals each workplace got from them (its capacity left is capacity minus these)."""
    siblings = sibling_ids(session, run)
    if not siblings:
        return set(), {}
    where = col(Proposal.run_id).in_(siblings)
    proposed = set(session.exec(select(Proposal.candidate_id).where(where).distinct()))
    per_workplace = select(Proposal.workplace_id, func.count()).where(where)
    counts = session.exec(per_workplace.group_by(col(Proposal.workplace_id)))
    return proposed, {int(w): int(n) for w, n in counts}


def children_of(session: Session, parent_id: int) -> list[MatchRun]:
    statement = select(MatchRun).where(MatchRun.parent_id == parent_id)
    return list(session.exec(statement.order_by(col(MatchRun.id))))


def settle(session: Session, parent_id: int) -> None:
    """Bring the parent up to date with its children; queue the cross-border pass when the
    regional children have all ended. The parent row is locked (PostgreSQL), so two children
    ending at once settle one after the other and the last one sees both. Commits."""
    parent = session.get(MatchRun, parent_id, with_for_update=True)
    if parent is None or parent.status != "running":
        session.rollback()
        return
    children = children_of(session, parent_id)
    regional = [c for c in children if c.region != CROSS_BORDER]
    ended = [c for c in children if c.status in ENDED]
    for child in children:
        if child.status == "waiting" and all(c.status in ENDED for c in regional):
            from app.matches.tasks import queue_job  # (tasks imports the runner, which us)

            child.status = "queued"
            queue_job(session, child)  # its job commits with this status
    parent.progress_pct = 5 + 90 * len(ended) // max(1, len(children))
    parent.heartbeat_at = None  # never re-queued as stale: no worker runs the parent itself
    if len(ended) == len(children):
        failed = [c for c in children if c.status != "succeeded"]
        parent.status = (
            "succeeded" if not failed else "failed" if len(failed) == len(children) else "partial"
        )
        parent.error = (
            "; ".join(f"{c.region} (run {c.id}): {c.error or c.status}" for c in failed) or None
        )
        parent.n_candidates = sum(c.n_candidates or 0 for c in children)
        parent.n_workplaces = sum(c.n_workplaces or 0 for c in regional)
        parent.n_proposals = sum(c.n_proposals or 0 for c in children)
        parent.progress_pct, parent.finished_at = 100, utcnow()
        started = parent.started_at or parent.created_at
        parent.timings_ms = {"wall_ms": round((utcnow() - started).total_seconds() * 1000, 1)}
    session.add(parent)
    session.commit()


def settle_open(session: Session) -> None:
    """Settle every country-wide run still running (a worker's sweep; cheap when none)."""
    has_children = select(MatchRun.parent_id).where(col(MatchRun.parent_id).is_not(None))
    statement = select(MatchRun.id).where(
        MatchRun.status == "running", col(MatchRun.id).in_(has_children)
    )
    for parent_id in list(session.exec(statement)):
        if parent_id is not None:
            settle(session, parent_id)
