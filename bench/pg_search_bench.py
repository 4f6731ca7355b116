"""Search benchmark of the PostgreSQL backend (``SEARCH_BACKEND=postgres``).

``run_postgres(documents, short_queries, long_queries, url)`` takes what
``bench/search_bench.py`` builds (its ``generate`` rows, its short queries, and the
ALQAC questions as long queries), stores the documents in a schema of their own in the
PostgreSQL at ``url``, times a full ``flask reindex`` (``pg_indexer.rebuild``), then
times the queries on ``PostgresSearchService`` (p50, p95) and computes MRR@10 and
hit@10 of the ALQAC questions when they are given with their judged articles. The
schema is dropped afterwards.

Run alone: ``python bench/pg_search_bench.py`` (sizes in ``BENCH_SIZES``, default
``10000``; the database in ``BENCH_DATABASE_URL``, default
``postgresql://127.0.0.1:5432/test``); prints the figures and writes JSON to
``bench/results/``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

import search_index.postgres.schema  # noqa: E402,F401  (registers the search tables)
import workflows.models  # noqa: E402,F401
from documents.db import db  # noqa: E402
from documents.models import Document  # noqa: E402
from search_index.postgres.indexer import rebuild  # noqa: E402
from search_index.postgres.query import PostgresSearchService  # noqa: E402
from workflows.constraints import bind_state_constraints  # noqa: E402

EVERYONE = frozenset({"authenticated"})
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgresql://127.0.0.1:5432/test"


def _driver_url(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _timed(service: PostgresSearchService, queries: list[str]) -> dict:
    times = []
    for query in queries:
        started = time.perf_counter()
        service.search(query, EVERYONE, limit=10)
        times.append(time.perf_counter() - started)
    return {
        "queries": len(queries),
        "postgres_p50_ms": round(percentile(times, 0.5), 1),
        "postgres_p95_ms": round(percentile(times, 0.95), 1),
    }


def _quality(service: PostgresSearchService, questions: list[dict]) -> dict:
    reciprocal = found = 0.0
    for question in questions:
        relevant = {f"{a['law_id']}@{a['article_id']}" for a in question["relevant_articles"]}
        for rank, hit in enumerate(service.search(question["text"], EVERYONE, limit=10).hits, 1):
            if hit.external_id in relevant:
                reciprocal += 1 / rank
                found += 1
                break
    return {
        "mrr_at_10": round(reciprocal / len(questions), 3),
        "hit_at_10": round(found / len(questions), 3),
    }


def run_postgres(
    documents: list[dict],
    short_queries: list[str],
    long_queries: list[str] | list[dict],
    url: str = DEFAULT_URL,
) -> dict:
    """Reindex ``documents`` (``search_bench.generate`` rows) into the search tables of a
    fresh schema at ``url``, then time ``short_queries`` and ``long_queries``. Long
    queries given as ALQAC questions (``{"text", "relevant_articles"}``) also give
    MRR@10 and hit@10. Returns the figures."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    url = _driver_url(url)
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "connect_args": {"options": f"-csearch_path={schema}"}
    }
    db.init_app(app)
    report: dict = {"size": len(documents), "backend": "postgres"}
    try:
        with app.app_context():
            bind_state_constraints()
            db.create_all()
            now = datetime.now(UTC).replace(tzinfo=None)
            base = {"body_html": "", "version": 1, "state": "published"}
            for start in range(0, len(documents), 1000):
                rows = documents[start : start + 1000]
                db.session.execute(
                    insert(Document),
                    [{**base, "created_at": now, "updated_at": now, **row} for row in rows],
                )
            db.session.commit()
            started = time.perf_counter()
            indexed = rebuild(db.session)
            db.session.commit()
            elapsed = time.perf_counter() - started
            report["reindex_seconds"] = round(elapsed, 1)
            report["reindex_docs_per_second"] = round(indexed / elapsed)
            report["table_mb"] = round(
                db.session.scalar(text("SELECT pg_total_relation_size('search_entry')")) / 2**20
            )
            db.session.remove()
            service = PostgresSearchService(db.engine)
            service.search("khởi động", EVERYONE)
            texts = [q if isinstance(q, str) else q["text"] for q in long_queries]
            for kind, queries in (("short", short_queries), ("long", texts)):
                if queries:
                    report[kind] = _timed(service, queries)
            judged = [q for q in long_queries if isinstance(q, dict)]
            if judged:
                report.update(_quality(service, judged))
            db.engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return report


def main() -> None:
    from bench.search_bench import SEED, corpora, generate, short_queries

    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000").split(",") if s.strip()]
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    folder = corpora()
    articles: dict[str, str] = {}
    questions: list[dict] = []
    if folder is not None:
        articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        questions = json.loads((folder / "dev_questions.json").read_text(encoding="utf-8"))
    reports = []
    for size in sizes:
        rng = random.Random(SEED + size)
        rows = generate(size, rng, articles)
        report = run_postgres(rows, short_queries(rng, rows), questions, url)
        print(f"[{size}] {json.dumps(report, ensure_ascii=False)}")
        reports.append(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"pg-search-{stamp}.json"
    meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "when": stamp}
    out.write_text(json.dumps({"meta": meta, "runs": reports}, indent=2, ensure_ascii=False))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
