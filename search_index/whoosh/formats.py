"""Index formats that take the terms of a text from the analyzer in one call.

Whoosh's formats count terms by pulling a token object through the analyzer chain
for every word; the three analyses of ``analysis.TermsAnalyzer`` come from one pass
over the text and are counted here directly. What they write is what Whoosh's
``Frequency`` and ``Positions`` write for the same tokens (positions count from 0,
every token has boost 1), so queries and scoring are unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint

Posting = tuple[str, int, float, bytes]


def _terms(value: Any, analyzer: Any) -> tuple[str, ...] | None:
    if isinstance(value, str) and hasattr(analyzer, "terms"):
        return analyzer.terms(value)
    return None


class TermFrequency(Frequency):
    """``Frequency`` fed by ``analyzer.terms``."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Posting]:
        terms = _terms(value, analyzer)
        if terms is None:
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        return ((w, n, n * boost, pack_uint(n)) for w, n in Counter(terms).items())


class TermPositions(Positions):
    """``Positions`` fed by ``analyzer.terms``."""

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[Posting]:
        terms = _terms(value, analyzer)
        if terms is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        positions: dict[str, list[int]] = {}
        for pos, word in enumerate(terms):
            found = positions.get(word)
            if found is None:
                positions[word] = [pos]
            else:
                found.append(pos)
        boost = self.field_boost
        for word, poslist in positions.items():
            yield word, len(poslist), len(poslist) * boost, self.encode(poslist)
