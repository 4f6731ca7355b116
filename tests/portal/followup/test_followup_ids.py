"""Follow-up pages name documents by id in the address: an id no INTEGER column can hold
(a fuzzer's, a typo's) names no document and answers 404, never a database error."""

from __future__ import annotations

import pytest

from tests.fixtures.web import seeded

HUGE = 2**63  # beyond SQLite's and PostgreSQL's integers alike


@pytest.mark.parametrize(
    "path",
    [
        "/assignments/documents/{id}/assign",
        "/assignments/documents/{id}/coverage",
        "/assignments/documents/{id}/coverage.xlsx",
        "/assignments/documents/{id}/report",
        "/assignments/documents/{id}/inspections",
        "/assignments/documents/{id}/inspections/new",
        "/assignments/documents/{id}/reviews",
        "/assignments/documents/{id}/figures",
    ],
)
def test_an_id_beyond_the_integer_columns_is_a_missing_document(app, client, path):
    seeded(app, client, "bandanvan")
    assert client.get(path.format(id=HUGE)).status_code == 404
    assert client.get(path.format(id=2**31)).status_code == 404
