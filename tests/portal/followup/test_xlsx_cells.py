"""XLSX exports hold real cells (issue #13, item 5): dates as date cells with a date
format, numbers as numbers, a frozen header row and an auto-filter over the table."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl

from tests.conftest import AuthActions

HEADER_ROW = 4


def workbook(client, url):
    AuthActions(client).login("reviewer")
    response = client.get(url)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data))


def by_unit(sheet):
    header = [c.value for c in sheet[HEADER_ROW]]
    rows = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if row[1].value and row[0].value is not None:
            rows[row[1].value] = {h: c for h, c in zip(header, row, strict=True)}
    return rows


def test_matrix_workbook_has_date_cells_numbers_frozen_header_and_filter(reported, client):
    book = workbook(client, f"/assignments/documents/{reported.directive.id}/coverage.xlsx")
    sheet = book["Tình hình thực hiện"]
    rows = by_unit(sheet)
    done, late = rows["Thành ủy Rạch Giá"], rows["Huyện ủy Phú Quốc"]

    for cell in (done["Hạn nộp"], done["Ngày gửi"], late["Ngày đôn đốc gần nhất"]):
        assert isinstance(cell.value, datetime), cell.value
        assert cell.is_date and cell.number_format == "DD/MM/YYYY"
    assert done["Hạn nộp"].value.date() == date(2019, 9, 30)
    assert done["Ngày gửi"].value.date() == date(2019, 9, 20)
    assert late["Ngày đôn đốc gần nhất"].value.date() == date(2019, 10, 2)
    assert late["Đôn đốc gần nhất"].value == "Nhắc nhở"

    assert late["STT"].value == 1 and done["STT"].value == 2  # Huyện before Thành
    assert isinstance(done["STT"].value, int)
    assert done["Sớm (+) / trễ (−) ngày"].value == 10
    assert late["Số lần đôn đốc"].value == 1
    assert late["Ngày gửi"].value is None  # nothing rather than empty text

    assert sheet.freeze_panes == f"C{HEADER_ROW + 1}"
    assert sheet.auto_filter.ref == f"A{HEADER_ROW}:N{HEADER_ROW + 2}"


def test_annual_report_workbook_figures_are_numbers_with_frozen_header_and_filter(
    reported,  # noqa: F811
    client,
):
    url = f"/assignments/documents/{reported.directive.id}/report?year=2019&format=xlsx"
    book = workbook(client, url)
    figures = book["Chỉ tiêu"]
    assert figures.freeze_panes == "C2"
    assert figures.auto_filter.ref.startswith("A1:D")
    values = {row[0]: row[2:] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert values["Thành ủy Rạch Giá"] == (12, 1500)
    assert values["Tổng cộng"] == (19, 2100)
