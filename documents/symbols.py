"""Parse, normalise and format document symbols (số và ký hiệu).

Party symbols read ``NUMBER-TYPE/ISSUER`` ("11-CT/TU", "08-QĐi/TW", "29-CV/TC-NV"). State
symbols read ``NUMBER[/YEAR]/TYPE-ISSUER`` ("30/2020/NĐ-CP", "38/CT-TTg"), ``NUMBER/ISSUER-UNIT``
for an official letter ("5973/UBND-KT") or ``NUMBER/YEAR/ISSUER`` for a law or a resolution of
the National Assembly ("45/2019/QH14"); the last two carry no type abbreviation (``type_abbr``
is ""). Everything is NFC first and a look-alike Ð (U+00D0) becomes Đ (U+0110). The seen
variants are accepted: lower case, spaces around the separators, ``Ctr`` for ``CTr``, a
leading ``Số``, and ``11/CT-TU`` (a common typo for ``11-CT/TU``).

``symbol_key`` is the matching key: the number without padding and everything upper case
("08-QĐi/TW" → "8-QĐI/TW"). Upper-casing is safe because no two abbreviations of one system
differ only by case, and Party keys ("11-CT/TU") never collide with state keys ("11/CT-TU"
shape), so equal symbols get equal keys and different types get different keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from documents.types import DOCUMENT_TYPES

# Hyphen, non-breaking hyphen, figure dash and en dash all stand for the symbol's hyphen.
_DASHES = "\\-\u2010\u2011\u2012\u2013"
_LETTERS = "A-Za-zĐđ"
_PART = rf"[{_LETTERS}][{_LETTERS}0-9]*"
_YEAR = r"(?:19|20)\d{2}"
_BEFORE = rf"(?<![\w/{_DASHES}])"

_PARTY = (
    rf"(?P<p_number>\d{{1,4}})\s*[{_DASHES}]\s*(?P<p_type>[{_LETTERS}]{{2,4}})\s*/\s*"
    rf"(?P<p_issuer>[{_LETTERS}]+(?:[{_DASHES}][{_LETTERS}]+)*)(?![\w/])"
)
# Every "NUMBER[/YEAR]/A-B[-C…]" shape: a state symbol, a state letter or the Party typo.
_SLASHED = (
    rf"(?P<s_number>\d{{1,5}})\s*/\s*(?:(?P<s_year>{_YEAR})\s*/\s*)?"
    rf"(?P<s_parts>{_PART}(?:\s*[{_DASHES}]\s*{_PART})+)(?![\w/])"
)
_LAW = (
    rf"(?P<l_number>\d{{1,5}})\s*/\s*(?P<l_year>{_YEAR})\s*/\s*"
    rf"(?P<l_issuer>[{_LETTERS}]+\d{{1,2}})(?![\w/{_DASHES}])"
)
_SYMBOL_RE = re.compile(rf"{_BEFORE}(?:{_PARTY}|{_SLASHED}|{_LAW})")
_DASH_SPLIT_RE = re.compile(rf"\s*[{_DASHES}]\s*")
_NUMBER_PREFIX_RE = re.compile(r"^số\s*:?\s*", re.IGNORECASE)
# Issuers that mark "11/CT-TU" as the Party typo rather than a state symbol: the Central
# Committee and its office (TW, VPTW), a cell (CB) and every committee "… ủy" (TU, HU, ĐU,
# BTGTU, UBKTTU…). No state issuer ends in U or TW ("38/CT-TTg", "12/CT-UBND").
_PARTY_ISSUER_RE = re.compile(r"(?:[A-ZĐ]*(?:U|TW)|CB)")


def _upper(text: str) -> str:
    return text.replace("đ", "Đ").upper()


def _abbreviations(system: str) -> dict[str, str]:
    """Canonical spelling of each abbreviation of ``system``, keyed by its upper case."""
    return {_upper(t.abbr): t.abbr for t in DOCUMENT_TYPES if t.system == system and t.abbr}


_PARTY_TYPES = _abbreviations("party")
_STATE_TYPES = _abbreviations("state")


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol. ``system`` is "party" or "state"; ``type_abbr`` is "" for the
    state shapes that carry no type (letters, laws); ``year`` only for state symbols."""

    number: int
    type_abbr: str
    issuer: str
    system: str = "party"
    year: int | None = None

    def __str__(self) -> str:
        return format_symbol(self)


def nfc(text: str) -> str:
    """``text`` in NFC with the look-alike Ð/ð (U+00D0/U+00F0) turned into Đ/đ."""
    return unicodedata.normalize("NFC", text).replace("\u00d0", "Đ").replace("\u00f0", "đ")


