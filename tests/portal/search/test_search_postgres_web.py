"""The portal with ``SEARCH_BACKEND=postgres``: saves feed the index in the database,
searches, ``/healthz``, ``flask reindex``, ``search drain`` and ``search check``.

Runs on the PostgreSQL of ``TEST_DATABASE_URL``, else of ``postgresql://127.0.0.1/test``
when one answers there; skipped with the reason otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select

from documents.db import db
from documents.models import IndexOutbox, Plan
from portal import create_app
from portal.indexing import search_backend
from search_index.postgres.schema import SearchEntry
from tests.conftest import _postgres_schema, csrf_from
from tests.fixtures.postgres import _postgres_url


@pytest.fixture
def database_config() -> Iterator[dict]:
    """Overrides the project's: always PostgreSQL, with the postgres search backend."""
    schema = _postgres_schema(_postgres_url())
    yield {**next(schema), "SEARCH_BACKEND": "postgres"}
    next(schema, None)  # drops the schema


def api_search(client, text: str) -> list[tuple[str, int]]:
    hits = client.get("/api/search", query_string={"q": text}).get_json()["hits"]
    return [(hit["kind"], hit["id"]) for hit in hits]


def test_postgres_backend_is_refused_on_sqlite(tmp_path):
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND=postgres chỉ dùng được"):
        create_app(
            {
                "SECRET_KEY": "k",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "SEARCH_BACKEND": "postgres",
            }
        )
    with pytest.raises(RuntimeError, match="không hợp lệ"):
        create_app(
            {"SECRET_KEY": "k", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SEARCH_BACKEND": "x"}
        )


def test_a_saved_plan_is_found_through_the_web(app, world, client, auth):
    assert search_backend().name == "postgres"
    search_backend().apply_outbox(db.session)  # the world's directive
    db.session.commit()
    auth.login("drafter")
    form = client.get(f"/plans/new?assignment={world.assignment.id}")
    response = client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form.get_data(as_text=True)),
            "assignment": world.assignment.id,
            "title": "Kế hoạch củng cố chi hội nông dân",
            "body": "Rà soát hội viên ở các ấp.",
        },
    )
    assert response.status_code == 302
    plan = db.session.scalars(select(Plan)).one()
    # the view's commit applied the outbox in the database transaction that followed
    assert db.session.scalar(select(func.count()).select_from(IndexOutbox)) == 0
    assert api_search(client, "cung co chi hoi") == [("plan", plan.id)]
    assert api_search(client, "chi thi 11")[0] == ("document", world.directive.id)
    page = client.get("/search", query_string={"q": "hoi vien"}).get_data(as_text=True)
    assert f'href="/plans/{plan.id}"' in page and "<mark>hội</mark>" in page
    auth.logout()
    auth.login("other")  # another unit's drafter: the draft stays invisible
    assert ("plan", plan.id) not in api_search(client, "cung co chi hoi")
    assert ("plan", plan.id) not in api_search(client, "hoi vien")


def test_healthz_reports_the_postgres_index(app, world, client):
    search_backend().apply_outbox(db.session)
    db.session.commit()
    report = client.get("/healthz").get_json()
    assert report["index"] == "ok" and report["search_backend"] == "postgres"
    assert report["status"] == "ok"
    db.session.execute(delete(SearchEntry))  # as if the backend had just been switched on
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["index"] == "missing"


def test_reindex_drain_and_check_commands(app, world, factory, client, auth):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Đã đánh chỉ mục 1 mục." in result.output
    assert db.session.scalar(select(func.count()).select_from(IndexOutbox)) == 0
    factory.document("12-CT/TU", "Về công tác thanh niên", number=12, issuer=world.province)
    db.session.commit()
    result = runner.invoke(args=["search", "drain"])
    assert result.exit_code == 0 and "Đã áp dụng 1 thay đổi." in result.output, result.output
    db.session.execute(
        delete(SearchEntry).where(SearchEntry.key == f"document:{world.directive.id}")
    )
    db.session.commit()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "Thiếu trong chỉ mục: 1; cũ: 0; thừa: 0; trùng lặp: 0." in result.output
    assert "còn khác biệt: 0." in result.output
    auth.login("reader")
    assert api_search(client, "thanh nien")[0][0] == "document"
    assert api_search(client, "11-CT/TU")[0] == ("document", world.directive.id)
