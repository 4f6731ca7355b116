"""/api/v1/documents, units and search: the register's rules, as JSON."""

from __future__ import annotations

from documents.db import db
from documents.models import Document
from portal.indexing import drain_outbox
from tests.fixtures.api import bearer, token
from workflows.engine import fire

NEW = {
    "doc_type": "KH",
    "symbol": "15-KH/TU",
    "title": "Kế hoạch thực hiện Chỉ thị 11",
    "body": "Thực hiện Chỉ thị 11-CT/TU.\n\n1. Quán triệt đến chi bộ.\n2. Rà soát đoàn viên.",
    "issued_on": "2019-09-20",
}


def test_commission_creates_a_draft_and_publishes_it_with_if_match(client, world):
    headers = bearer(token(world.reviewer, write=True))
    made = client.post("/api/v1/documents/", json=NEW, headers=headers)
    assert made.status_code == 201, made.get_json()
    data = made.get_json()
    assert data["state"] == "draft" and data["symbol"] == "15-KH/TU"
    assert [c["number"] for c in data["clauses"]] == [1, 2]
    assert data["implements"][0]["id"] == world.directive.id  # the citation, resolved
    url = data["url"]
    published = client.post(
        f"{url}/transitions/publish", json={}, headers={**headers, "If-Match": made.headers["ETag"]}
    )
    assert published.status_code == 200 and published.get_json()["state"] == "published"
    directive = client.get(
        f"/api/v1/documents/{world.directive.id}", headers=bearer(token(world.reader))
    ).get_json()
    assert [d["id"] for d in directive["implemented_by"]] == [data["id"]]


def test_a_drafter_may_not_create_documents_and_nothing_is_stored(client, world):
    before = db.session.scalar(db.select(db.func.count(Document.id)))
    response = client.post(
        "/api/v1/documents/", json=NEW, headers=bearer(token(world.drafter, write=True))
    )
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Document.id))) == before


def test_a_draft_document_is_404_for_a_reader(client, world):
    made = client.post(
        "/api/v1/documents/", json=NEW, headers=bearer(token(world.reviewer, write=True))
    ).get_json()
    reader = bearer(token(world.reader))
    assert client.get(made["url"], headers=reader).status_code == 404
    listed = client.get("/api/v1/documents/?type=KH", headers=reader).get_json()
    assert listed["total"] == 0


def test_edit_keeps_fields_not_given_and_refuses_bad_ones_field_by_field(client, world):
    headers = bearer(token(world.reviewer, write=True))
    made = client.post("/api/v1/documents/", json=NEW, headers=headers)
    url, etag = made.get_json()["url"], made.headers["ETag"]
    bad_symbol = client.patch(url, json={"symbol": "abc"}, headers={**headers, "If-Match": etag})
    assert bad_symbol.status_code == 422
    assert bad_symbol.get_json()["errors"][0]["field"] == "symbol"
    bad_issuer = client.patch(url, json={"issuer_id": 99999}, headers={**headers, "If-Match": etag})
    assert bad_issuer.status_code == 422
    edited = client.patch(url, json={"place": "Rạch Giá"}, headers={**headers, "If-Match": etag})
    assert edited.status_code == 200
    data = edited.get_json()
    assert data["place"] == "Rạch Giá" and data["symbol"] == "15-KH/TU"
    assert sorted(v["number"] for v in data["versions"]) == [1, 2]
    stale = client.patch(url, json={"place": "Hà Tiên"}, headers={**headers, "If-Match": etag})
    assert stale.status_code == 412


def test_units_carry_their_history(client, world, factory):
    world.other_unit.successor_id = world.unit.id
    db.session.commit()
    reader = bearer(token(world.reader))
    unit = client.get(f"/api/v1/units/{world.unit.id}", headers=reader).get_json()
    assert unit["predecessors"] == [world.other_unit.id]
    old = client.get(f"/api/v1/units/{world.other_unit.id}", headers=reader).get_json()
    assert old["successor_id"] == world.unit.id
    assert client.get("/api/v1/units/99999999999", headers=reader).status_code == 404
    page = client.get("/api/v1/units/?per_page=2", headers=reader).get_json()
    assert page["total"] == 4 and len(page["items"]) == 2 and page["links"]["next"]


def test_search_finds_the_directive_and_only_plans_the_caller_may_read(client, world, factory):
    plan = factory.plan(world.assignment, world.drafter, title="Kế hoạch đoàn viên")
    factory.plan(world.other_assignment, world.other_drafter, title="Kế hoạch đoàn viên khác")
    fire(db.session, plan, "submit", actor=world.drafter)
    db.session.commit()
    drain_outbox()
    reader = bearer(token(world.reader))
    found = client.get("/api/v1/search/?q=11-CT/TU", headers=reader).get_json()
    assert found["items"][0]["id"] == world.directive.id
    assert found["items"][0]["url"] == f"/api/v1/documents/{world.directive.id}"
    mine = client.get(
        "/api/v1/search/?q=doan vien&kind=plan", headers=bearer(token(world.drafter))
    ).get_json()
    assert [(h["kind"], h["id"]) for h in mine["items"]] == [("plan", plan.id)]
    assert mine["total"] == 1 and mine["links"]["next"] is None


def test_a_document_version_carries_its_header_fields(client, world):
    headers = bearer(token(world.reviewer, write=True))
    made = client.post("/api/v1/documents/", json=NEW, headers=headers).get_json()
    version = client.get(f"{made['url']}/versions/1", headers=headers)
    assert version.status_code == 200, version.get_json()
    data = version.get_json()
    assert data["title"] == NEW["title"] and data["fields"]["symbol"] == "15-KH/TU"
    assert data["fields"]["issued_on"] == "2019-09-20"
    assert [c["number"] for c in data["fields"]["clauses"]] == [1, 2]


def test_sorted_by_title_in_vietnamese_order_page_by_page(client, world):
    """The register's title order is Vietnamese collation (Đ after D, ô after o), like
    the page's, and pages cut that order."""
    from documents.collation import vi_key

    for number, title in enumerate(["Đảng ủy khối", "Dân vận khéo", "Ôn tập", "Ong mật"], 30):
        db.session.add(
            Document(
                doc_type="KH",
                symbol=f"{number}-KH/TU",
                title=title,
                body="x",
                body_html="<p>x</p>",
                state="published",
            )
        )
    db.session.commit()
    headers = bearer(token(world.reader))
    titles: list[str] = []
    for page in (1, 2, 3, 4):
        answer = client.get(
            f"/api/v1/documents/?sort=title&per_page=2&page={page}", headers=headers
        )
        assert answer.status_code == 200, answer.get_json()
        titles += [d["title"] for d in answer.get_json()["items"]]
    assert titles == sorted(titles, key=vi_key)
    assert titles.index("Dân vận khéo") < titles.index("Đảng ủy khối")
    assert titles.index("Ong mật") < titles.index("Ôn tập")
