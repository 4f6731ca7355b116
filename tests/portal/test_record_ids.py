"""Addresses name records by id: an id no INTEGER column can hold (a fuzzer's, a typo's)
names no record and answers 404, never a database error (portal.saving.RecordIdConverter)."""

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


def _int_only_get_rules(app):
    for rule in app.url_map.iter_rules():
        converters = rule._converters  # the rule's arguments and their converters
        if (
            "GET" in rule.methods
            and not rule.rule.startswith("/api/")  # asks for a token first (401)
            and converters
            and all(type(c).__name__ == "RecordIdConverter" for c in converters.values())
        ):
            yield rule


def test_every_address_with_ids_answers_404_beyond_the_integer_columns(app, client):
    seeded(app, client, "admin")
    rules = list(_int_only_get_rules(app))
    assert len(rules) > 20
    for rule in rules:
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", str(HUGE))
        assert client.get(path).status_code == 404, path
