"""Every role × the routes that belong to no record (home, lists, search and its API,
inbox, help, health, sign-in and out, password, language, static files) gets exactly the
expected status; and no route of the URL map escapes the matrices (issue #6, item 5).

The guard test reads ``app.url_map``: a new route or method fails it until one of the
matrix files (plans, documents, follow-up, this one) says who may use it.
"""

from __future__ import annotations

import pytest

from tests import (
    test_access_matrix,
    test_access_matrix_api,
    test_access_matrix_documents,
    test_access_matrix_followup,
)
from tests.access_cases_admin import CASES as ADMIN_CASES
from tests.access_scenes import (
    DONE,
    OK_GET,
    Case,
    Clients,
    Rules,
    SceneMaker,
    everyone,
    run_matrix,
    signed_in,
)
from tests.conftest import PASSWORD


def administrators(rules: Rules, role: str, scene) -> int:
    """Only administrators record a reorganisation; a preview changes nothing."""
    return DONE if role == "anonymous" else (OK_GET if role == "admin" else 403)


def review_readers(rules: Rules, role: str, scene) -> int:
    """The commission and administrators read a review of inherited documents."""
    return DONE if role == "anonymous" else (OK_GET if role in ("reviewer", "admin") else 403)


def review_actors(rules: Rules, role: str, scene) -> int:
    """Only the commission decides; an empty selection is refused (422), nothing changes."""
    return DONE if role == "anonymous" else (422 if role == "reviewer" else 403)


def api(rules: Rules, role: str, scene) -> int:
    """The API answers JSON: 401 instead of the login page."""
    return 401 if role == "anonymous" else OK_GET


def login_page(rules: Rules, role: str, scene) -> int:
    return OK_GET if role == "anonymous" else DONE  # a signed-in user goes home


CASES = [
    Case("dashboard.home", "GET", lambda s: "/", signed_in(OK_GET)),
    Case("plans.index", "GET", lambda s: "/plans/", signed_in(OK_GET)),
    Case("inbox.index", "GET", lambda s: "/inbox/", signed_in(OK_GET)),
    Case("inbox.read_all", "POST", lambda s: "/inbox/read-all", signed_in(DONE), changes=False),
    Case("inbox.preferences", "GET", lambda s: "/inbox/preferences", signed_in(OK_GET)),
    Case("inbox.preferences", "POST", lambda s: "/inbox/preferences", signed_in(DONE),
         lambda s: {"email": "toi@example.vn", "kind_returned": "digest"}),
    Case("search.search", "GET", lambda s: "/search?q=chi+thi+11", signed_in(OK_GET)),
    Case("search.search", "GET", lambda s: "/search", signed_in(OK_GET), label="empty"),
    Case("search.api_search", "GET", lambda s: "/api/search?q=11-CT/TU", api),
    Case("help.workflow", "GET", lambda s: "/help/workflow", everyone(OK_GET)),
    Case("health.healthz", "GET", lambda s: "/healthz", everyone(OK_GET)),
    Case("static", "GET", lambda s: "/static/portal.css", everyone(OK_GET)),
    Case("favicon", "GET", lambda s: "/favicon.ico", everyone(OK_GET)),
    Case("auth.login", "GET", lambda s: "/auth/login", login_page),
    Case("auth.login", "POST", lambda s: "/auth/login", everyone(DONE),
         lambda s: {"username": "reader", "password": PASSWORD}, fresh_client=True,
         changes=False),
    Case("auth.logout", "POST", lambda s: "/auth/logout", signed_in(DONE), fresh_client=True,
         ends_sessions=True),
    Case("auth.change_password", "GET", lambda s: "/auth/password", signed_in(OK_GET)),
    Case("auth.change_password", "POST", lambda s: "/auth/password", signed_in(OK_GET),
         lambda s: {"current": PASSWORD, "new": "một câu rất dài khác hẳn", "confirm": "khác"},
         label="confirmation differs"),
    Case("i18n.choose_language", "POST", lambda s: "/lang/en", everyone(DONE),
         lambda s: {"next": "/help/workflow"}, fresh_client=True, changes=False),
    *ADMIN_CASES,  # administration, saved searches, calendar (issue 17)
    Case("units.index", "GET", lambda s: "/units/", signed_in(OK_GET)),
    Case("units.view", "GET", lambda s: f"/units/{s.other_unit_id}", signed_in(OK_GET)),
    Case("units.reorganise", "GET", lambda s: "/units/reorganise", administrators),
    Case("units.reorganise", "POST", lambda s: "/units/reorganise", administrators,
         lambda s: {"kind": "establish", "effective_on": "2019-09-01",
                    "basis": f"#{s.document.id}", "new_units": "moi | Đảng ủy mới",
                    "kind_of_new": "district_committee", "existing_target": "", "parent": "",
                    "action": "preview"}, changes=False, label="preview"),
    Case("units.review", "GET", lambda s: f"/units/{s.other_unit_id}/review", review_readers),
    Case("units.review_xlsx", "GET", lambda s: f"/units/{s.other_unit_id}/review.xlsx",
         review_readers),
    Case("units.review_docx", "GET", lambda s: f"/units/{s.other_unit_id}/review.docx",
         review_readers),
    Case("units.review", "POST", lambda s: f"/units/{s.other_unit_id}/review", review_actors,
         lambda s: {"outcome": "applicable", "comment": ""}, changes=False,
         label="nothing chosen"),
]  # fmt: skip


@pytest.fixture
def rules(world) -> Rules:
    return Rules(world)


def test_role_route_matrix_for_pages_of_no_record(app, world, factory, rules):
    make_scene = SceneMaker(app, world, factory)
    assert run_matrix(rules, Clients(app), make_scene, CASES, ["published"]) == []


def covered() -> set[tuple[str, str]]:
    plan_routes = {(endpoint, method) for endpoint, method, *_ in test_access_matrix.ROUTES}
    cases = (
        test_access_matrix_documents.CASES + test_access_matrix_followup.CASES + CASES
        + test_access_matrix_api.CASES
    )  # fmt: skip
    return plan_routes | {(case.endpoint, case.method) for case in cases}


def test_every_route_and_method_of_the_url_map_is_in_a_matrix(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert sorted(routes - covered()) == [], "add these routes to an access matrix"
    assert sorted(covered() - routes) == [], "these matrix entries name no route"
