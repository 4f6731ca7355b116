"""Search precision on the demo data (issue 12, item 4), on both backends: a short query
typed with diacritics ("Rạch Giá", "Phú Quốc") finds what holds that phrase (in its
text, its place or its unit's name) and never fills the page with what only holds one
of its syllables ("đánh giá", "tham gia", "Tổ quốc"), nor marks one alone in a
snippet."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from documents.db import db
from documents.models import Document, Plan
from documents.text import fold
from portal.demo.data import DEMO_PASSWORD
from portal.indexing import search_backend
from search_index.fields import fields_for_document, fields_for_plan
from tests.conftest import AuthActions, _postgres_schema
from tests.search_index.conftest import postgres_or_skip


@pytest.fixture(params=["whoosh", "postgres"])
def database_config(request, tmp_path) -> Iterator[dict]:
    """The project's database with the Whoosh index, or PostgreSQL with its own."""
    if request.param == "postgres":
        schema = _postgres_schema(postgres_or_skip())
        yield {**next(schema), "SEARCH_BACKEND": "postgres"}
        next(schema, None)  # drops the schema
    elif os.environ.get("TEST_DATABASE_URL"):
        yield from _postgres_schema(os.environ["TEST_DATABASE_URL"])
    else:
        yield {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}


def searched_text(kind: str, object_id: int) -> str:
    """Everything the index searches of an object, folded, on one line."""
    if kind == "document":
        fields = fields_for_document(db.session.get(Document, object_id))
    else:
        fields = fields_for_plan(db.session.get(Plan, object_id))
    return " ".join(fold(fields["title"] + " " + fields["body"]).lower().split())


def hits(client, text: str) -> list[tuple[str, int]]:
    found = client.get("/api/search", query_string={"q": text, "limit": 20}).get_json()
    for hit in found["hits"]:  # a snippet marks the words together, never one alone
        marked = re.findall(r"<mark>(.*?)</mark>", hit["snippet"])
        typed = [fold(w).lower() for w in text.split()]
        assert [fold(m).lower() for m in marked] == typed * (len(marked) // len(typed)), hit
    return [(hit["kind"], hit["id"]) for hit in found["hits"]]


@pytest.mark.parametrize(
    ("username", "query", "phrase", "syllable_only"),
    [
        ("admin", "Rạch Giá", "rach gia", ("danh gia", "tham gia")),
        ("huyenuy.phuquoc", "Phú Quốc", "phu quoc", ("to quoc", "phu nu")),
    ],
)
def test_a_two_syllable_query_finds_the_phrase_not_its_syllables(
    app, client, username, query, phrase, syllable_only
):
    result = app.test_cli_runner().invoke(args=["seed-demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    AuthActions(client).login(username, DEMO_PASSWORD)
    found = hits(client, query)
    assert found, f"{query}: nothing found on {search_backend().name}"
    for kind, object_id in found:
        assert phrase in searched_text(kind, object_id), (kind, object_id)
    # the demo has documents that only hold one of the syllables: none is shown
    others = [
        ("document", d.id)
        for d in db.session.scalars(db.select(Document))
        if phrase not in searched_text("document", d.id)
        and any(words in searched_text("document", d.id) for words in syllable_only)
    ]
    assert others, "the demo data no longer has a document with only one syllable"
    assert not set(others) & set(found)
