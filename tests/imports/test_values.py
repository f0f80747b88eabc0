"""Cell parsers: properties that must hold for every value a Dutch export can write."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.imports import values


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_notation_reads_back_the_same_day(day: date) -> None:
    for text in (
        day.strftime("%d-%m-%Y"),
        f"{day.day}-{day.month}-{day.year}",
        day.strftime("%d/%m/%Y"),
        day.isoformat(),
    ):
        assert values.day(text) == day


@given(st.decimals(min_value=-10_000, max_value=10_000, places=2, allow_nan=False))
def test_decimal_comma_and_point_read_the_same_number(number: object) -> None:
    point = f"{number:.2f}"
    assert values.decimal(point.replace(".", ",")) == pytest.approx(float(point))
    assert values.decimal(point) == pytest.approx(float(point))


@given(st.text(min_size=1, max_size=40))
def test_text_is_either_refused_as_formula_or_kept_trimmed(cell: str) -> None:
    stripped = cell.strip()
    try:
        kept = values.text(cell)
    except ValueError as exc:
        assert "formula" in str(exc)
        assert stripped[:1] in ("=", "@", "+", "-", "\t", "\r")
    else:
        assert kept == stripped
        assert not kept.startswith(("=", "@"))


@pytest.mark.parametrize("cell", ["31-02-2026", "2026-13-01", "morgen", "=TODAY()"])
def test_impossible_dates_say_why(cell: str) -> None:
    with pytest.raises(ValueError, match=r"date|formula"):
        values.day(cell)
