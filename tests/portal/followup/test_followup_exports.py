"""Exports the commission opens in Word and Excel: the matrix as XLSX and CSV, the annual
report as DOCX in the Party format, from the web and from ``flask report``."""

from __future__ import annotations

import io
from datetime import date

import docx
import openpyxl

from tests.conftest import AuthActions
from tests.fixtures.followup import docx_text


def test_annual_report_docx_is_in_the_party_format_with_units_states_and_figures(
    app, reported, client
):
    app.config["FIXED_TODAY"] = date(2019, 12, 20)
    AuthActions(client).login("reviewer")
    response = client.get(
        f"/assignments/documents/{reported.directive.id}/report?year=2019&format=docx&number=45"
    )
    assert response.status_code == 200
    assert "wordprocessingml" in response.mimetype
    text = docx_text(response.data)
    header = docx.Document(io.BytesIO(response.data)).tables[0].rows[0].cells
    assert "BAN DÂN VẬN" in header[0].text and "Số 45-BC/BDVTU" in header[0].text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    assert "Rạch Giá, ngày 20 tháng 12 năm 2019" in header[1].text
    for section in ("I. TÌNH HÌNH", "II. KẾT QUẢ", "III. ĐƠN VỊ CHẬM", "IV. ĐỀ XUẤT"):
        assert section in text
    assert "Thành ủy Rạch Giá" in text and "Huyện ủy Phú Quốc" in text
    assert "Đã báo cáo kết quả" in text and "Chưa có kế hoạch" in text
    assert "Số chi hội được củng cố: 19 chi hội" in text
    assert "Số hội viên mới kết nạp: 2.100 người" in text
    assert "quá hạn 81 ngày" in text and "Nhắc nhở" in text


def test_matrix_xlsx_opens_and_holds_units_states_totals_and_rolled_up_figures(
    app, reported, client
):
    AuthActions(client).login("reviewer")
    response = client.get(
        f"/assignments/documents/{reported.directive.id}/report?year=2019&format=xlsx"
    )
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [c for row in book["Tình hình thực hiện"].iter_rows(values_only=True) for c in row]
    assert "Thành ủy Rạch Giá" in cells and "Huyện ủy Phú Quốc" in cells
    assert "Đã báo cáo kết quả" in cells and "Chưa có" in cells
    assert "Hoàn thành đúng hạn" in cells
    figures = list(book["Chỉ tiêu"].iter_rows(values_only=True))
    assert figures[-1][:4] == ("Tổng cộng", None, 19, 2100)


def test_matrix_csv_is_utf8_with_bom_and_one_line_per_unit(reported, client):
    AuthActions(client).login("reviewer")
    response = client.get(f"/assignments/documents/{reported.directive.id}/coverage.csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffSTT,Đơn vị")
    assert text.count("Thành ủy Rạch Giá") == 1 and text.count("Huyện ủy Phú Quốc") == 1
    matrix = client.get(f"/assignments/documents/{reported.directive.id}/coverage.xlsx")
    assert openpyxl.load_workbook(io.BytesIO(matrix.data)).active.title == "Tình hình thực hiện"


def test_report_command_writes_the_docx_and_the_xlsx(app, reported, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "bao-cao.docx"
    args = ["report", "--directive", "11-CT/TU", "--year", "2019", "--format", "docx"]
    result = runner.invoke(args=[*args, "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "Huyện ủy Phú Quốc" in docx_text(target.read_bytes())
    xlsx = tmp_path / "bang.xlsx"
    args[-1] = "xlsx"
    assert runner.invoke(args=[*args, "--output", str(xlsx)]).exit_code == 0
    assert openpyxl.load_workbook(xlsx).sheetnames == ["Tình hình thực hiện", "Chỉ tiêu"]
    missing = runner.invoke(args=["report", "--directive", "99-CT/TU", "--year", "2019"])
    assert missing.exit_code != 0 and "Không có văn bản" in missing.output


def test_a_unit_drafter_cannot_download_the_annual_report(reported, client):
    AuthActions(client).login("drafter")
    url = f"/assignments/documents/{reported.directive.id}/report?year=2019&format=docx"
    assert client.get(url).status_code == 403
    assert (
        client.get(f"/assignments/documents/{reported.directive.id}/coverage.xlsx").status_code
        == 403
    )
