"""The whole portal in English: every main page, as every role, shows no Vietnamese outside
the users' own data; and texts the code stored (inbox messages, version notes, review
event titles, extraction errors) read in the language of whoever opens them."""

from __future__ import annotations

import html
import io
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from documents.db import db
from documents.extraction import ENCRYPTED
from documents.followup.assignments import AssignInput, assign_many, remind, urge
from documents.followup.figures import define_figure
from documents.followup.inspections import (
    InspectionInput,
    attach_review_report,
    create_review_event,
    record_inspection,
)
from documents.i18n import Message, dump, load, render
from documents.notifications import SUBJECT_MAX, MailRecipient, Notification
from documents.plans import PlanInput, restore_plan_version, update_plan
from documents.records import Attachment, Clause
from documents.service import (
    input_from_version,
    refresh_links,
    restore_document_version,
    update_document,
)
from documents.types import DOCUMENT_TYPES
from documents.versions import versions_of
from portal.followup.reporting import OPEN_STATES
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire

# Letters only Vietnamese uses among the portal's two languages.
VIETNAMESE = re.compile(
    "[ăâđêôơưĂÂĐÊÔƠƯ"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]"
)
WORD = re.compile(r"\S*" + VIETNAMESE.pattern + r"\S*")
# What users wrote or named, shown as they wrote it in every language.
USER_DATA = (
    "Tiếng Việt",  # the language switch names each language in itself
    "Communiqué",  # an English type name
    "Thành ủy Rạch Giá",
    "Huyện ủy Phú Quốc",
    "Ban Dân vận Tỉnh ủy",
    "Tỉnh ủy Kiên Giang",
    "Người dùng",  # the users' full names: "Người dùng drafter"
    "Về tăng cường quản lý đoàn viên, hội viên",
    "Nội dung chỉ thị.",
    "Kế hoạch của Thành ủy",
    "Nội dung kế hoạch, bản sửa.",
    "Nội dung kế hoạch.",
    "Bổ sung số liệu",
    "Rạch Giá",
    "khóa X",
    "Phó Trưởng Ban và 2 chuyên viên",
    "Rà soát đoàn viên còn chậm",
    "Hoàn thành rà soát",
    "Đã tổ chức sơ kết",
    "Số đoàn viên kết nạp mới",
    "hội viên mới",
    "Huyện ủy Kiên Hải",
    "Gấp, hoàn thành trong tuần",
    "tài liệu.pdf",
    "Nội dung chỉ thị, bản sửa.",
    "chỉ thị 11",  # the search tips' example of a query, which is typed in Vietnamese
    # Type abbreviations are part of official symbols (05-QĐ/TU), in every language.
    *{f"({t.abbr})" for t in DOCUMENT_TYPES if VIETNAMESE.search(t.abbr)},
    *{f", {t.abbr})" for t in DOCUMENT_TYPES if VIETNAMESE.search(t.abbr)},
    *{f"{t.abbr}/" for t in DOCUMENT_TYPES if VIETNAMESE.search(t.abbr)},
)