def _state_part(part: str) -> str:
    # "TTg" keeps its case; a part typed all in lower case ("cp") is upper-cased.
    return _upper(part) if part == part.lower() else part


def _from_slashed(number: str, year: str | None, parts_text: str, strict: bool) -> Symbol | None:
    parts = _DASH_SPLIT_RE.split(parts_text)
    head = _upper(parts[0])
    if (
        year is None
        and len(parts) == 2
        and head in _PARTY_TYPES
        and _PARTY_ISSUER_RE.fullmatch(_upper(parts[1]))
    ):
        return Symbol(int(number), _PARTY_TYPES[head], _upper(parts[1]), "party")
    if head in _STATE_TYPES or year is not None:
        abbr = _STATE_TYPES.get(head, _state_part(parts[0]))
        if strict and head not in _STATE_TYPES and not parts[0][0].isupper():
            return None
        issuer = "-".join(_state_part(p) for p in parts[1:])
        return Symbol(int(number), abbr, issuer, "state", int(year) if year else None)
    # An official letter: "5973/UBND-KT" is issuer and unit, no type.
    if strict and not all(p[0].isupper() for p in parts):
        return None
    return Symbol(int(number), "", "-".join(_state_part(p) for p in parts), "state")


def _from_match(match: re.Match[str], strict: bool) -> Symbol | None:
    """The symbol a match spells; ``strict`` (running text) refuses shapes that are only
    plausible when the whole text is known to be a symbol."""
    groups = match.groupdict()
    if groups["p_number"] is not None:
        canonical = _PARTY_TYPES.get(_upper(groups["p_type"]))
        if canonical is None:
            return None
        issuer = _DASH_SPLIT_RE.sub("-", _upper(groups["p_issuer"]))
        return Symbol(int(groups["p_number"]), canonical, issuer, "party")
    if groups["s_number"] is not None:
        return _from_slashed(groups["s_number"], groups["s_year"], groups["s_parts"], strict)
    issuer = groups["l_issuer"]
    if strict and not issuer[0].isupper():
        return None
    return Symbol(int(groups["l_number"]), "", _upper(issuer), "state", int(groups["l_year"]))


def parse_symbol(text: str) -> Symbol | None:
    """The symbol ``text`` spells (the whole text; spaces and a leading "Số" allowed), or None."""
    text = _NUMBER_PREFIX_RE.sub("", nfc(text).strip())
    match = _SYMBOL_RE.fullmatch(text)
    return None if match is None else _from_match(match, strict=False)


def format_symbol(symbol: Symbol) -> str:
    """The printed form; numbers below 10 are zero-padded ("01-KL/TW", "08/2022/NĐ-CP")."""
    number = f"{symbol.number:02d}"
    if symbol.system == "party":
        return f"{number}-{symbol.type_abbr}/{symbol.issuer}"
    year = f"/{symbol.year}" if symbol.year else ""
    tail = f"{symbol.type_abbr}-{symbol.issuer}" if symbol.type_abbr else symbol.issuer
    return f"{number}{year}/{tail}"


def normalise_symbol(text: str) -> str | None:
    """The canonical printed form of the symbol ``text`` spells, or None."""
    symbol = parse_symbol(text)
    return None if symbol is None else format_symbol(symbol)


def symbol_key(text: str | Symbol) -> str | None:
    """A case-free key for matching symbols typed any way ("11-ct/tu" → "11-CT/TU"), or
    None when ``text`` is not a symbol. See the module docstring for why it is safe."""
    symbol = text if isinstance(text, Symbol) else parse_symbol(text)
    if symbol is None:
        return None
    if symbol.system == "party":
        return _upper(f"{symbol.number}-{symbol.type_abbr}/{symbol.issuer}")
    year = f"/{symbol.year}" if symbol.year else ""
    tail = f"{symbol.type_abbr}-{symbol.issuer}" if symbol.type_abbr else symbol.issuer
    return _upper(f"{symbol.number}{year}/{tail}")


def find_symbols(text: str) -> list[tuple[int, int, Symbol]]:
    """(start, end, symbol) of every Party and state symbol in running text, in order.

    Offsets index ``nfc(text)``, which is ``text`` itself for the usual NFC input."""
    found = []
    for match in _SYMBOL_RE.finditer(nfc(text)):
        symbol = _from_match(match, strict=True)
        if symbol is not None:
            found.append((match.start(), match.end(), symbol))
    return found
