"""Pages stay fast as the data grow (issue 19): SQL statements per page, the home list.

The demo is seeded and scaled (``bench/page_data.py``), each page is counted as the
commission reviewer, the data grow (more units on the directive, more directives, plans
and workflow history, and more history on the plan shown), and each page is counted again:
a page whose statements follow the number of rows has an N+1 somewhere.
"""

from __future__ import annotations

from html.parser import HTMLParser

from flask import url_for
from flask_babel import force_locale

from bench.page_data import scale_demo
from bench.pages import pages_of
from documents.db import db, write_intent
from documents.models import Plan, User
from portal.dashboard import WAITING_SHOWN
from portal.demo import data as demo_data
from portal.demo.seed import seed_demo
from portal.templating import row_url, translator
from tests.conftest import FIXED_TODAY
from tests.fixtures.statements import counted_statements
from workflows.engine import fire


def pages() -> dict[str, str]:
    return pages_of(db.session)


def statements_per_page(client) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for name, path in pages().items():
        assert client.get(path).status_code == 200, path  # warm: first-request work aside
        with counted_statements() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[name] = len(statements)
    return counts


def grow(units: int, directives: int) -> None:
    with write_intent():
        scale_demo(db.session, FIXED_TODAY, units=units, directives=directives, years=3)
        db.session.commit()


def more_history_on_the_shown_plan() -> None:
    plan_path = pages()["plan"]
    plan = db.session.get(Plan, int(plan_path.rsplit("/", 1)[1]))
    reviewer = db.session.scalars(db.select(User).filter_by(username="bandanvan")).one()
    drafter = db.session.scalars(db.select(User).filter_by(username="tinhdoan")).one()
    with write_intent():
        for n in range(3):  # each comment cites other documents, each a link to look up
            comment = f"Đề nghị bổ sung theo Chỉ thị {n + 20}-CT/TU và {n + 30}-KL/TU."
            fire(db.session, plan, "return", actor=reviewer, comment=comment)
            fire(db.session, plan, "submit", actor=drafter, comment="Đã bổ sung.")
        db.session.commit()


def test_statements_per_page_do_not_grow_with_units_plans_and_history(app, client, auth):
    with write_intent():
        seed_demo(db.session, FIXED_TODAY, echo=lambda _: None)
        db.session.commit()
    grow(units=30, directives=4)
    auth.login("bandanvan", demo_data.DEMO_PASSWORD)
    small = statements_per_page(client)

    grow(units=60, directives=12)
    more_history_on_the_shown_plan()
    large = statements_per_page(client)

    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grown, f"statements (small, large data) of pages that grew: {grown}"


def test_home_lists_the_oldest_waiting_plans_and_links_to_all_of_them(
    app, client, auth, factory, world
):
    for n in range(WAITING_SHOWN + 3):
        unit = factory.unit(f"xa-{n:02d}", name=f"Đảng ủy xã {n:02d}")
        drafter = factory.user(f"drafter-{n:02d}", unit, "drafter")
        plan = factory.plan(factory.assignment(world.directive, unit), drafter, title=f"KH {n:02d}")
        fire(db.session, plan, "submit", actor=drafter, comment="Gửi duyệt.")
    db.session.commit()
    auth.login("reviewer")
    html = client.get("/").get_data(as_text=True)
    total = WAITING_SHOWN + 3
    assert f"Kế hoạch chờ duyệt ({total})" in html
    assert "KH 00" in html and f"KH {WAITING_SHOWN - 1:02d}" in html
    assert f"KH {WAITING_SHOWN:02d}" not in html  # the newest wait in the plans list
    assert f'href="/plans/?state=submitted">Tất cả ({total})' in html


def test_the_translator_kept_for_a_request_follows_a_forced_language(app):
    with app.test_request_context("/"):
        assert translator().language == "vi"
        assert translator() is translator()  # built once for the request
        with force_locale("en"):
            assert translator().language == "en"
            assert translator().gettext("Tất cả") == "All"
        assert translator().language == "vi"


class _Requests(HTMLParser):
    """What a page makes the browser fetch before it can show it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.blocking.append(a.get("href") or "")
        elif tag == "script" and a.get("src") and not {"async", "defer"} & a.keys():
            if a.get("type") != "module":
                self.blocking.append(a["src"] or "")
        elif tag == "style" or (tag == "link" and a.get("rel") == "import"):
            self.blocking.append(tag)


def test_pages_block_rendering_on_the_portal_stylesheet_only(app, client, auth, factory, world):
    plan = factory.plan(world.assignment, world.drafter)
    fire(db.session, plan, "submit", actor=world.drafter, comment="Gửi duyệt.")
    db.session.commit()
    auth.login("reviewer")
    paths = [
        "/",
        f"/plans/{plan.id}",
        "/search?q=chi+thi+11",
        "/inbox/",
        f"/assignments/documents/{world.directive.id}/coverage",
        f"/documents/{world.directive.id}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = _Requests()
        found.feed(response.get_data(as_text=True))
        assert found.blocking == ["/static/portal.css"], (path, found.blocking)


def test_row_urls_are_the_urls_url_for_builds(app):
    with app.test_request_context("/", base_url="http://portal.example/sub"):
        for endpoint, key in (("plans.view", "plan_id"), ("assignments.urge_one", "assignment_id")):
            url = row_url(endpoint, key)
            for n in (1, 42, 7_654_321_987, 10**12):
                assert url(n) == url_for(endpoint, **{key: n})
