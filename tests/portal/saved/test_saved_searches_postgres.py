"""Saved-search alerts with ``SEARCH_BACKEND=postgres``: the index upkeep in the database
raises the same alerts as the embedded index (skipped without a PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from documents.db import db
from documents.notifications import Notification
from documents.saved_searches import save_search
from portal.indexing import drain_outbox, search_backend
from tests.conftest import _postgres_schema
from tests.fixtures.postgres import _postgres_url


@pytest.fixture
def database_config() -> Iterator[dict]:
    schema = _postgres_schema(_postgres_url())
    yield {**next(schema), "SEARCH_BACKEND": "postgres"}
    next(schema, None)


def test_new_matching_document_is_announced_by_the_postgres_indexer(app, world, factory):
    assert search_backend().name == "postgres"
    save_search(db.session, world.reader, "Dân vận", "dân vận", {})
    db.session.commit()
    factory.document("70-CT/TU", "Về công tác dân vận ở cơ sở", doc_type="CT", number=70)
    db.session.commit()
    assert drain_outbox() > 0
    alerts = db.session.scalars(db.select(Notification).filter_by(kind="saved_search")).all()
    assert [a.unit_id for a in alerts] == [world.reader.unit_id]
