"""Snippets for search hits: a window of the text around the matched words, as safe HTML.

Every character of the text is escaped here; the only markup added is ``<mark>``
around matched words, so the result can go to a template with ``|safe``. Words match
on their folded form, so a query typed without diacritics marks the words written
with them, and the symbols the query names are marked where the text cites them. Of a
query of several words, the words standing together are marked where there are any.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from functools import lru_cache

from documents.symbols import find_symbols, symbol_key
from documents.text import fold, fold_chars
from search_index.analysis import nfc
from search_index.parsing import LONG_QUERY_WORDS, short_symbol_key

SNIPPET_CHARS = 240
CONTEXT_BEFORE = 60
_SPACE_RE = re.compile(r"\s+")


@lru_cache(maxsize=256)
def _terms_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    """A pattern finding any of the (folded) ``terms`` as a whole token."""
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")


def _matches(
    text: str, terms: frozenset[str], symbol_keys: frozenset[str]
) -> list[tuple[int, int, str]]:
    """(start, end, what) of every matched word or cited symbol, by start."""
    found: list[tuple[int, int, str]] = []
    if symbol_keys:
        for start, end, cited in find_symbols(text):
            keys = {symbol_key(str(cited)) or "", short_symbol_key(cited.number, cited.type_abbr)}
            hit = keys & symbol_keys
            if hit:
                found.append((start, end, min(hit)))
    if terms:
        words = [
            (m.start(), m.end(), m.group(0))
            for m in _terms_pattern(terms).finditer(fold_chars(text))
        ]
        found += _together(text, words, len(terms)) if len(terms) > 1 else words
    found.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, what in found:
        if merged and start < merged[-1][1]:
            continue  # a word inside a marked symbol
        merged.append((start, end, what))
    return merged


def _together(
    text: str, words: list[tuple[int, int, str]], searched: int
) -> list[tuple[int, int, str]]:
    """Of the matched words of a search for ``searched`` words, those that stand next to
    another one (only spaces between): a search for "Rạch Giá" marks "Rạch Giá", never
    the "giá" of "đánh giá". Where no two stand together, a short search (which found
    the object by its words together elsewhere: title, place, unit) marks nothing, a
    long one (which finds by single words too) marks every match."""
    beside: set[int] = set()
    for i, ((_s, end, word), (start, _e, other)) in enumerate(itertools.pairwise(words)):
        if word != other and not text[end:start].strip():
            beside.update((i, i + 1))
    if beside:
        return [words[i] for i in sorted(beside)]
    return words if searched >= LONG_QUERY_WORDS else []


def _window(text: str, matches: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The window of ``SNIPPET_CHARS`` holding the most different matched items."""
    if not matches:
        return 0, min(len(text), SNIPPET_CHARS)
    best, best_score = 0, -1
    for i, (anchor, _end, _what) in enumerate(matches):
        start = max(0, anchor - CONTEXT_BEFORE)
        inside = {w for s, e, w in matches[i:] if e <= start + SNIPPET_CHARS}
        if len(inside) > best_score:
            best, best_score = start, len(inside)
    start = best
    if start > 0 and text[start - 1] != " ":  # begin at a word boundary, before the match
        first = next(s for s, _e, _w in matches if s >= start)
        space = text.find(" ", start, first)
        if space != -1:
            start = space + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    return start, end


def has_match(text: str, terms: Iterable[str] = (), symbol_keys: Iterable[str] = ()) -> bool:
    """Whether ``text`` has one of the folded ``terms`` or cites one of the symbols."""
    if not text:
        return False
    return bool(_matches(nfc(text), frozenset(fold(t) for t in terms), frozenset(symbol_keys)))


def snippet_html(text: str, terms: Iterable[str] = (), symbol_keys: Iterable[str] = ()) -> str:
    """Escaped ``text`` (a window of it) with the folded ``terms`` and the symbols named
    by ``symbol_keys`` (full or short keys) in ``<mark>``."""
    return marked_snippet(text, terms, symbol_keys)[0]


def marked_snippet(
    text: str, terms: Iterable[str] = (), symbol_keys: Iterable[str] = ()
) -> tuple[str, bool]:
    """``snippet_html`` and whether anything in ``text`` matched (one pass for both)."""
    text = _SPACE_RE.sub(" ", nfc(text)).strip()
    if not text:
        return "", False
    matches = _matches(text, frozenset(fold(t) for t in terms), frozenset(symbol_keys))
    start, end = _window(text, matches)
    parts = ["…"] if start > 0 else []
    cursor = start
    for m_start, m_end, _what in matches:
        if m_start < start or m_end > end:
            continue
        parts.append(html.escape(text[cursor:m_start]))
        parts.append("<mark>" + html.escape(text[m_start:m_end]) + "</mark>")
        cursor = m_end
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts), bool(matches)
