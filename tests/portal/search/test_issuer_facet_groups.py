"""The issuer facet of the search page grouped by successor when asked, on the project's
database and the embedded index (the tests are in ``tests.fixtures.issuer_facets``)."""

from __future__ import annotations

from tests.fixtures.issuer_facets import (  # noqa: F401 (the tests run here)
    test_before_the_change_nothing_is_grouped,
    test_facet_groups_predecessors_only_when_asked,
    test_grouped_filter_finds_successor_and_predecessors,
)
