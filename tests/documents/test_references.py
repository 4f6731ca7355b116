"""Citations in running text, resolving them against the register, linking them in HTML."""

from __future__ import annotations

from datetime import date

import pytest

from documents.references import (
    Citation,
    DocumentRef,
    find_citations,
    link_citations_html,
    normalise_term,
    resolve_citation,
)
from documents.symbols import Symbol

SEED = (
    "Chương trình hành động số 40-CTr/TU, ngày 27-8-2013 của Tỉnh ủy thực hiện "
    "Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương khóa XI"
)
SEED_56 = (
    "tiếp tục thực hiện Chương trình chỉ đạo số 56-CTr/TU, ngày 12-7-2010 của Ban Thường vụ "
    "Tỉnh ủy thực hiện Kết luận số 62-KL/TW, ngày 08-12-2009 của Bộ Chính trị về tiếp tục "
    "đẩy mạnh công tác."
)


def test_seed_citations_give_two_citations_with_dates_and_type_names():
    first, second = find_citations(SEED)
    assert (str(first.symbol), first.type_name, first.cited_date) == (
        "40-CTr/TU",
        "Chương trình hành động",
        date(2013, 8, 27),
    )
    assert (str(second.symbol), second.type_name, second.cited_date) == (
        "25-NQ/TW",
        "Nghị quyết",
        date(2013, 6, 3),
    )


def test_seed_citations_give_issuers_and_the_term():
    first, second = find_citations(SEED)
    assert (first.issuer_text, first.term) == ("Tỉnh ủy", None)
    assert (second.issuer_text, second.term) == ("Ban Chấp hành Trung ương khóa XI", "khóa XI")


def test_citation_span_is_the_symbol():
    citations = find_citations(SEED)
    assert [SEED[c.start : c.end] for c in citations] == ["40-CTr/TU", "25-NQ/TW"]


def test_direction_programme_and_politburo_conclusion():
    first, second = find_citations(SEED_56)
    assert first == Citation(
        first.start,
        first.end,
        Symbol(56, "CTr", "TU"),
        "Chương trình chỉ đạo",
        date(2010, 7, 12),
        "Ban Thường vụ Tỉnh ủy",
        None,
    )
    assert (second.type_name, second.cited_date, second.issuer_text) == (
        "Kết luận",
        date(2009, 12, 8),
        "Bộ Chính trị",
    )


def test_citation_without_date_or_issuer():
    [citation] = find_citations("Thực hiện Chỉ thị 05-CT/TW, các cấp ủy")
    assert citation.type_name == "Chỉ thị"
    assert (citation.cited_date, citation.issuer_text, citation.term) == (None, None, None)


def test_citation_without_type_name():
    [citation] = find_citations("như 11-CT/TU đã nêu")
    assert citation.type_name is None


def test_date_without_year_takes_the_context_year():
    text = "Kết luận số 01-KL/TW ngày 01-8 của Bộ Chính trị"
    [citation] = find_citations(text, context_year=2016)
    assert (citation.cited_date, citation.issuer_text) == (date(2016, 8, 1), "Bộ Chính trị")


def test_date_without_year_and_no_context_is_none_but_the_issuer_is_read():
    [citation] = find_citations("Kết luận số 01-KL/TW ngày 01-8 của Bộ Chính trị")
    assert (citation.cited_date, citation.issuer_text) == (None, "Bộ Chính trị")


def test_impossible_cited_date_is_none():
    [citation] = find_citations("Chỉ thị số 11-CT/TU, ngày 31-02-2019 của Tỉnh ủy")
    assert (citation.cited_date, citation.issuer_text) == (None, "Tỉnh ủy")


def test_long_and_parenthesised_dates_are_read():
    text = (
        "Nghị quyết số 25-NQ/TW ngày 03 tháng 6 năm 2013; "
        "Nghị định số 30/2020/NĐ-CP (ngày 05/3/2020) của Chính phủ về công tác văn thư"
    )
    first, second = find_citations(text)
    assert first.cited_date == date(2013, 6, 3)
    assert (second.type_name, second.cited_date, second.issuer_text) == (
        "Nghị định",
        date(2020, 3, 5),
        "Chính phủ",
    )
    assert second.symbol.system == "state"


def test_term_in_parentheses_is_read_with_either_spelling():
    [citation] = find_citations("Nghị quyết số 25-NQ/TW (khoá XI) đã chỉ rõ")
    assert citation.term == "khóa XI"
    [citation] = find_citations("Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII) về học tập")
    assert (citation.issuer_text, citation.term) == ("Bộ Chính trị (khóa XII)", "khóa XII")


