"""Saving documents: identity per term, ambiguous citations, pending citations,
validity derived from relations, versions and restore; plan versions keep the trail."""

from __future__ import annotations

from datetime import date

import pytest

from documents.db import db
from documents.plans import PlanInput, restore_plan_version, update_plan
from documents.records import Relation
from documents.service import (
    DocumentError,
    DocumentInput,
    create_document,
    restore_document_version,
    update_document,
    validity_of,
)
from documents.symbols import parse_symbol
from documents.versions import (
    current_version_number,
    numbered_version,
    record_version,
    side_by_side,
    versions_of,
)
from workflows.engine import fire, history


def doc(session, symbol, *, issuer, body="Nội dung.", term=None, issued_on=None, state="published"):
    return create_document(
        session,
        DocumentInput(
            doc_type=parse_symbol(symbol).type_abbr,
            title=f"Văn bản {symbol}",
            body=body,
            symbol=symbol,
            issuer_id=issuer.id,
            term=term,
            issued_on=issued_on,
        ),
        actor=None,
        state=state,
    )


def test_same_number_in_the_same_term_is_refused_but_allowed_in_another_term(world, session):
    doc(session, "05-CT/TU", issuer=world.province, term="khóa IX")
    with pytest.raises(DocumentError) as refused:
        doc(session, "05-ct/tu", issuer=world.province, term="Khoá ix")
    assert refused.value.field == "symbol"
    doc(session, "05-CT/TU", issuer=world.province, term="khóa X")


def test_citation_without_a_date_that_fits_two_documents_is_ambiguous(world, session):
    doc(session, "05-CT/TU", issuer=world.province, term="khóa IX", issued_on=date(2012, 1, 5))
    doc(session, "05-CT/TU", issuer=world.province, term="khóa X", issued_on=date(2016, 3, 1))
    citing = doc(session, "07-CT/TU", issuer=world.province, body="Thực hiện Chỉ thị số 05-CT/TU.")
    relation = session.scalar(db.select(Relation).filter_by(found_in_id=citing.id))
    assert relation.target_status == "ambiguous" and relation.target_id is None
    dated = doc(
        session,
        "08-CT/TU",
        issuer=world.province,
        body="Thực hiện Chỉ thị số 05-CT/TU, ngày 01-3-2016 của Tỉnh ủy.",
    )
    relation = session.scalar(db.select(Relation).filter_by(found_in_id=dated.id))
    assert relation.target_status == "resolved" and relation.target.issued_on == date(2016, 3, 1)


def test_replacing_document_makes_the_old_one_replaced(world, session):
    old = doc(session, "03-CT/TU", issuer=world.province, issued_on=date(2010, 1, 1))
    assert validity_of(session, old).status == "in_force"
    doc(
        session, "09-CT/TU", issuer=world.province, body="Chỉ thị này thay thế Chỉ thị số 03-CT/TU."
    )
    validity = validity_of(session, old)
    assert validity.status == "replaced" and validity.label == "Được thay thế"


def test_every_save_is_a_version_and_restore_is_a_new_version(world, session):
    document = doc(session, "04-CT/TU", issuer=world.province, body="1. Một.\n\n2. Hai.")
    update_document(
        session,
        document,
        DocumentInput(
            doc_type="CT",
            title="Tên mới",
            body="1. Một.",
            symbol="04-CT/TU",
            issuer_id=world.province.id,
        ),  # fmt: skip
        actor=world.admin,
    )
    assert [c.number for c in document.clauses] == [1]
    first = versions_of(session, document)[-1]
    restore_document_version(session, document, first, actor=world.admin)
    assert [v.number for v in versions_of(session, document)] == [3, 2, 1]
    assert document.title == "Văn bản 04-CT/TU" and [c.number for c in document.clauses] == [1, 2]


def test_side_by_side_marks_changed_words_only():
    rows = side_by_side("a b c\nsame", "a x c\nsame\nnew")
    assert [r.kind for r in rows] == ["replace", "equal", "insert"]
    assert [s.text for s in rows[0].right if s.changed] == ["x"]


def test_plan_revisions_are_versions_and_the_review_trail_survives(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter, body="Bản đầu")
    fire(session, plan, "submit", actor=world.drafter)
    fire(session, plan, "return", actor=world.reviewer, comment="Bổ sung chỉ tiêu.")
    update_plan(session, plan, PlanInput("Kế hoạch", "Bản sửa"), author=world.drafter)
    fire(session, plan, "submit", actor=world.drafter)
    session.commit()
    versions = versions_of(session, plan)
    assert [(v.number, v.body, v.state) for v in versions] == [
        (2, "Bản sửa", "drafted"),
        (1, "Bản đầu", "drafted"),
    ]
    restore_plan_version(session, plan, versions[1], author=world.drafter)
    assert plan.body == "Bản đầu" and versions_of(session, plan)[0].number == 3
    comments = [e.comment for e in history(session, plan)]
    assert "Bổ sung chỉ tiêu." in comments and len(comments) == 3


def test_documents_and_plans_number_their_own_versions(world, factory, session):
    plan = factory.plan(world.assignment, world.drafter, body="Bản đầu")
    document = doc(session, "05-CT/TU", issuer=world.province)
    assert current_version_number(session, plan) == current_version_number(session, document) == 1
    second = record_version(session, plan, world.drafter, "Sửa")
    assert (second.number, second.state, second.plan_id) == (2, plan.state, plan.id)
    assert numbered_version(session, plan, 2) is second
    assert numbered_version(session, document, 2) is None
    assert current_version_number(session, document) == 1
    assert '"symbol": "05-CT/TU"' in numbered_version(session, document, 1).fields_json
