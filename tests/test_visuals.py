"""The SVG pictures: the plan timeline, the citation graph and the workflow help page."""

from __future__ import annotations

import re
from datetime import datetime
from types import SimpleNamespace

from flask import render_template

from documents.db import db
from portal.visuals import Link, citation_graph, clip, plan_timeline, workflow_diagram
from workflows.definitions import DOCUMENT_WORKFLOW, PLAN_WORKFLOW
from workflows.engine import fire

HOSTILE = '<script>alert(1)</script>"><svg onload=alert(2)>'


def event(transition, source, dest, name="Nguyễn Văn A", comment=""):
    return SimpleNamespace(
        transition=transition,
        from_state=source,
        to_state=dest,
        created_at=datetime(2019, 9, 1, 3, 0),
        comment=comment,
        actor=SimpleNamespace(full_name=name),
    )


def svgs(html):
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def test_clip_keeps_short_labels_and_cuts_long_ones_with_an_ellipsis():
    assert clip("11-CT/TU") == "11-CT/TU"
    assert clip("a  b\n c") == "a b c"
    cut = clip("x" * 80, 30)
    assert len(cut) == 30 and cut.endswith("…")


def test_plan_timeline_has_one_step_per_event_then_the_current_state():
    events = [
        event("submit", "drafted", "submitted"),
        event("return", "submitted", "drafted", comment="Bổ sung"),
        event("submit", "drafted", "submitted"),
    ]
    tl = plan_timeline(PLAN_WORKFLOW, events, "submitted", fmt=lambda d: d.date().isoformat())
    assert [s.action for s in tl.steps] == [
        "Gửi Ban Dân vận",
        "Trả lại để chỉnh sửa",
        "Gửi Ban Dân vận",
    ]
    assert [s.y for s in tl.steps] == sorted({s.y for s in tl.steps})
    assert tl.steps[1].commented and tl.steps[1].dest == "Dự thảo"
    assert tl.current_y > tl.steps[-1].y and tl.height > tl.current_y
    assert "3 bước" in tl.summary and "Đã gửi, chờ duyệt" in tl.summary
    assert tl.steps[0].when == "2019-09-01"


def test_plan_timeline_of_a_fresh_draft_says_so():
    tl = plan_timeline(PLAN_WORKFLOW, [], "drafted")
    assert tl.steps == [] and "chưa qua bước xử lý nào" in tl.summary


def test_citation_graph_puts_what_it_cites_above_and_what_cites_it_below():
    graph = citation_graph(
        "11-CT/TU",
        "Chỉ thị",
        [Link("40-CTr/TU", "Chương trình", "thực hiện"), Link("56-CTr/TU", "", "dẫn chiếu")],
        [Link("12-KH/TU", "Kế hoạch", "thực hiện")],
        [Link("Thành ủy Rạch Giá", "Dự thảo", "kế hoạch thực hiện")],
    )
    centre = next(n for n in graph.nodes if n.kind == "center")
    above = [n for n in graph.nodes if n.kind == "cited"]
    below = [n for n in graph.nodes if n.kind in ("citing", "plan")]
    assert len(above) == 2 and len(below) == 2 and len(graph.edges) == 4
    assert all(n.y + n.h <= centre.y for n in above)
    assert all(n.y >= centre.y + centre.h for n in below)
    assert all(n.w == centre.w and 0 <= n.x and n.x + n.w <= graph.width for n in graph.nodes)
    assert all(n.y + n.h <= graph.height for n in graph.nodes)
    assert "40-CTr/TU (thực hiện)" in graph.summary and "1 kế hoạch" in graph.summary


def test_citation_graph_of_a_lonely_document_is_just_the_document():
    graph = citation_graph("1-TB/TU", "Thông báo", [], [], [])
    assert [n.kind for n in graph.nodes] == ["center"] and graph.edges == []
    assert "Không dẫn chiếu" in graph.summary


def test_workflow_diagram_has_a_box_per_state_and_an_arrow_per_transition():
    for workflow in (PLAN_WORKFLOW, DOCUMENT_WORKFLOW):
        diagram = workflow_diagram(workflow)
        assert [b.name for b in diagram.boxes] == list(workflow.state_names)
        assert [a.name for a in diagram.arrows] == [t.name for t in workflow.transitions]
        assert all(b.y + b.h <= diagram.height for b in diagram.boxes)
    plan = {a.name: a for a in workflow_diagram(PLAN_WORKFLOW).arrows}
    assert not plan["return"].forward and plan["return"].needs == "cần ý kiến"
    assert plan["report"].needs == "cần báo cáo kết quả"
    assert plan["review"].who == ("Ban Dân vận (người duyệt)",)


def test_help_page_draws_every_state_and_transition_of_both_workflows(client):
    response = client.get("/help/workflow")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    drawn = svgs(html)
    assert len(drawn) == 2 and all('role="img"' in s and "<title" in s for s in drawn)
    for workflow, svg in zip((PLAN_WORKFLOW, DOCUMENT_WORKFLOW), drawn, strict=True):
        for state in workflow.states:
            assert f">{state.title}</text>" in svg
        for transition in workflow.transitions:
            assert f">{transition.title}</tspan>" in svg
    assert "cần ý kiến" in drawn[0] and "cần báo cáo kết quả" in drawn[0]


def test_footer_links_to_the_workflow_help(client):
    assert 'href="/help/workflow"' in client.get("/auth/login").get_data(as_text=True)


def test_svg_templates_escape_hostile_names(app):
    with app.test_request_context():
        timeline = render_template(
            "plans/_timeline.svg.html",
            plan=SimpleNamespace(state="submitted"),
            events=[event("submit", "drafted", "submitted", name=HOSTILE)],
        )
        graph = render_template(
            "documents/_graph.svg.html",
            document=SimpleNamespace(symbol=HOSTILE, title=HOSTILE, doc_type="CT"),
            cites=[],
            cited_by=[
                (
                    SimpleNamespace(kind_label="thực hiện"),
                    SimpleNamespace(symbol=None, title=HOSTILE),
                )
            ],
            plans=[
                SimpleNamespace(unit=SimpleNamespace(short_name=HOSTILE, name=""), state="drafted")
            ],
        )
    for svg in (timeline, graph):
        assert "<script" not in svg and "<svg onload" not in svg
        assert "&lt;script&gt;" in svg


def test_plan_page_shows_its_history_as_a_timeline(world, client, auth, factory):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "return", actor=world.reviewer, comment="Bổ sung")
    db.session.commit()
    auth.login("drafter")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    (svg,) = [s for s in svgs(html) if "plan-timeline" in s]
    assert svg.count('class="tl-dot state-') == 2
    assert "Trả lại để chỉnh sửa" in svg and "Người dùng reviewer" in svg
    assert "Hiện tại: Dự thảo" in svg


def test_document_page_shows_its_citation_graph_with_the_plans(world, client, auth, factory):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    auth.login("reviewer")
    html = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    (svg,) = [s for s in svgs(html) if "citation-graph" in s]
    assert 'role="img"' in svg and "11-CT/TU" in svg
    assert 'class="gr-node gr-plan"' in svg and "thanhuy-rachgia" in svg
