"""Guessed ids and forged requests (issue #6, items 6 and 8).

Item 6: a record the user may not read, found by a guessed id, answers exactly what a
missing id answers: another unit's draft plan, its versions, its comparison and its
history; a draft document, its versions, comparison, attachment and edit forms; a
hidden document's attachment asked for under a readable document; another unit's notice.

Item 8: every POST route of the URL map, asked with GET, changes nothing; sent without
the CSRF token, or with the token of another session, it is refused with 400 and changes
nothing; the same request with its token goes through (so the refusal was the token's).
"""

from __future__ import annotations

import itertools

from documents.db import db
from documents.models import Assignment
from tests.fixtures.access import cases_plans as plan_matrix
from tests.fixtures.access.cases_api import CASES as API_CASES
from tests.fixtures.access.cases_documents import CASES as DOCUMENT_CASES
from tests.fixtures.access.cases_followup import CASES as FOLLOW_UP_CASES
from tests.fixtures.access.cases_site import CASES as SITE_CASES
from tests.fixtures.access.scenes import (
    ALL_ROLES,
    DONE,
    FOLLOW_UP_READ,
    OK_GET,
    Case,
    Clients,
    SceneMaker,
    snapshot,
)
from tests.fixtures.roles import INPUT, PATH_TO, WHO_MAY
from workflows.definitions import DOCUMENT_WORKFLOW, PLAN_WORKFLOW, UNIT_MEMBER
from workflows.engine import fire

MISSING = 987_654


def main_part(html: str) -> str:
    """The page's content, without the header (whose language form echoes the path)."""
    return html[html.index("<main") : html.index("</main>")]


def answer(client, token: str, method: str, url: str) -> tuple[int, str]:
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": token, "version": 1, "comment": "x"})
    return response.status_code, main_part(response.get_data(as_text=True))


def test_hidden_records_by_guessed_id_answer_like_missing_ones(app, world, factory, rules):
    make = SceneMaker(app, world, factory)
    draft, published = make("draft"), make("published")
    plan = factory.plan(world.assignment, world.drafter)  # drafted: its unit's alone
    db.session.commit()
    plan_view = PLAN_WORKFLOW.state(plan.state).permissions["view"]
    plan_paths = [
        ("GET", ""), ("GET", "/edit"), ("POST", "/edit"), ("GET", "/versions"),
        ("GET", "/versions/compare?a=1&b=1"), ("POST", "/versions/1/restore"),
        ("POST", "/transitions/submit"),
    ]  # fmt: skip
    document_paths = [
        ("GET", ""), ("GET", "/edit"), ("POST", "/edit"), ("GET", "/versions"),
        ("GET", "/versions/compare?a=1&b=2"), ("POST", "/versions/1/restore"),
        ("POST", "/validity"), ("POST", "/attachments"), ("POST", "/transitions/publish"),
        ("GET", f"/attachments/{draft.attachment.id}"),
    ]  # fmt: skip
    # (what, method, hidden url, missing url, may the role read it)
    targets = [
        (f"plan{path}", method, f"/plans/{plan.id}{path}", f"/plans/{MISSING}{path}",
         lambda role: rules.may(role, plan_view, plan.unit_id))
        for method, path in plan_paths
    ] + [
        (f"document{path}", method, f"{draft.doc}{path}", f"/documents/{MISSING}{path}",
         lambda role: rules.document_may(role, "draft", "view"))
        for method, path in document_paths
    ] + [
        ("a hidden document's attachment under a readable one", "GET",
         f"{published.doc}/attachments/{draft.attachment.id}",
         f"{published.doc}/attachments/{MISSING}", lambda role: False),
        ("another unit's notice", "POST", f"/inbox/{draft.note.id}/read",
         f"/inbox/{MISSING}/read", lambda role: role in ("drafter", "unit_head")),
    ]  # fmt: skip
    clients = Clients(app)
    checked = set()
    for (what, method, hidden, missing, may_read), role in itertools.product(targets, ALL_ROLES):
        if role == "anonymous" or may_read(role):
            continue
        client, token = clients.by_role[role]
        seen, expected = (
            answer(client, token, method, hidden),
            answer(client, token, method, missing),
        )
        assert expected[0] == 404, (what, role)
        assert seen == expected, (what, role)
        checked.add((what, method))
    assert len(checked) == len(targets)  # every kind of record was hidden from someone


