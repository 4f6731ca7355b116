"""The block-at-a-time scores and match sets are Whoosh's own, on every query shape the
portal builds, across several segments with deleted documents."""

from __future__ import annotations

import pytest
from whoosh.query import And, NumericRange, Or, Phrase, Term

from documents.models import enqueue_index
from search_index.parsing import parse_query
from search_index.whoosh import scoring
from search_index.whoosh.docsets import matching_docs
from search_index.whoosh.indexer import apply_outbox, open_index, rebuild
from search_index.whoosh.querybuild import build_queries
from search_index.whoosh.scoring import Scorer, SegmentData

TOPICS = ["công tác dân vận", "xây dựng Đảng", "an sinh xã hội", "nông thôn mới", "hoà giải"]


@pytest.fixture
def segmented(search_world, search_session, index_dir):
    """An index of three kinds of segment: a rebuild, outbox batches, and deletions."""
    docs = []
    for n in range(150):
        docs.append(
            search_world.document(
                f"Chỉ thị về {TOPICS[n % 5]} số {n}",
                f"Thực hiện {TOPICS[(n + 2) % 5]}, {TOPICS[(n * 3) % 5]} theo 11-CT/TU. "
                * (n % 7 + 1),
                symbol=f"{n + 1}-CT/TU",
                number=n + 1,
            )
        )
    search_session.commit()
    rebuild(search_session, index_dir)
    search_session.commit()
    for batch in range(3):
        for n in range(batch * 10, batch * 10 + 10):
            docs[n].body += " nông thôn mới hoà giải"
            enqueue_index(search_session, "document", docs[n].id)
        search_session.commit()
        apply_outbox(search_session, index_dir)
        search_session.commit()
    ix = open_index(index_dir, create=False)
    with ix.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1
        assert searcher.reader().has_deletions()
        yield searcher
    ix.close()


def queries():
    built = []
    for text in ("dân vận", "xay dung dang nong thon", "11-CT/TU", "chỉ thị 37", '"an sinh"'):
        built += build_queries(parse_query(text))
    return built + [
        Term("body", "hòa", boost=2.0),
        Or([Term("title", "đảng", boost=2.0), Term("body", "xã")], boost=3.0),
        And([Term("pairs", "dan_van"), Or([Term("body_folded", "hoa")])], boost=0.5),
        And([Term("doc_type", "CT"), NumericRange("number", 40, 40)], boost=1000.0),
        Phrase("body_folded", ["nong", "thon", "moi"]),
        Term("body", "không-có-từ-này"),
    ]


@pytest.fixture(params=["read-whole", "skip-to-each"])
def lookup(request, monkeypatch):
    """Both ways a term's postings are read: whole, or skipping to each candidate."""
    monkeypatch.setattr(scoring, "SPARSE_RATIO", 10**9 if request.param == "read-whole" else 0)


@pytest.mark.parametrize("query", queries(), ids=repr)
def test_scores_and_matches_are_whooshs(segmented, query, lookup):
    searcher = segmented
    expected = {
        docnum: score for score, docnum in searcher.search(query, limit=None, optimize=False).top_n
    }
    matched = matching_docs(searcher, query)
    assert matched == set(expected)
    ours = Scorer(searcher).scores(query, matched)
    assert set(ours) == set(expected)
    for docnum, score in expected.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-6)


def test_scores_only_for_the_candidates(segmented, lookup):
    query = Or([Term("body_folded", "dan"), Term("title", "đảng")])
    everything = Scorer(segmented).scores(query, set(range(segmented.doc_count_all())))
    few = set(list(everything)[:5])
    assert Scorer(segmented).scores(query, few) == {d: everything[d] for d in few}


def whooshs_scores(searcher, query):
    return {d: s for s, d in searcher.search(query, limit=None, optimize=False).top_n}


def test_kept_postings_serve_a_later_state_without_its_deleted_documents(
    search_world, search_session, index_dir, lookup
):
    """Postings decoded for one searcher are kept for the next (a segment never
    changes); documents deleted in between are never scored from them."""
    docs = [
        search_world.document(f"Chỉ thị {n} về dân vận", "công tác dân vận ở cơ sở " * (n % 3 + 1))
        for n in range(40)
    ]
    search_session.commit()
    rebuild(search_session, index_dir)
    search_session.commit()
    query = Or([Term("body_folded", "dan"), Term("title", "dân", boost=2.0)])
    kept = SegmentData()
    ix = open_index(index_dir, create=False)
    with ix.searcher() as before:
        first = {leaf.reader().segment().segment_id() for leaf, _ in before.leaf_searchers()}
        Scorer(before, kept).scores(query, set(range(before.doc_count_all())))
    assert {key[0] for key in kept.postings} == first
    for doc in docs[:10]:  # each update deletes the document's entry in the first segment
        doc.body += " hoà giải"
        enqueue_index(search_session, "document", doc.id)
    search_session.commit()
    apply_outbox(search_session, index_dir)
    search_session.commit()
    ix = open_index(index_dir, create=False)
    with ix.searcher() as after:
        assert after.reader().has_deletions()
        assert first <= {leaf.reader().segment().segment_id() for leaf, _ in after.leaf_searchers()}
        expected = whooshs_scores(after, query)
        ours = Scorer(after, kept).scores(query, set(range(after.doc_count_all())))
    ix.close()
    assert set(ours) == set(expected)
    for docnum, score in expected.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-6)


def test_kept_postings_keep_to_their_budget(segmented):
    everyone = set(range(segmented.doc_count_all()))
    kept = SegmentData(postings_kept=60)
    scorer = Scorer(segmented, kept)
    for word in ("dan", "van", "nong", "thon", "hoa", "giai", "xay"):
        query = Term("body_folded", word)
        assert scorer.scores(query, everyone) == pytest.approx(whooshs_scores(segmented, query))
    assert 0 < kept.postings.currsize <= 60
    assert sum(len(ids) for ids, _weights in kept.postings.values()) == kept.postings.currsize


def test_segments_merged_away_are_forgotten(segmented):
    kept = SegmentData()
    Scorer(segmented, kept).scores(Term("body_folded", "dan"), {0, 1, 2})
    live = {leaf.reader().segment().segment_id() for leaf, _ in segmented.leaf_searchers()}
    gone = sorted(live)[0]
    kept.keep_only(live - {gone})
    assert kept.postings and kept.lengths
    assert all(key[0] != gone for key in [*kept.postings, *kept.lengths])
    kept.keep_only(set())
    assert not kept.postings and not kept.lengths
