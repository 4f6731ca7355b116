"""Facets, filters, date sorting, "did you mean", attachments and `search check`, on
both backends."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from documents.models import IndexOutbox
from documents.records import Attachment, Relation
from search_index.consistency import repair
from search_index.facets import SearchFilters
from search_index.fields import fields_for_document
from search_index.postgres.entries import entry_from_fields
from search_index.postgres.indexer import write_entries
from search_index.whoosh.indexer import open_index

EVERYONE = frozenset({"authenticated"})


def counts(results, facet):
    return {v.value: v.count for v in results.facets[facet]}


@pytest.fixture
def register(drain, search_world, search_session, search_backend):
    province = search_world.unit("tinhuy", "Tỉnh ủy Kiên Giang", "provincial_committee")
    city = search_world.unit("rachgia", "Thành ủy Rạch Giá")
    docs = {
        "old": search_world.document(
            "Chỉ thị về công tác dân vận", symbol="11-CT/TU", number=11, issuer=province
        ),
        "new": search_world.document(
            "Chỉ thị về công tác dân vận khóa mới", symbol="11-CT/TU", number=11, issuer=city
        ),
        "plan": search_world.document(
            "Kế hoạch công tác dân vận", symbol="5-KH/TU", doc_type="KH", number=5, issuer=city
        ),
        "draft": search_world.document(
            "Dự thảo công tác dân vận mật", issuer=province, published=False
        ),
    }
    docs["old"].issued_on, docs["old"].term = date(2016, 3, 1), "khóa X"
    docs["new"].issued_on, docs["new"].term = date(2021, 5, 2), "khóa XI"
    docs["plan"].issued_on = date(2021, 7, 9)
    editor = search_world.user(province, "admin")
    docs["old"].validity, docs["old"].validity_set_by_id = "expired", editor.id
    docs["old"].validity_set_at = datetime(2020, 1, 1)
    drain()
    search_session.commit()
    return docs


def test_facet_counts_only_count_what_the_user_may_read(register, search_backend):
    with search_backend.service as service:
        reader = service.search("công tác dân vận", EVERYONE, facets=True)
        admin = service.search("công tác dân vận", frozenset({"admin"}), facets=True)
    assert reader.total == 3
    assert counts(reader, "doc_type") == {"CT": 2, "KH": 1}
    assert counts(reader, "issuer") == {"Thành ủy Rạch Giá": 2, "Tỉnh ủy Kiên Giang": 1}
    assert counts(reader, "year") == {2021: 2, 2016: 1}
    assert counts(reader, "term") == {"khóa X": 1, "khóa XI": 1}
    assert counts(reader, "validity") == {"in_force": 2, "expired": 1}
    assert admin.total == 1  # the draft only: admins are not "authenticated" here
    assert counts(admin, "issuer") == {"Tỉnh ủy Kiên Giang": 1}


def test_filters_and_date_range_narrow_hits_and_counts(register, search_backend):
    with search_backend.service as service:
        by_year = service.search("dân vận", EVERYONE, filters=SearchFilters(year=2021))
        by_term = service.search("dân vận", EVERYONE, filters=SearchFilters(term="khóa X"))
        ranged = service.search(
            "dân vận",
            EVERYONE,
            filters=SearchFilters(date_from=date(2021, 1, 1), date_to=date(2021, 6, 30)),
            facets=True,
        )
    assert {h.object_id for h in by_year.hits} == {register["new"].id, register["plan"].id}
    assert [h.object_id for h in by_term.hits] == [register["old"].id]
    assert [h.object_id for h in ranged.hits] == [register["new"].id]
    assert counts(ranged, "year") == {2021: 1}


def test_sort_by_date_puts_the_newest_first(register, search_backend):
    with search_backend.service as service:
        results = service.search("dân vận", EVERYONE, sort="date")
    assert [h.object_id for h in results.hits] == [
        register["plan"].id,
        register["new"].id,
        register["old"].id,
    ]


def test_same_symbol_of_two_issuers_carries_issuer_term_and_year(register, search_backend):
    with search_backend.service as service:
        hits = service.search("11-CT/TU", EVERYONE).hits
    seen = {(h.issuer, h.issued_year, h.term) for h in hits if h.symbol == "11-CT/TU"}
    assert seen == {("Tỉnh ủy Kiên Giang", 2016, "khóa X"), ("Thành ủy Rạch Giá", 2021, "khóa XI")}


def test_misspelled_word_gets_a_suggestion_that_finds_something(register, search_backend):
    with search_backend.service as service:
        results = service.search("cong tac dan vaan", EVERYONE, suggest=True)
        correct = service.search("cong tac dan van", EVERYONE, suggest=True)
    assert results.suggestion == "cong tac dan van"
    assert correct.suggestion is None


def test_suggestion_never_comes_from_a_document_the_user_cannot_read(
    drain, search_world, search_session, search_backend
):
    search_world.document("Phương án tuyệt mật", "Nội dung", published=False)
    search_world.document("Báo cáo công khai", "Nội dung")
    drain()
    with search_backend.service as service:
        hidden = service.search("tuyet maat", EVERYONE, suggest=True)
        admin = service.search("tuyet maat", frozenset({"admin"}), suggest=True)
    assert hidden.total == 0 and hidden.suggestion is None
    assert admin.suggestion == "tuyet mat"


def _attach(session, doc, name, text):
    session.add(
        Attachment(
            document=doc,
            original_name=name,
            stored_name=f"{name}-{doc.id}",
            kind="pdf",
            size=len(text),
            sha256="0" * 64,
            text=text,
        )
    )
    session.flush()


def test_attachment_text_is_found_and_the_hit_names_the_file(
    drain, search_world, search_session, search_backend
):
    doc = search_world.document("Chỉ thị về công tác dân vận", "Nội dung chính.")
    _attach(search_session, doc, "phu-luc.pdf", "Phụ lục: danh sách xã điểm xây dựng nông thôn mới")
    drain()
    with search_backend.service as service:
        results = service.search("nong thon moi", EVERYONE)
        body = service.search("dân vận", EVERYONE)
    assert [h.object_id for h in results.hits] == [doc.id]
    assert results.hits[0].attachment == "phu-luc.pdf"
    assert "<mark>nông</mark> <mark>thôn</mark> <mark>mới</mark>" in results.hits[0].snippet_html
    assert body.hits[0].attachment is None


def test_a_replacing_document_marks_the_replaced_one_in_the_index(
    drain, search_world, search_session, search_backend
):
    old = search_world.document("Chỉ thị cũ về dân vận", symbol="3-CT/TU", number=3)
    new = search_world.document("Chỉ thị mới về dân vận", "Thay thế Chỉ thị số 3-CT/TU.")
    search_session.add(
        Relation(
            found_in_id=new.id,
            kind="replaces",
            source_id=new.id,
            source_symbol="",
            source_key="",
            source_status="resolved",
            target_id=old.id,
            target_symbol="3-CT/TU",
            target_key="3-CT/TU",
            target_status="resolved",
        )
    )
    search_session.flush()
    drain()
    with search_backend.service as service:
        hits = {h.object_id: h.validity for h in service.search("dân vận", EVERYONE).hits}
    assert hits == {old.id: "replaced", new.id: "in_force"}


def test_check_finds_missing_stale_and_extra_and_repair_fixes_them(
    drain, search_world, search_session, search_backend
):
    kept = search_world.document("Văn bản giữ nguyên")
    changed = search_world.document("Văn bản sẽ sửa")
    drain()
    search_session.commit()
    missing = search_world.document("Văn bản chưa đánh chỉ mục")
    changed.title = "Văn bản đã sửa"
    search_session.query(IndexOutbox).delete()  # as if the outbox rows were lost
    search_session.commit()
    ghost = fields_for_document(kept)
    ghost.update(key="document:999", object_id=999)
    if search_backend.name == "whoosh":
        ix = open_index(search_backend.index_dir)
        writer = ix.writer()
        writer.add_document(**ghost)
        writer.commit()
        ix.close()
    else:
        write_entries(search_session, [entry_from_fields(ghost)])
        search_session.commit()

    found = search_backend.compare(search_session)
    assert found.missing == (("document", missing.id),)
    assert found.stale == (("document", changed.id),)
    assert found.extra == (("document", 999),)
    assert repair(search_session, found) == 3
    drain()
    search_session.commit()
    assert search_backend.compare(search_session).total == 0
    with search_backend.service as service:
        assert service.search("da sua", EVERYONE).total == 1
