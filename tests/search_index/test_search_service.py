"""Searching: symbols first, diacritics optional, permissions always, safe snippets.

Every test but the last two (the Whoosh index's own files) runs on both backends.
"""

from __future__ import annotations

import shutil

import pytest

from documents.models import IndexOutbox
from search_index.whoosh.indexer import apply_outbox, live_generation, open_index
from search_index.whoosh.query import SearchService, SearchUnavailable

EVERYONE = frozenset({"authenticated"})


@pytest.fixture
def directives(drain, search_world, search_session, search_backend):
    """The seed directive, a document citing it, and an unrelated one, indexed."""
    province = search_world.unit("tinhuy", "Tỉnh ủy Kiên Giang", "provincial_committee")
    directive = search_world.document(
        "Về tăng cường công tác dân vận của hệ thống chính trị",
        "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy thực hiện tốt công tác dân vận.",
        symbol="11-CT/TU",
        number=11,
        issuer=province,
    )
    citing = search_world.document(
        "Kế hoạch tuyên truyền chỉ thị 11-CT/TU",
        "Thực hiện Chỉ thị số 11-CT/TU, ngày 01-8-2019 của Ban Thường vụ Tỉnh ủy, "
        "chỉ thị này được phổ biến tới chi bộ. Chỉ thị 11 về dân vận.",
        symbol="128-KH/TU",
        doc_type="KH",
        number=128,
        issuer=province,
    )
    other = search_world.document(
        "Chỉ thị về phòng, chống thiên tai và thủy lợi",
        "Nội dung khác, không liên quan.",
        symbol="12-CT/TU",
        number=12,
        issuer=province,
    )
    drain()
    search_session.commit()
    return directive, citing, other


def keys(results):
    return [(hit.kind, hit.object_id) for hit in results.hits]


@pytest.mark.parametrize(
    "query",
    [
        "11-CT/TU",
        "11-ct/tu",
        "11/CT-TU",
        "11 CT TU",
        "CT 11",
        "chi thi 11",
        "chỉ thị số 11",
        "chi thi so 11",
    ],
)
def test_the_directive_ranks_first_above_documents_citing_it(directives, search_backend, query):
    directive, citing, other = directives
    with search_backend.service as service:
        results = service.search(query, EVERYONE)
    found = keys(results)
    assert found[0] == ("document", directive.id)
    assert ("document", citing.id) in found[1:]
    assert ("document", other.id) not in found


def test_query_without_diacritics_finds_text_with_them(directives, search_backend):
    directive = directives[0]
    with search_backend.service as service:
        results = service.search("cong tac dan van", EVERYONE)
    assert keys(results)[0] == ("document", directive.id)
    assert "<mark>dân</mark> <mark>vận</mark>" in results.hits[0].snippet_html


def test_single_word_and_new_style_tone_marks_find_old_style_text(directives, search_backend):
    other = directives[2]
    with search_backend.service as service:
        assert keys(service.search("thuỷ", EVERYONE)) == [("document", other.id)]
        assert keys(service.search("thuy loi", EVERYONE)) == [("document", other.id)]


def test_words_that_are_never_adjacent_fall_back_to_any_syllable(directives, search_backend):
    with search_backend.service as service:
        results = service.search("thiên tai dân vận", EVERYONE)
    assert results.total == 3


def test_quoted_phrase_must_appear_in_order(directives, search_backend):
    directive = directives[0]
    with search_backend.service as service:
        assert keys(service.search('"he thong chinh tri"', EVERYONE)) == [
            ("document", directive.id)
        ]
        assert service.search('"chinh tri he thong"', EVERYONE).total == 0


def test_exact_diacritics_rank_above_folded_lookalikes(
    drain, search_world, search_session, search_backend
):
    lookalike = search_world.document("Thi đua, thi hành", "Thi đua, thi hành, thi cử.")
    exact = search_world.document("Báo cáo thí điểm", "Mô hình mới ở các xã, phường.")
    drain()
    with search_backend.service as service:
        # typed without diacritics, "thi" is mostly in the look-alike
        assert keys(service.search("thi", EVERYONE)) == [
            ("document", lookalike.id),
            ("document", exact.id),
        ]
        assert keys(service.search("thí", EVERYONE))[0] == ("document", exact.id)


def test_unpublished_document_is_found_by_admins_only(
    drain, search_world, search_session, search_backend
):
    draft = search_world.document("Dự thảo chỉ thị mật", "Nội dung mật.", published=False)
    drain()
    with search_backend.service as service:
        assert service.search("mat", EVERYONE).total == 0
        assert keys(service.search("mat", frozenset({"admin"}))) == [("document", draft.id)]