class _Text(HTMLParser):
    """What a reader sees: text (not the content of scripts, styles and text areas, which
    hold what a user typed) and the attributes read aloud or shown on hover."""

    SKIP = frozenset({"script", "style", "textarea"})
    SHOWN = frozenset({"title", "aria-label", "placeholder", "alt"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag in self.SKIP:
            self.skipping += 1
        self.parts += [value or "" for name, value in attrs if name in self.SHOWN]

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self.skipping:
            self.parts.append(data)


def vietnamese_left(html: str) -> list[str]:
    """The Vietnamese words on a page once the users' data is taken out, in context."""
    parser = _Text()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    for data in sorted({*USER_DATA, *(d.upper() for d in USER_DATA)}, key=len, reverse=True):
        text = text.replace(data, " ")
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in WORD.finditer(text)]


@pytest.fixture
def scene(world, factory):
    """A season of follow-up on the directive, so that every page has something to show:
    plan and document versions (one restored), urgings (default and typed), a reminder, an
    assignment notice, review events with default titles, an inspection, a key figure and
    an attachment whose text could not be read."""
    session = db.session
    today = date(2019, 9, 18)
    plan = factory.plan(world.assignment, world.drafter, title="Kế hoạch của Thành ủy")
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment="Bổ sung số liệu")
    update_plan(
        session, plan, PlanInput(plan.title, "Nội dung kế hoạch, bản sửa."), author=world.drafter
    )
    restore_plan_version(session, plan, versions_of(session, plan)[-1], author=world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    directive = world.directive
    refresh_links(session, directive)
    first = versions_of(session, directive)[-1]
    changed = replace(input_from_version(first), body="Nội dung chỉ thị, bản sửa.")
    update_document(session, directive, changed, actor=world.admin)
    restore_document_version(session, directive, first, actor=world.admin)
    kien_hai = factory.unit("huyenuy-kienhai", name="Huyện ủy Kiên Hải")
    assign_many(
        session,
        directive,
        AssignInput((kien_hai.id,), "Báo cáo kết quả", date(2019, 12, 31)),
        today=today,
    )
    urge(session, world.other_assignment, actor=world.reviewer, today=today)
    typed = "Gấp, hoàn thành trong tuần"
    urge(session, world.assignment, actor=world.reviewer, today=today, message=typed)
    remind(
        session,
        today=date(2019, 9, 25),
        zone=ZoneInfo("Asia/Ho_Chi_Minh"),
        open_states=OPEN_STATES,
        near_days=7,
    )
    event = create_review_event(
        session, directive, kind="so_ket", level="district", due_on=date(2019, 12, 1)
    )
    attach_review_report(session, event, world.unit.id, "Đã tổ chức sơ kết", actor=world.drafter)
    create_review_event(
        session, directive, kind="tong_ket", level="province", due_on=date(2019, 12, 15)
    )
    record_inspection(
        session,
        directive,
        InspectionInput(
            world.unit.id,
            "kiem_tra",
            date(2019, 9, 10),
            "Phó Trưởng Ban và 2 chuyên viên",
            "Rà soát đoàn viên còn chậm",
            (("Hoàn thành rà soát", date(2019, 12, 1)),),
        ),
        actor=world.reviewer,
    )
    define_figure(session, directive, "Số đoàn viên kết nạp mới", "hội viên mới")
    session.add(
        Attachment(
            document=directive,
            original_name="tài liệu.pdf",
            stored_name="khong-co-tep.pdf",
            kind="pdf",
            size=10,
            sha256="0" * 64,
            text="",
            extraction_error=dump(ENCRYPTED),
        )
    )
    session.commit()
    return world, plan


# Every main page, per role; {plan}, {doc}, {assignment} are the scene's.
PAGES = {
    "reviewer": (
        "/",
        "/inbox/",
        "/plans/",
        "/plans/{plan}",
        "/plans/{plan}/versions",
        "/plans/{plan}/versions/compare?a=1&b=2",
        "/documents/",
        "/documents/{doc}",
        "/documents/{doc}/versions",
        "/documents/{doc}/versions/compare?a=1&b=2",
        "/assignments/",
        "/assignments/documents/{doc}/coverage",
        "/assignments/documents/{doc}/assign",
        "/assignments/{assignment}/urge",
        "/assignments/documents/{doc}/reviews",
        "/assignments/documents/{doc}/inspections",
        "/assignments/documents/{doc}/inspections/new",
        "/assignments/inspections/1",
        "/assignments/documents/{doc}/figures",
        "/assignments/documents/{doc}/report",
        "/search?q=quan+ly",
        "/search?q=khongcodauvet",
        "/help/workflow",
        "/auth/password",
        "/plans/424242",
    ),
    "drafter": (
        "/",
        "/inbox/",
        "/plans/{plan}",
        "/assignments/reviews/1/report",
        "/assignments/{assignment}/results",
        "/documents/{doc}",
    ),
    "other": ("/", "/inbox/", "/plans/"),
    "admin": ("/", "/documents/new", "/documents/{doc}", "/documents/{doc}/edit"),
    "reader": ("/", "/documents/", "/documents/{doc}", "/assignments/"),
}


def reader(app, language, username=None):
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    client.post(f"/lang/{language}", data={"csrf_token": csrf_from(page), "next": "/"})
    if username:
        AuthActions(client).login(username)
    return client


def test_every_page_in_english_has_no_vietnamese_outside_user_data(scene, app):
    world, plan = scene
    ids = {"plan": plan.id, "doc": world.directive.id, "assignment": world.assignment.id}
    found = {}
    anonymous = reader(app, "en")
    for url in ("/auth/login", "/help/workflow"):
        found[url] = vietnamese_left(anonymous.get(url).get_data(as_text=True))
    for username, urls in PAGES.items():
        client = reader(app, "en", username)
        for url in urls:
            response = client.get(url.format(**ids))
            assert response.status_code in (200, 403, 404), (username, url)
            found[f"{username} {url}"] = vietnamese_left(response.get_data(as_text=True))
    assert {page: words for page, words in found.items() if words} == {}


def test_texts_the_code_stored_read_in_each_readers_language(scene, app):
    world, plan = scene
    english = reader(app, "en", "other").get("/inbox/").get_data(as_text=True)
    assert "Deadline reminder 11-CT/TU: implementation plan 5 days left" in english
    assert "Reminder: Huyện ủy Phú Quốc is asked to complete without delay" in english
    assert "Final review, provincial level, 2019" in english
    vietnamese = reader(app, "vi", "other").get("/inbox/").get_data(as_text=True)
    assert "Nhắc hạn 11-CT/TU: kế hoạch thực hiện còn 5 ngày" in vietnamese
    assert "Nhắc nhở: đề nghị Huyện ủy Phú Quốc khẩn trương hoàn thành" in vietnamese
    assert "Tổng kết cấp tỉnh năm 2019" in vietnamese
    typed = reader(app, "en", "drafter").get("/inbox/").get_data(as_text=True)
    assert "Gấp, hoàn thành trong tuần" in typed  # what the reviewer typed stays as typed
    notice = reader(app, "en", "head")
    assert notice.get(f"/plans/{plan.id}/versions").status_code == 200
    versions = notice.get(f"/plans/{plan.id}/versions").get_data(as_text=True)
    assert "Restored version 1" in versions and "Khôi phục" not in versions
    document = reader(app, "en", "reviewer").get(f"/documents/{world.directive.id}")
    assert "The PDF file is password-protected" in document.get_data(as_text=True)


def test_old_rows_of_plain_text_still_show(scene, app):
    world, _plan = scene
    note = db.session.scalar(db.select(Notification).filter_by(kind="reminder"))
    note.subject = "Nhắc hạn 11-CT/TU (viết trước khi có bản dịch)"
    note.body = "Nội dung cũ."
    db.session.commit()
    html = reader(app, "en", "other").get("/inbox/").get_data(as_text=True)
    assert "Nhắc hạn 11-CT/TU (viết trước khi có bản dịch)" in html and "Nội dung cũ." in html


def test_exports_follow_the_reader_and_the_annual_report_stays_vietnamese(scene, app):
    world, _plan = scene
    client = reader(app, "en", "reviewer")
    base = f"/assignments/documents/{world.directive.id}"
    csv_text = client.get(f"{base}/coverage.csv").get_data().decode("utf-8-sig")
    xlsx = load_workbook(io.BytesIO(client.get(f"{base}/coverage.xlsx").get_data()))
    cells = " ".join(
        str(v)
        for sheet in xlsx.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    for exported in (csv_text, cells):
        assert "Preliminary review, district level, 2019" in exported
        assert vietnamese_left(exported) == [], vietnamese_left(exported)
    report = client.get(f"{base}/report?year=2019&format=xlsx&number=")
    assert report.status_code == 200
    docx = client.get(f"{base}/report?year=2019&format=docx&number=")
    official = Docx(io.BytesIO(docx.get_data()))
    cells = [c.text for table in official.tables for row in table.rows for c in row.cells]
    text = "\n".join([p.text for p in official.paragraphs] + cells)
    assert "kết quả thực hiện Chỉ thị số 11-CT/TU" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "- Sơ kết cấp huyện năm 2019 (hạn 01/12/2019)" in text
    assert "Nhắc nhở: đề nghị Huyện ủy Phú Quốc khẩn trương hoàn thành" in text


def test_an_unchanged_default_urging_reaches_the_unit_in_its_own_language(world, app):
    reviewer = reader(app, "en", "reviewer")
    url = f"/assignments/{world.assignment.id}/urge"
    page = reviewer.get(url).get_data(as_text=True)
    prefilled = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)[1])
    assert prefilled.strip().startswith("Reminder: Thành ủy Rạch Giá is asked to complete")
    sent = {"csrf_token": csrf_from(page), "level": "nhac_nho", "message": prefilled}
    assert reviewer.post(url, data=sent).status_code == 302
    edited = {**sent, "level": "phe_binh", "message": prefilled.strip() + " Thanks."}
    assert reviewer.post(url, data=edited).status_code == 302
    inbox = reader(app, "vi", "drafter").get("/inbox/").get_data(as_text=True)
    assert "Nhắc nhở: đề nghị Thành ủy Rạch Giá khẩn trương hoàn thành" in inbox
    assert "Reminder: Thành ủy Rạch Giá is asked to complete" in inbox  # edited: as typed
    assert "Thanks." in inbox


