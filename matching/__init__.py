"""Passend matching engine: explainable compatibility scores and region-wide assignment.

A pure library (numpy, SciPy, scikit-learn, rapidfuzz, OR-Tools; simplemma and wordfreq for
Dutch words, whose data ship in their wheels). It never touches a database,
settings, files or the network; the app calls it through one bridge module with plain dicts
(:class:`CandidateProfile`, :class:`WorkplaceProfile`) and a :class:`Policy`.

Typical use::

    index = build_index(candidates, workplaces)
    ranking = rank_for_candidate(index, cand_pos=0, k=20)
    why = explain(index, 0, int(ranking.positions[0]))
    result = assign(index, max_per_employer=3)

Glossary (Dutch domain words kept in Dutch where English has no exact word)
---------------------------------------------------------------------------
bemiddelbaar
    Ready to be placed in work.
beschut werk
    Sheltered employment in a protected setting, for people who need a lot of support.
duurzaamheid
    Sustainability of a placement: continuity of work, not one placement.
ingroeien
    Gradual build-up of hours (``needs_gradual_buildup``).
jobcarving
    Bundling simple tasks from existing work into a new role (``is_carved``).
jobcoach
    Coach who supports the young person on the work floor after placement.
laaghangend fruit
    "Low-hanging fruit": placing the easiest people first; the engine must not reward it.
latente vacature
    Work an employer needs done but has not advertised (``kind="latent"``).
loonkostensubsidie (LKS)
    Wage-cost subsidy for the gap between loonwaarde and wage.
loonwaarde
    Wage value: measured productivity as a percentage of the statutory minimum wage (WML).
participatieplek
    Unpaid work-experience place while keeping a benefit.
prikkels, prikkelarm
    Sensory stimuli (noise, crowding, interruptions); a prikkelarm place has few of them.
proefplaatsing
    Unpaid trial placement (at most a few months) to measure loonwaarde and fit.
stage
    Internship; an earlier stage at an employer is a strong sustainability signal.
startkwalificatie
    Minimum qualification (havo, vwo or mbo level 2).
uitzendbeding
    Agency clause: the contract ends when the assignment ends (``agency_clause``).
werkplekaanpassing
    Adaptation of the workplace (tools, furniture, schedule).
WML
    Wettelijk minimumloon, the statutory minimum wage.
"""

from matching.arrays import CandidateArrays, MatchIndex, WorkplaceArrays
from matching.assignment import assign
from matching.build import build_index
from matching.constraints import REASON_CODES, decode_reasons
from matching.exclusions import Exclusions
from matching.explain import (
    Explanation,
    FactorPart,
    HardFailure,
    explain,
    explain_block,
    explain_pairs,
    split_exact,
)
from matching.graph import MatchGraph, build_graph, graph_from_scores
from matching.greedy import greedy_assign
from matching.instruments import InstrumentAdvice, assess_instruments
from matching.profiles import (
    DEFAULT_POLICY,
    CandidateProfile,
    Policy,
    ProfileError,
    TaskProfile,
    WorkplaceProfile,
    check_candidate,
    check_workplace,
)
from matching.rank import Ranking, rank_for_candidate, rank_for_workplace
from matching.result import Alternative, Assignment, CandidateProposal
from matching.rowmemo import RowMemo
from matching.scoring import BlockScores, score_block
from matching.suggest import (
    TRAVEL_FILTER,
    Suggested,
    excluded_candidates,
    excluded_workplaces,
    suggest_candidates,
    suggest_workplaces,
)
from matching.version import ENGINE_VERSION
from matching.weights import DEFAULT_WEIGHTS, FACTORS, WeightProfile

__version__ = ENGINE_VERSION

__all__ = [
    "DEFAULT_POLICY",
    "DEFAULT_WEIGHTS",
    "ENGINE_VERSION",
    "FACTORS",
    "REASON_CODES",
    "TRAVEL_FILTER",
    "Alternative",
    "Assignment",
    "BlockScores",
    "CandidateArrays",
    "CandidateProfile",
    "CandidateProposal",
    "Exclusions",
    "Explanation",
    "FactorPart",
    "HardFailure",
    "InstrumentAdvice",
    "MatchGraph",
    "MatchIndex",
    "Policy",
    "ProfileError",
    "Ranking",
    "RowMemo",
    "Suggested",
    "TaskProfile",
    "WeightProfile",
    "WorkplaceArrays",
    "WorkplaceProfile",
    "__version__",
    "assess_instruments",
    "assign",
    "build_graph",
    "build_index",
    "check_candidate",
    "check_workplace",
    "decode_reasons",
    "excluded_candidates",
    "excluded_workplaces",
    "explain",
    "explain_block",
    "explain_pairs",
    "graph_from_scores",
    "greedy_assign",
    "rank_for_candidate",
    "rank_for_workplace",
    "score_block",
    "split_exact",
    "suggest_candidates",
    "suggest_workplaces",
]
