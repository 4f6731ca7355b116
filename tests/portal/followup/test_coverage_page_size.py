"""The coverage matrix stays light for a province's 150 units (issue 19): what the browser
loads for it (HTML, the stylesheet, the icon) under 100 KB, each row's repeated words
written once."""

from __future__ import annotations

from bench.page_data import scale_demo
from documents.db import db, write_intent
from documents.models import Document
from portal.demo import data as demo_data
from portal.demo.seed import seed_demo
from tests.conftest import FIXED_TODAY

BUDGET = 100_000


def test_matrix_of_150_units_with_its_stylesheet_and_icon_is_under_100_kb(app, client, auth):
    with write_intent():
        seed_demo(db.session, FIXED_TODAY, echo=lambda _: None)
        db.session.commit()
        scale_demo(db.session, FIXED_TODAY, units=150, directives=1, years=1)
        db.session.commit()
    directive = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    auth.login("bandanvan", demo_data.DEMO_PASSWORD)
    page = client.get(f"/assignments/documents/{directive.id}/coverage")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('name="assignments"') == len(directive.assignments) >= 150
    loaded = len(page.data)
    for asset in ("/static/portal.css", "/static/favicon.svg"):
        response = client.get(asset)
        assert response.status_code == 200, asset
        loaded += len(response.data)
        response.close()
    assert loaded < BUDGET, f"{loaded:,} bytes"
