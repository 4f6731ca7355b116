"""Documents as provincial committees write them: Word files with a header table, letters
with a "V/v" subject, conclusions naming their issuer under the type word, relations stated
in either order, and PDF text without blank lines."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from documents.attachments import extract_text
from documents.db import db
from documents.importing import find_clauses, parse_document_text
from documents.models import Document
from documents.records import Relation
from documents.relations import detect_relations
from documents.types import DOCUMENT_TYPES

BODY = [
    "Thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị, tiếp tục thực hiện "
    "Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương, Ban Thường vụ "
    "Tỉnh ủy yêu cầu:",
    "1. Các cấp ủy quán triệt nội dung văn bản này đến cán bộ, đảng viên.",
    "2. Ban Dân vận Tỉnh ủy theo dõi, báo cáo kết quả thực hiện.",
]


def header_docx(
    symbol: str,
    heading: list[str],
    body: list[str],
    *,
    left_extra: tuple[str, ...] = (),
    nested: bool = False,
) -> bytes:
    """A Word file laid out as the Party's format asks: a borderless two-column table with
    the issuer, "*" and the symbol on the left and the Party's name and the date on the
    right (optionally inside an outer one-cell table), then the heading and the body."""
    document = docx.Document()
    document.add_paragraph("")
    outer = document.add_table(rows=1, cols=1) if nested else None
    holder = outer.cell(0, 0) if outer is not None else document
    table = holder.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "TỈNH ỦY KIÊN GIANG"
    for line in ("*", f"Số {symbol}", *left_extra):
        left.add_paragraph(line)
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Rạch Giá, ngày 05 tháng 3 năm 2022")
    for line in heading:
        document.add_paragraph(line)
    for line in body:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    extraction = extract_text(data, "docx")
    assert extraction.error is None
    return extraction.text


def test_header_table_of_a_plan_reads_in_document_order_one_block_per_cell():
    text = docx_text(header_docx("25-KH/TU", ["KẾ HOẠCH", "thực hiện Kết luận số 01-KL/TW"], BODY))
    assert text.index("TỈNH ỦY KIÊN GIANG") < text.index("Số 25-KH/TU") < text.index("KẾ HOẠCH")
    assert "|" not in text
    assert "TỈNH ỦY KIÊN GIANG\n*\nSố 25-KH/TU" in text
    draft = parse_document_text(text)
    assert (draft.type_code, draft.symbol, draft.issuer_text) == (
        "KH",
        "25-KH/TU",
        "TỈNH ỦY KIÊN GIANG",
    )
    assert (draft.place, draft.issued_on) == ("Rạch Giá", date(2022, 3, 5))
    assert draft.title == "Thực hiện Kết luận số 01-KL/TW"
    assert [n for n, _ in draft.clauses] == [1, 2]


def test_a_header_table_nested_in_an_outer_table_is_recognised():
    data = header_docx("25-KH/TU", ["KẾ HOẠCH", "về công tác dân vận năm 2022"], BODY, nested=True)
    draft = parse_document_text(docx_text(data))
    assert (draft.type_code, draft.symbol, draft.issued_on) == ("KH", "25-KH/TU", date(2022, 3, 5))
    assert draft.title == "Về công tác dân vận năm 2022"


PARTY_TYPES = [t for t in DOCUMENT_TYPES if t.system == "party" and t.code not in ("CV", "BS")]


@pytest.mark.parametrize("doc_type", PARTY_TYPES, ids=[t.code for t in PARTY_TYPES])
def test_every_party_type_written_in_word_gives_the_fields_of_the_text_form(doc_type):
    heading = [doc_type.name_vi.upper(), "về tăng cường công tác dân vận"]
    symbol = f"07-{doc_type.abbr}/TU"
    from_word = parse_document_text(docx_text(header_docx(symbol, heading, BODY)))
    as_text = parse_document_text(
        "\n".join(
            ["TỈNH ỦY KIÊN GIANG", "*", f"Số {symbol}", "ĐẢNG CỘNG SẢN VIỆT NAM"]
            + ["Rạch Giá, ngày 05 tháng 3 năm 2022", *heading, "-----", *BODY]
        )
    )
    fields = ("type_code", "symbol", "issuer_text", "issued_on", "place", "title")
    assert [getattr(from_word, f) for f in fields] == [getattr(as_text, f) for f in fields]
    assert from_word.type_code == doc_type.code
    assert from_word.title == "Về tăng cường công tác dân vận"


def test_title_of_an_official_letter_is_its_v_v_line_never_the_issuer():
    data = header_docx(
        "1742-CV/TU",
        [],
        ["Kính gửi: Các huyện ủy, thành ủy.", "Thường trực Tỉnh ủy có ý kiến như sau: …"],
        left_extra=("V/v triển khai Kết luận số 01-KL/TW", "của Bộ Chính trị"),
    )
    draft = parse_document_text(docx_text(data))
    assert (draft.type_code, draft.symbol) == ("CV", "1742-CV/TU")
    assert draft.title == "V/v triển khai Kết luận số 01-KL/TW của Bộ Chính trị"


@pytest.mark.parametrize(
    "heading",
    [
        ["KẾT LUẬN", "CỦA BAN THƯỜNG VỤ TỈNH ỦY", "về công tác cán bộ năm 2022"],
        ["KẾT LUẬN", "của Ban Thường vụ Tỉnh ủy", "về công tác cán bộ năm 2022"],
        ["KẾT LUẬN CỦA BAN THƯỜNG VỤ TỈNH ỦY", "về công tác cán bộ năm 2022"],
    ],
)
def test_title_of_a_conclusion_skips_the_issuing_bodys_phrase(heading):
    text = "\n".join(
        ["TỈNH ỦY KIÊN GIANG", "*", "Số 12-KL/TU", "Rạch Giá, ngày 05 tháng 3 năm 2022"]
        + heading
        + ["-----", *BODY]
    )
    assert parse_document_text(text).title == "Về công tác cán bộ năm 2022"


def _relations(text: str) -> set[tuple[str, str | None, str]]:
    return {
        (r.kind, r.source and str(r.source.symbol), str(r.target.symbol))
        for r in detect_relations(text, own_key=None)
        if r.kind != "cites"
    }


KL = "Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị"
NQ = "Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            f"Thực hiện {KL}, tiếp tục thực hiện {NQ}, Tỉnh ủy ban hành kế hoạch.",
            {("implements", None, "01-KL/TW"), ("continues", None, "25-NQ/TW")},
        ),
        (
            f"Tiếp tục thực hiện {NQ} và thực hiện {KL}, Tỉnh ủy ban hành kế hoạch.",
            {("continues", None, "25-NQ/TW"), ("implements", None, "01-KL/TW")},
        ),
        (
            f"Căn cứ {KL}; căn cứ {NQ}, Tỉnh ủy ban hành kế hoạch.",
            {("based_on", None, "01-KL/TW"), ("based_on", None, "25-NQ/TW")},
        ),
        (
            f"Căn cứ {NQ}, thực hiện {KL}, Tỉnh ủy ban hành kế hoạch.",
            {("based_on", None, "25-NQ/TW"), ("implements", None, "01-KL/TW")},
        ),
        (
            f"Quy định này thay thế Quy định số 08-QĐi/TW, ngày 25-10-2018 của Ban Chấp hành "
            f"Trung ương và thực hiện {KL}.",
            {("replaces", None, "08-QĐi/TW"), ("implements", None, "01-KL/TW")},
        ),
        (
            f"Thực hiện {KL} và thay thế Quy định số 08-QĐi/TW của Ban Chấp hành Trung ương.",
            {("implements", None, "01-KL/TW"), ("replaces", None, "08-QĐi/TW")},
        ),
    ],
)
def test_relations_belong_to_the_document_stating_them_in_any_order(sentence, expected):
    assert _relations(sentence) == expected


def test_a_cited_document_that_implements_another_keeps_that_chain():
    text = (
        f"Tiếp tục thực hiện Chương trình số 40-CTr/TU, ngày 27-8-2013 của Tỉnh ủy thực hiện {NQ}."
    )
    assert _relations(text) == {
        ("continues", None, "40-CTr/TU"),
        ("implements", "40-CTr/TU", "25-NQ/TW"),
    }


def test_imported_plan_stores_its_relations_on_itself(app, tmp_path):
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(header_docx("25-KH/TU", ["KẾ HOẠCH", "thực hiện Kết luận số 01-KL/TW"], BODY))
    result = app.test_cli_runner().invoke(args=["import-document", str(path)])
    assert result.exit_code == 0, result.output
    document = db.session.scalar(db.select(Document).filter_by(symbol="25-KH/TU"))
    pairs = {
        (r.source_symbol, r.target_symbol, r.kind)
        for r in db.session.scalars(db.select(Relation).filter_by(found_in_id=document.id))
    }
    assert ("25-KH/TU", "01-KL/TW", "implements") in pairs
    assert ("25-KH/TU", "25-NQ/TW", "continues") in pairs
    assert ("01-KL/TW", "25-NQ/TW", "implements") not in pairs


PDF_TEXT = """TỈNH ỦY KIÊN GIANG
Số 30-KH/TU
Rạch Giá, ngày 05 tháng 3 năm 2022
KẾ HOẠCH
về công tác dân vận năm 2022
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên về công tác dân vận
trong tình hình mới.
2. Bảo đảm sự lãnh đạo của cấp ủy.
II. NHIỆM VỤ, GIẢI PHÁP
3. Các cấp ủy quán triệt kế hoạch đến chi bộ.
a) Tổ chức hội nghị quán triệt.
- Báo cáo kết quả trước ngày 30-6-2022.
Nơi nhận:
- Như trên,"""


def test_clauses_of_a_pdf_text_without_blank_lines_stop_at_their_headings():
    clauses = find_clauses(PDF_TEXT)
    assert [n for n, _ in clauses] == [1, 2, 3]
    assert clauses[0][1] == (
        "Nâng cao nhận thức của cán bộ, đảng viên về công tác dân vận trong tình hình mới."
    )
    assert clauses[1][1] == "Bảo đảm sự lãnh đạo của cấp ủy."
    assert "NHIỆM VỤ" not in clauses[1][1]
    assert clauses[2][1] == (
        "Các cấp ủy quán triệt kế hoạch đến chi bộ.\n\na) Tổ chức hội nghị quán triệt.\n\n"
        "- Báo cáo kết quả trước ngày 30-6-2022."
    )
    draft = parse_document_text(PDF_TEXT)
    assert (draft.symbol, draft.title) == ("30-KH/TU", "Về công tác dân vận năm 2022")


@pytest.mark.parametrize("star", ["%", "Ộ", "+"])
def test_issuer_is_read_past_a_star_that_a_scan_reads_as_another_sign(star):
    text = f"TỈNH ỦY KIÊN GIANG\n{star}\nSố 11-CT/TU\nRạch Giá, ngày 01 tháng 8 năm 2019\n"
    text += "CHỈ THỊ\nvề x"
    assert parse_document_text(text).issuer_text == "TỈNH ỦY KIÊN GIANG"


def state_header_docx(symbol: str, under_symbol: list[str], body: list[str]) -> bytes:
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN\nTỈNH KIÊN GIANG"
    for line in (f"Số: {symbol}", *under_symbol):
        left.add_paragraph(line)
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Kiên Giang, ngày 05 tháng 3 năm 2022")
    for line in body:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_state_decision_and_letter_in_word_read_their_type_and_subject():
    decision = state_header_docx(
        "1234/QĐ-UBND",
        [],
        ["QUYẾT ĐỊNH", "Về việc ban hành quy chế làm việc", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"],
    )
    draft = parse_document_text(docx_text(decision))
    assert (draft.type_code, draft.symbol, draft.issued_on) == (
        "state:QĐ",
        "1234/QĐ-UBND",
        date(2022, 3, 5),
    )
    assert draft.title == "Về việc ban hành quy chế làm việc"
    letter = state_header_docx(
        "5973/UBND-KT", ["V/v triển khai kế hoạch phòng chống lụt bão"], ["Kính gửi: Các sở."]
    )
    draft = parse_document_text(docx_text(letter))
    assert (draft.type_code, draft.symbol) == ("state:CV", "5973/UBND-KT")
    assert draft.title == "V/v triển khai kế hoạch phòng chống lụt bão"
