"""The index never gets in the way: a broken or busy index, a crash, a killed reindex."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import insert

from documents.db import db
from documents.models import Document, IndexOutbox, Plan
from portal import create_app
from portal.indexing import drain_outbox
from search_index.whoosh.generations import GENERATION_PREFIX, indexer_lock, live_generation
from tests.conftest import AuthActions, IsolatedClient, csrf_from

ROOT = Path(__file__).resolve().parents[3]


def outbox_rows() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(IndexOutbox))


def save_plan(client, world) -> object:
    form = client.get(f"/plans/new?assignment={world.assignment.id}").get_data(as_text=True)
    return client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "assignment": world.assignment.id,
            "title": "Kế hoạch củng cố khu dân cư",
            "body": "Nội dung kế hoạch.",
        },
    )


def find(client, text: str) -> list:
    return client.get("/api/search", query_string={"q": text}).get_json()["hits"]


def break_index(app, how: str) -> None:
    generation = live_generation(app.config["SEARCH_INDEX_DIR"])
    if how == "missing":
        shutil.rmtree(generation)
    else:
        for path in generation.iterdir():
            path.write_bytes(b"garbage")


@pytest.mark.parametrize("how", ["missing", "corrupt"])
def test_broken_index_answers_503_in_vietnamese_and_reindex_restores_it(
    world, app, client, auth, how
):
    drain_outbox()
    auth.login("reader")
    break_index(app, how)
    page = client.get("/search", query_string={"q": "11-CT/TU"})
    assert page.status_code == 503
    assert "Chức năng tìm kiếm tạm thời không sử dụng được" in page.get_data(as_text=True)
    api = client.get("/api/search", query_string={"q": "11-CT/TU"})
    assert api.status_code == 503 and "tìm kiếm" in api.get_json()["error"]
    assert client.get("/").status_code == 200
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert find(client, "11-CT/TU")[0]["symbol"] == "11-CT/TU"


def test_saving_while_the_index_is_locked_succeeds_and_a_later_drain_indexes_it(
    world, app, client, auth
):
    drain_outbox()
    auth.login("drafter")
    with indexer_lock(Path(app.config["SEARCH_INDEX_DIR"]), 0) as held:
        assert held
        assert save_plan(client, world).status_code == 302
        assert outbox_rows() == 1
    assert find(client, "cung co khu dan cu") == []
    assert drain_outbox() == 1 and outbox_rows() == 0
    assert [h["kind"] for h in find(client, "cung co khu dan cu")] == ["plan"]


def test_saving_with_a_corrupt_index_succeeds_and_reindex_catches_up(world, app, client, auth):
    drain_outbox()
    auth.login("drafter")
    break_index(app, "corrupt")
    assert save_plan(client, world).status_code == 302
    assert outbox_rows() == 1
    assert db.session.scalars(db.select(Plan)).one().title == "Kế hoạch củng cố khu dân cư"
    assert app.test_cli_runner().invoke(args=["reindex"]).exit_code == 0
    assert [h["kind"] for h in find(client, "cung co khu dan cu")] == ["plan"]


def test_change_committed_just_before_a_crash_is_indexed_on_restart(world, app, auth, client):
    drain_outbox()
    app.config["INDEX_IN_PROCESS"] = False  # the process dies before it applies the outbox
    auth.login("drafter")
    assert save_plan(client, world).status_code == 302
    assert outbox_rows() == 1
    restarted = create_app({**app.config, "INDEX_IN_PROCESS": True})
    restarted.test_client_class = IsolatedClient
    try:
        result = restarted.test_cli_runner().invoke(args=["search", "drain"])
        assert result.exit_code == 0 and "1" in result.output
        fresh = restarted.test_client()
        AuthActions(fresh).login("drafter")
        assert [h["kind"] for h in find(fresh, "cung co khu dan cu")] == ["plan"]
    finally:
        with restarted.app_context():
            db.session.remove()
            db.engine.dispose()


def _database_url(app) -> str:
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    options = app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {})
    if "options" in options:  # the test's own PostgreSQL schema
        url += "?options=" + quote(options["options"])
    return url


def test_kill_9_during_reindex_leaves_the_old_index_serving(world, app, client, auth):
    drain_outbox()
    now = datetime.now(UTC).replace(tzinfo=None)
    db.session.execute(
        insert(Document),
        [
            {
                "doc_type": "BC",
                "title": f"Báo cáo chuyên đề số {n} về xây dựng nông thôn mới",
                "body": "Kết quả thực hiện phong trào nông thôn mới ở các xã. " * 20,
                "body_html": "",
                "version": 1,
                "state": "published",
                "created_at": now,
                "updated_at": now,
            }
            for n in range(4000)
        ],
    )
    db.session.commit()
    index_dir = Path(app.config["SEARCH_INDEX_DIR"])
    serving = live_generation(index_dir)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(app),
        "SEARCH_INDEX_DIR": str(index_dir),
        "SECRET_KEY": "test-secret",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "reindex"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if any(p != serving for p in index_dir.glob(GENERATION_PREFIX + "*")):
                break
            time.sleep(0.02)
        time.sleep(0.3)  # well inside a build of 4,000 documents
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL, "the reindex ended before the kill"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert live_generation(index_dir) == serving
    auth.login("reader")
    assert find(client, "11-CT/TU")[0]["symbol"] == "11-CT/TU"
    assert find(client, "nong thon moi") == []  # still the old index's results
    assert app.test_cli_runner().invoke(args=["reindex"]).exit_code == 0
    assert len(list(index_dir.glob(GENERATION_PREFIX + "*"))) == 1
    assert (
        client.get("/api/search", query_string={"q": "nong thon moi"}).get_json()["total"] == 4000
    )
