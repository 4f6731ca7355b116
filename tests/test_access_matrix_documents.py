"""Every role × every document state × every document route and method gets exactly the
status the document workflow's per-state permission map gives (issue #6, item 5).

Who may view and edit a document in each state is read from
``DOCUMENT_WORKFLOW.state(...).permissions``, who may create one from
``DOCUMENT_EDITORS`` and who may fire a transition from its guard; the first test checks
that these tables still say what the users were told ("readers see published documents
only; the commission's staff and the administrators keep the register").
"""

from __future__ import annotations

import io
import re

import pytest

from portal.indexing import drain_outbox
from tests.access_scenes import (
    ALL_ROLES,
    DONE,
    OK_GET,
    Case,
    Clients,
    Rules,
    Scene,
    SceneMaker,
    run_matrix,
    signed_in,
)
from workflows.definitions import DOCUMENT_WORKFLOW

STATES = DOCUMENT_WORKFLOW.state_names
REGISTER = {"reviewer", "admin"}
SIGNED_IN = set(ALL_ROLES) - {"anonymous"}
# The rule as the users describe it, checked against the tables the matrix reads.
VIEW = {"draft": REGISTER, "published": SIGNED_IN, "archived": REGISTER}
EDIT = {"draft": REGISTER, "published": REGISTER, "archived": set()}


def document_gate(permission: str, ok: int):
    """404 when the document is hidden from the role, 403 when it is only readable."""

    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        if not rules.document_may(role, scene.state, "view"):
            return 404
        if permission != "view" and not rules.document_may(role, scene.state, permission):
            return 403
        return ok

    return expected


def document_transition(name: str):
    transition = DOCUMENT_WORKFLOW.transition(name)

    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        if not rules.document_may(role, scene.state, "view"):
            return 404
        if transition is None:
            return 404
        if transition.source != scene.state:
            return 409
        return DONE if rules.may(role, transition.guard) else 403

    return expected


def register_editors(ok: int):
    def expected(rules: Rules, role: str, scene: Scene) -> int:
        if role == "anonymous":
            return DONE
        return ok if rules.editor(role) else 403

    return expected


def edit_form(scene: Scene) -> dict:
    document = scene.document
    return {
        "version": document.version,
        "doc_type": document.doc_type,
        "symbol": document.symbol,
        "issuer_id": document.issuer_id,
        "issued_on": "01/8/2019",
        "place": "Rạch Giá",  # a dated Party document needs its place (issue 13)
        "title": "Về công tác dân vận (sửa)",
        "body": "Nội dung đã sửa.",
        "clauses": "",
    }


def upload(scene: Scene) -> dict:
    return {"file": (io.BytesIO(b"Ke hoach tuyen truyen"), "tuyên truyền.txt")}


def transition_form(scene: Scene) -> dict:
    return {"version": scene.document.version, "comment": "Ý kiến của Ban."}


