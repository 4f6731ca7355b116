"""Facet counts read each segment's columns once and keep them beside the searcher: after
any sequence of added, deleted and merged segments, the kept values count the same as
the documents' own stored fields."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.filedb.filestore import RamStorage

from search_index.facets import SegmentColumns, facet_counts
from search_index.fields import NO_VALUE
from search_index.whoosh.schema import build_schema

KINDS = ("document", "plan")
TYPES = ("CT", "NQ", "KL", "KH")

batch = st.lists(
    st.tuples(st.sampled_from(KINDS), st.sampled_from(TYPES), st.integers(2015, 2026)),
    min_size=1,
    max_size=6,
)
step = st.one_of(
    st.tuples(st.just("add"), batch),
    st.tuples(st.just("delete"), st.integers(0, 40)),
    st.tuples(st.just("merge"), st.none()),
)


def expected(searcher, docnums, field):
    tally = Counter(searcher.stored_fields(d).get(field) for d in docnums)
    tally.pop(None, None)
    tally.pop(NO_VALUE, None)
    return dict(tally)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(step, min_size=1, max_size=10))
def test_kept_columns_count_like_the_stored_fields(steps):
    index = RamStorage().create_index(build_schema())
    kept: SegmentColumns = {}
    next_id = 0
    for action, value in steps:
        writer = index.writer()
        if action == "add":
            for kind, doc_type, year in value:
                writer.add_document(
                    key=f"{kind}:{next_id}", kind=kind, doc_type=doc_type, issued_year=year
                )
                next_id += 1
            writer.commit(merge=False)
        elif action == "delete":
            writer.delete_by_term("key", f"{KINDS[0]}:{value}")
            writer.delete_by_term("key", f"{KINDS[1]}:{value}")
            writer.commit(merge=False)
        else:
            writer.commit(optimize=True)
        searcher = index.searcher()
        segments = [leaf.reader().segment() for leaf, _ in searcher.leaf_searchers()]
        live = {segment.segment_id() for segment in segments if segment is not None}
        kept = {k: v for k, v in kept.items() if k[0] in live}  # as the search service does
        docnums = list(searcher.reader().all_doc_ids())
        counts = facet_counts(searcher, docnums, limit=100, kept=kept)
        for name, field in (("kind", "kind"), ("doc_type", "doc_type"), ("year", "issued_year")):
            got = {v.value: v.count for v in counts.get(name, [])}
            assert got == expected(searcher, docnums, field), (name, steps)
        searcher.close()
