"""Backup and restore round-trip the demo data; /healthz reports database, index and lag."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import select

from documents.db import db
from documents.models import IndexOutbox
from tests.conftest import fresh_instance


def dump(app) -> dict:
    with app.app_context():
        tables = {}
        for table in db.metadata.sorted_tables:
            if table.name == "index_outbox":  # consumed by the indexer, not user data
                continue
            if table.name == "data_revision":  # a new token after the restore's first write
                continue
            rows = db.session.execute(select(table)).mappings().all()
            tables[table.name] = sorted(
                json.dumps(dict(r), default=str, sort_keys=True) for r in rows
            )
        return tables


def search(app, text: str) -> list:
    from portal.indexing import search_service

    with app.app_context():
        results = search_service().search(text, frozenset({"authenticated", "commission:reviewer"}))
        return [(h.kind, h.object_id, h.title) for h in results.hits]


def test_backup_and_restore_round_trip_the_demo_data(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    upload = Path(app.config["UPLOAD_DIR"]) / "ab" / "tệp-đính-kèm.bin"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(os.urandom(2048))
    backup_dir = tmp_path / "backup"
    result = runner.invoke(args=["backup", str(backup_dir)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["tables"]["plan"]["rows"] == 4
    assert "ab/tệp-đính-kèm.bin" in manifest["files"]

    with fresh_instance(tmp_path, "restored") as restored:
        with restored.app_context():  # the CLI runs in the app whose context is current
            result = restored.test_cli_runner().invoke(args=["restore", str(backup_dir)])
        assert result.exit_code == 0, result.output
        assert dump(restored) == dump(app)
        copied = Path(restored.config["UPLOAD_DIR"]) / "ab" / "tệp-đính-kèm.bin"
        assert copied.read_bytes() == upload.read_bytes()
        for query in ("chi thi 11", "11-CT/TU", "hoi vien"):
            assert search(restored, query) == search(app, query)
        with restored.app_context():  # new rows get fresh ids after the restored ones
            from documents.models import OrgUnit

            unit = OrgUnit(
                code="moi", name="Đơn vị mới", short_name="Mới", kind="central", level="province"
            )
            db.session.add(unit)
            db.session.commit()
            assert unit.id > max(
                db.session.scalars(select(OrgUnit.id).where(OrgUnit.code != "moi"))
            )
        with restored.app_context():
            again = restored.test_cli_runner().invoke(args=["restore", str(backup_dir)])
        assert again.exit_code != 0 and "đã có dữ liệu" in again.output


def test_restore_refuses_a_tampered_backup(app, tmp_path):
    runner = app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    backup_dir = tmp_path / "backup"
    runner.invoke(args=["backup", str(backup_dir)])
    with (backup_dir / "tables" / "plan.jsonl").open("a") as handle:
        handle.write("{}\n")
    with fresh_instance(tmp_path, "target") as target:
        with target.app_context():
            result = target.test_cli_runner().invoke(args=["restore", str(backup_dir)])
        assert result.exit_code != 0 and "bị sửa" in result.output


def test_backup_refuses_a_folder_that_has_files(app, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x").write_text("x")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "busy")])
    assert result.exit_code != 0 and "đã có dữ liệu" in result.output


def test_healthz_reports_ok(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok" and response.get_json()["index"] == "ok"


def test_healthz_is_503_without_index_or_with_a_stuck_outbox(app, client):
    from datetime import timedelta

    from documents.models import utcnow

    db.session.add(
        IndexOutbox(kind="document", object_id=1, created_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["outbox"]["pending"] == 1


def test_every_response_carries_a_request_id(app, client):
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 16
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"]
        == "abc-123"
    )


def test_healthz_says_an_index_of_an_older_shape_needs_a_rebuild(app, client, monkeypatch):
    """After an upgrade that changed the index's shape, the search page is unavailable
    until `flask reindex`; /healthz says so, and the search answers 503 meanwhile."""
    from search_index.whoosh import schema

    newer = schema.build_schema()
    newer.remove("version")  # as if this release's index had another shape
    monkeypatch.setattr(schema, "SCHEMA", newer)
    older = client.get("/healthz")
    monkeypatch.undo()
    assert older.status_code == 503 and older.get_json()["index"] == "outdated"
    assert client.get("/healthz").get_json()["index"] == "ok"