CASES = [
    Case("documents.index", "GET", lambda s: "/documents/", signed_in(OK_GET)),
    Case("documents.new", "GET", lambda s: "/documents/new", register_editors(OK_GET)),
    Case("documents.new", "POST", lambda s: "/documents/new", register_editors(DONE),
         lambda s: {"action": "save", "doc_type": "CT", "issuer_id": "0",
                    "title": "Dự thảo mới", "body": "Nội dung."}),
    Case("documents.view", "GET", lambda s: s.doc, document_gate("view", OK_GET)),
    Case("documents.edit", "GET", lambda s: f"{s.doc}/edit", document_gate("edit", OK_GET)),
    Case("documents.edit", "POST", lambda s: f"{s.doc}/edit", document_gate("edit", DONE),
         edit_form),
    Case("documents.validity", "POST", lambda s: f"{s.doc}/validity",
         document_gate("edit", DONE), lambda s: {"status": "repealed", "note": "Đã thay thế"}),
    Case("documents.upload", "POST", lambda s: f"{s.doc}/attachments",
         document_gate("edit", DONE), upload, multipart=True),
    Case("documents.download", "GET", lambda s: f"{s.doc}/attachments/{s.attachment.id}",
         document_gate("view", OK_GET)),
    Case("documents.delete_attachment", "POST",
         lambda s: f"{s.doc}/attachments/{s.attachment.id}/delete", document_gate("edit", DONE)),
    Case("documents.versions", "GET", lambda s: f"{s.doc}/versions",
         document_gate("view", OK_GET)),
    Case("documents.compare", "GET", lambda s: f"{s.doc}/versions/compare?a=1&b=2",
         document_gate("view", OK_GET)),
    Case("documents.confirm_restore", "GET", lambda s: f"{s.doc}/versions/1/restore",
         document_gate("edit", OK_GET)),
    Case("documents.restore", "POST", lambda s: f"{s.doc}/versions/1/restore",
         document_gate("edit", DONE)),
    Case("documents.transition", "POST", lambda s: f"{s.doc}/transitions/no-such-action",
         document_transition("no-such-action"), transition_form, label="unknown"),
] + [
    Case("documents.transition", "POST", lambda s, name=t.name: f"{s.doc}/transitions/{name}",
         document_transition(t.name), transition_form, label=t.name)
    for t in DOCUMENT_WORKFLOW.transitions
]  # fmt: skip


@pytest.fixture
def rules(world) -> Rules:
    return Rules(world)


@pytest.fixture
def make_scene(app, world, factory) -> SceneMaker:
    return SceneMaker(app, world, factory)


def test_document_permission_tables_say_what_the_users_were_told(rules):
    for state in STATES:
        for role in ALL_ROLES:
            assert rules.document_may(role, state, "view") == (role in VIEW[state]), (state, role)
            assert rules.document_may(role, state, "edit") == (role in EDIT[state]), (state, role)
    assert {role for role in ALL_ROLES if rules.editor(role)} == REGISTER


def test_role_state_route_matrix_for_documents(app, rules, make_scene):
    app.config["INDEX_IN_PROCESS"] = False  # no search here: the index need not follow
    failures = run_matrix(rules, Clients(app), make_scene, CASES, STATES)
    assert failures == []


def test_document_pages_offer_exactly_the_transitions_the_table_allows(app, rules, make_scene):
    clients = Clients(app)
    for state in STATES:
        scene = make_scene(state)
        for role in ALL_ROLES:
            if not rules.document_may(role, state, "view"):
                continue
            client, _ = clients.by_role[role]
            html = client.get(scene.doc).get_data(as_text=True)
            offered = set(re.findall(rf'action="{scene.doc}/transitions/([\w-]+)"', html))
            allowed = {
                t.name
                for t in DOCUMENT_WORKFLOW.transitions_from(state)
                if rules.may(role, t.guard)
            }
            assert offered == allowed, (state, role)
            assert (f'action="{scene.doc}/edit"' in html or f'href="{scene.doc}/edit"' in html) == (
                rules.document_may(role, state, "edit")
            ), (state, role)


def test_search_finds_a_document_exactly_for_those_who_may_view_it(app, rules, make_scene):
    scenes = {state: make_scene(state, title=f"Về phong trào {word}") for state, word in
              zip(STATES, ("kiemtraxanh", "kiemtravang", "kiemtrado"), strict=True)}  # fmt: skip
    drain_outbox()
    clients = Clients(app)
    for state, scene in scenes.items():
        word = scene.document.title.split()[-1]
        for role in ALL_ROLES:
            client, _ = clients.by_role[role]
            response = client.get("/api/search", query_string={"q": word})
            if role == "anonymous":
                assert response.status_code == 401
                continue
            ids = {h["id"] for h in response.get_json()["hits"] if h["kind"] == "document"}
            assert (scene.document.id in ids) == rules.document_may(role, state, "view"), (
                state,
                role,
            )
