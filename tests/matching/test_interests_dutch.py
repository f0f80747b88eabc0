"""Dutch interests and tasks (issue 14): compounds, lemmas, and a title's domain that is not a task.

Written from what a jobhunter noticed: the task "tuinonderhoud terrein" scored 0 for someone
who likes groen, and an office job at a care farm was sold as "interesse in groen".
"""

import subprocess
import sys
from pathlib import Path

from engine_factories import make_candidate, make_task, make_workplace

from matching import build_index, explain
from matching.dutch import split_compound

ROOT = Path(__file__).resolve().parents[2]


def _interest(why):
    return next(part for part in why.breakdown if part.factor == "interests")


def test_garden_maintenance_task_matches_interest_in_groen_and_tuin():
    outdoor = make_workplace(
        1, title="Medewerker buitendienst", sector="gemeente", description="",
        tasks=[make_task(name="tuinonderhoud terrein", description="")],
    )  # fmt: skip
    for interest in ("groen", "tuin"):
        index = build_index([make_candidate(interests=[interest])], [outdoor])
        part = _interest(explain(index, 0, 0))
        assert part.raw == 1.0
        assert part.sentence == "Sluit aan bij de interesse in groen"


def test_inflected_task_words_match_through_their_lemma():
    helper = make_workplace(
        1, title="Hulp in de tuin", sector="particulier", description="",
        tasks=[make_task(name="maait het gras", description="snoeit struiken")],
    )  # fmt: skip
    index = build_index([make_candidate(interests=["tuinieren"])], [helper])
    assert _interest(explain(index, 0, 0)).raw == 1.0


def test_office_job_at_care_farm_is_not_sold_as_interest_in_groen():
    office = make_workplace(
        1, title="Administratief medewerker zorgboerderij", sector="groenvoorziening",
        description="Zorgboerderij met dieren en een moestuin",
        tasks=[make_task(name="facturen invoeren", description="roosters bijhouden")],
    )  # fmt: skip
    green = make_candidate(1, interests=["groen", "dieren"])
    clerk = make_candidate(2, interests=["administratie"])
    index = build_index([green, clerk], [office])

    for_green = _interest(explain(index, 0, 0))
    assert for_green.raw == 0.0
    assert "groen" not in for_green.sentence and "dieren" not in for_green.sentence
    assert for_green.concern
    assert _interest(explain(index, 1, 0)).sentence == (
        "Sluit aan bij de interesse in administratie"
    )


def test_preferred_sector_is_met_by_the_sector_even_when_the_tasks_are_office_work():
    practice = make_workplace(
        1, title="Administratief medewerker huisartsenpraktijk", sector="zorg", description="",
        tasks=[make_task(name="patiëntgegevens invoeren", description="afspraken plannen")],
    )  # fmt: skip
    wants_sector = make_candidate(1, interests=[], preferred_sectors=["zorg"])
    likes_care = make_candidate(2, interests=["zorg"])
    index = build_index([wants_sector, likes_care], [practice])
    assert _interest(explain(index, 0, 0)).sentence == "Sluit aan bij de interesse in sector zorg"
    assert _interest(explain(index, 1, 0)).raw == 0.0


def test_care_farm_job_whose_tasks_are_green_keeps_its_green_match():
    farm = make_workplace(
        1, title="Medewerker zorgboerderij", sector="zorg", description="",
        tasks=[make_task(name="moestuin onderhouden", description="kippen voeren")],
    )  # fmt: skip
    index = build_index([make_candidate(interests=["groen"])], [farm])
    assert _interest(explain(index, 0, 0)).sentence == "Sluit aan bij de interesse in groen"


def test_garden_chairs_for_sale_are_not_an_interest_in_groen():
    shop = make_workplace(
        1, title="Verkoopmedewerker tuinmeubelen", sector="detailhandel", description="",
        tasks=[make_task(name="tuinstoelen verkopen", description="klanten adviseren")],
    )  # fmt: skip
    index = build_index(
        [make_candidate(1, interests=["groen"]), make_candidate(2, interests=["winkel"])], [shop]
    )
    assert _interest(explain(index, 0, 0)).concern
    assert _interest(explain(index, 1, 0)).sentence == "Sluit aan bij de interesse in winkel"


def test_compounds_split_into_known_parts_head_last():
    assert split_compound("tuinonderhoud") == ("tuin", "onderhoud")
    assert split_compound("magazijnmedewerker") == ("magazijn", "medewerker")
    assert split_compound("hoveniersbedrijf") == ("hovenier", "bedrijf")  # linking -s-
    assert split_compound("paardenstal") == ("paarden", "stal")  # not paardens + tal
    assert split_compound("groenten") == ("groenten",)  # common words stay whole


def test_labelled_interest_pairs_reach_f1_of_085():
    sys.path.insert(0, str(ROOT))
    from bench.interest import scores

    result = scores()
    assert result["interest_pairs"] >= 200
    assert result["interest_f1"] >= 0.85, result


def test_dutch_word_data_load_without_network():
    blocked = (
        "import socket\n"
        "def refuse(*a, **k):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from matching.dutch import analyse, split_compound\n"
        "assert split_compound('plantsoenonderhoud') == ('plantsoen', 'onderhoud')\n"
        "assert 'snoeien' in analyse('snoeit').whole\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
