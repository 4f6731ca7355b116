"""“Did you mean …” on the PostgreSQL backend: unknown words and unknown symbols.

A word of the query that no entry has (``search_term``) is replaced by the closest
indexed word: candidates come from the trigram index (``pg_trgm``'s ``%`` operator on
the word typed, accent-folded by ``unaccent``), then the one within one edit (two for
a long word) that most entries have wins, as in ``suggestions``. A symbol that no
entry the user may read bears is replaced by the most similar symbol (trigram
similarity) among the entries the user may read. The corrected text is offered only
when it finds something the user may read, so a hint never comes from a word or a
symbol only hidden entries contain.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import ColumnElement, Text, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from documents.symbols import symbol_key
from search_index.facets import SearchFilters
from search_index.parsing import ParsedQuery, parse_query
from search_index.postgres.ranking import permitted
from search_index.postgres.schema import EXTENSIONS_SCHEMA, SearchEntry, SearchTerm
from search_index.suggestions import corrected

_LONG_WORD = 5
_CANDIDATES = 30
SYMBOL_SIMILARITY = 0.4  # below this, another symbol is not what the user meant
_EDGE_PUNCTUATION = ".,;:!?()[]{}'«»\"“”"

_extensions = getattr(func, EXTENSIONS_SCHEMA)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``; ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _folded_probe(word: str) -> ColumnElement[str]:
    probe: ColumnElement[str] = _extensions.unaccent(func.lower(word))
    return probe


def unknown_words(connection: Connection, parsed: ParsedQuery) -> list[str]:
    """The folded words of ``parsed`` (not numbers) that no entry has."""
    words = dict.fromkeys(parsed.folded_words + tuple(w for p in parsed.phrases for w in p))
    wanted = [w for w in words if not w.isdigit()]
    if not wanted:
        return []
    known = set(connection.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(wanted))))
    return [w for w in wanted if w not in known]


def closest_word(connection: Connection, word: str) -> str | None:
    """The indexed word closest to ``word`` (see the module), or None."""
    probe = _folded_probe(word)
    rows = connection.execute(
        select(SearchTerm.term, SearchTerm.df)
        .where(~SearchTerm.pair, SearchTerm.term.op(f"OPERATOR({EXTENSIONS_SCHEMA}.%)")(probe))
        .order_by(_extensions.similarity(SearchTerm.term, probe).desc(), SearchTerm.term)
        .limit(_CANDIDATES)
    ).all()
    for distance in (1, 2) if len(word) >= _LONG_WORD else (1,):
        near = [(df, term) for term, df in rows if edit_distance(word, term, distance) <= distance]
        if near:
            return max(near)[1]
    return None


def corrected_words(connection: Connection, parsed: ParsedQuery) -> str | None:
    """``parsed.text`` with each unknown word replaced by its closest known one, or None
    when every word is known or none has a close neighbour."""
    return corrected(
        parsed, unknown_words(connection, parsed), lambda w: closest_word(connection, w)
    )


def corrected_symbols(
    connection: Connection, parsed: ParsedQuery, principals: frozenset[str]
) -> str | None:
    """``parsed.text`` with each full symbol that no readable entry bears replaced by the
    most similar symbol of a readable entry, or None."""
    allowed = permitted(principals, SearchFilters())
    replacements: dict[str, str] = {}
    for key in parsed.symbol_keys:
        cited = SearchEntry.refs.op("&&")(bindparam(None, [key], type_=ARRAY(Text())))
        borne = connection.scalar(
            select(SearchEntry.key)
            .where(*allowed, or_(SearchEntry.symbol_key == key, cited))
            .limit(1)
        )
        if borne is not None:
            continue
        probe = _extensions.unaccent(func.upper(key))
        similarity = _extensions.similarity(SearchEntry.symbol_text, probe)
        found = connection.execute(
            select(SearchEntry.stored["symbol"].as_string())
            .where(
                *allowed,
                SearchEntry.symbol_text.op(f"OPERATOR({EXTENSIONS_SCHEMA}.%)")(probe),
                similarity >= SYMBOL_SIMILARITY,
            )
            .order_by(similarity.desc(), SearchEntry.key)
            .limit(1)
        ).scalar()
        if found:
            replacements[key] = found
    if not replacements:
        return None
    chunks = []
    for chunk in parsed.text.split(" "):
        typed = chunk.strip(_EDGE_PUNCTUATION)
        typed_key = symbol_key(typed) if typed and any(c.isdigit() for c in typed) else None
        if typed_key is not None and typed_key in replacements:
            chunk = chunk.replace(typed, replacements[typed_key])
        chunks.append(chunk)
    return " ".join(chunks)


def suggestion(
    connection: Connection,
    parsed: ParsedQuery,
    principals: frozenset[str],
    finds: Callable[[ParsedQuery], int],
) -> str | None:
    """A corrected query for ``parsed`` that finds something ``principals`` may read
    (``finds`` counts the hits of a parsed query), or None."""
    corrected = corrected_words(connection, parsed) or parsed.text
    if parsed.symbol_keys:
        corrected = corrected_symbols(connection, parse_query(corrected), principals) or corrected
    if corrected == parsed.text or not finds(parse_query(corrected)):
        return None
    return corrected
