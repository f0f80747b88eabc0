"""The pure same-person rules: blocking keys, near birth dates, name thresholds."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.imports.duplicates.finder import Person, pairs_among
from app.imports.duplicates.names import (
    DateMatch,
    date_digits,
    date_match,
    name_key,
    same_person,
    swapped,
)

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))


def _person(cid: int, born: date) -> Person:
    return Person(cid, "2611", born, name_key("Sanne", "de Vries"), date_digits(born))


@given(dates, dates, st.booleans())
def test_blocking_finds_a_pair_exactly_when_the_dates_are_near_and_names_it_once(
    a: date, b: date, both_new: bool
) -> None:
    pool = [_person(1, a), _person(2, b)]
    found = pairs_among(pool if both_new else pool[1:], pool)
    relation = date_match(a, b)
    assert [(r["low"], r["high"], r["dates"]) for r in found] == (
        [(1, 2, relation)] if relation is not None else []
    )


@given(dates, dates)
def test_date_match_is_symmetric(a: date, b: date) -> None:
    assert date_match(a, b) == date_match(b, a)


@given(dates)
def test_swapping_day_and_month_twice_gives_the_date_back(day: date) -> None:
    turned = swapped(day)
    if turned is not None:
        assert swapped(turned) == day and date_match(day, turned) == DateMatch.swapped


NAMES = st.text(alphabet="abcdeéijklmnorsvwz -'", min_size=1, max_size=20)


@given(NAMES, NAMES, NAMES, NAMES, st.sampled_from(list(DateMatch)))
def test_same_person_does_not_depend_on_which_record_comes_first(
    f1: str, l1: str, f2: str, l2: str, dates_: DateMatch
) -> None:
    a, b = name_key(f1, l1), name_key(f2, l2)
    assert same_person(a, b, dates_) == same_person(b, a, dates_)


def _flagged(first: tuple[str, str], second: tuple[str, str], dates_: DateMatch) -> bool:
    return same_person(name_key(*first), name_key(*second), dates_) is not None


def test_the_way_two_systems_write_one_name_is_flagged() -> None:
    exact = DateMatch.exact
    assert _flagged(("Sanne", "de Vries"), ("Sanne", "Vries, de"), exact)
    assert _flagged(("Sanne", "de Vries"), ("SANNE", "VRIES"), exact)  # tussenvoegsel apart
    assert _flagged(("Sanne Maria", "de Vries"), ("Sanne", "de Vries"), exact)  # given names
    assert _flagged(("S.", "de Vries"), ("Sanne", "de Vries"), exact)  # initial
    assert _flagged(("Mohammed", "El Amrani"), ("Mohamed", "el-Amrani"), exact)
    assert _flagged(("Zoë", "Çelik"), ("Zoe", "Celik"), DateMatch.swapped)  # accents
    assert _flagged(("Daan", "Janssen"), ("Daan", "Jansen"), exact)


def test_twins_and_namesakes_are_not_flagged() -> None:
    exact = DateMatch.exact
    assert not _flagged(("Sanne", "de Vries"), ("Sara", "de Vries"), exact)  # twins
    assert not _flagged(("Kim", "Bakker"), ("Tim", "Bakker"), exact)
    assert not _flagged(("Sanne", "de Vries"), ("Sanne", "Jansen"), exact)
    # a near date needs a closer name than an exact one
    assert _flagged(("Daan", "Bakker"), ("Daan", "Backer"), exact)
    assert not _flagged(("Daan", "Bakker"), ("Daan", "Backer"), DateMatch.one_digit)
