"""The bulk loader (benchmarks at region size) writes what the service path writes."""

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.audit.decisions import Decision
from app.consent.models import Consent
from seed.bulk import bulk_load_region
from seed.generate import generate_region
from tests.conftest import Api


def test_bulk_loaded_region_is_served_like_the_demo(engine: Engine, server: str) -> None:
    region = generate_region(40, 30, seed=5)
    report = bulk_load_region(engine, region, batch_rows=7)  # several batches per table
    keys = report.keys
    assert set(keys) == {"admin", "jobhunter", "wsp_frontend", "employer"}
    admin, jobhunter = Api(server, keys["admin"], 0), Api(server, keys["jobhunter"], 0)
    listed = admin.get("/api/v1/candidates?limit=100").json()["items"]
    assert len(listed) == 40
    assert jobhunter.get("/api/v1/candidates").json()["total"] == len(range(0, 40, 3))
    assert jobhunter.get("/api/v1/workplaces").json()["total"] == 30
    # Same record as generated: loonwaarde series, internships mapped to the stored employer.
    first = admin.get(f"/api/v1/candidates/{listed[0]['id']}").json()
    generated = region.candidates[0]
    assert first["last_name"] == generated["last_name"]
    assert len(first["loonwaarde"]) == len(generated["loonwaarde"])
    # Each consent with its decision row, as consent.give records them.
    given = sum(len(c["consents"]) for c in region.candidates)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Consent)).one() == given
        decided = select(func.count()).where(col(Decision.action) == "consent:given")
        assert session.exec(decided.select_from(Decision)).one() == given
    consenting = next(c for c, g in zip(listed, region.candidates, strict=True) if g["consents"])
    shown = admin.get(f"/api/v1/candidates/{consenting['id']}/consents").json()
    assert len(shown) == len(region.candidates[listed.index(consenting)]["consents"])
    assert report.rows > 40 + 30 and report.rows_per_s > 0
