"""The set of documents a query matches, without scoring them.

Totals and facet counts need every match, but not its score. Whoosh finds them by
stepping a matcher through every posting one call at a time; here the postings of
each term are read a block at a time and combined with set operations (``And`` is an
intersection, ``Or`` a union), which is several times faster on common words. Query
types without a set form here (phrases, numeric ranges) use Whoosh's own matching, and
so does every query when this Whoosh lacks a private name the block reading needs
(``internals``).
"""

from __future__ import annotations

from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher

from search_index.whoosh.internals import leaf_blocks, speedups_available


def term_docs(searcher: Searcher, fieldname: str, text: str) -> set[int]:
    """Document numbers (of ``searcher``) having ``text`` in ``fieldname``."""
    found: set[int] = set()
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if (fieldname, text) not in reader:
            continue
        for ids, _weights in leaf_blocks(reader.postings(fieldname, text)):
            found.update(ids if not offset else [offset + i for i in ids])
    return found


def matching_docs(searcher: Searcher, query: Query) -> set[int]:
    """Document numbers matching ``query`` (deleted documents excluded)."""
    if not speedups_available():
        return set(searcher.docs_for_query(query))
    if isinstance(query, Term):
        return term_docs(searcher, query.fieldname, query.text)
    if isinstance(query, And) and query.subqueries:
        parts = sorted((matching_docs(searcher, q) for q in query.subqueries), key=len)
        found = parts[0]
        for part in parts[1:]:
            if not found:
                break
            found &= part
        return found
    if isinstance(query, Or):
        found = set()
        for sub in query.subqueries:
            found |= matching_docs(searcher, sub)
        return found
    return set(searcher.docs_for_query(query))
