"""One builder of record links: the endpoints of a document's or a plan's page (and API
resource) are named in ``portal/links.py`` only, so pages, redirects, feeds and the API
cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import url_for

from documents.models import Document, Plan
from portal.links import RECORD_ENDPOINTS, link_to, record_url

ROOT = Path(__file__).resolve().parent.parent.parent
ENDPOINTS = sorted(
    name for page, resource, _arg in RECORD_ENDPOINTS.values() for name in (page, resource)
)
NAMED = re.compile("|".join(rf"""["']{re.escape(e)}["']""" for e in ENDPOINTS))
SOURCES = sorted([*(ROOT / "portal").rglob("*.py"), *(ROOT / "templates").rglob("*.html")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_record_endpoints_are_named_only_in_the_links_module(path):
    if path == ROOT / "portal" / "links.py":
        return
    found = NAMED.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)} builds {found}: use link_to or record_url"


def test_the_check_sees_a_page_endpoint_in_a_template():
    assert NAMED.search("""<a href="{{ url_for('plans.view', plan_id=p.id) }}">""")


def test_links_of_a_document_and_a_plan(app):
    with app.test_request_context():
        document, plan = Document(id=7), Plan(id=9)
        assert link_to(document) == "/documents/7" == record_url("document", 7)
        assert link_to(plan) == "/plans/9"
        assert link_to(plan, api=True) == "/api/v1/plans/9"
        assert link_to(document, external=True) == "http://localhost/documents/7"


def test_links_built_once_per_request_are_what_url_for_builds(app):
    """Within a request a kind's route is built once; the links stay url_for's, under a
    prefix too, and the next request (here in the same application context) its own."""
    for base in ("http://localhost/", "http://portal.example/cong-thong-tin/"):
        with app.test_request_context("/", base_url=base):
            for kind, (page, _api, argument) in RECORD_ENDPOINTS.items():
                for n in (1, 42, 10**9):
                    assert record_url(kind, n) == url_for(page, **{argument: n})
