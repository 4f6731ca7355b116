"""The two reports of issue 12, as a new user met them on the demo data: restoring a
plan's earlier version, or uploading one attachment, made documents and plans appear
more than once in the search results; ``search check`` and ``/healthz`` then said all
was well. Runs on the project's database (PostgreSQL with ``TEST_DATABASE_URL``)."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest

from documents.db import db
from documents.models import Document, Plan, User
from portal.demo.data import DEMO_PASSWORD
from portal.indexing import search_backend
from search_index.fields import fields_for_document
from search_index.whoosh.generations import open_index
from tests.conftest import AuthActions, csrf_from
from workflows.security import can

SHARED_SYMBOL = "Có nhiều văn bản cùng số ký hiệu"


def seeded(app, client, username: str) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    AuthActions(client).login(username, DEMO_PASSWORD)


def found(client, text: str) -> tuple[int, Counter]:
    """(total, hits per (kind, id)) of every page of ``text``'s results."""
    counts: Counter = Counter()
    total = None
    for page in range(1, 20):
        answer = client.get("/api/search", query_string={"q": text, "limit": 100, "page": page})
        data = answer.get_json()
        total = data["total"] if total is None else total
        counts.update((hit["kind"], hit["id"]) for hit in data["hits"])
        if not data["hits"] or sum(counts.values()) >= total:
            break
    return total, counts


def test_restoring_a_plan_version_leaves_each_hit_once(app, client):
    app.test_cli_runner().invoke(args=["seed-demo"], catch_exceptions=False)
    user, plan = next(
        (u, p)
        for u in db.session.scalars(db.select(User).order_by(User.id))
        for p in db.session.scalars(db.select(Plan).order_by(Plan.id))
        if can(u, p, "edit")
    )
    AuthActions(client).login(user.username, DEMO_PASSWORD)
    before_total, before = found(client, "11-CT/TU")
    assert before and max(before.values()) == 1
    versions = client.get(f"/plans/{plan.id}/versions").get_data(as_text=True)
    restored = client.post(
        f"/plans/{plan.id}/versions/1/restore", data={"csrf_token": csrf_from(versions)}
    )
    assert restored.status_code == 302
    for text in ("11-CT/TU", "chi thi 11", "kế hoạch"):
        total, counts = found(client, text)
        assert max(counts.values()) == 1, f"{text}: {counts.most_common(3)}"
        assert total == sum(counts.values())
    assert found(client, "11-CT/TU") == (before_total, before)
    results = client.get("/search", query_string={"q": "11-CT/TU"}).get_data(as_text=True)
    assert SHARED_SYMBOL not in results


def test_one_attachment_upload_leaves_the_hit_count_unchanged(app, client):
    seeded(app, client, "admin")
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    before_total, before = found(client, "chi thi 11")
    page = client.get(f"/documents/{directive.id}").get_data(as_text=True)
    uploaded = client.post(
        f"/documents/{directive.id}/attachments",
        data={
            "csrf_token": csrf_from(page),
            "file": (io.BytesIO("Phụ lục về biển đảo Phú Quốc.".encode()), "phu-luc.txt"),
        },
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302
    total, counts = found(client, "chi thi 11")
    assert (total, counts) == (before_total, before)
    total, counts = found(client, "bien dao phu quoc")
    assert counts[("document", directive.id)] == 1


def test_search_check_and_healthz_report_duplicate_entries(app, client):
    """An index holding an object twice (as a plain add instead of a replace would leave
    it) is a defect: ``/healthz`` says so and ``search check`` repairs it."""
    if search_backend().name != "whoosh":
        pytest.skip("the PostgreSQL entries' key is their primary key: no duplicate to make")
    seeded(app, client, "admin")
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    ix = open_index(app.config["SEARCH_INDEX_DIR"])
    writer = ix.writer()
    writer.add_document(**fields_for_document(directive))  # the defect: an add, no replace
    writer.commit()
    ix.close()
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.get_json()["index"] == "duplicates"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "check", "--dry-run"])
    assert "trùng lặp: 1." in result.output, result.output
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "còn khác biệt: 0." in result.output
    assert client.get("/healthz").status_code == 200
    _total, counts = found(client, "11-CT/TU")
    assert counts[("document", directive.id)] == 1


def test_deleting_an_attachment_removes_its_file_and_its_text_from_search(app, client):
    seeded(app, client, "admin")
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    page = client.get(f"/documents/{directive.id}").get_data(as_text=True)
    client.post(
        f"/documents/{directive.id}/attachments",
        data={
            "csrf_token": csrf_from(page),
            "file": (io.BytesIO("Phụ lục về biển đảo Phú Quốc.".encode()), "phu-luc.txt"),
        },
        content_type="multipart/form-data",
    )
    db.session.expire_all()
    attachment = directive.attachments[0]
    stored = Path(app.config["UPLOAD_DIR"]) / attachment.stored_name
    assert stored.is_file()
    assert found(client, "bien dao phu quoc")[1][("document", directive.id)] == 1
    url = f"/documents/{directive.id}/attachments/{attachment.id}/delete"
    assert client.get(url).status_code == 405  # no state change on GET
    assert client.post(url).status_code == 400  # no CSRF token: refused, nothing lost
    assert stored.is_file()
    page = client.get(f"/documents/{directive.id}").get_data(as_text=True)
    assert url in page
    deleted = client.post(url, data={"csrf_token": csrf_from(page)})
    assert deleted.status_code == 302
    db.session.expire_all()
    assert directive.attachments == [] and not stored.exists()
    assert found(client, "bien dao phu quoc")[1][("document", directive.id)] == 0
    total, counts = found(client, "chi thi 11")
    assert counts[("document", directive.id)] == 1 and max(counts.values()) == 1
    assert client.post(url, data={"csrf_token": csrf_from(page)}).status_code == 404
