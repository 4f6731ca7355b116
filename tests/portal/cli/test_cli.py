"""Command-line tools: init-db, seed-demo (idempotent, refused in production), create-user,
reindex."""

from __future__ import annotations

from documents.db import db
from documents.models import Assignment, Document, OrgUnit, Plan, User
from portal import create_app
from workflows.definitions import PLAN_WORKFLOW


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args), catch_exceptions=False)


def test_seed_demo_loads_the_directive_its_chain_units_and_plans_in_every_state(app):
    result = run(app, "seed-demo")
    assert result.exit_code == 0, result.output
    symbols = set(db.session.scalars(db.select(Document.symbol)))
    assert symbols == {"11-CT/TU", "40-CTr/TU", "25-NQ/TW", "56-CTr/TU", "62-KL/TW"}
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == 26
    assert db.session.scalar(db.select(OrgUnit).filter_by(code="bandanvan")).is_commission
    usernames = set(db.session.scalars(db.select(User.username)))
    assert {
        "admin",
        "bandanvan",
        "thanhuy.rachgia",
        "huyenuy.phuquoc",
        "tinhdoan",
        "hoinongdan",
        "docgia",
    } <= usernames
    states = set(db.session.scalars(db.select(Plan.state)))
    assert states == set(PLAN_WORKFLOW.state_names)


def test_seed_demo_is_idempotent(app):
    run(app, "seed-demo")
    counts = [
        db.session.scalar(db.select(db.func.count()).select_from(m))
        for m in (OrgUnit, User, Document, Assignment, Plan)
    ]
    result = run(app, "seed-demo")
    assert result.exit_code == 0
    again = [
        db.session.scalar(db.select(db.func.count()).select_from(m))
        for m in (OrgUnit, User, Document, Assignment, Plan)
    ]
    assert again == counts


def test_seed_demo_refuses_in_production(tmp_path):
    app = create_app(
        {
            "PORTAL_ENV": "production",
            "SECRET_KEY": "s",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
            "SEARCH_INDEX_DIR": str(tmp_path / "i"),
        }
    )
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "Không nạp dữ liệu mẫu" in result.output


def test_demo_user_logs_in_with_the_readme_password(app, client):
    run(app, "seed-demo")
    from tests.conftest import AuthActions

    response = AuthActions(client).login("thanhuy.rachgia", "demo-11-CT-TU")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "11-CT/TU</a>" in home and "kế hoạch thực hiện, " in home and "Soạn kế hoạch" in home


def test_create_user_and_refuse_a_duplicate(app):
    run(app, "seed-demo")
    args = [
        "create-user",
        "chuyenvien.hatien",
        "--full-name",
        "Lê Văn Hà",
        "--unit",
        "thanhuy-hatien",
        "--role",
        "drafter",
        "--password",
        "mot-mat-khau-du-dai",
    ]
    assert run(app, *args).exit_code == 0
    user = db.session.scalar(db.select(User).filter_by(username="chuyenvien.hatien"))
    assert user.has_role("drafter", user.unit_id)
    duplicate = app.test_cli_runner().invoke(args=args)
    assert duplicate.exit_code != 0 and "đã có" in duplicate.output


def test_init_db_and_reindex(app):
    assert run(app, "init-db").exit_code == 0
    run(app, "seed-demo")
    result = run(app, "reindex")
    assert result.exit_code == 0 and "Đã đánh chỉ mục" in result.output
