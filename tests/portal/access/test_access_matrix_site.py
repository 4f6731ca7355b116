"""Every role × the routes that belong to no record (home, lists, search and its API,
inbox, help, health, sign-in and out, password, language, static files) gets exactly the
expected status; and no route of the URL map escapes the matrices (issue #6, item 5).

The guard test reads ``app.url_map``: a new route or method fails it until one of the
matrix tables (plans, documents, follow-up, this one; in ``tests/fixtures/access/``)
says who may use it.
"""

from __future__ import annotations

from tests.fixtures.access import cases_api, cases_documents, cases_followup, cases_plans
from tests.fixtures.access.cases_site import CASES
from tests.fixtures.access.scenes import (
    Clients,
    SceneMaker,
    run_matrix,
)


def test_role_route_matrix_for_pages_of_no_record(app, world, factory, rules):
    make_scene = SceneMaker(app, world, factory)
    assert run_matrix(rules, Clients(app), make_scene, CASES, ["published"]) == []


def covered() -> set[tuple[str, str]]:
    plan_routes = {(endpoint, method) for endpoint, method, *_ in cases_plans.ROUTES}
    cases = (
        cases_documents.CASES + cases_followup.CASES + CASES
        + cases_api.CASES
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
