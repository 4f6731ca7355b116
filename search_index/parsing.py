"""Understand what a user typed in the search box: symbols, type + number, words, phrases.

Officials search for a directive by its symbol typed any way ("11-CT/TU", "11-ct/tu",
"11/CT-TU", "11 CT TU"), by type abbreviation and number ("CT 11"), or by type name
and number with or without diacritics ("chỉ thị số 11", "chi thi 11", "chuong trinh
hanh dong 40"). Those parts are taken out of the query; what remains are words, and
text in double quotes is a phrase. Everything is NFC first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents.symbols import symbol_key
from documents.text import fold
from documents.types import DOCUMENT_TYPES
from search_index.analysis import exact_terms, folded_terms, nfc, pair_terms, tokens

MAX_QUERY_CHARS = 1000
# From this many distinct words on, common syllables are pruned (both backends) and a
# snippet marks no lone syllable.
LONG_QUERY_WORDS = 6
# Issuers recognised in a symbol typed with spaces ("11 CT TU"); any upper-case word
# is accepted too.
KNOWN_ISSUERS = frozenset({"TW", "VPTW", "TU", "HU", "ĐU", "CB", "BTGTU", "UBKTTU", "BTCTU"})
# Words that may stand between a type name and its number: "chương trình hành động số 40"
_QUALIFIERS: tuple[tuple[str, ...], ...] = (("hanh", "dong"), ("chi", "dao"))
_NUMBER_WORD = "so"  # "số"
_QUOTE_RE = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]")
_QUOTE_CHARS = re.compile(r"[\"“”„]")
# "11 - CT / TU" → "11-CT/TU": separators of a symbol typed with spaces
_SPACED_SEPARATOR_RE = re.compile(r"(?<=\w)\s*([-/])\s*(?=\w)")
_EDGE_PUNCTUATION = ".,;:!?()[]{}'«»"

_ABBREVIATIONS: dict[str, str] = {t.abbr.replace("đ", "Đ").upper(): t.abbr for t in DOCUMENT_TYPES}
# Abbreviations that are also common syllables count only when typed in capitals.
_CASE_SENSITIVE_ABBREVIATIONS = frozenset({"ĐA"})
_TYPE_NAMES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        ((tuple(fold(t.name_vi).split()), t.code) for t in DOCUMENT_TYPES),
        key=lambda entry: -len(entry[0]),
    )
)


@dataclass(frozen=True)
class ParsedQuery:
    """What the query asks for. Words are exact terms (lower case, tone marks
    normalised); ``phrases`` hold folded terms."""

    text: str
    symbol_keys: tuple[str, ...] = ()  # "11-CT/TU"
    short_keys: tuple[str, ...] = ()  # "11-CT": abbreviation and number without issuer
    type_numbers: tuple[tuple[str, int], ...] = ()  # (document type code, number)
    # runs of adjacent words; a symbol or a quote between words ends a run
    segments: tuple[tuple[str, ...], ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for segment in self.segments for word in segment)

    @property
    def folded_words(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.words)

    @property
    def pairs(self) -> tuple[str, ...]:
        """Folded pairs of adjacent words, never across a symbol or a quote."""
        found = (pair for s in self.segments for pair in pair_terms([fold(w) for w in s]))
        return tuple(dict.fromkeys(found))

    @property
    def lone_words(self) -> tuple[str, ...]:
        """Folded words that have no neighbour to pair with."""
        return tuple(fold(s[0]) for s in self.segments if len(s) == 1)

    @property
    def has_symbol(self) -> bool:
        return bool(self.symbol_keys or self.short_keys or self.type_numbers)

    @property
    def typed_with_diacritics(self) -> bool:
        """Whether the user types with diacritics (then exact matches rank higher)."""
        return any(w != fold(w) for w in self.words)

    @property
    def is_empty(self) -> bool:
        return not (self.has_symbol or self.words or self.phrases)


def _abbreviation(word: str) -> str | None:
    upper = word.replace("đ", "Đ").upper()
    if upper in _CASE_SENSITIVE_ABBREVIATIONS and word != upper:
        return None
    return _ABBREVIATIONS.get(upper)


def _is_issuer(word: str) -> bool:
    upper = word.replace("đ", "Đ").upper()
    return word.isalpha() and (upper in KNOWN_ISSUERS or (word == upper and len(word) >= 2))


def _type_name_at(folded: list[str], i: int) -> tuple[int, str, int] | None:
    """(number, type code, words used) when ``folded[i:]`` starts with a
    type name, optional qualifiers and "số", then a number."""
    for name, code in _TYPE_NAMES:
        end = i + len(name)
        if tuple(folded[i:end]) != name:
            continue
        for qualifier in _QUALIFIERS:
            if tuple(folded[end : end + len(qualifier)]) == qualifier:
                end += len(qualifier)
                break
        if end < len(folded) and folded[end] == _NUMBER_WORD:
            end += 1
        if end < len(folded) and folded[end].isdigit():
            return int(folded[end]), code, end + 1 - i
    return None


def _drop_type_prefix(words: list[str]) -> None:
    """Remove "[type name] [qualifier] [số]" written just before a symbol."""
    if words and fold(words[-1]) == _NUMBER_WORD:
        words.pop()
    folded = [fold(w) for w in words]
    for qualifier in _QUALIFIERS:
        if tuple(folded[len(folded) - len(qualifier) :]) == qualifier:
            del words[len(words) - len(qualifier) :], folded[len(folded) - len(qualifier) :]
            break
    for name, _code in _TYPE_NAMES:
        if len(folded) >= len(name) and tuple(folded[len(folded) - len(name) :]) == name:
            del words[len(words) - len(name) :]
            return


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into symbols, type + number pairs, phrases and words."""
    text = nfc(text).strip()[:MAX_QUERY_CHARS]
    found = _Found()
    # re.split with the quote group: outside quotes at even places, quoted text at odd
    for place, piece in enumerate(_QUOTE_RE.split(text)):
        if place % 2:
            terms = folded_terms(piece)
            if len(terms) > 1:
                found.phrases.append(tuple(terms))
            elif terms:
                found.segments.append(exact_terms(piece))
        else:
            plain = _SPACED_SEPARATOR_RE.sub(r"\1", _QUOTE_CHARS.sub(" ", piece))
            _parse_plain(plain, found)
    return ParsedQuery(
        text=text,
        symbol_keys=_unique(found.symbol_keys),
        short_keys=_unique(found.short_keys),
        type_numbers=tuple(dict.fromkeys(found.type_numbers)),
        segments=tuple(tuple(segment) for segment in found.segments if segment),
        phrases=tuple(found.phrases),
    )


