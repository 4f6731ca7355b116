"""One version numbering everywhere (issue #13, item 8): the number a plan's or a
document's page shows is the number its versions page marks as current, however many
workflow steps (which bump the row's lock counter) happened in between."""

from __future__ import annotations

import re

from documents.plans import PlanInput, update_plan
from tests.fixtures.documents import save_document
from workflows.engine import fire


def current_on_versions_page(html: str) -> int:
    return int(re.search(r"<td>(\d+) <span class=\"badge\">hiện tại</span>", html).group(1))


def test_plan_page_and_versions_page_show_the_same_number(world, factory, session, client, auth):
    plan = factory.plan(world.assignment, world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment="Bổ sung chỉ tiêu.")
    update_plan(session, plan, PlanInput(plan.title, "Nội dung mới."), author=world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment="Thêm tiến độ.")
    session.commit()
    assert plan.version > 2  # the lock counter moved with every step
    auth.login("drafter")
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    shown = int(re.search(r"phiên bản (\d+)", page).group(1))
    versions = client.get(f"/plans/{plan.id}/versions").get_data(as_text=True)
    assert shown == current_on_versions_page(versions) == 2


def test_document_page_and_versions_page_show_the_same_number(world, session, client, auth):
    document = world.directive
    for body in ("Nội dung sửa lần một.", "Nội dung sửa lần hai."):
        save_document(session, document, world.reviewer, body=body)
    session.commit()
    auth.login("reviewer")
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    shown = int(re.search(r"phiên bản (\d+)", page).group(1))
    versions = client.get(f"/documents/{document.id}/versions").get_data(as_text=True)
    assert shown == current_on_versions_page(versions) == 2
