"""What the database asks of any search index: the objects an outbox batch changes,
and every object to index in a rebuild. Both backends' indexers read these, so neither
depends on the other."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import aliased, selectinload

from documents.db import DbSession
from documents.models import Assignment, Document, IndexOutbox, Plan
from documents.records import Relation

__all__ = ["IndexBusy", "ObjectKey", "all_documents", "all_plans", "all_replaced", "outbox_changes"]


class IndexBusy(Exception):
    """Another indexer run held the index lock for longer than the caller would wait."""


ObjectKey = tuple[str, int]  # ("document", 5)


def outbox_changes(
    session: DbSession, rows: Sequence[IndexOutbox]
) -> tuple[dict[ObjectKey, str], dict[ObjectKey, Document | Plan]]:
    """What the outbox ``rows`` ask of any index: the last operation per object (the
    last row for an object wins; a document that says it replaces another changes the
    other's validity, so the other is upserted too), and the objects to upsert that
    still exist. An object that is neither is to be deleted."""
    last_op: dict[ObjectKey, str] = {}
    for row in rows:
        last_op[(row.kind, row.object_id)] = row.op
    changed = [oid for (k, oid), op in last_op.items() if k == "document" and op == "upsert"]
    for target in _replaced_targets(session, changed):
        last_op.setdefault(("document", target), "upsert")

    def upserted(kind: str) -> list[int]:
        return [oid for (k, oid), op in last_op.items() if k == kind and op == "upsert"]

    found: dict[ObjectKey, Document | Plan] = {}
    for doc in session.scalars(select(Document).where(Document.id.in_(upserted("document")))):
        found[("document", doc.id)] = doc
    for plan in session.scalars(select(Plan).where(Plan.id.in_(upserted("plan")))):
        found[("plan", plan.id)] = plan
    return last_op, found


def _replaced_targets(session: DbSession, document_ids: list[int]) -> set[int]:
    """Documents that the documents ``document_ids`` state they replace."""
    if not document_ids:
        return set()
    return set(
        session.scalars(
            select(Relation.target_id).where(
                Relation.found_in_id.in_(document_ids),
                Relation.kind == "replaces",
                Relation.target_id.isnot(None),
            )
        )
    )


def all_replaced(session: DbSession) -> set[int]:
    """Ids of the documents a published document states it replaces (one query)."""
    source = aliased(Document)
    return set(
        session.scalars(
            select(Relation.target_id)
            .join(source, source.id == Relation.source_id)
            .where(
                Relation.kind == "replaces",
                Relation.target_id.isnot(None),
                Relation.source_id != Relation.target_id,
                source.published,
            )
        )
    )


def all_documents(session: DbSession) -> Iterator[Document]:
    yield from session.scalars(
        select(Document)
        .order_by(Document.id)
        .options(selectinload(Document.issuer), selectinload(Document.attachments))
        .execution_options(yield_per=500)
    )


def all_plans(session: DbSession) -> Iterator[Plan]:
    yield from session.scalars(
        select(Plan)
        .order_by(Plan.id)
        .options(
            selectinload(Plan.assignment).selectinload(Assignment.document),
            selectinload(Plan.unit),
        )
        .execution_options(yield_per=500)
    )
