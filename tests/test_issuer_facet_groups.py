"""The issuer facet of the search page grouped by successor when asked: a predecessor's
documents count under the unit that carries its work today, and the grouped value finds
the documents of the successor and of all its predecessors."""

from __future__ import annotations

import re
from datetime import date

from documents.db import db
from documents.models import OrgUnit
from portal.indexing import drain_outbox
from tests.test_reorganisation_names import _merge_province

GROUPED = "Tỉnh ủy An Giang (gồm Tỉnh ủy Kiên Giang)"


def _setup(app, world, factory, session) -> tuple[int, int]:
    _merge_province(world, factory, session)
    angiang = db.session.scalars(db.select(OrgUnit).filter_by(code="tinhuy-angiang")).one()
    new = factory.document("12-CT/TU", "Về công tác dân vận năm 2025", number=12, issuer=angiang)
    old = factory.document("9-CT/TU", "Về công tác dân vận vùng biên", number=9)
    session.commit()
    drain_outbox()
    app.config["FIXED_TODAY"] = date(2025, 7, 2)
    return new.id, old.id


def _facet(page: str) -> str:
    pattern = r'<nav class="facet" aria-label="Cơ quan ban hành, đơn vị">.*?</nav>'
    found = re.search(pattern, page, re.S)
    assert found, page
    return found.group(0)


def test_facet_groups_predecessors_only_when_asked(app, world, factory, session, client, auth):
    new_id, old_id = _setup(app, world, factory, session)
    auth.login("reader")
    plain = _facet(client.get("/search?q=dân+vận").get_data(as_text=True))
    assert "Tỉnh ủy Kiên Giang</a> (1)" in plain
    assert "Tỉnh ủy An Giang</a> (1)" in plain
    assert "gồm" not in plain
    page = client.get("/search?q=dân+vận&issuer_group=1").get_data(as_text=True)
    grouped = _facet(page)
    assert f"{GROUPED}</a> (2)" in grouped
    assert "Tỉnh ủy Kiên Giang</a>" not in grouped
    link = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(GROUPED), grouped).group(1)
    found = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f'href="/documents/{new_id}"' in found
    assert f'href="/documents/{old_id}"' in found
    assert "2 kết quả" in found


def test_grouped_filter_finds_successor_and_predecessors(app, world, factory, client, auth):
    new_id, old_id = _setup(app, world, factory, db.session)
    auth.login("reader")
    args = {"q": "dân vận", "issuer": "Tỉnh ủy An Giang"}
    alone = client.get("/search", query_string=args).get_data(as_text=True)
    assert f'href="/documents/{new_id}"' in alone
    assert f'href="/documents/{old_id}"' not in alone
    both = client.get("/search", query_string={**args, "issuer_group": "1"}).get_data(as_text=True)
    assert f'href="/documents/{new_id}"' in both
    assert f'href="/documents/{old_id}"' in both


def test_before_the_change_nothing_is_grouped(app, world, factory, session, client, auth):
    _setup(app, world, factory, session)
    app.config["FIXED_TODAY"] = date(2020, 1, 1)
    auth.login("reader")
    grouped = _facet(client.get("/search?q=dân+vận&issuer_group=1").get_data(as_text=True))
    assert "gồm" not in grouped
    assert "Tỉnh ủy Kiên Giang</a> (1)" in grouped