def test_another_units_assignment_answers_like_a_missing_one(app, world, factory, rules):
    """Starting a plan, entering results or sending a review report for an assignment
    (or review event) of another unit: the same 404 and page as an unknown id, for a
    role that is neither the unit's member nor a reader of the follow-up."""
    scene = SceneMaker(app, world, factory)("published")
    unit_id = scene.open_assignment.unit_id
    targets = [
        ("plans.new", f"/plans/new?assignment={scene.open_assignment.id}",
         f"/plans/new?assignment={MISSING}"),
        ("assignments.results", f"/assignments/{scene.assignment.id}/results",
         f"/assignments/{MISSING}/results"),
        ("assignments.review_report", f"/assignments/reviews/{scene.event.id}/report",
         f"/assignments/reviews/{MISSING}/report"),
    ]  # fmt: skip
    outsiders = [
        role
        for role in ALL_ROLES
        if role != "anonymous"
        and not rules.may(role, FOLLOW_UP_READ)
        and not rules.may(role, (UNIT_MEMBER,), unit_id)
    ]
    assert {"other_drafter", "reader"} <= set(outsiders)
    clients = Clients(app)
    for (what, hidden, missing), role, method in itertools.product(
        targets, outsiders, ("GET", "POST")
    ):
        client, token = clients.by_role[role]
        seen = answer(client, token, method, hidden)
        expected = answer(client, token, method, missing)
        assert expected[0] == 404, (what, role, method)
        assert seen == expected, (what, role, method)


def plan_post_cases(world, factory) -> list[tuple[str, Case, str, dict]]:
    """The plan routes' POSTs, each with a plan in a state where one role may do it."""
    cases = []
    serial = itertools.count()
    for endpoint, method, path, data, _expected, _mutates in plan_matrix.ROUTES:
        if method != "POST":
            continue
        name = path.rsplit("/", 1)[-1] if endpoint == "plans.transition" else None
        state = PLAN_WORKFLOW.transition(name).source if name else PLAN_WORKFLOW.initial
        role = sorted(WHO_MAY[name])[0] if name else "drafter"
        assignment = Assignment(
            document=world.directive, unit=world.unit, deliverable=f"Kế hoạch {next(serial)}"
        )
        db.session.add(assignment)
        db.session.flush()
        plan = factory.plan(assignment, world.drafter)
        for trigger, actor in PATH_TO[state]:
            fire(db.session, plan, trigger, actor=world.by_role(actor), **INPUT)
        db.session.commit()
        case = Case(
            endpoint,
            method,
            lambda s, p=plan.id, path=path: f"/plans/{p}{path}",
            lambda *_: DONE,
            lambda s, d=data, p=plan: {**d, "version": p.version},
        )
        cases.append((f"{endpoint} {path}", case, role, {}))
    return cases


def test_every_post_needs_its_csrf_token_and_a_get_changes_nothing(app, world, factory, rules):
    make = SceneMaker(app, world, factory)
    clients = Clients(app)
    cases = DOCUMENT_CASES + FOLLOW_UP_CASES + SITE_CASES + API_CASES
    posts = [c for c in cases if c.method == "POST"]
    runs = plan_post_cases(world, factory)
    probes = {state: make(state) for state in DOCUMENT_WORKFLOW.state_names}
    for case in posts:  # the first state and role the tables let do it
        allowed = [
            (state, role)
            for state, role in itertools.product(probes, ALL_ROLES)
            # (422: the form reached its checks, so the token was read first)
            if case.expected(rules, role, probes[state]) in (OK_GET, DONE, 422)
            and (role != "anonymous" or case.endpoint in ("auth.login", "i18n.choose_language"))
        ]
        if allowed:  # (an unknown transition is allowed to nobody)
            runs.append((case.describe(), case, allowed[0][1], {"state": allowed[0][0]}))
    for label, case, role, where in runs:
        want = case.expected(rules, role, where.get("state") and probes[where["state"]])
        scene = make(where.get("state", "published"))
        before = snapshot()
        status = clients.send(Case(case.endpoint, "GET", case.url, lambda *_: 0), role, scene)
        assert status < 500 and snapshot() == before, (label, "GET", status)
        assert clients.send(case, role, scene, token=False) == 400, (label, "no token")
        assert snapshot() == before, (label, "no token")
        client, token = clients.new(role) if case.fresh_client else clients.by_role[role]
        other_token = clients.by_role["reader" if role != "reader" else "admin"][1]
        assert post_with(client, case, scene, other_token) == 400, (label, "another's token")
        assert snapshot() == before, (label, "another's token")
        assert post_with(client, case, scene, token) == want, (label, "with its token")
        if case.ends_sessions:
            clients.by_role[role] = clients.new(role)
        if want == DONE and case.changes and role != "anonymous":
            assert snapshot() != before, (label, "with its token")
    # /api/v1 reads no cookie, only a bearer token: a forged form has nothing to ride on
    # (tests/portal/access/test_access_matrix_api.py: a signed-in browser gets 401 there).
    assert {c.endpoint for _, c, *_ in runs} >= {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.rule.startswith("/api/v1/")
    }


def post_with(client, case: Case, scene, token: str) -> int:
    data = {**(case.data(scene) if case.data else {}), "csrf_token": token}
    kwargs = {"content_type": "multipart/form-data"} if case.multipart else {}
    response = client.post(case.url(scene), data=data, **kwargs)
    response.close()
    return response.status_code
