"""The SVG pictures: the plan timeline, the citation graph and the workflow help page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from types import SimpleNamespace

import pytest
from flask import render_template, session
from flask_babel import refresh

from documents.db import db
from portal.pictures.graphs import (
    GR_PLAN_NODES,
    Link,
    citation_graph,
    clip,
    document_graph,
    plan_timeline,
)
from portal.pictures.textwidth import text_width
from portal.pictures.workflow import LABEL_SIZE, STATE_SIZE, WF_BOX_PAD, workflow_diagram
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


def graph_of_plans(states):
    plans = [
        SimpleNamespace(unit=SimpleNamespace(short_name=f"xa-{n}", name=""), state=state)
        for n, state in enumerate(states)
    ]
    document = SimpleNamespace(symbol="11-CT/TU", title="Chỉ thị 11", doc_type="CT")
    return document_graph(
        document, [], [], plans, state_titles=PLAN_WORKFLOW.state_titles, type_name=str
    )


def test_citation_graph_draws_a_few_plans_one_box_each():
    graph = graph_of_plans(["drafted", "submitted"] + ["reviewed"] * (GR_PLAN_NODES - 2))
    plans = [n for n in graph.nodes if n.kind == "plan"]
    assert [n.label for n in plans] == [f"xa-{n}" for n in range(GR_PLAN_NODES)]
    assert f"{GR_PLAN_NODES} kế hoạch thực hiện: xa-0, xa-1" in graph.summary


def test_citation_graph_draws_many_plans_one_box_per_state_in_workflow_order():
    """150 communes on one directive: a box per state with its count, not 75 rows."""
    states = ["reported"] * 90 + ["drafted"] * 40 + ["submitted"] * 20
    graph = graph_of_plans(states)
    plans = [n for n in graph.nodes if n.kind == "plan"]
    titles = PLAN_WORKFLOW.state_titles
    assert [n.label for n in plans] == [titles["drafted"], titles["submitted"], titles["reported"]]
    assert [n.sub for n in plans] == [f"{k} kế hoạch thực hiện" for k in (40, 20, 90)]
    assert len(graph.edges) == 3 and graph.height < 400
    assert "150 kế hoạch thực hiện:" in graph.summary
    assert f"{titles['reported']} 90" in graph.summary


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


def rects_overlap(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def assert_every_label_fits(diagram):
    """State titles fit their boxes; labels and boxes stay inside the picture and apart."""
    for box in diagram.boxes:
        assert text_width(box.title, STATE_SIZE, bold=True) + 2 * WF_BOX_PAD <= box.w, box.title
    for arrow in diagram.arrows:
        x, y, w, h = arrow.label_box
        lines = [text_width(arrow.title, LABEL_SIZE, bold=True)]
        lines += [text_width(line, LABEL_SIZE) for line in (*arrow.who, arrow.needs) if line]
        assert max(lines) <= w, arrow.title
        assert h >= 15 * (len(lines) - 1) + 12
        assert (arrow.lx == x) if arrow.anchor == "start" else (arrow.lx == x + w)
    rects = [(b.x, b.y, b.w, b.h) for b in diagram.boxes] + [a.label_box for a in diagram.arrows]
    for x, y, w, h in rects:
        assert 0 <= x and x + w <= diagram.width and 0 <= y and y + h <= diagram.height
    for i, one in enumerate(rects):
        for other in rects[i + 1 :]:
            assert not rects_overlap(one, other), (one, other)


def in_language(app, code):
    context = app.test_request_context("/")
    context.push()
    session["lang"] = code
    refresh()
    return context


@pytest.mark.parametrize("code", ["vi", "en"])
def test_workflow_diagram_fits_every_label_in_both_languages(app, code):
    context = in_language(app, code)
    try:
        for workflow in (PLAN_WORKFLOW, DOCUMENT_WORKFLOW):
            diagram = workflow_diagram(workflow)
            assert_every_label_fits(diagram)
        english = workflow_diagram(PLAN_WORKFLOW).boxes[1].title == "Submitted, awaiting approval"
        assert english == (code == "en")
    finally:
        context.pop()


def test_workflow_diagram_grows_with_long_labels_and_keeps_arcs_apart(app):
    long_state = replace(
        PLAN_WORKFLOW.states[1], title="Đã gửi Ban Dân vận Tỉnh ủy, đang chờ lãnh đạo Ban xem xét"
    )
    skip = replace(
        PLAN_WORKFLOW.transitions[0],
        name="fast",
        dest="reviewed",
        title="Gửi thẳng để duyệt ngay, không qua bước chờ duyệt thông thường",
    )
    back = replace(PLAN_WORKFLOW.transitions[1], name="reopen", source="reported")
    workflow = replace(
        PLAN_WORKFLOW,
        states=(PLAN_WORKFLOW.states[0], long_state, *PLAN_WORKFLOW.states[2:]),
        transitions=(*PLAN_WORKFLOW.transitions, skip, back),
    )
    context = in_language(app, "vi")
    try:
        diagram = workflow_diagram(workflow)
    finally:
        context.pop()
    assert_every_label_fits(diagram)
    assert diagram.boxes[0].w > 300 and diagram.width > workflow_diagram(PLAN_WORKFLOW).width
    arcs = {a.name: a for a in diagram.arrows}
    # "return" (submitted → drafted) and "reopen" (reported → drafted) share a gap: two lanes.
    assert arcs["reopen"].label_box[0] + arcs["reopen"].label_box[2] < arcs["return"].label_box[0]
    assert arcs["fast"].anchor == "start" and arcs["fast"].label_box[0] > diagram.boxes[0].x


def test_text_width_counts_vietnamese_letters_as_their_base_letters():
    assert text_width("Đã duyệt", 14) == text_width("Da duyet", 14)
    assert text_width("ư", 14) > text_width("u", 14) == text_width("ú", 14)
    assert text_width("Dự thảo", 14, bold=True) > text_width("Dự thảo", 14)
    assert text_width("mmmm", 12) > text_width("iiii", 12) > 0
    decomposed = "Dư\u0323 tha\u0309o"  # NFD input measures as NFC
    assert text_width(decomposed, 14) == text_width("Dự thảo", 14)