@pytest.mark.parametrize(
    ("tail", "issuer"),
    [
        ("của Tỉnh ủy về tăng cường", "Tỉnh ủy"),
        ("của Tỉnh ủy; Kế hoạch", "Tỉnh ủy"),
        ("của Tỉnh ủy và Kế hoạch", "Tỉnh ủy"),
        ("của Ban Thường vụ Tỉnh ủy.", "Ban Thường vụ Tỉnh ủy"),
        ("của Ban Thường vụ Tỉnh ủy triển khai", "Ban Thường vụ Tỉnh ủy"),
        ("của Tỉnh ủy (gọi tắt là Chương trình 40)", "Tỉnh ủy"),
        ("của Ban Chấp hành Trung ương Đảng khóa XI", "Ban Chấp hành Trung ương Đảng khóa XI"),
    ],
)
def test_issuer_stops_at_punctuation_and_at_the_next_clause(tail, issuer):
    [citation] = find_citations(f"Chỉ thị số 11-CT/TU, ngày 01-8-2019 {tail}")
    assert citation.issuer_text == issuer


def test_state_citations_are_found_with_their_type_name():
    text = "Căn cứ Công văn số 5973/UBND-KT của Ủy ban nhân dân tỉnh, Luật số 45/2019/QH14"
    first, second = find_citations(text)
    assert (str(first.symbol), first.type_name, first.issuer_text) == (
        "5973/UBND-KT",
        "Công văn",
        "Ủy ban nhân dân tỉnh",
    )
    assert (str(second.symbol), second.type_name) == ("45/2019/QH14", "Luật")


def test_longest_type_name_is_taken():
    [citation] = find_citations("theo Thông tư liên tịch số 01/2015/TTLT-BNV-BTC")
    assert citation.type_name == "Thông tư liên tịch"


def test_no_citation_in_text_without_symbols():
    assert find_citations("ngày 27-8-2013 của Tỉnh ủy") == []


@pytest.mark.parametrize(
    ("text", "term"),
    [("khóa XI", "khóa XI"), ("Khoá xi", "khóa XI"), ("khóa 11", "khóa XI"), ("XII", "khóa XII")],
)
def test_terms_normalise(text, term):
    assert normalise_term(text) == term


@pytest.mark.parametrize("text", [None, "", "Tỉnh ủy", "khóa"])
def test_text_without_term_normalises_to_none(text):
    assert normalise_term(text) is None


# --- resolving ------------------------------------------------------------------------

NQ25_XI = DocumentRef(1, "25-NQ/TW", date(2013, 6, 3), "khóa XI")
NQ25_IX = DocumentRef(2, "25-NQ/TW", date(2003, 3, 12), "khóa IX")
CTR40 = DocumentRef(3, "40-CTr/TU", date(2013, 8, 27), "khóa IX")
OTHER = DocumentRef(4, "11-CT/TU", date(2019, 8, 1), "khóa X")
REGISTER = [NQ25_XI, NQ25_IX, CTR40, OTHER]


def cite(text: str) -> Citation:
    [citation] = find_citations(text)
    return citation


def test_citation_without_date_matching_documents_of_several_terms_is_ambiguous():
    resolution = resolve_citation(cite("Nghị quyết số 25-NQ/TW"), REGISTER)
    assert resolution.status == "ambiguous"
    assert resolution.matches == [NQ25_XI, NQ25_IX]
    assert resolution.document is None


def test_citation_with_date_picks_the_document_of_that_date():
    resolution = resolve_citation(cite("Nghị quyết số 25-NQ/TW, ngày 03-6-2013"), REGISTER)
    assert (resolution.status, resolution.matches) == ("resolved", [NQ25_XI])
    assert resolution.document is NQ25_XI


def test_citation_with_a_date_no_document_has_is_missing():
    resolution = resolve_citation(cite("Nghị quyết số 25-NQ/TW, ngày 04-6-2013"), REGISTER)
    assert (resolution.status, resolution.matches) == ("missing", [])


def test_citation_with_a_term_and_no_date_picks_the_document_of_that_term():
    citation = cite("Nghị quyết số 25-NQ/TW của Ban Chấp hành Trung ương khóa IX")
    assert resolve_citation(citation, REGISTER).matches == [NQ25_IX]


def test_seed_citation_resolves_with_its_date():
    _programme, resolution_citation = find_citations(SEED)
    assert resolve_citation(resolution_citation, REGISTER).document is NQ25_XI


def test_symbol_typed_differently_still_resolves():
    register = [DocumentRef(9, "40-Ctr/tu", date(2013, 8, 27))]
    assert resolve_citation(find_citations(SEED)[0], register).status == "resolved"


