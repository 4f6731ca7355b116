"""How the index is written fast: one analysis per text, formats fed with terms, the
codec's lengths held in memory, and a parallel rebuild. None of it may change what a
search finds or how it ranks."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT, Schema
from whoosh.formats import Frequency, Positions

from search_index.analysis import exact_analyzer, folded_analyzer, pairs_analyzer
from search_index.whoosh import indexer
from search_index.whoosh.codec import PortalCodec
from search_index.whoosh.formats import TermFrequency, TermPositions
from search_index.whoosh.query import SearchService
from search_index.whoosh.schema import SCHEMA, build_schema, matches

EVERYONE = frozenset({"authenticated"})
SYLLABLES = ["chỉ", "thị", "Hòa", "hoà", "đảng", "viên", "11", "CT", "TU", "dân", "vận", "x"]
texts = st.lists(
    st.sampled_from(SYLLABLES + [" ", ", ", "-", "/", "\n", "ủy ", "uỷ "]), max_size=40
).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_term_formats_write_what_whooshs_own_formats_write(text):
    for analyzer in (exact_analyzer(), folded_analyzer(), pairs_analyzer()):
        for ours, theirs in ((TermFrequency(), Frequency()), (TermPositions(), Positions())):
            expected = sorted(theirs.word_values(text, analyzer._pipeline))
            assert sorted(ours.word_values(text, analyzer)) == expected


def test_analyzers_give_the_same_terms_as_their_token_streams():
    text = "Chỉ thị số 11-CT/TU về Hoà giải, thuỷ lợi; Đảng ủy"
    for analyzer in (exact_analyzer(), folded_analyzer(), pairs_analyzer()):
        assert list(analyzer.terms(text)) == [t.text for t in analyzer(text)]


def _write(folder: Path, codec) -> list[tuple]:
    folder.mkdir()
    schema = Schema(body=TEXT(analyzer=folded_analyzer()), title=TEXT(stored=True))
    ix = whoosh_index.create_in(str(folder), schema)
    writer = ix.writer(codec=codec)
    for n in range(30):
        writer.add_document(body=" ".join(SYLLABLES[: n % 11 + 1]), title=f"t{n}")
    writer.commit()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        found = [
            (field, term, tuple(reader.postings(field, term).all_ids()))
            for field, term in reader.all_terms()
        ]
        found.append(tuple(reader.doc_field_length(d, "body") for d in range(30)))
    ix.close()
    return found


def test_portal_codec_writes_what_whooshs_codec_writes(tmp_path):
    assert _write(tmp_path / "ours", PortalCodec()) == _write(tmp_path / "theirs", W3Codec())


def test_portal_codec_keeps_only_lengths_in_memory(tmp_path):
    _write(tmp_path / "ours", PortalCodec())
    ix = whoosh_index.open_dir(str(tmp_path / "ours"))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert reader.stored_fields(3) == {"title": "t3"}
        assert reader.doc_field_length(3, "body") == 4
        cached = reader._perdoc._readers
        assert isinstance(cached["_body_len"], list)
        assert not isinstance(cached["_stored"], list)  # stored fields read one by one
    ix.close()


def test_an_index_of_another_shape_is_not_read():
    assert matches(SCHEMA)
    older = build_schema()
    older.remove("version")
    assert not matches(older)


def _rebuild_and_search(session, folder: Path) -> tuple[int, dict[str, list]]:
    assert indexer.rebuild(session, folder) == 240
    with SearchService(folder) as service:
        found = {
            q: [(h.symbol, round(h.score, 6)) for h in service.search(q, EVERYONE, limit=10).hits]
            + [service.search(q, EVERYONE).total]
            for q in ("dan van", "xây dựng Đảng", "37-CT/TU", "chi thi 120", "số 7")
        }
    ix = whoosh_index.open_dir(str(indexer.live_generation(folder)))
    segments = len(ix._segments())
    ix.close()
    return segments, found


def test_parallel_rebuild_finds_and_ranks_what_one_process_does(
    search_world, search_session, tmp_path, monkeypatch
):
    topics = ["công tác dân vận", "xây dựng Đảng", "an sinh xã hội", "nông thôn mới"]
    for n in range(240):
        search_world.document(
            f"Chỉ thị về {topics[n % 4]}",
            f"Thực hiện {topics[(n + 1) % 4]} và {topics[(n * 3) % 4]} số {n}.",
            symbol=f"{n + 1}-CT/TU",
            number=n + 1,
        )
    search_session.commit()
    one_segment, alone = _rebuild_and_search(search_session, tmp_path / "one")
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 1)
    monkeypatch.setattr(indexer, "MAX_PROCS", 2)
    monkeypatch.setattr(indexer, "PARALLEL_BATCH", 25)
    monkeypatch.setattr(indexer, "REBUILD_CHUNK", 100)  # three writers, two processes each
    segments, parallel = _rebuild_and_search(search_session, tmp_path / "parallel")
    assert one_segment == 1 and segments >= 4
    # the same scores in the same order; equal scores may come in another document order
    assert {q: [x[1] for x in hits[:-1]] for q, hits in parallel.items()} == {
        q: [x[1] for x in hits[:-1]] for q, hits in alone.items()
    }
    assert {q: hits[-1] for q, hits in parallel.items()} == {q: h[-1] for q, h in alone.items()}
    for q in ("37-CT/TU", "chi thi 120"):
        assert parallel[q][0] == alone[q][0]
    assert alone["dan van"][-1] == 120
    assert alone["37-CT/TU"][0][0] == "37-CT/TU"
    assert alone["chi thi 120"][0][0] == "120-CT/TU"


def test_facets_read_number_columns_of_segments_written_before_any_plan(
    search_world, search_session, index_dir
):
    """Documents (no unit) indexed first, plans (with a unit) in later segments: the
    unit facet and the hits still read, and "none" never shows as a value."""
    from search_index.whoosh.indexer import apply_outbox

    units = [search_world.unit(f"HU0{n}", f"Huyện ủy {n}") for n in range(3)]
    author = search_world.user(units[0], "drafter")
    directive = search_world.document("Chỉ thị về công tác dân vận", "Nội dung", symbol="1-CT/TU")
    search_session.commit()
    apply_outbox(search_session, index_dir)
    search_session.commit()
    for n, unit in enumerate(units):
        search_world.plan(directive, unit, author, f"Kế hoạch dân vận {n}", state="reviewed")
        search_session.commit()
        apply_outbox(search_session, index_dir)
        search_session.commit()
    with SearchService(index_dir) as service:
        results = service.search("dan van", EVERYONE, facets=True)
    assert results.total == 4
    assert sorted((f.value, f.count) for f in results.facets["unit_id"]) == [
        (unit.id, 1) for unit in units
    ]
    document = next(h for h in results.hits if h.kind == "document")
    assert document.unit_id is None and document.issued_year == 2019
