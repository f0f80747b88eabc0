"""The result of an assignment: status, objective and per candidate a proposal plus alternatives."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matching.graph import COST_SCALE, MatchGraph
from matching.version import ENGINE_VERSION

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Alternative:
    """Another feasible workplace for the candidate, with its score."""

    workplace_id: int
    score: float


@dataclass(frozen=True)
class CandidateProposal:
    """What the assignment proposes for one candidate.

    Attributes
    ----------
    candidate_id : int
    workplace_id : int or None
        The best proposed workplace, None when the candidate gets no proposal.
    score : float or None
    workplace_ids : tuple of int
        All proposals, best first (more than one when ``proposals_per_candidate`` > 1).
    pinned : tuple of int
        Proposed workplaces that were pinned.
    alternatives : tuple of Alternative
        Other feasible workplaces from the candidate's top-k, best first.
    """

    candidate_id: int
    workplace_id: int | None
    score: float | None
    workplace_ids: tuple[int, ...]
    pinned: tuple[int, ...]
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Assignment:
    """Outcome of :func:`assign` or :func:`greedy_assign`.

    Attributes
    ----------
    status : str
        Solver status (``OPTIMAL``, ``FEASIBLE``, ``INFEASIBLE``, ``UNKNOWN``...) or
        ``PINNED_INFEASIBLE`` when the pins cannot all be honoured.
    method : str
        ``min_cost_flow``, ``cp_sat``, ``greedy`` or ``none``.
    objective : float
        Sum of the scores of all proposals (exactly ``objective_units / 1e6``).
    objective_units : int
    proposals : tuple of CandidateProposal
        One per candidate, in graph order.
    below_minimum : tuple of int
        Candidates with fewer proposals than the requested minimum.
    problems : tuple of str
    """

    status: str
    method: str
    objective: float
    objective_units: int
    proposals: tuple[CandidateProposal, ...]
    below_minimum: tuple[int, ...]
    problems: tuple[str, ...]
    engine_version: str = ENGINE_VERSION

    def pairs(self) -> list[tuple[int, int]]:
        """All proposed (candidate id, workplace id) pairs."""
        return [(p.candidate_id, w) for p in self.proposals for w in p.workplace_ids]


def make_assignment(
    graph: MatchGraph,
    chosen: I64,
    status: str,
    method: str,
    pinned_edges: I64,
    n_alternatives: int,
    minimum: int,
    problems: list[str],
) -> Assignment:
    """Turn chosen edge indices into an :class:`Assignment`."""
    cost = graph.edge_cost
    n_c = len(graph.candidate_ids)
    picked = np.zeros(len(cost), dtype=bool)
    picked[chosen] = True
    is_pin = np.zeros(len(cost), dtype=bool)
    is_pin[pinned_edges] = True
    degree = np.bincount(graph.edge_cand, minlength=n_c)
    group_start = np.repeat(np.cumsum(degree) - degree, degree)
    # Rank of each unpicked edge among its candidate's unpicked edges (edges are best first).
    unpicked_before = np.cumsum(~picked) - (~picked)
    rank = unpicked_before - unpicked_before[group_start] if len(cost) else unpicked_before
    alternative = ~picked & (rank < n_alternatives)
    mine_at = np.searchsorted(
        np.flatnonzero(picked), np.searchsorted(graph.edge_cand, np.arange(n_c + 1))
    )
    alt_at = np.searchsorted(
        np.flatnonzero(alternative), np.searchsorted(graph.edge_cand, np.arange(n_c + 1))
    )
    # Plain Python lists: one object per candidate must not pay numpy scalar costs.
    wp_of = graph.workplace_ids[graph.edge_wp]
    score_of = graph.edge_score.astype(np.float64)
    mine_wp, mine_score = wp_of[picked].tolist(), score_of[picked].tolist()
    mine_pin = is_pin[picked].tolist()
    alt_wp, alt_score = wp_of[alternative].tolist(), score_of[alternative].tolist()
    m_at, a_at, degrees = mine_at.tolist(), alt_at.tolist(), degree.tolist()
    proposals, below = [], []
    for c, cand_id in enumerate(graph.candidate_ids.tolist()):
        m0, m1, a0, a1 = m_at[c], m_at[c + 1], a_at[c], a_at[c + 1]
        if minimum and m1 - m0 < min(minimum, degrees[c]):
            below.append(cand_id)
        proposals.append(
            CandidateProposal(
                candidate_id=cand_id,
                workplace_id=mine_wp[m0] if m1 > m0 else None,
                score=mine_score[m0] if m1 > m0 else None,
                workplace_ids=tuple(mine_wp[m0:m1]),
                pinned=tuple(
                    w for w, pin in zip(mine_wp[m0:m1], mine_pin[m0:m1], strict=True) if pin
                ),
                alternatives=tuple(
                    Alternative(w, sc)
                    for w, sc in zip(alt_wp[a0:a1], alt_score[a0:a1], strict=True)
                ),
            )
        )
    units = int(cost[chosen].sum())
    return Assignment(
        status=status,
        method=method,
        objective=units / COST_SCALE,
        objective_units=units,
        proposals=tuple(proposals),
        below_minimum=tuple(below),
        problems=tuple(problems),
    )
