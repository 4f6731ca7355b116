"""Vietnamese by default, English one click away: the switch, the pages, the catalogue."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template_string, session
from flask_babel import force_locale, format_decimal, refresh

from documents.db import db
from documents.models import Plan
from portal.templating import days_phrase, number, vn_date, vn_long_date
from tests.conftest import ROOT, csrf_from
from tests.fixtures.web import choose

CATALOGUE = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([a-z]+)">', html)
    assert match, "no lang on <html>"
    return match.group(1)


@pytest.fixture
def english(client):
    response = choose(client, "en")
    assert response.status_code == 302
    return client


def test_pages_are_vietnamese_by_default_with_lang_vi(client):
    html = client.get("/auth/login").get_data(as_text=True)
    assert html_lang(html) == "vi"
    assert "Đăng nhập" in html
    assert 'action="/lang/en"' in html or 'formaction="/lang/en"' in html


def test_choosing_english_needs_csrf_and_returns_to_the_same_page(client):
    assert client.post("/lang/en", data={"next": "/auth/login"}).status_code == 400
    response = choose(client, "en", "/auth/login?next=/plans/")
    assert response.headers["Location"].endswith("/auth/login?next=/plans/")
    html = client.get("/auth/login").get_data(as_text=True)
    assert html_lang(html) == "en"
    assert "Sign in" in html and "Username" in html and "Đăng nhập" not in html


def test_the_switch_refuses_unknown_languages_and_foreign_next(client):
    choose(client, "fr")
    assert html_lang(client.get("/auth/login").get_data(as_text=True)) == "vi"
    response = choose(client, "en", "https://evil.example/")
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_home_plan_and_document_pages_in_english(world, factory, english, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    home = english.get("/").get_data(as_text=True)
    assert html_lang(home) == "en"
    assert "Assigned to your unit" in home and "Home" in home and "Sign out" in home
    view = english.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert "Processing history" in view and "Send to the Mass Mobilisation Commission" in view
    assert "Draft" in view and "Gửi Ban Dân vận" not in view
    document = english.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    assert "Cited documents" in document and "Version history" in document
    assert "1 August 2019" in document


def test_a_flash_and_a_form_error_in_english(world, english, auth):
    login = auth.login("drafter")
    assert login.status_code == 302
    assert "Welcome, Người dùng drafter." in english.get("/").get_data(as_text=True)
    form = english.get(f"/plans/new?assignment={world.assignment.id}").get_data(as_text=True)
    assert "Plan title" in form and "Save draft" in form
    response = english.post(
        "/plans/new",
        data={"csrf_token": csrf_from(form), "title": "", "assignment": world.assignment.id},
    )
    assert "Please enter the plan’s title." in response.get_data(as_text=True) or (
        "Plan title" in response.get_data(as_text=True)
    )
    assert db.session.scalars(db.select(Plan)).all() == []


def test_wrong_password_is_refused_in_english(world, english, auth):
    html = auth.login("drafter", "sai-mat-khau").get_data(as_text=True)
    assert "Wrong username or password." in html


def test_error_page_in_english(world, english, auth):
    auth.login("drafter")
    response = english.get("/plans/424242")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Not found" in html and "Back to the home page" in html
    assert "Không tìm thấy" not in html


def test_refused_transition_reasons_in_english(world, factory, english, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    html = english.get(f"/plans/{plan.id}").get_data(as_text=True)
    response = english.post(
        f"/plans/{plan.id}/transitions/review",
        data={"csrf_token": csrf_from(html), "version": plan.version},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Cannot “Approve plan” while the plan is “Draft”." in page
    english.post(
        f"/plans/{plan.id}/transitions/submit",
        data={"csrf_token": csrf_from(html), "version": plan.version},
    )
    auth.logout()
    auth.login("reviewer")
    html = english.get(f"/plans/{plan.id}").get_data(as_text=True)
    response = english.post(
        f"/plans/{plan.id}/transitions/return",
        data={"csrf_token": csrf_from(html), "version": 2, "comment": ""},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A comment is required to “Return for changes”" in page
    assert "Cần nhập ý kiến" not in page


def test_refusal_is_vietnamese_by_default(world, factory, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    auth.login("drafter")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    client.post(
        f"/plans/{plan.id}/transitions/submit",
        data={"csrf_token": csrf_from(html), "version": plan.version},
    )
    auth.logout()
    auth.login("reviewer")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    response = client.post(
        f"/plans/{plan.id}/transitions/return",
        data={"csrf_token": csrf_from(html), "version": 2, "comment": ""},
    )
    assert "Cần nhập ý kiến khi “Trả lại để chỉnh sửa”" in response.get_data(as_text=True)


def test_dates_and_numbers_follow_the_language(app, client):
    day = date(2019, 8, 1)
    with app.test_request_context("/"):
        refresh()
        assert vn_date(day) == "01/8/2019"
        assert vn_date(date(2018, 2, 3)) == "03/02/2018"
        assert vn_long_date(day) == "ngày 01 tháng 8 năm 2019"
        assert number(1234567) == "1.234.567"
        assert number(1234.5) == "1.234,5"
        assert days_phrase(3) == "còn 3 ngày"
    with app.test_request_context("/"):
        session["lang"] = "en"
        refresh()  # the fixture's app context has cached the Vietnamese locale
        assert vn_date(day) == "1 Aug 2019"
        assert vn_long_date(day) == "1 August 2019"
        assert number(1234567) == "1,234,567"
        assert number(1234.5) == "1,234.5"
        assert days_phrase(1) == "1 day left"
        assert days_phrase(-4) == "4 days overdue"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_small_whole_numbers_skip_babel_and_read_the_same(app, language):
    with app.test_request_context("/"):
        session["lang"] = language
        refresh()
        for value in (*range(-1200, 1200, 7), 999, -999, 1000, -1000, 10**6, 0.5):
            assert number(value) == format_decimal(value), value


def test_english_catalogue_is_complete_and_compiles(tmp_path: Path):
    with CATALOGUE.open("rb") as po_file:
        catalogue = read_po(po_file)
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(catalogue) > 300
    problems = [(m.id, errors) for m, errors in catalogue.check() if errors]
    assert problems == []
    with (tmp_path / "messages.mo").open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    assert (tmp_path / "messages.mo").stat().st_size > 10_000


def test_every_message_marker_in_the_code_is_in_the_catalogue():
    """A text marked in code or templates but missing from the .po shows in Vietnamese."""
    from babel.messages.extract import extract_from_dir

    with CATALOGUE.open("rb") as po_file:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(po_file) if m.id}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    keywords.update({"_l": None, "N_": None})
    method_map = [
        ("portal/**.py", "python"),
        ("documents/**.py", "python"),
        ("workflows/**.py", "python"),
        ("templates/**.html", "jinja2"),
    ]
    missing = set()
    for _name, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid and msgid not in known:
            missing.add(msgid)
    assert sorted(missing) == []


def test_coverage_csv_speaks_the_readers_language(world, client, auth):
    auth.login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/coverage.csv"
    vietnamese = client.get(url).get_data().decode("utf-8-sig").splitlines()
    assert vietnamese[0].startswith("STT,Đơn vị,Nhóm đơn vị")
    choose(client, "en")
    english = client.get(url).get_data().decode("utf-8-sig").splitlines()
    assert english[0].startswith("No.,Unit,Unit group,Deliverable,Deadline")
    assert "Implementation plan" in english[1] and "30 Sep 2019" in english[1]


def test_search_page_in_english(world, english, auth):
    auth.login("reader")
    html = english.get("/search?q=khongcodauvet").get_data(as_text=True)
    assert "No results for “khongcodauvet”." in html and "You could try:" in html


def test_a_page_renders_in_the_catalogue_it_started_in_and_escapes_values(app):
    page = (
        "{{ _('Trang chủ') }}|{{ _('Chào %(name)s', name=who) }}|"
        "{{ ngettext('%(num)s kế hoạch', '%(num)s kế hoạch', 2, num='2') }}"
    )
    with app.test_request_context("/"):
        session["lang"] = "en"
        refresh()
        home, greeting, plans = render_template_string(page, who="<b>").split("|")
        assert home == "Home"
        assert greeting == "Chào &lt;b&gt;"
        assert plans == "2 plans"
        with force_locale("vi"):  # a mail to a Vietnamese reader, inside an English request
            assert render_template_string(page, who="x").split("|")[0] == "Trang chủ"
        assert render_template_string(page, who="x").split("|")[0] == "Home"
