"""Which saved searches the objects just indexed match, without searching the index.

The changed objects (a handful per outbox batch) are written into a Whoosh index in
memory with the same schema and fields as the real index; each saved query is then run
there with the same parsing, query building, filters and permission field as the search
page. Only the changed objects are looked at, whatever the size of the real index, and
the answer is the same whichever backend serves the searches (both index the same
fields and parse queries the same way). The strict query (the first ``build_queries``
gives) decides: an alert should not fire on the relaxed any-word fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from whoosh.filedb.filestore import RamStorage
from whoosh.query import And, Or, Query, Term

from documents.models import Document, Plan
from search_index.facets import SearchFilters
from search_index.fields import fields_for_document, fields_for_plan
from search_index.parsing import parse_query
from search_index.whoosh.docsets import matching_docs
from search_index.whoosh.querybuild import build_queries
from search_index.whoosh.schema import build_schema


@dataclass(frozen=True)
class StandingQuery:
    """A saved search as the matcher reads it; ``principals`` are what its alerts may
    reveal (the owner's, narrowed by the caller to what the recipients may read)."""

    ident: int
    text: str
    filters: SearchFilters
    principals: frozenset[str]


def query_problem(text: str) -> bool:
    """Whether ``text`` gives the parser nothing to search for (only punctuation, say)."""
    return parse_query(text).is_empty


def matches(
    objects: Sequence[Document | Plan], queries: Iterable[StandingQuery]
) -> dict[int, list[tuple[str, int]]]:
    """For each standing query, the (kind, id) of the ``objects`` it matches."""
    if not objects:
        return {}
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        for obj in objects:
            fields = fields_for_plan(obj) if isinstance(obj, Plan) else fields_for_document(obj)
            writer.add_document(**fields)
    found: dict[int, list[tuple[str, int]]] = {}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for standing in queries:
            parsed = parse_query(standing.text)
            if parsed.is_empty or not standing.principals:
                continue
            built = build_queries(parsed, reader.doc_frequency, reader.doc_count())
            if not built:
                continue
            clauses: list[Query] = [
                built[0],
                Or([Term("allowed", p) for p in sorted(standing.principals)]),
                *standing.filters.clauses(),
            ]
            docnums = matching_docs(searcher, And(clauses))
            hits = []
            for docnum in sorted(docnums):
                stored = searcher.stored_fields(docnum)
                hits.append((str(stored["kind"]), int(stored["object_id"])))
            if hits:
                found[standing.ident] = hits
    ix.close()
    return found
