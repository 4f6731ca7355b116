"""The annual report to the Standing Committee, as a DOCX in the Party document format.

Header: the issuing body on the left (the parent committee, the commission in bold, an
asterisk, ``Số ...-BC/BDVTU``), ĐẢNG CỘNG SẢN VIỆT NAM on the right above the date line
``Rạch Giá, ngày ... tháng ... năm ...``. Then the title and four sections: the situation,
results per unit group with the rolled-up figures, late units and urgings, proposals.
Everything the report says is passed in; the clock too (``today``).

An official document: it is written in Vietnamese whatever the language of the reader who
downloads it; texts stored as messages (review event titles, urgings) are rendered in
Vietnamese.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from docx import Document as Docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_PARAGRAPH_ALIGNMENT
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from documents.dates import format_vn_date, format_vn_long_date
from documents.followup.assignments import UNIT_GROUPS, URGING_LABELS, Urging
from documents.followup.coverage import BUCKET_LABELS, Coverage, CoverageRow
from documents.followup.exports import days_text
from documents.followup.figures import RollUp
from documents.followup.inspections import Inspection
from documents.i18n import render
from documents.models import UNIT_KINDS, Document
from documents.types import type_by_code

FONT = "Times New Roman"


@dataclass(frozen=True)
class ReportHeader:
    """Who issues the report and where: "TỈNH ỦY KIÊN GIANG" / "BAN DÂN VẬN"."""

    parent: str
    issuer: str
    place: str
    symbol_suffix: str = "BC/BDVTU"
    number: str = ""
    signer_title: str = "TRƯỞNG BAN"
    signer_name: str = ""


@dataclass
class AnnualReportInput:
    coverage: Coverage
    roll: RollUp
    year: int
    today: date  # the date the report is issued
    state_titles: Mapping[str, str]
    urgings: Sequence[Urging] = ()
    inspections: Sequence[Inspection] = ()
    reviews_sent: Mapping[int, int] = field(default_factory=dict)  # event id → reports
    proposals: str = ""
    as_of: date | None = None  # the situation reported: 31 December, or today this year

    @property
    def situation_date(self) -> date:
        return self.as_of or self.today


def _paragraph(
    doc: DocxDocument,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    align: WD_PARAGRAPH_ALIGNMENT | None = None,
    size: int = 14,
) -> Paragraph:
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    return paragraph


def _cell_lines(
    cell: _Cell,
    lines: Sequence[tuple[str, bool, bool, bool]],
    align: WD_PARAGRAPH_ALIGNMENT = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    cell.text = ""
    first = True
    for text, bold, italic, underline in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(13 if not italic else 14)
        run.font.name = FONT


def _header(doc: DocxDocument, header: ReportHeader, today: date) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    number = header.number or "     "
    _cell_lines(
        left,
        [
            (header.parent.upper(), False, False, False),
            (header.issuer.upper(), True, False, False),
            ("*", False, False, False),
            (f"Số {number}-{header.symbol_suffix}", False, False, False),
        ],
    )
    _cell_lines(
        right,
        [
            ("ĐẢNG CỘNG SẢN VIỆT NAM", True, False, True),
            ("", False, False, False),
            (f"{header.place}, {format_vn_long_date(today)}", False, True, False),
        ],
    )


def _table(doc: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> Table:
    table: Table = doc.add_table(rows=1, cols=len(headers))  # python-docx leaves it unannotated
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]  # unannotated in python-docx
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    return table


def _groups(rows: Sequence[CoverageRow]) -> list[tuple[str, list[CoverageRow]]]:
    order = list(UNIT_GROUPS) + [k for k in UNIT_KINDS if k not in UNIT_GROUPS]
    grouped: dict[str, list[CoverageRow]] = {}
    for row in rows:
        grouped.setdefault(row.unit_kind, []).append(row)
    return [(kind, grouped[kind]) for kind in order if kind in grouped]


def _figure_lines(
    doc: DocxDocument, roll: RollUp, values: Mapping[int, int], count_label: str
) -> None:
    for figure in roll.figures:
        unit = f" {figure.unit_label}" if figure.unit_label else ""
        _paragraph(doc, f"- {figure.label}: {vn_number(values.get(figure.id, 0))}{unit}")
    if not roll.figures:
        _paragraph(doc, f"- {count_label}", italic=True)


def vn_number(value: int) -> str:
    """Thousands separated by dots, the Vietnamese way: 2.050."""
    return f"{value:,}".replace(",", ".")


def document_name(document: Document) -> str:
    """ "Chỉ thị số 11-CT/TU", or the title when the document has no symbol."""
    kind = type_by_code(document.doc_type)
    if not document.symbol:
        return document.title
    return f"{kind.name_vi} số {document.symbol}" if kind else document.symbol


def _situation(doc: DocxDocument, data: AnnualReportInput) -> None:
    rows, totals = data.coverage.rows, data.coverage.totals
    document = data.coverage.document
    done = totals["done_on_time"] + totals["done_late"]
    open_ = totals["open_in_time"] + totals["open_overdue"]
    _paragraph(doc, "I. TÌNH HÌNH TRIỂN KHAI", bold=True)
    _paragraph(
        doc,
        f"{document_name(document)} được giao cho {len(rows)} đơn vị thực hiện. "
        f"Đến hết {format_vn_long_date(data.situation_date)}, có {done} đơn vị đã gửi "
        f"({totals['done_on_time']} đúng hạn, {totals['done_late']} trễ hạn); {open_} đơn vị "
        f"chưa gửi, trong đó {totals['open_overdue']} đơn vị đã quá hạn.",
    )
    for bucket, label in BUCKET_LABELS.items():
        _paragraph(doc, f"- {label}: {totals[bucket]} đơn vị.")
    for event in data.coverage.review_events:
        sent = data.reviews_sent.get(event.id, 0)
        _paragraph(
            doc,
            f"- {render(event.title)} (hạn {format_vn_date(event.due_on)}): {sent}/{len(rows)} "
            "đơn vị đã gửi báo cáo.",
        )


def _results(doc: DocxDocument, data: AnnualReportInput) -> None:
    _paragraph(doc, "II. KẾT QUẢ THỰC HIỆN", bold=True)
    for number, (kind, rows) in enumerate(_groups(data.coverage.rows), start=1):
        label = UNIT_GROUPS.get(kind, UNIT_KINDS.get(kind, kind))
        _paragraph(doc, f"{number}. {label} ({len(rows)} đơn vị)", bold=True)
        _table(
            doc,
            ("Đơn vị", "Trạng thái", "Ngày gửi", "Tiến độ", "Báo cáo kết quả"),
            [
                (
                    r.unit_name,
                    data.state_titles.get(r.plan_state, r.plan_state)
                    if r.plan_state
                    else "Chưa có kế hoạch",
                    format_vn_date(r.submitted_on) if r.submitted_on else "",
                    days_text(r) or BUCKET_LABELS[r.bucket],
                    "Đã báo cáo" if r.reported else "Chưa",
                )
                for r in rows
            ],
        )
        _paragraph(doc, f"Số liệu năm {data.year} của nhóm:", italic=True)
        _figure_lines(doc, data.roll, data.roll.by_group.get(kind, {}), "Chưa xác định chỉ tiêu.")
    _paragraph(doc, f"Tổng hợp toàn tỉnh năm {data.year}:", bold=True)
    _figure_lines(doc, data.roll, data.roll.totals, "Chưa xác định chỉ tiêu.")


def _late_and_urgings(doc: DocxDocument, data: AnnualReportInput) -> None:
    _paragraph(doc, "III. ĐƠN VỊ CHẬM TIẾN ĐỘ VÀ VIỆC ĐÔN ĐỐC, KIỂM TRA", bold=True)
    late = [r for r in data.coverage.rows if r.bucket in ("done_late", "open_overdue")]
    if late:
        _table(
            doc,
            ("Đơn vị", "Hạn nộp", "Tình hình", "Số lần đôn đốc"),
            [
                (r.unit_name, format_vn_date(r.due_on) if r.due_on else "", days_text(r),
                 r.urging_count)
                for r in late
            ],
        )  # fmt: skip
    else:
        _paragraph(doc, "Không có đơn vị chậm tiến độ.")
    names = {r.assignment_id: r.unit_name for r in data.coverage.rows}
    _paragraph(doc, f"Trong năm {data.year}, Ban đã đôn đốc {len(data.urgings)} lượt.")
    if data.urgings:
        _table(
            doc,
            ("Ngày", "Đơn vị", "Mức", "Nội dung"),
            [
                (format_vn_date(u.urged_on), names.get(u.assignment_id, ""),
                 URGING_LABELS[u.level], render(u.message))
                for u in data.urgings
            ],
        )  # fmt: skip
    for inspection in data.inspections:
        done = sum(1 for t in inspection.tasks if t.status == "done")
        _paragraph(
            doc,
            f"- {inspection.kind_label} {inspection.unit.name} ngày "
            f"{format_vn_date(inspection.held_on)}: {inspection.findings} "
            f"({done}/{len(inspection.tasks)} việc sau kiểm tra đã hoàn thành).",
        )


def _proposals(doc: DocxDocument, data: AnnualReportInput) -> None:
    _paragraph(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    text = data.proposals.strip()
    if not text:
        overdue = [r.unit_name for r in data.coverage.rows if r.bucket == "open_overdue"]
        text = (
            "Đề nghị Ban Thường vụ Tỉnh ủy chỉ đạo các đơn vị tiếp tục quán triệt, thực hiện "
            "nghiêm văn bản; định kỳ báo cáo kết quả về Ban Dân vận Tỉnh ủy."
        )
        if overdue:
            text += " Chỉ đạo các đơn vị chưa hoàn thành khẩn trương thực hiện: "
            text += ", ".join(overdue) + "."
    for line in text.splitlines():
        if line.strip():
            _paragraph(doc, line.strip())


def _closing(doc: DocxDocument, header: ReportHeader) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _cell_lines(
        left,
        [
            ("Nơi nhận:", True, True, False),
            ("- Ban Thường vụ Tỉnh ủy (báo cáo),", False, False, False),
            ("- Lưu Văn phòng.", False, False, False),
        ],
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    _cell_lines(
        right,
        [
            (f"T/M {header.issuer.upper()}", True, False, False),
            (header.signer_title, True, False, False),
            ("", False, False, False),
            (header.signer_name, True, False, False),
        ],
    )


def annual_report_docx(data: AnnualReportInput, header: ReportHeader) -> bytes:
    """The annual report of one document and year, as the bytes of a .docx file."""
    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    doc.styles["Normal"].font.name = FONT
    doc.styles["Normal"].font.size = Pt(14)
    _header(doc, header, data.today)
    document = data.coverage.document
    _paragraph(doc, "BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
    issued = f", {format_vn_long_date(document.issued_on)}" if document.issued_on else ""
    _paragraph(
        doc,
        f"kết quả thực hiện {document_name(document)}{issued} của "
        f"{document.issuer.name if document.issuer else ''} năm {data.year}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        doc,
        f"(tình hình đến hết {format_vn_date(data.situation_date)})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(doc, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    _situation(doc, data)
    _results(doc, data)
    _late_and_urgings(doc, data)
    _proposals(doc, data)
    _closing(doc, header)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
