"""Every naughty string and XSS payload of ``../shared/corpora/naughty`` shows escaped on
the surfaces the earlier tests did not reach (issue #6, item 9): a plan's and a
document's titles, bodies and comments in their history, version lists and
side-by-side comparisons; attachment file names; paths and query strings echoed by the
404, 400 and 405 pages; unit and user names in lists, the matrix, the header and the
history; and urging messages in a unit's inbox.

Each page must carry nothing executable the portal did not ship (``executable_parts``)
and must show each stored text as itself (read back from the parsed page). Strings are
packed many to a field, so the whole corpus passes through the plan, document and inbox
surfaces in a few dozen requests; names and file names take a deterministic sample.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from documents.attachments import safe_filename
from documents.db import db
from documents.models import Assignment, OrgUnit, Plan, User, UserRole
from documents.notifications import Notification
from documents.records import Attachment, DocumentVersion, PlanVersion
from documents.service import DocumentInput, create_document
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.naughty import assert_inert, attribute_values, naughty_strings, packed
from workflows.definitions import DOCUMENT_WORKFLOW
from workflows.engine import fire, history
from workflows.models import WorkflowEvent

COMMENT_SIZE = 4_000  # below the 5,000 characters a comment may have
TITLE_SIZE = 480  # below TITLE_MAX
NAME_SIZE = 190  # below the 200 of a unit's or a user's name


@pytest.fixture(scope="module")
def strings() -> list[str]:
    return naughty_strings()


@pytest.fixture(autouse=True)
def no_indexing(app):
    """The search index is not a surface here (see the search tests); keeping it up to
    date with 75,000 characters of hostile text after every request only costs time."""
    app.config["INDEX_IN_PROCESS"] = False


def signed_in(app, username: str):
    client = app.test_client()
    AuthActions(client).login(username)
    return client


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def attribute_version(html: str) -> str:
    """The version of the record the form was loaded with."""
    return re.findall(r'name="version"[^>]*value="(\d+)"', html)[0]


def body_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_plan_titles_bodies_and_comments_in_history_and_comparison(app, world, strings):
    drafter, reviewer = signed_in(app, "drafter"), signed_in(app, "reviewer")
    titles = packed(strings, TITLE_SIZE, " ")
    form = page(drafter, f"/plans/new?assignment={world.assignment.id}")
    created = drafter.post(
        "/plans/new",
        data={"csrf_token": csrf_from(form), "assignment": world.assignment.id,
              "title": titles[0], "body": "\n".join(strings)},
    )  # fmt: skip
    assert created.status_code == 302, created.get_data(as_text=True)[-2000:]
    plan = db.session.scalars(db.select(Plan)).one()
    saved = drafter.post(
        f"/plans/{plan.id}/edit",
        data={"csrf_token": csrf_from(form), "version": plan.version, "title": titles[1],
              "body": "\n".join(s if i % 3 else f"{s} (sửa)" for i, s in enumerate(strings))},
    )  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    tokens = {drafter: csrf_from(form), reviewer: csrf_from(page(reviewer, "/"))}
    for i, comment in enumerate(packed(strings, COMMENT_SIZE)):
        client, name = (drafter, "submit") if i % 2 == 0 else (reviewer, "return")
        db.session.expire_all()
        response = client.post(
            f"/plans/{plan.id}/transitions/{name}",
            data={"csrf_token": tokens[client], "version": plan.version, "comment": comment},
        )
        assert response.status_code == 302, (i, response.get_data(as_text=True)[-2000:])

    db.session.expire_all()
    comments = [e.comment for e in history(db.session, plan)]
    versions = db.session.scalars(db.select(PlanVersion).order_by(PlanVersion.number)).all()
    shown = page(drafter if plan.state == "drafted" else reviewer, f"/plans/{plan.id}")
    assert_inert(shown, comments + [plan.title], "plan page")
    assert_inert(page(drafter, f"/plans/{plan.id}/versions"), comments, "plan versions")
    diff = page(drafter, f"/plans/{plan.id}/versions/compare?a=1&b=2")
    lines = body_lines(versions[0].body) + body_lines(versions[1].body)
    assert_inert(diff, [versions[0].title, versions[1].title, *lines], "plan comparison")


def test_document_titles_bodies_and_comments_in_versions_history_and_comparison(
    app, world, strings
):
    editor = signed_in(app, "reviewer")
    titles = packed(strings, TITLE_SIZE, " ")
    form = page(editor, "/documents/new")
    half = len(strings) // 2
    created = editor.post(
        "/documents/new",
        data={"action": "save", "csrf_token": csrf_from(form), "doc_type": "CT",
              "issuer_id": "0", "title": titles[2], "body": "\n".join(strings[:half]),
              "clauses": ""},
    )  # fmt: skip
    assert created.status_code == 302, created.get_data(as_text=True)[-2000:]
    url = created.headers["Location"]
    edit = page(editor, f"{url}/edit")
    saved = editor.post(
        f"{url}/edit",
        data={"csrf_token": csrf_from(edit), "version": attribute_version(edit), "doc_type": "CT",
              "issuer_id": "0", "title": titles[3], "body": "\n".join(strings[half:]),
              "clauses": ""},
    )  # fmt: skip
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    for comment in packed(strings, COMMENT_SIZE)[:2]:
        for name in ("publish", "unpublish"):
            view = page(editor, url)
            fired = editor.post(
                f"{url}/transitions/{name}",
                data={"csrf_token": csrf_from(view), "version": attribute_version(view),
                      "comment": comment},
            )  # fmt: skip
            assert fired.status_code == 302, fired.get_data(as_text=True)[-2000:]

    versions = db.session.scalars(db.select(DocumentVersion).order_by("number")).all()
    comments = list(db.session.scalars(db.select(WorkflowEvent.comment)))
    assert_inert(page(editor, url), comments + [versions[-1].title], "document page")
    assert_inert(page(editor, f"{url}/versions"), [v.title for v in versions], "versions")
    diff = page(editor, f"{url}/versions/compare?a=1&b=2")
    lines = body_lines(versions[0].body) + body_lines(versions[1].body)
    assert_inert(diff, [versions[0].title, versions[1].title, *lines], "document comparison")


def test_attachment_file_names_show_escaped(app, world, strings):
    editor = signed_in(app, "reviewer")
    document = create_document(
        db.session,
        DocumentInput(doc_type="CT", title="Về tệp đính kèm", body="Nội dung."),
        actor=world.reviewer,
        state=DOCUMENT_WORKFLOW.initial,
    )
    db.session.commit()
    url = f"/documents/{document.id}"
    token = csrf_from(page(editor, url))
    for name in packed(strings, 200, " ")[::40]:  # through the upload form and its parser
        response = editor.post(
            f"{url}/attachments",
            data={"csrf_token": token, "file": (io.BytesIO(b"Ke hoach"), name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302, (name, response.get_data(as_text=True)[-1000:])
    folder = Path(app.config["UPLOAD_DIR"])
    for text in strings:  # every string as a stored name
        stored = f"{uuid.uuid4().hex}.txt"
        (folder / stored).write_bytes(b"x")
        db.session.add(
            Attachment(
                document=document, original_name=safe_filename(text), stored_name=stored,
                kind="txt", size=1, sha256=hashlib.sha256(b"x").hexdigest(), text="x",
            )
        )  # fmt: skip
    db.session.commit()
    names = list(db.session.scalars(db.select(Attachment.original_name)))
    assert_inert(page(editor, url), [n for n in names if n.strip()], "attachments")
    hostile = db.session.scalars(db.select(Attachment).order_by(Attachment.id.desc())).first()
    download = editor.get(f"{url}/attachments/{hostile.id}")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "\n" not in download.headers["Content-Disposition"]
    download.close()


def test_paths_and_queries_echoed_by_error_pages_show_escaped(app, world, strings):
    client = signed_in(app, "reader")
    anonymous = app.test_client()
    for piece in packed(strings, 1200, ""):
        path = "/khong-co/" + piece.replace("\x00", "")
        for who, status in ((client, 404), (anonymous, 404)):
            response = who.get(quote(path, safe="/"))
            html = response.get_data(as_text=True)
            assert response.status_code == status
            assert_inert(html, [], "404 page")
            if who is client:
                assert path in attribute_values(html, "input", "value")
        query = "?next=" + quote(piece, safe="")
        refused = client.post("/lang/en" + query)  # no CSRF token: 400
        assert refused.status_code == 400
        assert_inert(refused.get_data(as_text=True), [], "400 page")
        wrong = client.get("/auth/logout" + query)
        assert wrong.status_code == 405
        assert_inert(wrong.get_data(as_text=True), [], "405 page")


def test_unit_and_user_names_show_escaped_in_lists_matrix_header_and_history(
    app, world, factory, strings
):
    names = [n.replace("\x00", "") for n in packed(strings[::3], NAME_SIZE, " ")]
    units = []
    for i, name in enumerate(names):
        unit = OrgUnit(code=f"hostile-{i}", name=name, short_name=name[:80],
                       kind="district_committee", level="district")  # fmt: skip
        db.session.add(unit)
        units.append(unit)
    db.session.flush()
    users, password = [], world.drafter.password_hash
    for i, name in enumerate(names[:12]):  # each drafts a plan of its hostile unit
        user = User(username=f"hostile{i}", full_name=name, password_hash=password,
                    unit=units[i], roles=[UserRole(unit=units[i], role="drafter")])  # fmt: skip
        db.session.add(user)
        users.append(user)
    for i, unit in enumerate(units):
        assignment = Assignment(document=world.directive, unit=unit, deliverable="Kế hoạch")
        db.session.add(assignment)
        db.session.flush()
        if i < len(users):
            plan = factory.plan(assignment, users[i], title=f"Kế hoạch {i}")
            fire(db.session, plan, "submit", actor=users[i], comment="Gửi Ban.")
    db.session.commit()
    stored = [u.name for u in units]

    reviewer = signed_in(app, "reviewer")
    coverage = page(reviewer, f"/assignments/documents/{world.directive.id}/coverage")
    assert_inert(coverage, stored, "coverage matrix")
    plans = page(reviewer, "/plans/")
    assert_inert(plans, [u.name for u in units[: len(users)]], "plan list")
    assert_inert(page(reviewer, "/"), [], "reviewer's home")
    assert_inert(page(reviewer, "/assignments/"), [], "follow-up index")
    first = db.session.scalars(db.select(Plan).order_by(Plan.id)).first()
    versions = page(reviewer, f"/plans/{first.id}/versions")
    assert_inert(versions, [users[0].full_name], "plan versions (saved by, history)")
    hostile = signed_in(app, users[1].username)
    assert_inert(page(hostile, "/"), [users[1].full_name], "header of a hostile-named user")


def test_urging_messages_show_escaped_in_the_unit_inbox(app, world, strings):
    unit_name, user_name = (strings[i][:NAME_SIZE].replace("\x00", "") for i in (7, 11))
    unit = OrgUnit(code="hostile-inbox", name=unit_name, short_name="hostile",
                   kind="district_committee", level="district")  # fmt: skip
    drafter = User(username="hostile-drafter", full_name=user_name,
                   password_hash=world.drafter.password_hash, unit=unit,
                   roles=[UserRole(unit=unit, role="drafter")])  # fmt: skip
    assignment = Assignment(document=world.directive, unit=unit, deliverable="Kế hoạch")
    db.session.add_all([unit, drafter, assignment])
    db.session.commit()
    reviewer = signed_in(app, "reviewer")
    form = page(reviewer, f"/assignments/{assignment.id}/urge")
    for message in packed(strings, COMMENT_SIZE):
        urged = reviewer.post(
            f"/assignments/{assignment.id}/urge",
            data={"csrf_token": csrf_from(form), "level": "nhac_nho", "message": message},
        )
        assert urged.status_code == 302, urged.get_data(as_text=True)[-2000:]
    unit_client = signed_in(app, "hostile-drafter")
    inbox = page(unit_client, "/inbox/")
    notes = db.session.scalars(db.select(Notification).filter_by(unit_id=unit.id)).all()
    assert_inert(inbox, [n.body for n in notes], "inbox")
    read = unit_client.post(f"/inbox/{notes[0].id}/read", data={"csrf_token": csrf_from(inbox)})
    assert read.status_code == 302
    assert_inert(page(unit_client, "/inbox/"), [drafter.full_name], "inbox (read by)")
    urgings = page(reviewer, f"/assignments/{assignment.id}/urge")  # the default names the unit
    assert_inert(urgings, [unit.name], "urging form and history")
