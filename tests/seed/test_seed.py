"""The demo region: deterministic, realistic, valid against the API schemas, loadable."""

from collections import Counter
from statistics import median

from sqlmodel import Session

from app.candidates.schemas import CandidateCreate
from app.core.geo import pc4_table
from app.employers.schemas import EmployerCreate, WorkplaceCreate
from seed.generate import generate_region
from seed.load import api_fields, load_region
from tests.conftest import Api


def test_same_seed_gives_same_region_and_other_seed_differs() -> None:
    first, again = generate_region(50, 40, seed=7), generate_region(50, 40, seed=7)
    assert first == again
    assert generate_region(50, 40, seed=8).candidates != first.candidates


def test_region_follows_domain_distributions() -> None:
    region = generate_region(2000, 1500)
    candidates, workplaces = region.candidates, region.workplaces
    schools = Counter(c["school_type"] for c in candidates)
    assert (schools["pro"] + schools["vso_arbeid"]) / len(candidates) > 0.5
    latent = sum(w["kind"] == "latent" for w in workplaces) / len(workplaces)
    assert 0.25 < latent < 0.45
    loonwaarde = [c["loonwaarde"][0]["loonwaarde_pct"] for c in candidates if c["loonwaarde"]]
    assert 20 <= median(loonwaarde) <= 60
    assert all(8 <= c["hours_per_week_min"] <= c["hours_per_week_max"] <= 40 for c in candidates)
    assert all(c["postcode"] in pc4_table() for c in candidates)
    municipalities = {c["municipality"] for c in candidates}
    assert {"Delft", "'s-Gravenhage", "Zoetermeer"} <= municipalities
    # Not everyone is a low-stimulus routine profile (DOMAIN §4).
    assert sum(c["stimulus_tolerance"] >= 4 for c in candidates) > 0.1 * len(candidates)
    # Some want to develop (bored in routine work), only at skill 3 or more; a few strictly.
    wants = [c for c in candidates if c["needs_challenge"]]
    assert 0.05 < len(wants) / len(candidates) < 0.2
    assert all(c["skill_level"] >= 3 for c in wants)
    strict = sum("challenge" in c["strict_needs"] for c in candidates) / len(candidates)
    assert 0.005 < strict < 0.05
    # A UWV indication for beschut werk is rare and goes with a low loonwaarde.
    indicated = [c for c in candidates if c["beschut_indication"]]
    assert 0.01 < len(indicated) / len(candidates) < 0.1
    assert all(c["loonwaarde"][-1]["loonwaarde_pct"] < 35 for c in indicated)


def test_every_generated_record_passes_the_api_schemas() -> None:
    region = generate_region(200, 150, seed=3)
    for employer in region.employers:
        EmployerCreate.model_validate(api_fields(employer))
    for workplace in region.workplaces:
        WorkplaceCreate.model_validate(api_fields(workplace))
    for candidate in region.candidates:
        CandidateCreate.model_validate(api_fields(candidate))


def test_generator_scales_to_benchmark_sizes() -> None:
    region = generate_region(20_000, 20_000, region="nl")
    assert len(region.candidates) == len(region.workplaces) == 20_000
    assert len({c["postcode"] for c in region.candidates}) > 3000


def test_loaded_demo_region_is_served_by_the_api(session: Session, server: str) -> None:
    region = generate_region(40, 30)
    keys = load_region(session, region)
    session.commit()
    assert set(keys) == {"admin", "jobhunter", "wsp_frontend", "employer"}
    jobhunter = Api(server, keys["jobhunter"], 0)
    assert Api(server, keys["admin"], 0).get("/api/v1/candidates").json()["total"] == 40
    # need-to-know: the demo jobhunter identifies its own caseload (every third candidate)
    assert jobhunter.get("/api/v1/candidates").json()["total"] == len(range(0, 40, 3))
    assert jobhunter.get("/api/v1/profiles").json()["total"] == 40
    assert jobhunter.get("/api/v1/workplaces").json()["total"] == 30
    employer = Api(server, keys["employer"], 0)
    own = employer.get("/api/v1/workplaces").json()["items"]
    assert own and {w["employer_id"] for w in own} == {1}
