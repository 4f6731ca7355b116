"""Conflicting transitions fired by two real processes at the same moment.

Each round, the unit's drafter and its head, in two processes, open the same drafted plan
(same version), wait at a barrier, and both post "submit": one must win (302), the other
must get 409, and the history must hold exactly one entry for the change.
"""

from __future__ import annotations

import multiprocessing
import re

from documents.db import db
from documents.models import Assignment, Plan
from tests.conftest import PASSWORD, csrf_from
from workflows.engine import history

ROUNDS = 200


def _unit_member(config: dict, username: str, plan_ids: list[int], barrier, results) -> None:
    from portal import create_app

    app = create_app(config)
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    client.post(
        "/auth/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_from(page)},
    )
    statuses = []
    for plan_id in plan_ids:
        html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
        data = {
            "csrf_token": csrf_from(html),
            "version": re.search(r'name="version" value="(\d+)"', html).group(1),
            "comment": f"Gửi bởi {username}",
        }
        barrier.wait(timeout=60)
        response = client.post(f"/plans/{plan_id}/transitions/submit", data=data)
        statuses.append(response.status_code)
    results.put((username, statuses))


def test_two_processes_submit_the_same_plan_and_exactly_one_wins(world, factory, app):
    plans = []
    for i in range(ROUNDS):
        assignment = Assignment(
            document=world.directive, unit=world.unit, deliverable=f"Kế hoạch đợt {i}"
        )
        db.session.add(assignment)
        db.session.flush()
        plans.append(factory.plan(assignment, world.drafter, title=f"Kế hoạch {i}").id)
    db.session.commit()
    config = {
        key: app.config[key]
        for key in (
            "SQLALCHEMY_DATABASE_URI",
            "SQLALCHEMY_ENGINE_OPTIONS",
            "SEARCH_INDEX_DIR",
            "UPLOAD_DIR",
            "SECRET_KEY",
            "FIXED_TODAY",
        )
    }
    config.update(TESTING=True, INDEX_IN_PROCESS=False)

    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(target=_unit_member, args=(config, user, plans, barrier, results))
        for user in ("drafter", "head")
    ]
    for worker in workers:
        worker.start()
    outcome = dict(results.get(timeout=300) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)

    pairs = list(zip(outcome["drafter"], outcome["head"], strict=True))
    assert all(sorted(pair) == [302, 409] for pair in pairs), pairs
    db.session.commit()
    for plan_id, (drafter_status, _head_status) in zip(plans, pairs, strict=True):
        plan = db.session.get(Plan, plan_id)
        winner = world.drafter.id if drafter_status == 302 else world.head.id
        assert plan.state == "submitted"
        assert [e.actor_id for e in history(db.session, plan)] == [winner]
