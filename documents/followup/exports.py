"""The coverage matrix as files the commission opens in Excel: XLSX and CSV.

State names are passed in (``state_titles``), since the workflow lives above this package.
The CSV is UTF-8 with a byte order mark, which Excel needs to read Vietnamese correctly.
Texts are Vietnamese message ids; the web layer passes ``language`` (a ``Translator`` of
the reader's language) to have a file in the reader's language. Without it the files are
Vietnamese.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.followup.assignments import URGING_LABELS
from documents.followup.coverage import BUCKET_LABELS, BUCKETS, Coverage, CoverageRow
from documents.followup.figures import RollUp
from documents.i18n import N_, VIETNAMESE, Translator, render
from documents.models import UNIT_KINDS

HEADERS: tuple[str, ...] = (
    N_("STT"),
    N_("Đơn vị"),
    N_("Nhóm đơn vị"),
    N_("Sản phẩm"),
    N_("Hạn nộp"),
    N_("Trạng thái kế hoạch"),
    N_("Ngày gửi"),
    N_("Sớm (+) / trễ (−) ngày"),
    N_("Tình hình"),
    N_("Đôn đốc gần nhất"),
    N_("Ngày đôn đốc gần nhất"),
    N_("Số lần đôn đốc"),
    N_("Báo cáo kết quả"),
    N_("Báo cáo sơ kết còn thiếu"),
)


def days_text(row: CoverageRow, language: Translator = VIETNAMESE) -> str:
    """ "sớm 3 ngày", "trễ 2 ngày", "còn 5 ngày", "quá hạn 4 ngày", "đúng hạn"."""
    tr = language.gettext
    if row.days is None:
        return ""
    days = {"num": abs(row.days)}
    if row.is_done:
        if row.days == 0:
            return tr(N_("đúng hạn"))
        return tr(N_("sớm %(num)s ngày") if row.days > 0 else N_("trễ %(num)s ngày")) % days
    if row.days == 0:
        return tr(N_("hạn là hôm nay"))
    return tr(N_("còn %(num)s ngày") if row.days > 0 else N_("quá hạn %(num)s ngày")) % days


# The columns of HEADERS that hold dates (0-based), shown with DATE_FORMAT in a workbook.
DATE_COLUMNS = frozenset({4, 6, 10})
DATE_FORMAT = "DD/MM/YYYY"


def row_values(
    row: CoverageRow,
    index: int,
    state_titles: Mapping[str, str],
    language: Translator = VIETNAMESE,
) -> list[object]:
    """One row of the matrix as typed values: dates as ``date``, counts as ``int``, None
    where there is no value."""
    tr = language.gettext
    urging = tr(URGING_LABELS[row.last_urging_level]) if row.last_urging_level else None
    state = state_titles.get(row.plan_state, row.plan_state) if row.plan_state else N_("Chưa có")
    return [
        index,
        row.unit_name,
        tr(UNIT_KINDS.get(row.unit_kind, row.unit_kind)),
        tr(row.deliverable),
        row.due_on,
        tr(state),
        row.submitted_on,
        row.days,
        tr(BUCKET_LABELS[row.bucket]),
        urging,
        row.last_urging_on if row.last_urging_level else None,
        row.urging_count,
        tr(N_("Đã báo cáo") if row.reported else N_("Chưa báo cáo")),
        "; ".join(render(title, language) for title in row.reviews_missing),
    ]


def row_cells(
    row: CoverageRow,
    index: int,
    state_titles: Mapping[str, str],
    language: Translator = VIETNAMESE,
) -> list[object]:
    """One row of the matrix as CSV cells: dates written in the language's format."""
    return [
        language.date(value) if isinstance(value, date) else ("" if value is None else value)
        for value in row_values(row, index, state_titles, language)
    ]


