"""/api/v1: assigning a document to units and attaching a file, as the pages allow."""

from __future__ import annotations

import io

from documents.db import db
from documents.models import Assignment
from documents.records import Attachment
from tests.fixtures.api import bearer, token


def test_a_reviewer_assigns_a_clause_free_document_and_repeats_are_named(client, world, factory):
    unit = factory.unit("tinhdoan", "sociopolitical_org", "Tỉnh Đoàn")
    db.session.commit()
    url = f"/api/v1/documents/{world.directive.id}/assignments"
    body = {"unit_ids": [unit.id, world.unit.id], "deliverable": "Kế hoạch thực hiện"}
    response = client.post(url, json=body, headers=bearer(token(world.reviewer, write=True)))
    assert response.status_code == 201, response.get_json()
    data = response.get_json()
    assert [a["unit_id"] for a in data["created"]] == [unit.id]
    assert data["already_assigned"] == [world.unit.id]


def test_a_drafter_may_not_assign_and_bad_units_change_nothing(client, world):
    url = f"/api/v1/documents/{world.directive.id}/assignments"
    before = db.session.scalar(db.select(db.func.count(Assignment.id)))
    body = {"unit_ids": [world.unit.id], "deliverable": "Báo cáo"}
    assert (
        client.post(url, json=body, headers=bearer(token(world.drafter, write=True))).status_code
        == 403
    )
    missing = client.post(
        url,
        json={"unit_ids": [987654], "deliverable": "Báo cáo"},
        headers=bearer(token(world.reviewer, write=True)),
    )
    assert missing.status_code == 422 and missing.get_json()["errors"][0]["field"] == "unit_ids"
    assert db.session.scalar(db.select(db.func.count(Assignment.id))) == before


def test_an_editor_attaches_a_file_and_readers_download_it(client, world, app):
    app.config["API_MAX_BODY_BYTES"] = 10  # JSON bodies only; a file has its own limit
    url = f"/api/v1/documents/{world.directive.id}/attachments"
    response = client.post(
        url,
        data={"file": (io.BytesIO("Kế hoạch quán triệt".encode()), "ke-hoach.txt")},
        headers=bearer(token(world.reviewer, write=True)),
    )
    assert response.status_code == 201, response.get_json()
    stored = response.get_json()
    assert stored["kind"] == "txt" and stored["name"] == "ke-hoach.txt"
    with client.get(stored["download_url"], headers=bearer(token(world.reader))) as download:
        assert download.status_code == 200
        assert download.get_data().decode() == "Kế hoạch quán triệt"


def test_a_reader_may_not_attach_and_an_unknown_kind_is_refused(client, world):
    url = f"/api/v1/documents/{world.directive.id}/attachments"
    file = {"file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")}
    refused = client.post(url, data=dict(file), headers=bearer(token(world.reader, write=True)))
    assert refused.status_code == 403
    bad = client.post(
        url,
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "virus.exe")},
        headers=bearer(token(world.reviewer, write=True)),
    )
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "file"
    assert db.session.scalar(db.select(db.func.count(Attachment.id))) == 0
