"""Every role × the routes of /api/v1 and of the token page, signed in with the browser's
session: the API takes no cookie (401 for everyone, even an administrator), its
description and reference page are public, and the token page is every user's own.
What a token may do is in the test_api_* files."""

from __future__ import annotations

import pytest

from documents.db import db
from documents.models import User
from documents.tokens import create_token
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


def no_session(rules: Rules, role: str, scene) -> int:
    return 401


def admin_revokes(rules: Rules, role: str, scene) -> int:
    """A token of the administrator: revoked by them; as missing to everyone else."""
    return DONE if role in ("anonymous", "admin") else 404


def admins_token(scene) -> str:
    admin = db.session.scalar(db.select(User).filter_by(username="admin"))
    row, _secret = create_token(db.session, admin, "ma trận")
    db.session.commit()
    return f"/auth/tokens/{row.id}/revoke"


V1 = "/api/v1"
CASES = [
    Case("auth.api_tokens", "GET", lambda s: "/auth/tokens", signed_in(OK_GET)),
    Case("auth.create_api_token", "POST", lambda s: "/auth/tokens", signed_in(OK_GET),
         lambda s: {"label": "ma trận"}, changes=False),
    Case("auth.revoke_api_token", "POST", admins_token, admin_revokes, changes=False),
    Case("api-docs.openapi_json", "GET", lambda s: f"{V1}/openapi.json", everyone(OK_GET)),
    Case("api_reference.reference_page", "GET", lambda s: f"{V1}/docs/", everyone(OK_GET)),
    Case("api_reference.reference_asset", "GET", lambda s: f"{V1}/docs/assets/swagger-ui.css",
         everyone(OK_GET)),
    Case("api_documents.index", "GET", lambda s: f"{V1}/documents/", no_session),
    Case("api_documents.read", "GET", lambda s: f"{V1}/documents/{s.document.id}", no_session),
    Case("api_documents.attachment", "GET",
         lambda s: f"{V1}/documents/{s.document.id}/attachments/{s.attachment.id}", no_session),
    Case("api_documents.create", "POST", lambda s: f"{V1}/documents/", no_session),
    Case("api_documents.edit", "PATCH", lambda s: f"{V1}/documents/{s.document.id}", no_session),
    Case("api_documents.transition", "POST",
         lambda s: f"{V1}/documents/{s.document.id}/transitions/archive", no_session),
    Case("api_document_actions.assign", "POST",
         lambda s: f"{V1}/documents/{s.document.id}/assignments", no_session),
    Case("api_document_actions.upload", "POST",
         lambda s: f"{V1}/documents/{s.document.id}/attachments", no_session),
    Case("api_plans.index", "GET", lambda s: f"{V1}/plans/", no_session),
    Case("api_plans.read", "GET", lambda s: f"{V1}/plans/{s.plan.id}", no_session),
    Case("api_plans.create", "POST", lambda s: f"{V1}/plans/", no_session),
    Case("api_plans.edit", "PATCH", lambda s: f"{V1}/plans/{s.plan.id}", no_session),
    Case("api_plans.transition", "POST",
         lambda s: f"{V1}/plans/{s.plan.id}/transitions/report", no_session),
    Case("api_followup.coverage", "GET",
         lambda s: f"{V1}/documents/{s.document.id}/coverage", no_session),
    Case("api_followup.assignments", "GET", lambda s: f"{V1}/assignments/", no_session),
    Case("api_followup.assignment", "GET",
         lambda s: f"{V1}/assignments/{s.assignment.id}", no_session),
    Case("api_followup.urge_unit", "POST",
         lambda s: f"{V1}/assignments/{s.open_assignment.id}/urgings", no_session),
    Case("api_followup.inbox_items", "GET", lambda s: f"{V1}/inbox/", no_session),
    Case("api_reviews_figures.reviews", "GET",
         lambda s: f"{V1}/documents/{s.document.id}/reviews", no_session),
    Case("api_reviews_figures.figures", "GET",
         lambda s: f"{V1}/documents/{s.document.id}/figures", no_session),
    Case("api_units.index", "GET", lambda s: f"{V1}/units/", no_session),
    Case("api_units.read", "GET", lambda s: f"{V1}/units/{s.other_unit_id}", no_session),
    Case("api_search.search", "GET", lambda s: f"{V1}/search/?q=11-CT/TU", no_session),
    Case("api_versions.document_version_detail", "GET",
         lambda s: f"{V1}/documents/{s.document.id}/versions/1", no_session),
    Case("api_versions.plan_version_detail", "GET",
         lambda s: f"{V1}/plans/{s.plan.id}/versions/1", no_session),
]  # fmt: skip


@pytest.fixture
def rules(world) -> Rules:
    return Rules(world)


def test_the_api_takes_no_session_and_the_token_page_is_each_users(app, world, factory, rules):
    make_scene = SceneMaker(app, world, factory)
    assert run_matrix(rules, Clients(app), make_scene, CASES, ["published"]) == []