def matrix_csv(
    coverage: Coverage, state_titles: Mapping[str, str], language: Translator = VIETNAMESE
) -> bytes:
    """The matrix as CSV (UTF-8 with BOM), one line per row, then the bucket totals."""
    tr = language.gettext
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([tr(h) for h in HEADERS])
    for index, row in enumerate(coverage.rows, start=1):
        writer.writerow(row_cells(row, index, state_titles, language))
    writer.writerow([])
    for bucket in BUCKETS:
        writer.writerow(["", tr(BUCKET_LABELS[bucket]), coverage.totals[bucket]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
BUCKET_FILLS = {
    "done_on_time": PatternFill("solid", fgColor="DCFCE7"),
    "done_late": PatternFill("solid", fgColor="FEF3C7"),
    "open_in_time": PatternFill("solid", fgColor="FFFFFF"),
    "open_overdue": PatternFill("solid", fgColor="FBE9E9"),
}


def matrix_workbook(
    coverage: Coverage,
    state_titles: Mapping[str, str],
    *,
    today: date,
    roll: RollUp | None = None,
    language: Translator = VIETNAMESE,
) -> Workbook:
    """A workbook: the matrix with totals, and the rolled-up figures when given."""
    tr = language.gettext
    book = Workbook()
    sheet = book.worksheets[0]  # the one sheet of a new workbook
    sheet.title = tr(N_("Tình hình thực hiện"))
    document = coverage.document
    sheet.append(
        [
            tr(N_("Tình hình thực hiện %(doc)s — %(title)s"))
            % {"doc": document.symbol or "", "title": document.title}
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([tr(N_("Số liệu đến ngày %(date)s")) % {"date": language.date(today)}])
    sheet.append([])
    sheet.append([tr(h) for h in HEADERS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(coverage.rows, start=1):
        sheet.append(row_values(row, index, state_titles, language))
        sheet.cell(sheet.max_row, 9).fill = BUCKET_FILLS[row.bucket]
        for column in DATE_COLUMNS:
            sheet.cell(sheet.max_row, column + 1).number_format = DATE_FORMAT
    last_row = sheet.max_row
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{last_row}"
    sheet.append([])
    gap = ["", "", "", "", "", ""]
    sheet.append(["", tr(N_("Tổng hợp")), *gap, tr(N_("Số đơn vị"))])
    sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    for bucket in BUCKETS:
        sheet.append(["", tr(BUCKET_LABELS[bucket]), *gap, coverage.totals[bucket]])
    sheet.append(["", tr(N_("Tổng số đơn vị được giao")), *gap, len(coverage.rows)])
    widths = (6, 34, 26, 20, 12, 22, 12, 12, 26, 22, 12, 10, 16, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 3).coordinate
    if roll is not None and roll.figures:
        _figures_sheet(book, coverage, roll, language)
    return book


def _figures_sheet(book: Workbook, coverage: Coverage, roll: RollUp, language: Translator) -> None:
    tr = language.gettext
    sheet = book.create_sheet(tr(N_("Chỉ tiêu")))
    labels = [f"{f.label} ({f.unit_label})" if f.unit_label else f.label for f in roll.figures]
    sheet.append([tr(N_("Đơn vị")), tr(N_("Nhóm đơn vị")), *labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in coverage.rows:
        values = roll.by_assignment.get(row.assignment_id, {})
        sheet.append(
            [
                row.unit_name,
                tr(UNIT_KINDS.get(row.unit_kind, row.unit_kind)),
                *[values.get(f.id) for f in roll.figures],
            ]
        )
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(2 + len(roll.figures))}{sheet.max_row}"
    for kind, group in roll.by_group.items():
        subtotal = tr(N_("Cộng: %(group)s")) % {"group": tr(UNIT_KINDS.get(kind, kind))}
        sheet.append([subtotal, "", *[group.get(f.id, 0) for f in roll.figures]])
    sheet.append([tr(N_("Tổng cộng")), "", *[roll.totals.get(f.id, 0) for f in roll.figures]])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 26


def matrix_xlsx(
    coverage: Coverage,
    state_titles: Mapping[str, str],
    *,
    today: date,
    roll: RollUp | None = None,
    language: Translator = VIETNAMESE,
) -> bytes:
    """The workbook of ``matrix_workbook`` as the bytes of an .xlsx file."""
    out = io.BytesIO()
    matrix_workbook(coverage, state_titles, today=today, roll=roll, language=language).save(out)
    return out.getvalue()
