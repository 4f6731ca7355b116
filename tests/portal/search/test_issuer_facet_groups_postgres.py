"""The grouped issuer facet with ``SEARCH_BACKEND=postgres`` (skipped without a
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import _postgres_schema
from tests.fixtures.issuer_facets import (  # noqa: F401 (the tests run here too)
    test_before_the_change_nothing_is_grouped,
    test_facet_groups_predecessors_only_when_asked,
    test_grouped_filter_finds_successor_and_predecessors,
)
from tests.fixtures.postgres import _postgres_url


@pytest.fixture
def database_config() -> Iterator[dict]:
    schema = _postgres_schema(_postgres_url())
    yield {**next(schema), "SEARCH_BACKEND": "postgres"}
    next(schema, None)