@dataclass
class _Found:
    symbol_keys: list[str] = field(default_factory=list)
    short_keys: list[str] = field(default_factory=list)
    type_numbers: list[tuple[str, int]] = field(default_factory=list)
    segments: list[list[str]] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)


def _parse_plain(text: str, found: _Found) -> None:
    """Take symbols and type + number out of ``text``; the words left between them
    become segments (runs of adjacent words)."""
    pending: list[str] = []  # tokens of the current run, before a symbol may claim some
    for chunk in text.split():
        candidate = chunk.strip(_EDGE_PUNCTUATION)
        key = symbol_key(candidate) if any(c.isdigit() for c in candidate) else None
        if key:
            _drop_type_prefix(pending)
            _parse_run(pending, found)
            pending = []
            found.symbol_keys.append(key)
        else:
            pending.extend(tokens(chunk))
    _parse_run(pending, found)


def _parse_run(run: list[str], found: _Found) -> None:
    """Find "chỉ thị 11", "11 CT TU", "CT 11" in a run of tokens; keep the other words."""
    folded = [fold(w) for w in run]
    words: list[str] = []
    i = 0
    while i < len(run):
        word, nxt = run[i], run[i + 1] if i + 1 < len(run) else ""
        after = run[i + 2] if i + 2 < len(run) else ""
        used = 0
        type_number = _type_name_at(folded, i)
        if type_number:
            number, code, used = type_number
            found.type_numbers.append((code, number))
        elif word.isdigit() and _abbreviation(nxt) and after and _is_issuer(after):
            key = symbol_key(f"{word}-{_abbreviation(nxt)}/{after}")
            if key:
                found.symbol_keys.append(key)
                used = 3
        if not used and word.isdigit() and _abbreviation(nxt):
            found.short_keys.append(short_symbol_key(int(word), _abbreviation(nxt) or ""))
            used = 2
        elif not used and _abbreviation(word) and nxt.isdigit():
            found.short_keys.append(short_symbol_key(int(nxt), _abbreviation(word) or ""))
            used = 2
        if used:  # what stood before and after the symbol is not adjacent
            found.segments.append(exact_terms(" ".join(words)))
            words = []
            i += used
        else:
            words.append(word)
            i += 1
    found.segments.append(exact_terms(" ".join(words)))


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def short_symbol_key(number: int, abbr: str) -> str:
    """The ``symbol_short`` form: number and type abbreviation, case-free (``11-CT``,
    ``205-QĐ``), for symbols typed without their issuer ("CT 11")."""
    return f"{number}-{abbr.replace('đ', 'Đ').upper()}"
