"""The naughty strings and XSS payloads on the search page (issue #6, item 9): typed as
the query (echoed in the search box, the result line and the "nothing found" advice),
offered back in "did you mean", and shown as hit titles, snippets, unit facets and the
names of attachments a hit was found in. Nothing executable may reach the page and the
query must read back as typed.

Half the corpus passes through the query, packed into queries of up to 300 characters
(the longest the page reads). For "did you mean", a sample of the strings is
indexed, each followed by "công tác dân vận", and searched with that phrase misspelt, so
the correction finds the line and the page offers the hostile text back.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

import pytest

from documents.db import db
from documents.models import Assignment, OrgUnit
from documents.records import Attachment
from documents.text import strip_controls
from portal.indexing import drain_outbox
from portal.search.params import QUERY_MAX
from tests.conftest import AuthActions
from tests.fixtures.naughty import assert_inert, attribute_values, naughty_strings, packed

TAIL, MISSPELT = " công tác dân vận", " công tác dân vậm"
SUGGEST_EVERY = 40  # strings sampled for "did you mean" (each query runs a correction)


@pytest.fixture
def strings() -> list[str]:
    return naughty_strings()


def plain(text: str) -> str:
    """Text as every stored string is kept: without C0 control characters but tab and
    newline (NUL included, which PostgreSQL refuses)."""
    return strip_controls(text)


def reader(app):
    client = app.test_client()
    AuthActions(client).login("reader")
    return client


def test_hostile_queries_are_echoed_escaped(app, world, strings):
    client = reader(app)
    # Half the corpus (every other packed query): each unknown word costs a spelling
    # correction, and the plan and document surfaces already carry every string.
    for query in packed(strings, QUERY_MAX, " ")[::2]:
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200, query
        html = response.get_data(as_text=True)
        shown = query.strip()
        assert_inert(html, [shown] if shown else [], "search page")
        if shown:
            assert shown in attribute_values(html, "input", "value")  # the search box


def test_hostile_queries_are_suggested_back_escaped(app, world, factory, strings):
    sample = [s.strip()[:200] for s in strings[::SUGGEST_EVERY]]
    sample = [plain(s) for s in sample if s]
    body = "\n\n".join(f"{s}{TAIL}" for s in sample)
    factory.document("70-CT/TU", "Tập thử", number=70, body=body, issuer=world.province)
    db.session.commit()
    drain_outbox()
    client = reader(app)
    suggested = 0
    for text in sample:
        typed = f"{text}{MISSPELT}"
        response = client.get("/search", query_string={"q": typed})
        assert response.status_code == 200, typed
        html = response.get_data(as_text=True)
        assert_inert(html, [typed], "search page with a suggestion")
        suggested += "Có phải bạn muốn tìm" in html
    # the correction finds the indexed line for most strings; not for those that are raw
    # HTML, which the Markdown body drops when it is rendered (so its words are not indexed)
    assert suggested >= 0.6 * len(sample), (suggested, len(sample))


def test_hostile_titles_snippets_unit_facets_and_attachment_names_in_hits(
    app, world, factory, strings
):
    titles = packed(strings, 400, " ")[::25]
    folder = Path(app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, title in enumerate(titles):
        document = factory.document(
            f"{100 + i}-CT/TU", f"{plain(title)} dân vận", number=100 + i, issuer=world.province,
            body=f"Công tác dân vận.\n\n{plain(strings[i * 7 % len(strings)])}",
        )  # fmt: skip
        stored = f"{uuid.uuid4().hex}.txt"
        (folder / stored).write_bytes(b"x")
        names.append(plain(strings[(i * 13 + 5) % len(strings)][:200]))
        db.session.add(
            Attachment(
                document=document, original_name=names[-1],
                stored_name=stored, kind="txt", size=1, sha256=hashlib.sha256(b"x").hexdigest(),
                text=f"Biên bản kiểm tra chi hội số {i}",
            )
        )  # fmt: skip
    hostile_units = []
    for i, name in enumerate(packed(strings[::17], 190, " ")[:8]):
        unit = OrgUnit(code=f"facet-{i}", name=plain(name), short_name=f"u{i}",
                       kind="district_committee", level="district")  # fmt: skip
        db.session.add(unit)
        assignment = Assignment(document=world.directive, unit=unit, deliverable="Kế hoạch")
        db.session.add(assignment)
        db.session.flush()
        plan = factory.plan(assignment, world.drafter, title=f"Kế hoạch dân vận {i}")
        plan.state, plan.reviewed_by_id = "reviewed", world.reviewer.id  # readable by all
        hostile_units.append(unit)
    db.session.commit()
    drain_outbox()
    client = reader(app)
    for query, stored in (
        ("dân vận", [plain(title).strip() for title in titles[:10]]),
        ("kế hoạch dân vận", [u.name for u in hostile_units]),  # the unit facet
        ("biên bản kiểm tra chi hội", [n for n in names if n.strip()]),  # the files' names
    ):
        response = client.get("/search", query_string={"q": query})
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert_inert(html, [s for s in stored if s], f"hits for {query}")
        assert "dân vận" in query or "Tìm thấy trong tệp đính kèm" in html
