"""Every role × every document state × every document route and method gets exactly the
status the document workflow's per-state permission map gives (issue #6, item 5).

Who may view and edit a document in each state is read from
``DOCUMENT_WORKFLOW.state(...).permissions``, who may create one from
``DOCUMENT_EDITORS`` and who may fire a transition from its guard; the first test checks
that these tables still say what the users were told ("readers see published documents
only; the commission's staff and the administrators keep the register").
"""

from __future__ import annotations

import re

import pytest

from portal.indexing import drain_outbox
from tests.fixtures.access.cases_documents import CASES, EDIT, REGISTER, STATES, VIEW
from tests.fixtures.access.scenes import (
    ALL_ROLES,
    Clients,
    SceneMaker,
    run_matrix,
)
from workflows.definitions import DOCUMENT_WORKFLOW


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
