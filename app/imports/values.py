"""Cell text → typed values, as Dutch exports write them: dates ``dd-mm-jjjj``, ``d-m-jjjj``
or ISO, decimal comma, ja/nee. Each parser raises ``ValueError`` with a message a user can act
on; the caller adds row and column.

Formulas are never evaluated: a text cell that starts like one (``=``, ``@``, or ``+``/``-``
not followed by a digit) is refused (docs/decisions/172).
"""

import re
from datetime import date, datetime
from typing import Any

FORMULA_START = ("=", "@", "\t", "\r")
# "+31 6 1234 5678" or "-5": a number or phone number; "-2+3+cmd|..." is not.
_SIGNED_NUMBER = re.compile(r"^[+-][0-9 ().,-]+$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$")
TRUE_WORDS = {"1", "ja", "j", "yes", "y", "true", "waar", "x", "wel"}
FALSE_WORDS = {"0", "nee", "n", "no", "false", "onwaar", "niet"}
LIST_SEPARATORS = re.compile(r"\s*[,;|]\s*")


def looks_like_formula(text: str) -> bool:
    if text.startswith(FORMULA_START):
        return True
    return text.startswith(("+", "-")) and not _SIGNED_NUMBER.match(text)


def text(value: Any) -> str:
    """Trimmed text; a formula-like start is refused, never evaluated or stored."""
    if type(value) is str:  # the common case first: 100,000 rows x 50 cells
        result = value.strip()
        if result and result[0] in "=@+-\t\r" and looks_like_formula(result):
            raise ValueError(
                "looks like a spreadsheet formula; formulas are not evaluated: "
                "type the value itself"
            )
        return result
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if looks_like_formula(result):
        raise ValueError(
            "looks like a spreadsheet formula; formulas are not evaluated: type the value itself"
        )
    return result


def integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected a whole number")
    if isinstance(value, int):
        return value
    if type(value) is str and value.isdigit():
        return int(value)
    number = decimal(value)
    if not number.is_integer():
        raise ValueError(f"expected a whole number, not {number:g}")
    return int(number)


def decimal(value: Any) -> float:
    """``37,5`` and ``37.5`` and ``1.234,5``; a formula or text is refused."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raw = text_raw(value)
    cleaned = raw.replace(" ", "").replace("%", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"expected a number (decimal comma allowed), not '{raw}'") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("expected a finite number")
    return number


def text_raw(value: Any) -> str:
    result = "" if value is None else str(value).strip()
    if result.startswith(FORMULA_START):
        raise ValueError("looks like a spreadsheet formula; formulas are not evaluated")
    return result


def day(value: Any) -> date:
    """``dd-mm-jjjj``, ``d-m-jjjj``, ``dd/mm/jjjj`` or ISO ``jjjj-mm-dd``; XLSX dates as is."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value) is str and len(value) == 10 and value[2] == "-" == value[5]:
        try:  # dd-mm-jjjj, as Dutch Excel writes it
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        except ValueError:
            pass  # the general path below says what is wrong
    raw = text_raw(value)
    try:
        if match := _DMY.match(raw):
            d, m, y = (int(g) for g in match.groups())
            return date(y, m, d)
        if match := _ISO.match(raw):
            y, m, d = (int(g) for g in match.groups())
            return date(y, m, d)
    except ValueError:
        raise ValueError(f"'{raw}' is not a date in the calendar") from None
    raise ValueError(f"expected a date as dd-mm-jjjj or jjjj-mm-dd, not '{raw}'")


_BOOL = {word: True for word in TRUE_WORDS} | {word: False for word in FALSE_WORDS}


def boolean(value: Any) -> bool:
    if type(value) is str and (known := _BOOL.get(value)) is not None:
        return known
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"expected ja/nee, not {value}")
    raw = text_raw(value).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS or raw == "":
        return False
    raise ValueError(f"expected ja/nee (or 1/0, true/false), not '{raw}'")


def tags(value: Any) -> list[str]:
    """A list in one cell, separated by commas, semicolons or bars."""
    raw = text(value)
    return [part for part in LIST_SEPARATORS.split(raw) if part] if raw else []


TASK_SEPARATORS = re.compile(r"\s*[|;\n]\s*")
TASK_FIELDS = ("name", "hours_per_week", "stimulus_level", "structure_level", "physical_load",
               "skill_level", "required_certificate")  # fmt: skip


def tasks(value: Any) -> list[dict[str, Any]]:
    """Tasks in one cell: ``name / hours / stimulus / structure / physical / skill
    [/ certificate]``, tasks separated by ``|``, ``;`` or a line break. Checked further by the
    API's ``TaskIn``."""
    raw = text(value)
    out = []
    for number, part in enumerate((p for p in TASK_SEPARATORS.split(raw) if p), start=1):
        pieces = [piece.strip() for piece in part.split("/")]
        if not 6 <= len(pieces) <= 7:
            raise ValueError(
                f"task {number} ('{part}') needs name / hours / stimulus / structure / physical "
                "/ skill [/ certificate]"
            )
        task: dict[str, Any] = {"name": pieces[0], "hours_per_week": decimal(pieces[1])}
        for name, piece in zip(TASK_FIELDS[2:6], pieces[2:6], strict=True):
            task[name] = integer(piece)
        if len(pieces) == 7 and pieces[6]:
            task["required_certificate"] = pieces[6]
        out.append(task)
    return out
