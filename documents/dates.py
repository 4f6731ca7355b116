"""Read and write dates the way Vietnamese documents do.

Always day-month-year: "ngày 01 tháng 8 năm 2019", "ngày 27-8-2013", "25/10/2018", and
"ngày 01-8" whose year comes from the context. "03-6-2013" is the 3rd of June, never March.
The header of a document has a date line ``<place>, ngày DD tháng MM năm YYYY``. Printed
dates pad days below 10 and the months January and February ("01/8/2019", "03/02/2018").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# "ngày 01 tháng 8 năm 2019"; the year may be left out ("ngày 01 tháng 8").
_LONG = (
    r"(?P<l_day>\d{1,2})\s+tháng\s+(?P<l_month>\d{1,2})"
    r"(?:\s*,?\s+năm\s+(?P<l_year>\d{4}))?(?!\d)"
)
# "27-8-2013", "25/10/2018", "01.8.2019", "01-8"; one separator throughout.
_SHORT = (
    r"(?P<s_day>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<s_month>\d{1,2})"
    r"(?:\s*(?P=sep)\s*(?P<s_year>\d{4}))?(?![-/.]?\d)"
)
_DATE_RE = re.compile(rf"(?<![\w/.-])(?P<ngay>ngày\s+)?(?:{_LONG}|{_SHORT})", re.IGNORECASE)
# "Rạch Giá, ngày 01 tháng 8 năm 2019" alone on its line, maybe in a table cell or italics.
_DATELINE_RE = re.compile(
    r"^[\s|*_>#]*(?:(?P<place>[^,\n]*?)\s*,\s*)?(?P<date>ngày\s[^\n]*?)[\s|*_.]*$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_PLACE_WORDS = 8
# A symbol written before the place in the same header line: "Số 11-CT/TU  Rạch Giá, …"
_SYMBOL_BEFORE_PLACE_RE = re.compile(r"^số\s*:?\s*\S+\s+", re.IGNORECASE)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _value(match: re.Match[str], context_year: int | None, *, whole: bool = False) -> date | None:
    """The date a match spells, None when it does not exist or has no known year.
    In running text (not ``whole``) "01-8" is a date only after "ngày": "1-2 lần" is not."""
    groups = match.groupdict()
    prefix = "l_" if groups["l_day"] is not None else "s_"
    if groups[f"{prefix}year"] is not None:
        year = int(groups[f"{prefix}year"])
    elif context_year is not None and (prefix == "l_" or whole or groups["ngay"]):
        year = context_year
    else:
        return None
    try:
        return date(year, int(groups[f"{prefix}month"]), int(groups[f"{prefix}day"]))
    except ValueError:
        return None


def parse_vn_date(text: str, *, context_year: int | None = None) -> date | None:
    """The date ``text`` spells (the whole text), or None. A date without a year
    ("ngày 01-8", "ngày 01 tháng 8") takes ``context_year`` and is None without it;
    a date that does not exist (31-02-2019) is None."""
    text = _nfc(text).strip().rstrip(".,;")
    match = _DATE_RE.fullmatch(text)
    return None if match is None else _value(match, context_year, whole=True)


def date_at(
    text: str, pos: int = 0, *, context_year: int | None = None
) -> tuple[int, date | None] | None:
    """(end, date) of the date written at ``text[pos:]`` (after optional "ngày"); the date
    is None when it does not exist or its year is unknown. None when no date is written."""
    match = _DATE_RE.match(text, pos)
    return None if match is None else (match.end(), _value(match, context_year))


def find_dates(text: str, *, context_year: int | None = None) -> list[tuple[int, int, date]]:
    """(start, end, date) of every valid date in running text; offsets index NFC ``text``."""
    found = []
    for match in _DATE_RE.finditer(_nfc(text)):
        value = _value(match, context_year)
        if value is not None:
            found.append((match.start(), match.end(), value))
    return found


def find_dateline(text: str) -> tuple[str | None, date | None]:
    """(place, date) of the first header date line ``<place>, ngày DD tháng MM năm YYYY``
    ("Rạch Giá, ngày 01 tháng 8 năm 2019" → ("Rạch Giá", date(2019, 8, 1))). The place is
    None when the line has none; the date is None when it does not exist; (None, None)
    when there is no such line. Dates in running text are not date lines."""
    for match in _DATELINE_RE.finditer(_nfc(text)):
        written = _DATE_RE.fullmatch(match.group("date").strip())
        if written is None or (written.group("l_year") or written.group("s_year")) is None:
            continue
        cell = (match.group("place") or "").split("|")[-1]
        place = " ".join(_SYMBOL_BEFORE_PLACE_RE.sub("", cell.strip(" *_")).split())
        if "/" in place or len(place.split()) > _MAX_PLACE_WORDS:
            continue  # running text that happens to end with a date, not a date line
        return place or None, _value(written, None)
    return None, None


def _month(d: date) -> str:
    return f"{d.month:02d}" if d.month <= 2 else str(d.month)


def format_vn_date(d: date) -> str:
    """Short form "01/8/2019": day padded below 10, January and February padded ("03/02/2018")."""
    return f"{d.day:02d}/{_month(d)}/{d.year}"


def format_vn_long_date(d: date) -> str:
    """Long form "ngày 01 tháng 8 năm 2019", padded as in ``format_vn_date``."""
    return f"ngày {d.day:02d} tháng {_month(d)} năm {d.year}"
