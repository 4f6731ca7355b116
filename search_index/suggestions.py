"""“Did you mean …”: replace the words of a query that no document has.

A word is looked up folded (without diacritics); when neither the folded titles nor the
folded bodies have it, the closest folded syllable of the index (one edit, or two for a
long word; the most frequent among equals) replaces it in the text the user typed.
The caller offers the corrected text only when it finds something the user may read,
so a suggestion never comes from a word only hidden documents contain.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.searching import Searcher

from documents.text import fold
from search_index.analysis import TOKEN_PATTERN
from search_index.parsing import ParsedQuery

FIELDS = ("body_folded", "title_folded")
_TOKEN_RE = re.compile(TOKEN_PATTERN)
_LONG_WORD = 5
# Only syllable-sized words get a correction (the longest Vietnamese syllable has seven
# letters; a longer word is a name, a code or junk), and only the first few of a query:
# each correction walks the index's word list, which a hostile query must not multiply.
MAX_CORRECTED_LENGTH = 12
MAX_CORRECTED_WORDS = 5


def _known(searcher: Searcher, word: str) -> bool:
    reader = searcher.reader()
    return any(reader.doc_frequency(field, word) for field in FIELDS)


def _closest(searcher: Searcher, word: str) -> str | None:
    reader = searcher.reader()
    for distance in (1, 2) if len(word) >= _LONG_WORD else (1,):
        found = {
            term
            for field in FIELDS
            for term in searcher.corrector(field).suggest(word, limit=3, maxdist=distance)
        }
        if found:
            best: str = max(
                found, key=lambda t: (sum(reader.doc_frequency(f, t) for f in FIELDS), t)
            )
            return best
    return None


def unknown_words(searcher: Searcher, parsed: ParsedQuery) -> list[str]:
    """The folded words of ``parsed`` (not numbers) that no title or body has."""
    words = dict.fromkeys(parsed.folded_words + tuple(w for p in parsed.phrases for w in p))
    return [w for w in words if not w.isdigit() and not _known(searcher, w)]


def corrected_text(searcher: Searcher, parsed: ParsedQuery) -> str | None:
    """``parsed.text`` with each unknown word replaced by its closest known one, or
    None when every word is known or none has a close neighbour."""
    return corrected(parsed, unknown_words(searcher, parsed), lambda w: _closest(searcher, w))


def corrected(
    parsed: ParsedQuery, unknown: list[str], closest: Callable[[str], str | None]
) -> str | None:
    """``parsed.text`` with the first few syllable-sized ``unknown`` words replaced by
    their ``closest`` known word (any backend's), or None when none has one."""
    replacements: dict[str, str] = {}
    candidates = [w for w in unknown if len(w) <= MAX_CORRECTED_LENGTH]
    for word in candidates[:MAX_CORRECTED_WORDS]:
        found = closest(word)
        if found is not None:
            replacements[word] = found
    if not replacements:
        return None

    def replace(match: re.Match[str]) -> str:
        return replacements.get(fold(match.group(0)), match.group(0))

    return _TOKEN_RE.sub(replace, parsed.text)
