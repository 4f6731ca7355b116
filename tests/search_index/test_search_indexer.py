"""The indexer: only committed changes reach the index, a busy index waits, rebuilds swap."""

from __future__ import annotations

import os
import time

import pytest
from whoosh.util.filelock import FileLock

from documents.models import IndexOutbox, enqueue_index
from search_index.whoosh.indexer import (
    CURRENT,
    LOCK_FILE,
    IndexBusy,
    apply_outbox,
    fields_for_document,
    live_generation,
    open_index,
    rebuild,
)
from search_index.whoosh.query import SearchService

EVERYONE = frozenset({"authenticated"})


def outbox_count(session) -> int:
    return session.query(IndexOutbox).count()


def total(index_dir, text: str) -> int:
    with SearchService(index_dir) as service:
        return service.search(text, EVERYONE).total


def test_rolled_back_change_never_reaches_the_index(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    assert apply_outbox(search_session, index_dir) == 1
    search_session.commit()
    search_world.document("Chỉ thị bị hủy bỏ")
    search_session.rollback()
    assert apply_outbox(search_session, index_dir) == 0
    assert total(index_dir, "huy bo") == 0
    assert total(index_dir, "dân vận") == 1


def test_apply_outbox_only_flushes_the_caller_commits(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    assert apply_outbox(search_session, index_dir) == 1
    assert outbox_count(search_session) == 0
    search_session.rollback()  # the caller's transaction failed: the row comes back
    assert outbox_count(search_session) == 1
    assert apply_outbox(search_session, index_dir) == 1  # applying again is harmless
    search_session.commit()
    assert total(index_dir, "dân vận") == 1


def test_busy_whoosh_writer_lock_leaves_rows_for_next_time(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    index = open_index(index_dir)
    writer = index.writer()
    try:
        assert apply_outbox(search_session, index_dir, lock_timeout=0.1) == 0
        assert outbox_count(search_session) == 1
    finally:
        writer.cancel()
        index.close()
    assert apply_outbox(search_session, index_dir, lock_timeout=0.1) == 1
    assert outbox_count(search_session) == 0


def test_running_indexer_makes_apply_outbox_return_zero(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    index_dir.mkdir()
    lock = FileLock(str(index_dir / LOCK_FILE))
    assert lock.acquire()
    try:
        assert apply_outbox(search_session, index_dir, lock_timeout=0.1) == 0
        assert outbox_count(search_session) == 1
    finally:
        lock.release()


def test_update_replaces_and_delete_removes(search_world, search_session, index_dir):
    doc = search_world.document("Về công tác dân vận")
    apply_outbox(search_session, index_dir)
    doc.title = "Về phòng chống thiên tai"
    enqueue_index(search_session, "document", doc.id)
    apply_outbox(search_session, index_dir)
    assert total(index_dir, "dân vận") == 0
    assert total(index_dir, "thiên tai") == 1
    search_session.delete(doc)
    enqueue_index(search_session, "document", doc.id, op="delete")
    search_session.flush()
    assert apply_outbox(search_session, index_dir) == 1
    assert total(index_dir, "thiên tai") == 0


def test_apply_outbox_works_in_batches_in_order(search_world, search_session, index_dir):
    for n in range(5):
        search_world.document(f"Báo cáo dân vận {n}")
    assert apply_outbox(search_session, index_dir, batch=2) == 2
    assert apply_outbox(search_session, index_dir, batch=2) == 2
    assert apply_outbox(search_session, index_dir, batch=2) == 1
    assert apply_outbox(search_session, index_dir, batch=2) == 0
    assert total(index_dir, "dân vận") == 5


def test_rebuild_swaps_in_a_new_generation_and_removes_the_old(
    search_world, search_session, index_dir
):
    search_world.document("Về công tác dân vận")
    apply_outbox(search_session, index_dir)
    old = live_generation(index_dir)
    search_world.document("Dân vận khéo")  # only in the outbox
    search_session.commit()
    seen = []
    assert rebuild(search_session, index_dir, progress=lambda done, n: seen.append((done, n))) == 2
    search_session.commit()
    new = live_generation(index_dir)
    assert new is not None and new != old and not old.exists()
    assert os.path.islink(index_dir / CURRENT)
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [new.name]
    assert seen[-1] == (2, 2)
    assert outbox_count(search_session) == 0
    assert total(index_dir, "dân vận") == 2


def test_rows_written_during_a_rebuild_are_kept(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()

    def progress(done: int, _total: int) -> None:
        if done == 1:
            enqueue_index(search_session, "document", 999)

    rebuild(search_session, index_dir, progress=progress)
    assert [row.object_id for row in search_session.query(IndexOutbox)] == [999]


def test_crash_during_rebuild_leaves_the_old_index_serving(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_world.document("Dân vận khéo")
    apply_outbox(search_session, index_dir)
    search_session.commit()
    old = live_generation(index_dir)

    def crash(done: int, _total: int) -> None:
        if done == 1:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        rebuild(search_session, index_dir, progress=crash)
    assert live_generation(index_dir) == old
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-")) == [old.name]
    assert total(index_dir, "dân vận") == 2


def test_document_fields(search_world):
    province = search_world.unit("tinhuy", "Tỉnh ủy Kiên Giang", "provincial_committee")
    doc = search_world.document(
        "Về công tác dân vận",
        "Tiếp tục thực hiện Chương trình hành động số 40-CTr/TU.",
        symbol="11-ct/tu",
        number=11,
        issuer=province,
    )
    fields = fields_for_document(doc)
    assert fields["key"] == f"document:{doc.id}"
    assert fields["symbol_key"] == "11-CT/TU" and fields["symbol_short"] == "11-CT"
    assert set(fields["refs"].split()) == {"40-CTR/TU", "40-CTR"}
    assert fields["allowed"] == "authenticated"
    assert fields["issuer"] == "Tỉnh ủy Kiên Giang" and fields["issued_year"] == 2019


def test_apply_outbox_does_not_wait_for_a_running_rebuild(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    search_session.commit()
    during = []

    def progress(_done: int, _total: int) -> None:
        started = time.monotonic()
        during.append((apply_outbox(search_session, index_dir), time.monotonic() - started))

    rebuild(search_session, index_dir, progress=progress)
    assert during and during[0][0] == 0 and during[0][1] < 1.0


def test_second_rebuild_at_once_is_refused(search_session, index_dir):
    index_dir.mkdir()
    lock = FileLock(str(index_dir / "rebuild.lock"))
    assert lock.acquire()
    try:
        with pytest.raises(IndexBusy):
            rebuild(search_session, index_dir, lock_timeout=0.1)
    finally:
        lock.release()