def test_the_symbol_warning_is_one_sentence_in_the_readers_language(world, factory, app):
    mismatched = factory.document("25-NQ/TW", "Nghị quyết ghi nhầm loại", doc_type="CT", number=25)
    unconfirmed = factory.document("05-TTr/TU", "Thông tri ghi nhầm", doc_type="TT", number=5)
    db.session.commit()
    english, vietnamese = reader(app, "en", "admin"), reader(app, "vi", "admin")
    page = english.get(f"/documents/{mismatched.id}/edit").get_data(as_text=True)
    assert (
        "The symbol «25-NQ/TW» carries the type abbreviation «NQ», which does not match the "
        "type «Directive» (usually «CT»). Check the document type or the symbol."
    ) in html.unescape(page)
    page = vietnamese.get(f"/documents/{mismatched.id}/edit").get_data(as_text=True)
    assert (
        "Số ký hiệu «25-NQ/TW» mang ký hiệu loại «NQ», không khớp loại «Chỉ thị» (thường mang "
        "ký hiệu «CT»). Hãy kiểm tra lại loại văn bản hoặc số ký hiệu."
    ) in html.unescape(page)
    page = html.unescape(english.get(f"/documents/{unconfirmed.id}/edit").get_data(as_text=True))
    assert "(usually «TT»). Check the document type or the symbol. The abbreviation of" in page
    assert "the type «Circular» is not confirmed; this is only a warning." in page


