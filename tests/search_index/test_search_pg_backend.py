"""The PostgreSQL backend's own concerns: one writer at a time, the index changing in
the database transaction, term statistics, unaccent and trigrams for symbols, and a
database that cannot answer."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from documents.db import db
from documents.models import Document, IndexOutbox, enqueue_index
from search_index.contract import SearchUnavailable
from search_index.postgres import indexer as pg_indexer
from search_index.postgres.query import PostgresSearchService
from search_index.postgres.schema import SearchEntry, SearchTerm
from search_index.sources import IndexBusy

EVERYONE = frozenset({"authenticated"})


@pytest.fixture
def backend_name() -> str:
    return "postgres"


def keys(results):
    return [(hit.kind, hit.object_id) for hit in results.hits]


def outbox(session) -> int:
    return session.scalar(select(func.count()).select_from(IndexOutbox))


def term_statistics_match_the_entries(session) -> bool:
    recounted = dict(
        session.execute(
            text(
                "SELECT t, count(*) FROM search_entry, unnest(tsvector_to_array(folded)) t "
                "GROUP BY t"
            )
        ).all()
    )
    recounted[pg_indexer.COUNT_TERM] = session.scalar(select(func.count()).select_from(SearchEntry))
    stored = dict(session.execute(select(SearchTerm.term, SearchTerm.df)).all())
    return stored == recounted


def test_a_second_writer_waits_its_turn(search_world, search_session, search_backend):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    assert search_backend.apply_outbox(search_session) == 1  # the lock is held until commit
    with Session(db.engine) as other:
        search_world.session = other
        search_world.document("Dân vận khéo")
        other.commit()
        assert pg_indexer.apply_outbox(other, lock_timeout=0.1) == 0
        other.rollback()
        with pytest.raises(IndexBusy):
            pg_indexer.rebuild(other, lock_timeout=0.1)
        other.rollback()
        search_session.commit()  # releases the lock
        assert pg_indexer.apply_outbox(other) == 1
        other.commit()
    assert outbox(search_session) == 0
    assert search_backend.service.search("dân vận", EVERYONE).total == 2


def test_the_index_changes_with_the_callers_transaction(
    search_world, search_session, search_backend
):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    assert search_backend.apply_outbox(search_session) == 1
    search_session.rollback()  # the caller's transaction failed: entry and row come back
    assert outbox(search_session) == 1
    assert search_backend.service.search("dân vận", EVERYONE).total == 0
    assert search_backend.apply_outbox(search_session) == 1
    search_session.commit()
    assert search_backend.service.search("dân vận", EVERYONE).total == 1


def test_rows_written_during_a_rebuild_are_kept(search_world, search_session, search_backend):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    assert search_backend.rebuild(search_session) == 1
    with Session(db.engine) as other:  # a save on another app server, meanwhile
        search_world.session = other
        later = search_world.document("Dân vận khéo").id
        other.commit()
    search_session.commit()
    assert outbox(search_session) == 1
    assert search_backend.apply_outbox(search_session) == 1
    search_session.commit()
    found = search_backend.service.search("dân vận", EVERYONE)
    assert ("document", later) in keys(found)


def test_concurrent_savers_and_drainers_leave_a_consistent_index(search_app, search_backend):
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            with search_app.app_context(), Session(db.engine) as session:
                for round_ in range(4):
                    doc = Document(
                        title=f"Báo cáo dân vận {number}-{round_}",
                        body="thôn ấp " * (round_ + 1),
                        body_html="",
                        doc_type="BC",
                        published=True,
                    )
                    session.add(doc)
                    session.flush()
                    enqueue_index(session, "document", doc.id)
                    session.commit()
                    doc.title += " (sửa)"
                    enqueue_index(session, "document", doc.id)
                    session.commit()
                    pg_indexer.apply_outbox(session, lock_timeout=5)
                    session.commit()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    session = db.session
    while search_backend.apply_outbox(session):
        session.commit()
    session.commit()
    assert search_backend.compare(session).total == 0
    assert term_statistics_match_the_entries(session)
    assert search_backend.service.search("sua", EVERYONE, limit=100).total == 16


def test_term_statistics_follow_updates_and_deletes(search_world, search_session, search_backend):
    kept = search_world.document("Về công tác dân vận", "thôn ấp " + "x" * 100)
    gone = search_world.document("Chỉ thị về thủy lợi", "thôn ấp")
    search_backend.apply_outbox(search_session)
    kept.title = "Về công tác thanh niên"
    enqueue_index(search_session, "document", kept.id)
    search_session.delete(gone)
    enqueue_index(search_session, "document", gone.id, "delete")
    search_backend.apply_outbox(search_session)
    search_session.commit()
    assert term_statistics_match_the_entries(search_session)
    frequencies = dict(search_session.execute(select(SearchTerm.term, SearchTerm.df)).all())
    assert frequencies[""] == 1 and frequencies["thon_ap"] == 1
    assert "dan_van" not in frequencies and "thuy" not in frequencies


def test_symbol_typed_without_diacritics_finds_the_document(
    drain, search_world, search_session, search_backend
):
    decision = search_world.document(
        "Về kiện toàn ban chỉ đạo", symbol="205-QĐ/TU", doc_type="QĐ", number=205
    )
    search_world.document("Quyết định khác", "Thực hiện Quyết định 206-QĐ/TU.")
    drain()
    stored = search_session.scalar(
        select(SearchEntry.symbol_text).where(SearchEntry.symbol_key.isnot(None))
    )
    assert stored == "205-QD/TU"  # upper case, folded by unaccent
    with search_backend.service as service:
        assert keys(service.search("205-QD/TU", EVERYONE))[0] == ("document", decision.id)
        assert keys(service.search("quyet dinh 205", EVERYONE))[0] == ("document", decision.id)


def test_a_mistyped_symbol_gets_the_closest_readable_one(
    drain, search_world, search_session, search_backend
):
    search_world.document("Về công tác dân vận", symbol="11-CT/TU", number=11)
    search_world.document("Dự thảo mật", symbol="11-CT/HU", number=11, published=False)
    drain()
    with search_backend.service as service:
        results = service.search("11-CT/TY", EVERYONE, suggest=True)
        assert results.total == 0 and results.suggestion == "11-CT/TU"
        hidden_only = service.search("11-CT/HY", frozenset({"nobody"}), suggest=True)
        assert hidden_only.suggestion is None
        assert service.search("11-CT/TU", EVERYONE, suggest=True).suggestion is None


def test_query_syntax_of_postgres_is_just_text(drain, search_world, search_backend):
    search_world.document("Về công tác dân vận", "Nội dung: a & b | !c <-> d:* 'e'")
    drain()
    with search_backend.service as service:
        for query in ("!", "a & b", "c:*", "'", "<->", "dân' | 'vận", "\\", "%", "_"):
            service.search(query, EVERYONE, suggest=True, facets=True)
        assert service.search("dân' | 'vận", EVERYONE).total == 1


def test_missing_tables_make_search_unavailable(search_session, search_backend):
    assert search_backend.index_state(search_session) == "ok"
    search_session.execute(text("DROP TABLE search_entry"))
    search_session.commit()
    with pytest.raises(SearchUnavailable):
        PostgresSearchService(db.engine).search("dân vận", EVERYONE)
    assert search_backend.index_state(search_session) == "missing"
