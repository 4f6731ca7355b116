"""The three journeys of ``shared/domain/users-and-work.md`` in a real browser, each
leaving screenshots at desktop and phone width under ``tests/e2e/screenshots/``.

The journeys share the session's portal: the second one reviews the plan the first one
submitted, so they run in this file's order.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, login, shoot, shoot_both

PLAN_TITLE = "Kế hoạch của Thành ủy Rạch Giá thực hiện Chỉ thị 11-CT/TU (thử nghiệm trình duyệt)"
PLAN_BODY = (
    "## Mục tiêu\n\nNắm chắc đoàn viên, hội viên ở từng khu phố.\n\n"
    "## Nhiệm vụ\n\n1. Quán triệt Chỉ thị trong tháng 9-2019.\n2. Rà soát danh sách."
)
RETURN_COMMENT = "Đề nghị bổ sung thời gian sơ kết cuối năm 2019."
DRAFTER, REVIEWER, READER = "thanhuy.rachgia", "bandanvan", "docgia"
RETURNED = "Bị trả lại — cần sửa"


def button(page, name: str):
    return page.locator("main").get_by_role("button", name=re.compile(name, re.I))


def state_badge(page):
    return page.locator("main .badge[class*='state-']").first


def open_our_plan(page) -> None:
    page.goto("/plans/")
    page.get_by_role("link", name=PLAN_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN_TITLE)


def test_journey_1_drafter_sees_the_assignment_drafts_and_submits_the_plan(new_page):
    page = new_page()
    login(page, DRAFTER)
    card = page.locator(".card").filter(has_text="11-CT/TU")
    expect(card).to_contain_text(re.compile(r"kế hoạch thực hiện, hạn \d{2}/\d{1,2}/\d{4}"))
    shoot(page, "journey1-home-desktop")

    card.get_by_role("link", name=re.compile("Soạn kế hoạch")).click()
    page.get_by_label("Tên kế hoạch").fill(PLAN_TITLE)
    page.get_by_label(re.compile(r"^Nội dung")).fill(PLAN_BODY)
    shoot(page, "journey1-draft-desktop")
    button(page, "Lưu dự thảo").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(PLAN_TITLE)
    expect(page.get_by_role("status").first).to_contain_text("Đã lưu")
    expect(page.locator("main section.body h2").first).to_have_text("Mục tiêu")
    button(page, "Gửi Ban Dân vận").click()

    expect(state_badge(page)).to_have_text("Đã gửi, chờ duyệt")
    timeline = page.get_by_role("img", name=re.compile("Lịch sử kế hoạch"))
    expect(timeline).to_be_visible()
    expect(timeline.locator(".tl-step")).to_have_count(1)
    shoot(page, "journey1-plan-desktop")
    plan_path = page.url.split("127.0.0.1", 1)[1].split("/", 1)[1]
    shoot_both(new_page, DRAFTER, "/", "journey1-home")
    shoot_both(new_page, DRAFTER, f"/{plan_path}", "journey1-plan")


def test_journey_2_reviewer_returns_drafter_resubmits_reviewer_approves(new_page):
    reviewer = new_page()
    login(reviewer, REVIEWER)
    waiting = reviewer.locator("main table").filter(has_text="Thành ủy Rạch Giá")
    expect(waiting.get_by_role("link", name=PLAN_TITLE)).to_be_visible()
    shoot(reviewer, "journey2-reviewer-home-desktop")
    waiting.get_by_role("link", name=PLAN_TITLE).click()
    reviewer.get_by_label(re.compile(r"Ý kiến.*bắt buộc")).fill(RETURN_COMMENT)
    button(reviewer, "Trả lại").click()
    # The returned plan is its unit's to correct; the reviewer may still read it.
    expect(reviewer.get_by_role("status").first).to_contain_text("Trả lại để chỉnh sửa")
    expect(state_badge(reviewer)).to_have_text(RETURNED)
    expect(button(reviewer, "Duyệt kế hoạch")).to_have_count(0)
    expect(reviewer.get_by_role("link", name="Sửa kế hoạch")).to_have_count(0)

    drafter = new_page()
    login(drafter, DRAFTER)
    # The unit cannot miss it: the badge on its home, the menu count, the inbox.
    card = drafter.locator(".card").filter(has_text="11-CT/TU")
    expect(card.locator(".badge.state-returned")).to_have_text(RETURNED)
    expect(drafter.locator("header .work-count")).to_be_visible()
    drafter.goto("/inbox/")
    note = drafter.locator(".inbox li").filter(has_text="Kế hoạch bị trả lại")
    expect(note.first).to_contain_text(RETURN_COMMENT)
    shoot(drafter, "journey2-inbox-desktop")
    note.first.get_by_role("link", name="Mở kế hoạch").click()
    expect(drafter.get_by_role("heading", level=1)).to_have_text(PLAN_TITLE)
    notice = drafter.locator("main .returned-notice")
    expect(notice).to_contain_text(RETURN_COMMENT)
    expect(drafter.locator("main .history")).to_contain_text(RETURN_COMMENT)
    shoot(drafter, "journey2-returned-desktop")
    drafter.get_by_role("link", name="Sửa kế hoạch").click()
    body = drafter.get_by_label(re.compile(r"^Nội dung"))
    body.fill(body.input_value() + "\n3. Sơ kết ở cấp thành phố trong tháng 12-2019.")
    button(drafter, "Lưu dự thảo").click()
    expect(drafter.locator("main section.body")).to_contain_text("Sơ kết ở cấp thành phố")
    button(drafter, "Gửi Ban Dân vận").click()
    expect(state_badge(drafter)).to_have_text("Đã gửi, chờ duyệt")
    expect(drafter.locator("main .returned-notice")).to_have_count(0)

    # The reviewer is told of the resubmission in the commission's inbox.
    reviewer.goto("/inbox/")
    resubmitted = reviewer.locator(".inbox li").filter(has_text="gửi kế hoạch chờ duyệt")
    expect(resubmitted.first).to_contain_text(PLAN_TITLE)
    shoot(reviewer, "journey2-reviewer-inbox-desktop")

    reviewer.goto("/")
    reviewer.locator("main table").get_by_role("link", name=PLAN_TITLE).click()
    button(reviewer, "Duyệt kế hoạch").click()
    expect(state_badge(reviewer)).to_have_text("Đã duyệt")
    timeline = reviewer.get_by_role("img", name=re.compile("Lịch sử kế hoạch"))
    expect(timeline.locator(".tl-step")).to_have_count(4)
    shoot(reviewer, "journey2-approved-desktop")
    plan_path = reviewer.url.split("127.0.0.1", 1)[1].split("/", 1)[1]
    shoot_both(new_page, REVIEWER, "/", "journey2-reviewer-home")
    shoot_both(new_page, REVIEWER, f"/{plan_path}", "journey2-approved")


def test_journey_3_reader_searches_without_diacritics_and_opens_the_directive(new_page):
    for viewport in ("desktop", "phone"):
        page = new_page(viewport)
        login(page, READER)
        search = page.get_by_role("searchbox")
        search.fill("chi thi 11 doan vien")
        search.press("Enter")
        first = page.locator("main ol.hits > li").first.get_by_role("link").first
        expect(first).to_contain_text("11-CT/TU")
        shoot(page, f"journey3-results-{viewport}")
        first.click()

        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("chỉ thị", re.I))
        graph = page.get_by_role("img", name=re.compile(r"Sơ đồ dẫn chiếu của 11-CT.TU"))
        expect(graph).to_be_visible()
        expect(graph.locator(".gr-cited")).not_to_have_count(0)
        expect(graph.locator(".gr-plan")).not_to_have_count(0)
        shoot(page, f"journey3-document-{viewport}")
        graph.screenshot(path=str(SCREENSHOTS / f"journey3-graph-{viewport}.png"))
