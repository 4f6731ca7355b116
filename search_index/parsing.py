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
from documents.types import DOCUMENT_TYPES
from search_index.analysis import exact_terms, fold, folded_terms, nfc, tokens
from search_index.schema import short_symbol_key

MAX_QUERY_CHARS = 1000
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
    """What the query asks for. ``words`` are exact terms (lower case, tone marks
    normalised); ``phrases`` hold folded terms."""

    text: str
    symbol_keys: tuple[str, ...] = ()  # "11-CT/TU"
    short_keys: tuple[str, ...] = ()  # "11-CT": abbreviation and number without issuer
    type_numbers: tuple[tuple[str, int], ...] = ()  # (document type code, number)
    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def folded_words(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.words)

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
    phrases: list[tuple[str, ...]] = []
    words_from_phrases: list[str] = []
    for match in _QUOTE_RE.finditer(text):
        terms = tuple(folded_terms(match.group(1)))
        if len(terms) > 1:
            phrases.append(terms)
        else:
            words_from_phrases.extend(exact_terms(match.group(1)))
    rest = _QUOTE_CHARS.sub(" ", _QUOTE_RE.sub(" ", text))
    rest = _SPACED_SEPARATOR_RE.sub(r"\1", rest)

    symbol_keys: list[str] = []
    short_keys: list[str] = []
    type_numbers: list[tuple[str, int]] = []
    words: list[str] = []  # as typed, until the end
    pending: list[str] = []  # words of the current run, before a symbol may claim some

    def flush_run() -> None:
        folded = [fold(w) for w in pending]
        i = 0
        while i < len(pending):
            found = _type_name_at(folded, i)
            if found:
                number, code, used = found
                type_numbers.append((code, number))
                i += used
                continue
            word, nxt = pending[i], pending[i + 1] if i + 1 < len(pending) else ""
            after = pending[i + 2] if i + 2 < len(pending) else ""
            if word.isdigit() and _abbreviation(nxt) and after and _is_issuer(after):
                key = symbol_key(f"{word}-{_abbreviation(nxt)}/{after}")
                if key:
                    symbol_keys.append(key)
                    i += 3
                    continue
            if word.isdigit() and _abbreviation(nxt):
                short_keys.append(short_symbol_key(int(word), _abbreviation(nxt) or ""))
                i += 2
                continue
            if _abbreviation(word) and nxt.isdigit():
                short_keys.append(short_symbol_key(int(nxt), _abbreviation(word) or ""))
                i += 2
                continue
            words.append(word)
            i += 1
        pending.clear()

    for chunk in rest.split():
        candidate = chunk.strip(_EDGE_PUNCTUATION)
        key = symbol_key(candidate) if any(c.isdigit() for c in candidate) else None
        if key:
            _drop_type_prefix(pending)
            flush_run()
            symbol_keys.append(key)
        else:
            pending.extend(tokens(chunk))
    flush_run()

    return ParsedQuery(
        text=text,
        symbol_keys=_unique(symbol_keys),
        short_keys=_unique(short_keys),
        type_numbers=tuple(dict.fromkeys(type_numbers)),
        words=tuple(exact_terms(" ".join(words))) + tuple(words_from_phrases),
        phrases=tuple(phrases),
    )


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
