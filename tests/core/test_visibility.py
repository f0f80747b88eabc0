"""The visibility matrix as a pure function: invariants that must hold for every subject, and
the table in docs/decisions/040 being the table in the code."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.core.security import Principal
from app.core.visibility import (
    MATRIX,
    FieldGroup,
    Rule,
    Subject,
    allowed,
    matrix_rows,
    shows_internal_id,
)
from app.core.vocab import Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "decisions" / "040-consent-and-visibility.md"
PURPOSES = st.frozensets(st.sampled_from(["matching", "share_pseudonymous", "introduce_employer"]))
IDS = st.integers(min_value=1, max_value=5)

PLACES = st.sampled_from(["delft", "gouda", ""])
principals = st.builds(
    Principal,
    account_id=IDS,
    name=st.just("x"),
    role=st.sampled_from(list(Role)),
    employer_id=st.none() | IDS,
    shares_with=st.frozensets(IDS),
    municipalities=st.frozensets(PLACES.filter(bool)),
)
subjects = st.builds(
    Subject,
    candidate_id=IDS,
    jobhunter_id=st.none() | IDS,
    purposes=PURPOSES,
    introduced_to=st.frozensets(IDS),
    municipality=PLACES,
)


@given(principals, subjects)
def test_outside_the_team_nobody_sees_sensitive_data_or_history(
    principal: Principal, subject: Subject
) -> None:
    if principal.role in (Role.employer, Role.wsp_frontend):
        for group in (FieldGroup.sensitive, FieldGroup.decision_history, FieldGroup.consent):
            assert not allowed(principal, group, subject)


@given(principals, subjects)
def test_identity_reaches_an_employer_only_with_introduction_to_that_employer(
    principal: Principal, subject: Subject
) -> None:
    for group in (FieldGroup.identity, FieldGroup.contact):
        sees = allowed(principal, group, subject)
        if principal.role == Role.wsp_frontend:
            assert not sees
        if principal.role == Role.employer:
            assert sees == (principal.employer_id in subject.introduced_to)


@given(principals, subjects)
def test_pseudonymous_profile_outside_the_team_needs_share_consent(
    principal: Principal, subject: Subject
) -> None:
    if principal.role in (Role.employer, Role.wsp_frontend):
        expected = "share_pseudonymous" in subject.purposes
        assert allowed(principal, FieldGroup.functional, subject) == expected


@given(principals, subjects)
def test_sensitive_data_only_for_admin_and_the_own_jobhunter(
    principal: Principal, subject: Subject
) -> None:
    own = principal.role == Role.jobhunter and principal.account_id == subject.jobhunter_id
    expected = principal.role == Role.admin or own
    assert allowed(principal, FieldGroup.sensitive, subject) == expected


@given(principals, subjects)
def test_a_jobhunter_identifies_only_the_caseload_and_what_admins_shared(
    principal: Principal, subject: Subject
) -> None:
    if principal.role != Role.jobhunter:
        return
    expected = (
        subject.jobhunter_id == principal.account_id
        or subject.jobhunter_id in principal.shares_with
        or (subject.municipality != "" and subject.municipality in principal.municipalities)
    )
    for group in (FieldGroup.identity, FieldGroup.contact):
        assert allowed(principal, group, subject) == expected
    assert shows_internal_id(principal, subject) == expected
    # the functional (pseudonymous) profile of the whole region stays visible
    assert allowed(principal, FieldGroup.functional, subject)


@given(principals, subjects)
def test_the_internal_id_goes_to_staff_only(principal: Principal, subject: Subject) -> None:
    if principal.role in (Role.employer, Role.wsp_frontend):
        assert not shows_internal_id(principal, subject)


@given(principals)
def test_conditional_rules_fail_closed_without_a_subject(principal: Principal) -> None:
    for group in FieldGroup:
        if principal.role in (Role.employer, Role.wsp_frontend):
            assert not allowed(principal, group)
    if principal.role == Role.jobhunter:
        assert not allowed(principal, FieldGroup.identity)


def test_unconditional_access_is_only_ever_for_staff() -> None:
    for group in FieldGroup:
        staff = {r for r in Role if MATRIX[r][group] in (Rule.always, Rule.own, Rule.caseload)}
        assert staff <= {Role.admin, Role.jobhunter}


def test_decision_document_shows_the_matrix_in_the_code() -> None:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    header = "| field group | " + " | ".join(r.value for r in Role) + " |"
    start = lines.index(header)
    rows = [tuple(c.strip() for c in line.strip("|").split("|")) for line in lines[start + 2 :]]
    rows = rows[: len(FieldGroup)]
    assert rows == matrix_rows()
