"""Units, accounts and documents of a demo data file, added when missing (by unit code,
username and document ``external_id``); existing rows are kept as they are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from documents.db import DbSession
from documents.models import Document, OrgUnit, User, UserRole, enqueue_index
from documents.passwords import hash_password
from documents.rendering import render_markdown

Row = Mapping[str, Any]


def add_units(session: DbSession, rows: Iterable[Row]) -> dict[str, OrgUnit]:
    """Every unit by code, the missing ones of ``rows`` added (parents before children)."""
    units = {u.code: u for u in session.query(OrgUnit)}
    for row in rows:
        if row["code"] in units:
            continue
        unit = OrgUnit(
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
            level=row["level"],
            parent=units.get(row["parent"]) if row.get("parent") else None,
            valid_from=row.get("valid_from"),
            assigned_by_default=row["assigned"],
        )
        session.add(unit)
        units[row["code"]] = unit
    session.flush()
    return units


def add_users(
    session: DbSession, rows: Iterable[Row], units: Mapping[str, OrgUnit], password: str
) -> dict[str, User]:
    """Every account by username, the missing ones of ``rows`` added with ``password`` and
    their roles in their unit; an account whose unit does not exist (yet) is left out."""
    users = {u.username: u for u in session.query(User)}
    password_hash = hash_password(password)
    for row in rows:
        unit = units.get(row["unit"])
        if row["username"] in users or unit is None:
            continue
        user = User(
            username=row["username"],
            full_name=row["full_name"],
            password_hash=password_hash,
            unit=unit,
            roles=[UserRole(unit=unit, role=role) for role in row["roles"]],
        )
        session.add(user)
        users[row["username"]] = user
    session.flush()
    return users


def add_documents(
    session: DbSession, rows: Iterable[Row], units: Mapping[str, OrgUnit], note: str
) -> dict[str, Document]:
    """Every document with an ``external_id`` by it, the missing ones of ``rows`` added
    (published, queued for the index); ``note`` ends each body, saying it is demo text."""
    documents = {d.external_id: d for d in session.query(Document) if d.external_id}
    for row in rows:
        if row["external_id"] in documents:
            continue
        body = f"{row['body']}\n\n{note}"
        document = Document(
            external_id=row["external_id"],
            doc_type=row["type_code"],
            number=row["number"],
            symbol=row["symbol"],
            issuer=units[row["issuer"]],
            term=row["term"],
            issued_on=row["issued_on"],
            place=row["place"],
            title=row["title"],
            body=body,
            body_html=render_markdown(body),
        )
        session.add(document)
        session.flush()
        enqueue_index(session, "document", document.id)
        documents[row["external_id"]] = document
    return documents
