"""Citation symbols in plan bodies, reports and history comments are links, as in
documents, and stay escaped (issue 13, item 12)."""

from __future__ import annotations

import re

from documents.db import db
from tests.conftest import AuthActions
from workflows.engine import fire

BODY = "Triển khai Chỉ thị số 11-CT/TU và Nghị quyết số 99-NQ/TW; xem thêm 12-CT/TU."
COMMENT = "Đề nghị đối chiếu 11-CT/TU <script>alert(1)</script> & bổ sung."


def _section(html: str, css_class: str) -> str:
    match = re.search(rf'<section class="{css_class}">(.*?)</section>', html, re.S)
    assert match, css_class
    return match.group(1)


def _plan_with_history(world, factory):
    draft = factory.document(symbol="12-CT/TU", number=12, issuer=world.province)
    draft.state = "draft"  # only the commission and administrators may read it
    plan = factory.plan(world.assignment, world.drafter, body=BODY)
    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "return", actor=world.reviewer, comment=COMMENT)
    db.session.commit()
    return plan


def test_plan_body_links_cited_symbols_to_visible_documents_or_a_search(
    world, factory, app, client
):
    plan = _plan_with_history(world, factory)
    AuthActions(client).login("drafter")
    body = _section(client.get(f"/plans/{plan.id}").get_data(as_text=True), "body")
    assert f'<a href="/documents/{world.directive.id}">11-CT/TU</a>' in body
    assert '<a href="/search?q=99-NQ/TW">99-NQ/TW</a>' in body
    # A draft the drafter may not read is not revealed: the symbol leads to a search.
    assert '<a href="/search?q=12-CT/TU">12-CT/TU</a>' in body


def test_history_comments_link_symbols_and_stay_escaped(world, factory, app, client):
    plan = _plan_with_history(world, factory)
    AuthActions(client).login("drafter")
    for url in (f"/plans/{plan.id}", f"/plans/{plan.id}/versions"):
        html = client.get(url).get_data(as_text=True)
        comment = " | ".join(re.findall(r'class="comment">(.*?)</(?:td|span)>', html, re.S))
        assert f'<a href="/documents/{world.directive.id}">11-CT/TU</a>' in comment, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; bổ sung." in comment, url
        assert "<script>" not in html


def test_the_commission_is_linked_to_the_draft_it_may_read(world, factory, app, client):
    plan = _plan_with_history(world, factory)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    draft_id = db.session.execute(
        db.text("SELECT id FROM document WHERE symbol = '12-CT/TU'")
    ).scalar_one()
    AuthActions(client).login("reviewer")
    body = _section(client.get(f"/plans/{plan.id}").get_data(as_text=True), "body")
    assert f'<a href="/documents/{draft_id}">12-CT/TU</a>' in body