def test_single_document_with_the_symbol_resolves_without_a_date():
    resolution = resolve_citation(cite("Chương trình hành động số 40-CTr/TU"), REGISTER)
    assert resolution.document is CTR40


def test_symbol_not_in_the_register_is_missing():
    assert resolve_citation(cite("Kết luận số 62-KL/TW"), REGISTER).status == "missing"
    assert resolve_citation(cite("Kết luận số 62-KL/TW"), []).status == "missing"


def test_candidate_without_a_recorded_date_is_offered_not_guessed():
    undated = DocumentRef(5, "62-KL/TW", None, None)
    resolution = resolve_citation(cite("Kết luận số 62-KL/TW, ngày 08-12-2009"), [undated])
    assert (resolution.status, resolution.matches) == ("ambiguous", [undated])


def test_recorded_date_wins_over_an_undated_candidate():
    dated = DocumentRef(5, "62-KL/TW", date(2009, 12, 8), None)
    undated = DocumentRef(6, "62-KL/TW", None, None)
    resolution = resolve_citation(cite("Kết luận số 62-KL/TW, ngày 08-12-2009"), [undated, dated])
    assert resolution.document is dated


def test_candidates_without_symbol_are_ignored():
    resolution = resolve_citation(cite("Chỉ thị số 11-CT/TU"), [DocumentRef(7, None), OTHER])
    assert resolution.document is OTHER


# --- linking in HTML ------------------------------------------------------------------


def href_for(symbol: Symbol) -> str | None:
    return {"11-CT/TU": "/documents/5", "40-CTr/TU": "/documents/3?x=1&y=2"}.get(str(symbol))


def test_symbols_in_text_nodes_become_links():
    html = "<p>Thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy.</p>"
    assert link_citations_html(html, href_for) == (
        '<p>Thực hiện Chỉ thị số <a href="/documents/5">11-CT/TU</a> của Tỉnh ủy.</p>'
    )


def test_symbol_without_href_is_left_as_text():
    html = "<p>Nghị quyết số 25-NQ/TW và 11-CT/TU</p>"
    assert link_citations_html(html, href_for) == (
        '<p>Nghị quyết số 25-NQ/TW và <a href="/documents/5">11-CT/TU</a></p>'
    )


def test_href_is_escaped():
    linked = link_citations_html("<p>40-CTr/TU</p>", href_for)
    assert linked == '<p><a href="/documents/3?x=1&amp;y=2">40-CTr/TU</a></p>'


def test_symbol_inside_an_existing_link_is_not_linked_again():
    html = '<p><a href="/x">Chỉ thị <em>11-CT/TU</em></a> và 11-CT/TU</p>'
    assert link_citations_html(html, href_for) == (
        '<p><a href="/x">Chỉ thị <em>11-CT/TU</em></a> và <a href="/documents/5">11-CT/TU</a></p>'
    )


def test_attributes_comments_and_entities_are_copied_through():
    html = (
        '<p title="11-CT/TU &gt; x" class="a">R&amp;D&nbsp;11-CT/TU &lt;b&gt;</p>'
        "<!-- 11-CT/TU --><br/><img alt=\"11-CT/TU\" src='/i.png'>"
    )
    assert link_citations_html(html, href_for) == (
        '<p title="11-CT/TU &gt; x" class="a">R&amp;D&nbsp;<a href="/documents/5">11-CT/TU</a>'
        " &lt;b&gt;</p><!-- 11-CT/TU --><br/><img alt=\"11-CT/TU\" src='/i.png'>"
    )


def test_html_without_symbols_is_unchanged():
    html = "<ul><li>Không có&#39;trích dẫn</li></ul><p>ngày 27-8-2013</p>"
    assert link_citations_html(html, href_for) == html


def test_state_symbols_are_linked_too():
    linked = link_citations_html("<p>Nghị định 30/2020/NĐ-CP</p>", lambda s: f"/s/{s.number}")
    assert linked == '<p>Nghị định <a href="/s/30">30/2020/NĐ-CP</a></p>'


def test_script_and_style_text_is_never_linked():
    html = "<style>.x::after{content:'11-CT/TU'}</style>"
    assert link_citations_html(html, href_for) == html


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:x", "data:text/html,x"]
)
def test_unsafe_href_from_the_callback_is_refused(href):
    with pytest.raises(ValueError, match="refusing"):
        link_citations_html("<p>11-CT/TU</p>", lambda _symbol: href)


def test_quotes_in_href_cannot_break_out_of_the_attribute():
    linked = link_citations_html("<p>11-CT/TU</p>", lambda _s: '/d?q="><script>')
    assert linked == '<p><a href="/d?q=&quot;&gt;&lt;script&gt;">11-CT/TU</a></p>'