def test_email_to_a_units_office_is_vietnamese_whoever_sent_it(world, app, smtp_server):
    db.session.add(MailRecipient(unit_id=world.unit.id, address="vanphong@example.invalid"))
    db.session.commit()
    sent = smtp_server.messages
    reviewer = reader(app, "en", "reviewer")
    url = f"/assignments/{world.assignment.id}/urge"
    token = csrf_from(reviewer.get(url).get_data(as_text=True))
    reviewer.post(url, data={"csrf_token": token, "level": "phe_binh", "message": ""})
    (mail,) = sent
    assert mail["Subject"] == "Phê bình: Kế hoạch thực hiện 11-CT/TU"
    assert mail.get_content().startswith(
        "Phê bình: đề nghị Thành ủy Rạch Giá khẩn trương hoàn thành kế hoạch thực hiện"
    )


def test_a_subject_naming_a_long_untitled_document_still_fits_as_a_message(world, factory):
    title = "Về việc tiếp tục đẩy mạnh công tác dân vận " * 10
    document = factory.document(symbol=None, title=title.strip(), number=99)
    clause = Clause(document=document, number=12, text="Rà soát hội viên.")
    db.session.add(clause)
    db.session.flush()
    result = assign_many(
        db.session,
        document,
        AssignInput((world.unit.id,), "Kế hoạch thực hiện", date(2019, 12, 31), clause.id),
        today=date(2019, 9, 18),
    )
    (note,) = result.notifications
    assert isinstance(load(note.subject), Message) and len(note.subject) <= SUBJECT_MAX
    assert render(note.subject).startswith("Giao thực hiện Về việc tiếp tục đẩy mạnh công tác")
    assert "…, mục 12: kế hoạch thực hiện, hạn 31/12/2019" in render(note.subject)
