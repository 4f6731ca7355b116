"""Languages without a switch to click: the JSON API answers in the request's language and
the commands speak the language of their environment (``PORTAL_LANG``, ``LANG``…)."""

from __future__ import annotations

from datetime import date

import pytest

from documents.db import db
from documents.i18n import render
from documents.notifications import Notification
from portal.i18n import environment_language
from tests.fixtures.web import choose

UNAUTHORIZED_EN = "Sign in or send a valid API access token (Authorization: Bearer …)."
UNAUTHORIZED_VI = "Cần đăng nhập hoặc một mã truy cập API hợp lệ (Authorization: Bearer …)."


def api(client, language=None, **headers):
    if language:
        headers["Accept-Language"] = language
    return client.get("/api/search", query_string={"q": "dan van"}, headers=headers)


def test_api_error_follows_accept_language_and_says_so(client):
    response = api(client, "en-GB,en;q=0.8")
    assert response.status_code == 401
    assert response.get_json() == {"error": UNAUTHORIZED_EN}
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]
    bad = api(client, "en", Authorization="Bearer khong-dung")
    assert bad.get_json() == {"error": "The API access token is invalid or has been revoked."}


@pytest.mark.parametrize(
    "header", [None, "vi", "vi-VN,en;q=0.5", "fr-FR,de;q=0.8", "*", "en;q=0.1,vi;q=0.9"]
)
def test_api_error_is_vietnamese_by_default_and_for_vietnamese(client, header):
    response = api(client, header)
    assert response.get_json() == {"error": UNAUTHORIZED_VI}
    assert response.headers["Content-Language"] == "vi"


def test_a_chosen_language_wins_over_accept_language(client):
    choose(client, "en")
    assert api(client, "vi").get_json() == {"error": UNAUTHORIZED_EN}


def test_pages_stay_vietnamese_whatever_the_browser_says(client):
    html = client.get("/auth/login", headers={"Accept-Language": "en-US,en"}).get_data(as_text=True)
    assert '<html lang="vi">' in html and "Đăng nhập" in html


def test_other_api_errors_are_json_in_the_requests_language(client):
    response = client.get("/api/khong-co", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and response.is_json
    assert response.get_json()["error"].startswith("The page or record you are looking for")
    wrong = client.post("/api/search", headers={"Accept-Language": "vi"})
    assert wrong.status_code in (400, 405) and wrong.is_json
    assert wrong.headers["Content-Language"] == "vi"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "vi"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "vi"),
        ({"LANG": "POSIX"}, "vi"),
        ({"LANG": "fr_FR.UTF-8"}, "vi"),
        ({"LANG": "vi_VN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": ""}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "PORTAL_LANG": "vi"}, "vi"),
        ({"LANG": "C", "PORTAL_LANG": "EN"}, "en"),
    ],
)
def test_environment_language_reads_portal_lang_then_the_posix_variables(environ, expected):
    assert environment_language(environ) == expected


@pytest.fixture
def english_shell(monkeypatch):
    for name in ("PORTAL_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_remind_speaks_english_under_an_english_locale_and_stores_no_language(
    app, world, english_shell
):
    app.config["FIXED_TODAY"] = date(2019, 9, 25)
    result = run(app, "remind")
    assert result.exit_code == 0
    assert "Reminders sent: 2 (e-mails: 0)." in result.output
    again = run(app, "remind")
    assert "Reminders sent: 0 (e-mails: 0)." in again.output
    note = db.session.scalar(db.select(Notification).filter_by(unit_id=world.unit.id))
    # The command's language does not leak into what the units read.
    assert render(note.subject) == "Nhắc hạn 11-CT/TU: kế hoạch thực hiện còn 5 ngày"


def test_report_refusal_and_result_in_the_commands_language(app, world, tmp_path, monkeypatch):
    monkeypatch.setenv("PORTAL_LANG", "en")
    missing = run(app, "report", "--directive", "99-CT/TU", "--year", "2019")
    assert missing.exit_code != 0
    assert "There is no document with the symbol “99-CT/TU”." in missing.output
    target = tmp_path / "bao-cao.xlsx"
    made = run(
        app, "report", "--directive", "11-CT/TU", "--year", "2019", "--format", "xlsx",
        "--output", str(target),
    )  # fmt: skip
    assert made.exit_code == 0 and f"Wrote {target} (" in made.output and "bytes)" in made.output


def test_commands_are_vietnamese_by_default(app, world, monkeypatch):
    monkeypatch.delenv("PORTAL_LANG")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    missing = run(app, "report", "--directive", "99-CT/TU", "--year", "2019")
    assert "Không có văn bản số “99-CT/TU”." in missing.output
