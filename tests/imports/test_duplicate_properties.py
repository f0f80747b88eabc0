"""Properties of merging, over any consents either record holds (service level, rolled back)."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.accounts.service import create_account_with_key
from app.candidates import service as candidates
from app.candidates.models import Candidate
from app.candidates.schemas import CandidateCreate
from app.consent.models import Consent
from app.core.security import principal_of
from app.core.vocab import Role
from app.employers.models import Employer
from app.imports.duplicates import find_duplicates, service
from app.imports.duplicates.models import DuplicatePair
from app.imports.duplicates.schemas import MergeIn
from tests.factories import candidate_payload, employer_payload

PURPOSES = ("matching", "share_pseudonymous", "introduce_employer")
GIVEN = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 6, 1))
consent_sets = st.dictionaries(st.sampled_from(PURPOSES), st.tuples(GIVEN, st.booleans()))


def _consents(chosen: dict[str, tuple[date, bool]], employer_id: int) -> list[dict[str, object]]:
    return [
        {"purpose": purpose, "given_on": given.isoformat(), "guardian_consent": True,
         "employer_id": employer_id if purpose == "introduce_employer" else None}
        for purpose, (given, _) in chosen.items()
    ]  # fmt: skip


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mine=consent_sets, theirs=consent_sets, keep_low=st.booleans())
def test_a_merged_pair_leaves_exactly_one_record_with_the_union_of_consents(
    engine: Engine, mine: dict[str, tuple[date, bool]], theirs: dict[str, tuple[date, bool]],
    keep_low: bool,
) -> None:  # fmt: skip
    with Session(engine, expire_on_commit=False) as session:
        account, _ = create_account_with_key(session, "admin", Role.admin)
        principal = principal_of(session, account)
        employer = Employer.model_validate(employer_payload(postcode="2616LS") | {"pc4": "2616"})
        session.add(employer)
        session.flush()
        assert employer.id is not None
        made = []
        for chosen, postcode in ((mine, "2611 AB"), (theirs, "2611 CD")):
            payload = candidate_payload(postcode=postcode, consents=_consents(chosen, employer.id))
            made.append(candidates.create(
                session, principal=principal, candidate_in=CandidateCreate.model_validate(payload)
            ))  # fmt: skip
        for candidate, chosen in zip(made, (mine, theirs), strict=True):
            for consent in session.exec(
                select(Consent).where(Consent.candidate_id == candidate.id)
            ):
                if chosen[consent.purpose][1]:  # withdrawn in that system
                    consent.withdrawn_on = date(2026, 6, 2)
                    session.add(consent)
        session.flush()
        assert find_duplicates(session, [c.id for c in made if c.id]) == 1
        pair = session.exec(select(DuplicatePair)).one()
        survivor = pair.candidate_low_id if keep_low else pair.candidate_high_id
        merge_in = MergeIn(survivor_id=survivor, version=pair.version)
        service.merge_public(session, principal=principal, pair_id=pair.id or 0, merge_in=merge_in)

        ids = [c.id for c in made]
        live = session.exec(
            select(Candidate.id).where(
                col(Candidate.id).in_(ids), col(Candidate.erased_at).is_(None)
            )
        ).all()
        assert live == [survivor]
        rows = session.exec(select(Consent).where(col(Consent.candidate_id).in_(ids))).all()
        assert {c.candidate_id for c in rows} <= {survivor}
        active = [c.purpose for c in rows if c.withdrawn_on is None]
        expected = {
            p for chosen in (mine, theirs) for p, (_, withdrawn) in chosen.items() if not withdrawn
        }
        assert sorted(active) == sorted(expected)  # the union, each purpose active once
        session.rollback()
