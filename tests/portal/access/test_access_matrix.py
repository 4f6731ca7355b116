"""Every role × every plan state × every plan route and method gets exactly the expected
status, generated from the workflow table and the URL map.

``VIEW`` and ``EDIT`` say in the users' terms who may read and change a plan in each
state; transitions follow ``WHO_MAY`` of the role stories. A new route under
``/plans/<id>`` fails the test until it is added to ``ROUTES`` with its rule (the
three are in ``tests.fixtures.access.cases_plans``).
"""

from __future__ import annotations

import itertools

import pytest

from documents.db import db
from documents.models import Assignment, Plan
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.access.cases_plans import ROUTES, VIEW
from tests.fixtures.roles import INPUT, PATH_TO, ROLES
from workflows.engine import fire, history

USERNAMES = {
    "drafter": "drafter",
    "unit_head": "head",
    "other_drafter": "other",
    "reviewer": "reviewer",
    "reader": "reader",
    "admin": "admin",
}


def test_every_plan_route_and_method_is_in_the_matrix(app):
    covered = {(endpoint, method) for endpoint, method, *_ in ROUTES}
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/plans/<int:plan_id>")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == covered


@pytest.fixture
def clients(world, app):
    logged_in = {}
    for role, username in USERNAMES.items():
        client = app.test_client()
        AuthActions(client).login(username)
        logged_in[role] = (client, csrf_from(client.get("/").get_data(as_text=True)))
    return logged_in


def make_plan(world, factory, state: str, serial: itertools.count) -> Plan:
    assignment = Assignment(
        document=world.directive, unit=world.unit, deliverable=f"Kế hoạch {next(serial)}"
    )
    db.session.add(assignment)
    db.session.flush()
    plan = factory.plan(assignment, world.drafter)
    for trigger, role in PATH_TO[state]:
        fire(db.session, plan, trigger, actor=world.by_role(role), **INPUT)
    db.session.commit()
    return plan


def test_role_state_route_matrix(world, factory, clients):
    serial = itertools.count()
    shared = {state: make_plan(world, factory, state, serial) for state in VIEW}
    failures = []
    for state, role, route in itertools.product(VIEW, ROLES, ROUTES):
        endpoint, method, path, data, expected, mutates = route
        plan = make_plan(world, factory, state, serial) if mutates else shared[state]
        before = (plan.state, plan.version, len(history(db.session, plan)))
        client, token = clients[role]
        url = f"/plans/{plan.id}{path}"
        if method == "GET":
            status = client.get(url).status_code
        else:
            status = client.post(
                url, data={**data, "csrf_token": token, "version": plan.version}
            ).status_code
        want = expected(state, role)
        if status != want:
            failures.append(f"{role} {method} {endpoint} in {state}: {status}, expected {want}")
        db.session.expire_all()
        if status != 302:  # a refusal changes nothing
            assert (plan.state, plan.version, len(history(db.session, plan))) == before
    assert failures == []
