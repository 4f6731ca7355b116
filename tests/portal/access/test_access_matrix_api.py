"""Every role × the routes of /api/v1 and of the token page, signed in with the browser's
session: the API takes no cookie (401 for everyone, even an administrator), its
description and reference page are public, and the token page is every user's own.
What a token may do is in the test_api_* files."""

from __future__ import annotations

from tests.fixtures.access.cases_api import CASES
from tests.fixtures.access.scenes import (
    Clients,
    SceneMaker,
    run_matrix,
)


def test_the_api_takes_no_session_and_the_token_page_is_each_users(app, world, factory, rules):
    make_scene = SceneMaker(app, world, factory)
    assert run_matrix(rules, Clients(app), make_scene, CASES, ["published"]) == []
