"""The fairness report's arithmetic, without a database: suppression and ratios."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.fairness.report import COUNTS, SHARES, CandidateFacts, build_report
from app.fairness.suppress import MIN_CELL, suppressed_counts

DIMENSIONS = ("age_band", "school_type")

facts_strategy = st.lists(
    st.builds(
        CandidateFacts,
        candidate_id=st.integers(1, 10**6),
        groups=st.fixed_dictionaries(
            {
                "age_band": st.sampled_from(["<18", "18-20", "21-26"]),
                "school_type": st.sampled_from(["pro", "vso_arbeid", "mbo1", "mbo2"]),
            }
        ),
        times_suggested=st.integers(0, 3),
        times_proposed=st.integers(0, 2),
        accepted=st.booleans(),
        placed=st.booleans(),
        working_6m=st.none() | st.booleans(),
        working_12m=st.none() | st.booleans(),
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(facts_strategy)
def test_report_suppresses_every_cell_under_ten(facts: list[CandidateFacts]) -> None:
    report = build_report(facts, DIMENSIONS)
    for row in [report.region, *report.rows]:
        for name, value in row.counts.items():
            assert value is None or value >= MIN_CELL, (row.dimension, row.group, name, value)
        for name, (numerator, denominator) in SHARES.items():
            if row.shares[name] is not None:
                assert row.counts[numerator] is not None and row.counts[denominator] is not None
            if row.ratios[name] is not None:
                assert row.shares[name] is not None


@settings(max_examples=150, deadline=None)
@given(facts_strategy)
def test_one_suppressed_group_cannot_be_derived_from_the_total(
    facts: list[CandidateFacts],
) -> None:
    report = build_report(facts, DIMENSIONS)
    for dimension in DIMENSIONS:
        rows = [r for r in report.rows if r.dimension == dimension]
        for name in COUNTS:
            hidden = sum(r.counts[name] is None for r in rows)
            if report.region.counts[name] is not None and len(rows) > 1:
                assert hidden != 1, (dimension, name)


@given(st.lists(st.integers(0, 40), max_size=8))
def test_suppressed_counts_never_show_a_small_number(values: list[int]) -> None:
    shown = suppressed_counts(values)
    assert all(v is None or (v >= MIN_CELL and v == values[i]) for i, v in enumerate(shown))
    assert sum(v is None for v in shown) != 1 or len(values) == 1


def test_ratio_compares_a_group_with_the_region() -> None:
    regimes = ["wajong"] * 20 + ["participatiewet"] * 40
    placed = set(range(15)) | set(range(20, 32))  # 15 of 20 Wajong, 12 of 40 Participatiewet
    facts = [CandidateFacts(i, {"regime": r}, placed=i in placed) for i, r in enumerate(regimes)]
    report = build_report(facts, ["regime"])
    assert report.region.counts["placed"] == 27 and report.region.shares["placed"] == 0.45
    wajong = next(r for r in report.rows if r.group == "wajong")
    assert wajong.counts["candidates"] == 20 and wajong.counts["placed"] == 15
    assert wajong.shares["placed"] == 0.75 and wajong.ratios["placed"] == 1.667
    other = next(r for r in report.rows if r.group == "participatiewet")
    assert other.shares["placed"] == 0.3 and other.ratios["placed"] == 0.667


def test_a_small_group_hides_its_complement_too() -> None:
    facts = [CandidateFacts(i, {"regime": "wajong" if i < 20 else "geen"}) for i in range(25)]
    rows = {r.group: r for r in build_report(facts, ["regime"]).rows}
    assert rows["geen"].counts["candidates"] is None  # 5
    assert rows["wajong"].counts["candidates"] is None  # else 25 − 20 gives the 5 away
