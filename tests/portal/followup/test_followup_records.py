"""Inspections with follow-up tasks, review events with the units' reports (missing ones in
the matrix), key figures entered at the reported stage, and deadlines on the unit's home."""

from __future__ import annotations

from datetime import date

from documents.db import db
from documents.followup.figures import FigureValue, define_figure
from documents.followup.inspections import (
    Inspection,
    InspectionTask,
    ReviewReport,
    create_review_event,
)
from documents.i18n import render
from tests.conftest import AuthActions, csrf_from
from workflows.engine import fire


def token(client, url="/"):
    return csrf_from(client.get(url).get_data(as_text=True))


def test_reviewer_records_an_inspection_and_updates_its_tasks(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/inspections/new"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "unit": world.unit.id,
            "kind": "kiem_tra",
            "held_on": "2019-11-05",
            "team": "Phó Trưởng Ban và 2 chuyên viên",
            "findings": "Rà soát đoàn viên còn chậm ở 3 phường.",
            "tasks": "Hoàn thành rà soát\nCập nhật sổ đoàn viên\n",
            "tasks_due_on": "2019-12-01",
        },
    )
    assert response.status_code == 302
    inspection = db.session.scalar(db.select(Inspection))
    assert [t.description for t in inspection.tasks] == [
        "Hoàn thành rà soát",
        "Cập nhật sổ đoàn viên",
    ]
    task = inspection.tasks[0]
    page = f"/assignments/inspections/{inspection.id}"
    done = client.post(
        f"/assignments/tasks/{task.id}/status",
        data={"csrf_token": token(client, page), "status": "done"},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(InspectionTask, task.id).status == "done"
    listing = client.get(f"/assignments/documents/{world.directive.id}/inspections")
    assert "1/2 đã hoàn thành" in listing.get_data(as_text=True)


def test_inspection_form_without_findings_comes_back_filled_in(world, client):
    AuthActions(client).login("reviewer")
    url = f"/assignments/documents/{world.directive.id}/inspections/new"
    response = client.post(
        url,
        data={
            "csrf_token": token(client, url),
            "unit": world.unit.id,
            "kind": "giam_sat",
            "held_on": "2019-11-05",
            "team": "Đoàn giám sát số 2",
            "findings": "",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Cần nhập kết quả, nhận xét." in html
    assert "Đoàn giám sát số 2" in html
    assert db.session.scalars(db.select(Inspection)).all() == []


def test_a_unit_drafter_cannot_record_inspections(world, client):
    AuthActions(client).login("drafter")
    url = f"/assignments/documents/{world.directive.id}/inspections/new"
    assert client.get(url).status_code == 403


def test_units_attach_review_reports_and_missing_ones_show_in_the_matrix(world, app, client):
    event = create_review_event(
        db.session, world.directive, kind="so_ket", level="district", due_on=date(2019, 12, 31)
    )
    db.session.commit()
    assert render(event.title) == "Sơ kết cấp huyện năm 2019"
    AuthActions(client).login("drafter")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "Sơ kết cấp huyện năm 2019" in inbox
    url = f"/assignments/reviews/{event.id}/report"
    sent = client.post(
        url, data={"csrf_token": token(client, url), "body": "Đã sơ kết ở 12 phường."}
    )
    assert sent.status_code == 302
    assert db.session.scalar(db.select(ReviewReport)).unit_id == world.unit.id

    reviewer = app.test_client()
    AuthActions(reviewer).login("reviewer")
    html = reviewer.get(f"/assignments/documents/{world.directive.id}/coverage").get_data(
        as_text=True
    )
    assert html.count("Thiếu: Sơ kết cấp huyện năm 2019") == 1  # Phú Quốc only
    reviews = reviewer.get(f"/assignments/documents/{world.directive.id}/reviews")
    assert "1/2 đơn vị đã gửi báo cáo" in reviews.get_data(as_text=True)
    outsider = app.test_client()
    AuthActions(outsider).login("reader")
    assert outsider.get(url).status_code == 404  # as if missing


def test_unit_enters_key_figures_only_after_its_plan_is_reviewed(world, factory, client):
    figure = define_figure(db.session, world.directive, "Số chi hội được củng cố", "chi hội")
    plan = factory.plan(world.assignment, world.drafter)
    db.session.commit()
    AuthActions(client).login("drafter")
    url = f"/assignments/{world.assignment.id}/results"
    data = {"csrf_token": token(client, url), "year": "2019", f"figure_{figure.id}": "12"}
    client.post(url, data=data)
    assert db.session.scalars(db.select(FigureValue)).all() == []

    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "review", actor=world.reviewer)
    db.session.commit()
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalar(db.select(FigureValue)).value == 12
    negative = client.post(url, data={**data, f"figure_{figure.id}": "-3"})
    assert negative.status_code == 422
    assert "Số liệu phải là số nguyên không âm." in negative.get_data(as_text=True)


def test_another_unit_cannot_enter_or_read_a_units_figures(world, factory, client):
    AuthActions(client).login("other")
    assert (
        client.get(f"/assignments/{world.assignment.id}/results").status_code == 404
    )  # as if missing


def test_figures_roll_up_on_the_figures_page(world, factory, client):
    from documents.followup.figures import record_values

    figure = define_figure(db.session, world.directive, "Số hội viên mới kết nạp", "người")
    record_values(db.session, world.assignment, 2019, {figure.id: 40})
    record_values(db.session, world.other_assignment, 2019, {figure.id: 2})
    db.session.commit()
    AuthActions(client).login("reviewer")
    html = client.get(f"/assignments/documents/{world.directive.id}/figures?year=2019").get_data(
        as_text=True
    )
    assert '<td class="num">42</td>' in html


def test_unit_home_colours_near_due_and_overdue_deadlines(world, app, client):
    AuthActions(client).login("drafter")
    app.config["FIXED_TODAY"] = date(2019, 9, 18)
    assert '<span class="due ">hạn 30/9/2019 (còn 12 ngày)' in client.get("/").get_data(
        as_text=True
    )
    app.config["FIXED_TODAY"] = date(2019, 9, 23)
    assert '<span class="due near">hạn 30/9/2019 (còn 7 ngày)' in client.get("/").get_data(
        as_text=True
    )
    app.config["FIXED_TODAY"] = date(2019, 10, 1)
    assert '<span class="due overdue">hạn 30/9/2019 (quá hạn 1 ngày)' in client.get("/").get_data(
        as_text=True
    )
    app.config.update(FIXED_TODAY=date(2019, 9, 18), NEAR_DUE_DAYS=14)
    assert '<span class="due near">' in client.get("/").get_data(as_text=True)


def test_reviewer_home_links_to_the_matrices(world, client):
    AuthActions(client).login("reviewer")
    assert "/assignments/" in client.get("/").get_data(as_text=True)
    index = client.get("/assignments/").get_data(as_text=True)
    assert f"/assignments/documents/{world.directive.id}/coverage" in index


def test_reviewed_plan_page_links_the_unit_to_its_figures(world, factory, client):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter)
    fire(db.session, plan, "review", actor=world.reviewer)
    db.session.commit()
    AuthActions(client).login("drafter")
    html = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert f"/assignments/{world.assignment.id}/results" in html


def test_every_follow_up_page_renders_for_the_demo_data(app, client):
    from documents.followup.inspections import ReviewEvent
    from documents.models import Document

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    inspection = db.session.scalar(db.select(Inspection))
    event = db.session.scalar(db.select(ReviewEvent))
    reported = next(a for a in directive.assignments if a.plan and a.plan.state == "reported")
    AuthActions(client).login("bandanvan", "demo-11-CT-TU")
    doc = f"/assignments/documents/{directive.id}"
    for url in (
        "/",
        "/assignments/",
        f"{doc}/coverage?sort=days&dir=desc&bucket=open_in_time&kind=district_committee",
        f"{doc}/coverage?near=1&q=ph%C3%BA",
        f"{doc}/assign",
        f"{doc}/inspections",
        f"{doc}/inspections/new",
        f"/assignments/inspections/{inspection.id}",
        f"{doc}/reviews",
        f"{doc}/figures?year=2019",
        f"{doc}/report",
        f"/assignments/{reported.id}/results?year=2019",
        f"/assignments/{directive.assignments[0].id}/urge",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    figures = client.get(f"{doc}/figures?year=2019").get_data(as_text=True)
    # Vietnamese groups thousands with a dot (issue 8).
    assert '<td class="num">2.050</td>' in figures
    unit = app.test_client()
    AuthActions(unit).login("phunu.tinh", "demo-11-CT-TU")
    assert unit.get("/inbox/").status_code == 200
    assert unit.get(f"/assignments/reviews/{event.id}/report").status_code == 200


def test_matrix_names_the_review_events_once_and_a_unit_missing_all_in_a_few_words(world, client):
    district = create_review_event(
        db.session, world.directive, kind="so_ket", level="district", due_on=date(2019, 12, 31)
    )
    create_review_event(
        db.session, world.directive, kind="so_ket", level="province", due_on=date(2019, 12, 31)
    )
    db.session.add(
        ReviewReport(
            event_id=district.id,
            unit_id=world.unit.id,
            body="Đã sơ kết.",
            submitted_by=world.drafter,
        )
    )
    db.session.commit()
    AuthActions(client).login("reviewer")
    html = client.get(f"/assignments/documents/{world.directive.id}/coverage").get_data(
        as_text=True
    )
    assert html.count("Sơ kết cấp huyện năm 2019") == 1  # in the list above the table only
    assert html.count("Thiếu: Sơ kết cấp tỉnh năm 2019") == 1  # the unit that sent one
    assert html.count("Thiếu cả 2 đợt") == 1  # Phú Quốc, which sent none