def test_drafted_plan_is_invisible_outside_its_unit(
    drain, search_world, search_session, search_backend
):
    unit_a = search_world.unit("a", "Thành ủy Rạch Giá")
    unit_b = search_world.unit("b", "Huyện ủy Phú Quốc")
    author = search_world.user(unit_a, "drafter")
    directive = search_world.document("Về công tác dân vận", symbol="11-CT/TU", number=11)
    plan = search_world.plan(
        directive, unit_a, author, "Kế hoạch thực hiện tại Rạch Giá", "Tuyên truyền sâu rộng."
    )
    drain()
    search_session.commit()
    principals_b = frozenset({"authenticated", f"unit:{unit_b.id}", f"unit:{unit_b.id}:drafter"})
    principals_a = frozenset({"authenticated", f"unit:{unit_a.id}", f"unit:{unit_a.id}:drafter"})
    with search_backend.service as service:
        for query in ("tuyên truyền sâu rộng", "Rạch Giá", "11-CT/TU"):
            hidden = service.search(query, principals_b)
            assert ("plan", plan.id) not in keys(hidden)
        assert service.search("tuyen truyen sau rong", principals_b).total == 0
        assert service.search("tuyen truyen sau rong", principals_b).hits == []
        visible = service.search("tuyen truyen sau rong", principals_a)
        assert keys(visible) == [("plan", plan.id)]
        assert visible.hits[0].state == "drafted" and visible.hits[0].unit_id == unit_a.id
        # the plan implementing 11-CT/TU is found by the symbol, after the directive
        assert keys(service.search("11-CT/TU", principals_a)) == [
            ("document", directive.id),
            ("plan", plan.id),
        ]


def test_reviewed_plan_is_visible_to_every_official(
    drain, search_world, search_session, search_backend
):
    unit_a = search_world.unit("a", "Thành ủy Rạch Giá")
    author = search_world.user(unit_a, "drafter")
    directive = search_world.document("Về công tác dân vận", symbol="11-CT/TU", number=11)
    plan = search_world.plan(directive, unit_a, author, "Kế hoạch đã duyệt", state="reviewed")
    drain()
    with search_backend.service as service:
        assert keys(service.search("ke hoach da duyet", EVERYONE)) == [("plan", plan.id)]


def test_nobody_without_principals_gets_anything(directives, search_backend):
    with search_backend.service as service:
        results = service.search("11-CT/TU", frozenset())
    assert results.total == 0 and results.hits == []


def test_snippet_is_escaped_html(drain, search_world, search_session, search_backend):
    search_world.document(
        "Tài liệu có mã độc", 'Đoạn văn <script>alert("xss")</script> về dân vận <b>đậm</b>'
    )
    drain()
    with search_backend.service as service:
        snippet = service.search("dân vận", EVERYONE).hits[0].snippet_html
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>dân</mark> <mark>vận</mark>" in snippet


def test_results_are_paged(drain, search_world, search_session, search_backend):
    made = [search_world.document(f"Báo cáo dân vận số {n}", "dân vận") for n in range(7)]
    drain()
    with search_backend.service as service:
        pages = [service.search("dân vận", EVERYONE, limit=3, page=p) for p in (1, 2, 3)]
    assert [r.total for r in pages] == [7, 7, 7]
    assert [len(r.hits) for r in pages] == [3, 3, 1]
    seen = {hit.object_id for r in pages for hit in r.hits}
    assert seen == {doc.id for doc in made}


def test_doc_type_filter(directives, search_backend):
    citing = directives[1]
    with search_backend.service as service:
        assert keys(service.search("11-CT/TU", EVERYONE, doc_type="KH")) == [
            ("document", citing.id)
        ]


def test_service_sees_later_changes_and_a_rebuilt_generation(
    drain, search_world, search_session, search_backend
):
    search_world.document("Về công tác dân vận")
    drain()
    with search_backend.service as service:
        assert service.search("dân vận", EVERYONE).total == 1
        search_world.document("Dân vận khéo")
        drain()
        assert service.search("dân vận", EVERYONE).total == 2
        search_world.document("Công tác dân vận năm 2020")
        search_session.commit()
        search_backend.rebuild(search_session)
        search_session.commit()
        assert service.search("dân vận", EVERYONE).total == 3


def test_an_empty_index_is_searched_again_and_again(index_dir):
    """A new portal's index, before anything is published: every second search answered
    503, since Whoosh never calls an empty index's searcher up to date and the refreshed
    searcher's one reader has no segment."""
    open_index(index_dir, create=True).close()
    with SearchService(index_dir) as service:
        for _ in range(3):
            assert service.search("dân vận", EVERYONE).total == 0
        ix = open_index(index_dir, create=False)
        ix.writer().commit()  # a batch that only deleted what was never indexed
        ix.close()
        assert service.search("dân vận", EVERYONE).total == 0


def test_missing_index_is_unavailable(index_dir):
    with SearchService(index_dir) as service, pytest.raises(SearchUnavailable):
        service.search("dân vận", EVERYONE)


def test_corrupt_index_is_unavailable(search_world, search_session, index_dir):
    search_world.document("Về công tác dân vận")
    apply_outbox(search_session, index_dir)
    generation = live_generation(index_dir)
    for path in generation.iterdir():
        path.write_bytes(b"garbage")
    with SearchService(index_dir) as service, pytest.raises(SearchUnavailable):
        service.search("dân vận", EVERYONE)
    shutil.rmtree(generation)
    with SearchService(index_dir) as service, pytest.raises(SearchUnavailable):
        service.search("dân vận", EVERYONE)


def test_outbox_rows_are_gone_once_applied(directives, search_session):
    assert search_session.query(IndexOutbox).count() == 0
