"""Every role × every document state × every follow-up route (assigning, the coverage
matrix and its exports, urging, inspections, review events, key figures and results),
the unit's inbox and the start of a plan gets exactly the expected status (issue #6,
item 5).

The commission acts and the commission and the administrators read
(``FOLLOW_UP_ACT``/``FOLLOW_UP_READ``, checked against ``documents.followup.assignments``); a unit's
drafters and heads (the principals that may edit a plan in its initial state) start its
plans, enter its results and send its review reports; a notice is read by the members of
the unit it is addressed to, and is as missing as an unknown id for everybody else.
"""

from __future__ import annotations

from tests.fixtures.access.cases_followup import CASES
from tests.fixtures.access.scenes import (
    Clients,
    SceneMaker,
    run_matrix,
)
from workflows.definitions import DOCUMENT_WORKFLOW


def test_role_state_route_matrix_for_follow_up_inbox_and_new_plans(app, world, factory, rules):
    app.config["INDEX_IN_PROCESS"] = False  # no search here: the index need not follow
    make_scene = SceneMaker(app, world, factory)
    failures = run_matrix(rules, Clients(app), make_scene, CASES, DOCUMENT_WORKFLOW.state_names)
    assert failures == []
