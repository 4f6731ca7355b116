"""Search quality on real Vietnamese legal text (ALQAC 2023), typed three ways, on both
backends.

Every article is indexed through ``fields_for_document`` and the real analysis; each
of the 50 judged questions is searched as typed, without diacritics, and in NFD. The
floors sit a little under the measured values, so a change that hurts ranking fails
here. At the time of writing, MRR@10 with diacritics / folded / NFD: Whoosh 0.855 /
0.842 / 0.855, PostgreSQL 0.871 / 0.871 / 0.871; hit@10 0.96 for both.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from documents.db import db
from documents.models import Document
from documents.revision import DataRevision
from search_index.backends import Searcher
from search_index.postgres.entries import entry_from_fields
from search_index.postgres.indexer import write_entries
from search_index.postgres.query import PostgresSearchService
from search_index.postgres.schema import SearchEntry, SearchTerm
from search_index.whoosh.indexer import fields_for_document, open_index
from search_index.whoosh.query import SearchService
from tests.conftest import _postgres_schema

MRR_FLOOR = 0.84
HIT_FLOOR = 0.95
FORM_TOLERANCE = 0.03  # typed without diacritics, or in NFD: at most this much worse


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


FORMS: dict[str, Callable[[str], str]] = {
    "diacritics": lambda text: text,
    "folded": without_diacritics,
    "nfd": lambda text: unicodedata.normalize("NFD", text),
}


def _articles(folder: Path) -> list[Document]:
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    documents = []
    for number, (key, text) in enumerate(articles.items(), start=1):
        title, _, body = text.partition("\n")
        documents.append(
            Document(
                id=number,
                external_id=key,
                doc_type="QĐ",
                title=title,
                body=body,
                body_html="",
                published=True,
            )
        )
    return documents


def _whoosh(documents: list[Document], index_dir: Path) -> Iterator[Searcher]:
    index = open_index(index_dir)
    writer = index.writer(limitmb=256)
    for article in documents:
        writer.add_document(**fields_for_document(article))
    writer.commit()
    index.close()
    with SearchService(index_dir) as service:
        yield service


def _postgres(documents: list[Document], url: str) -> Iterator[Searcher]:
    schema = _postgres_schema(url)
    app = Flask(__name__)
    app.config.update(next(schema))
    db.init_app(app)
    try:
        with app.app_context():
            # (and the data revision, which every committing session writes)
            tables = [SearchEntry.__table__, SearchTerm.__table__, DataRevision.__table__]
            db.metadata.create_all(db.engine, tables=tables)
            with Session(db.engine) as session:
                write_entries(
                    session, [entry_from_fields(fields_for_document(d)) for d in documents]
                )
                session.commit()
            yield PostgresSearchService(db.engine)
            db.engine.dispose()
    finally:
        next(schema, None)  # drops the schema


@pytest.fixture(scope="module", params=["whoosh", "postgres"])
def alqac(request, corpora_path, tmp_path_factory) -> Iterator[tuple[Searcher, list[dict]]]:
    folder = corpora_path("alqac2023")
    questions = json.loads((folder / "dev_questions.json").read_text(encoding="utf-8"))
    documents = _articles(folder)
    if request.param == "postgres":
        searchers = _postgres(documents, request.getfixturevalue("postgres_database_url"))
    else:
        searchers = _whoosh(documents, tmp_path_factory.mktemp("alqac-index"))
    for service in searchers:
        yield service, questions


def measure(service: Searcher, questions: list[dict], form) -> tuple[float, float]:
    """(MRR@10, hit@10) of ``questions`` typed in ``form``."""
    reciprocal = found = 0.0
    for question in questions:
        relevant = {f"{a['law_id']}@{a['article_id']}" for a in question["relevant_articles"]}
        results = service.search(form(question["text"]), frozenset({"authenticated"}), limit=10)
        for rank, hit in enumerate(results.hits, start=1):
            if hit.external_id in relevant:
                reciprocal += 1.0 / rank
                found += 1
                break
    return reciprocal / len(questions), found / len(questions)


def test_mrr_and_hits_at_10_hold_with_and_without_diacritics(alqac):
    service, questions = alqac
    scores = {name: measure(service, questions, form) for name, form in FORMS.items()}
    print("ALQAC 2023 dev (MRR@10, hit@10):", scores)
    assert all(mrr >= MRR_FLOOR for mrr, _hits in scores.values()), scores
    assert all(hits >= HIT_FLOOR for _mrr, hits in scores.values()), scores
    assert scores["nfd"] == scores["diacritics"]  # NFC first: the same query
    assert scores["folded"][0] >= scores["diacritics"][0] - FORM_TOLERANCE
