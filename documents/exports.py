"""The coverage matrix as files the commission opens in Excel: XLSX and CSV.

State names are passed in (``state_titles``), since the workflow lives above this package.
The CSV is UTF-8 with a byte order mark, which Excel needs to read Vietnamese correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from documents.coverage import BUCKET_LABELS, BUCKETS, Coverage, CoverageRow
from documents.dates import format_vn_date
from documents.figures import RollUp
from documents.followup import URGING_LABELS
from documents.models import UNIT_KINDS

HEADERS: tuple[str, ...] = (
    "STT",
    "Đơn vị",
    "Nhóm đơn vị",
    "Sản phẩm",
    "Hạn nộp",
    "Trạng thái kế hoạch",
    "Ngày gửi",
    "Sớm (+) / trễ (−) ngày",
    "Tình hình",
    "Đôn đốc gần nhất",
    "Số lần đôn đốc",
    "Báo cáo kết quả",
    "Báo cáo sơ kết còn thiếu",
)


def days_text(row: CoverageRow) -> str:
    """ "sớm 3 ngày", "trễ 2 ngày", "còn 5 ngày", "quá hạn 4 ngày", "đúng hạn"."""
    if row.days is None:
        return ""
    if row.is_done:
        if row.days == 0:
            return "đúng hạn"
        return f"sớm {row.days} ngày" if row.days > 0 else f"trễ {-row.days} ngày"
    if row.days == 0:
        return "hạn là hôm nay"
    return f"còn {row.days} ngày" if row.days > 0 else f"quá hạn {-row.days} ngày"


def row_cells(row: CoverageRow, index: int, state_titles: Mapping[str, str]) -> list[object]:
    urging = ""
    if row.last_urging_level:
        urging = f"{URGING_LABELS[row.last_urging_level]} {_date(row.last_urging_on)}".strip()
    return [
        index,
        row.unit_name,
        UNIT_KINDS.get(row.unit_kind, row.unit_kind),
        row.deliverable,
        _date(row.due_on),
        state_titles.get(row.plan_state, row.plan_state) if row.plan_state else "Chưa có",
        _date(row.submitted_on),
        row.days if row.days is not None else "",
        BUCKET_LABELS[row.bucket],
        urging,
        row.urging_count,
        "Đã báo cáo" if row.reported else "Chưa báo cáo",
        "; ".join(row.reviews_missing),
    ]


def _date(value: date | None) -> str:
    return format_vn_date(value) if value else ""


def matrix_csv(coverage: Coverage, state_titles: Mapping[str, str]) -> bytes:
    """The matrix as CSV (UTF-8 with BOM), one line per row, then the bucket totals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for index, row in enumerate(coverage.rows, start=1):
        writer.writerow(row_cells(row, index, state_titles))
    writer.writerow([])
    for bucket in BUCKETS:
        writer.writerow(["", BUCKET_LABELS[bucket], coverage.totals[bucket]])
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
) -> Workbook:
    """A workbook: the matrix with totals, and the rolled-up figures when given."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Tình hình thực hiện"
    document = coverage.document
    sheet.append([f"Tình hình thực hiện {document.symbol or ''} — {document.title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Số liệu đến ngày {format_vn_date(today)}"])
    sheet.append([])
    sheet.append(list(HEADERS))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, row in enumerate(coverage.rows, start=1):
        sheet.append(row_cells(row, index, state_titles))
        sheet.cell(sheet.max_row, 9).fill = BUCKET_FILLS[row.bucket]
    sheet.append([])
    sheet.append(["", "Tổng hợp", "", "", "", "", "", "", "Số đơn vị"])
    sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    for bucket in BUCKETS:
        sheet.append(["", BUCKET_LABELS[bucket], "", "", "", "", "", "", coverage.totals[bucket]])
    sheet.append(["", "Tổng số đơn vị được giao", "", "", "", "", "", "", len(coverage.rows)])
    widths = (6, 34, 26, 20, 12, 22, 12, 12, 26, 22, 10, 16, 30)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    if roll is not None and roll.figures:
        _figures_sheet(book, coverage, roll)
    return book


def _figures_sheet(book: Workbook, coverage: Coverage, roll: RollUp) -> None:
    sheet = book.create_sheet("Chỉ tiêu")
    labels = [f"{f.label} ({f.unit_label})" if f.unit_label else f.label for f in roll.figures]
    sheet.append(["Đơn vị", "Nhóm đơn vị", *labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in coverage.rows:
        values = roll.by_assignment.get(row.assignment_id, {})
        sheet.append(
            [
                row.unit_name,
                UNIT_KINDS.get(row.unit_kind, row.unit_kind),
                *[values.get(f.id, "") for f in roll.figures],
            ]
        )
    for kind, group in roll.by_group.items():
        sheet.append(
            [f"Cộng: {UNIT_KINDS.get(kind, kind)}", "", *[group.get(f.id, 0) for f in roll.figures]]
        )
    sheet.append(["Tổng cộng", "", *[roll.totals.get(f.id, 0) for f in roll.figures]])
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
) -> bytes:
    """The workbook of ``matrix_workbook`` as the bytes of an .xlsx file."""
    out = io.BytesIO()
    matrix_workbook(coverage, state_titles, today=today, roll=roll).save(out)
    return out.getvalue()
