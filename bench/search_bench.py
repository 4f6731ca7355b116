"""Search benchmark: the portal's Whoosh search against SQLite FTS5 on the same corpus,
and the PostgreSQL backend on it too (``bench/pg_search_bench.py``) when
``BENCH_DATABASE_URL`` (default the local ``test`` database; ``none`` to skip) answers.

For each size in ``BENCH_SIZES`` (default ``10000``; ``BENCH_SIZES=10000,100000`` for the
full run) it generates a corpus of Party documents (administrative vocabulary, symbols,
dates) plus the ALQAC 2023 law articles when ``../shared/corpora`` (or
``PORTAL_CORPORA``) has them, stores it in an SQLite database, times a full
``flask reindex`` (``search_index.whoosh.indexer.rebuild``), then times short queries (2–4
syllables with and without diacritics, symbols) and long ones (the ALQAC questions),
p50 and p95, on the portal's ``SearchService`` and on FTS5
(``unicode61 remove_diacritics 2``, bm25, top 10). MRR@10 of the ALQAC questions is
computed for both. Prints the ratios and writes JSON to ``bench/results/``.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click  # noqa: E402
from flask import Flask  # noqa: E402
from sqlalchemy import insert  # noqa: E402

import workflows.models  # noqa: E402,F401
from documents.db import db  # noqa: E402
from documents.models import Document  # noqa: E402
from documents.text import fold  # noqa: E402
from search_index.analysis import tokens  # noqa: E402
from search_index.whoosh.indexer import rebuild  # noqa: E402
from search_index.whoosh.query import SearchService  # noqa: E402
from workflows.constraints import bind_state_constraints  # noqa: E402

EVERYONE = frozenset({"authenticated"})
RESULTS = ROOT / "bench" / "results"
SEED = 20191
TYPES = (("CT", "Chỉ thị"), ("NQ", "Nghị quyết"), ("KH", "Kế hoạch"), ("KL", "Kết luận"))
ISSUERS = ("TU", "HU", "ĐU", "BTGTU", "UBKTTU")
PHRASES = (
    "công tác dân vận",
    "hệ thống chính trị",
    "đoàn viên",
    "hội viên",
    "cấp ủy",
    "chi bộ",
    "đảng viên",
    "nông thôn mới",
    "cải cách hành chính",
    "an sinh xã hội",
    "phòng chống tham nhũng",
    "xây dựng Đảng",
    "mặt trận tổ quốc",
    "kinh tế tập thể",
    "quốc phòng an ninh",
    "giảm nghèo bền vững",
    "chuyển đổi số",
    "thủy lợi",
    "phòng chống thiên tai",
    "tuyên truyền",
    "kiểm tra giám sát",
    "thi đua khen thưởng",
    "đồng bào dân tộc",
    "tôn giáo",
    "cựu chiến binh",
    "thanh niên",
    "phụ nữ",
    "nông dân",
    "công đoàn",
    "khu dân cư",
    "dân chủ ở cơ sở",
    "tiếp công dân",
    "giải quyết khiếu nại",
    "tố cáo",
    "văn hóa",
    "giáo dục đào tạo",
    "y tế cơ sở",
    "bảo hiểm xã hội",
    "quy chế dân chủ",
    "học tập và làm theo",
    "tư tưởng đạo đức",
    "phong cách Hồ Chí Minh",
    "cán bộ chủ chốt",
    "nhiệm kỳ",
    "đại hội",
    "sơ kết",
    "tổng kết",
    "nâng cao chất lượng",
    "hiệu quả hoạt động",
    "tăng cường lãnh đạo",
)
FILLER = (
    "các cấp ủy",
    "thực hiện tốt",
    "trong thời gian tới",
    "theo chức năng nhiệm vụ",
    "báo cáo kết quả",
    "về Ban Thường vụ",
    "đúng tiến độ",
    "trên địa bàn tỉnh",
    "yêu cầu",
    "chỉ đạo",
    "triển khai",
    "quán triệt",
    "đồng thời",
    "kịp thời",
)


def corpora() -> Path | None:
    root = Path(os.environ.get("PORTAL_CORPORA", ROOT.parent / "shared" / "corpora"))
    folder = root / "alqac2023"
    return folder if folder.is_dir() else None


def generate(size: int, rng: random.Random, articles: dict[str, str]) -> list[dict]:
    """``size`` documents: the ALQAC articles first (when present), then synthetic ones."""
    rows: list[dict] = []
    for key, text in list(articles.items())[:size]:
        title, _, body = text.partition("\n")
        rows.append({"title": title[:500], "body": body, "external_id": key, "doc_type": "QĐ"})
    numbers: dict[tuple[str, str, int], int] = {}
    while len(rows) < size:
        code, name = rng.choice(TYPES)
        issuer = rng.choice(ISSUERS)
        year = rng.randint(2005, 2024)
        number = numbers[(code, issuer, year)] = numbers.get((code, issuer, year), 0) + 1
        topic = rng.sample(PHRASES, 2)
        cited = f"{rng.randint(1, 60)}-{rng.choice(TYPES)[0]}/{rng.choice(ISSUERS)}"
        sentences = [
            f"{rng.choice(FILLER).capitalize()} {rng.choice(PHRASES)}, {rng.choice(PHRASES)} "
            f"và {rng.choice(PHRASES)} {rng.choice(FILLER)}."
            for _ in range(rng.randint(4, 14))
        ]
        sentences.insert(rng.randint(0, len(sentences)), f"Thực hiện văn bản số {cited}.")
        rows.append(
            {
                "title": f"{name} về {topic[0]} và {topic[1]}",
                "body": " ".join(sentences),
                "symbol": f"{number}-{code}/{issuer}",
                "number": number,
                "doc_type": code,
                "issued_on": date(year, 1, 1) + timedelta(days=rng.randint(0, 360)),
                "term": f"khóa {year}",
                "issuer_name": f"Cơ quan {issuer}",
            }
        )
    return rows


def short_queries(rng: random.Random, rows: list[dict]) -> list[str]:
    found: list[str] = []
    for _ in range(80):
        words = rng.choice(PHRASES).split()
        if len(words) < 2:
            words += rng.choice(PHRASES).split()[:1]
        text = " ".join(words[:4])
        found.append(fold(text) if rng.random() < 0.5 else text)
    with_symbol = [r for r in rows if r.get("symbol")]
    for row in rng.sample(with_symbol, min(20, len(with_symbol))):
        found.append(row["symbol"] if rng.random() < 0.5 else f"chi thi {row['number']}")
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def fts_query(text: str, mode: str) -> str:
    terms = [f'"{t}"' for t in dict.fromkeys(tokens(text.lower()))]
    return (" OR " if mode == "long" else " ").join(terms) or '""'


def run_size(size: int, work: Path, articles: dict[str, str], questions: list[dict]) -> dict:
    rng = random.Random(SEED + size)
    rows = generate(size, rng, articles)
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{work / f'bench-{size}.sqlite3'}"
    db.init_app(app)
    index_dir = work / f"index-{size}"
    report: dict = {"size": size, "alqac_articles": min(len(articles), size)}
    with app.app_context():
        bind_state_constraints()
        db.create_all()
        now = datetime.now(UTC).replace(tzinfo=None)
        db.session.execute(
            insert(Document),
            [
                {
                    "body_html": "",
                    "version": 1,
                    "state": "published",
                    "created_at": now,
                    "updated_at": now,
                    **row,
                }
                for row in rows
            ],
        )
        db.session.commit()
        started = time.perf_counter()
        with click.progressbar(length=size, label=f"[{size}] reindex") as bar:
            indexed = rebuild(
                db.session, index_dir, progress=lambda done, _total: bar.update(done - bar.pos)
            )
        db.session.commit()
        elapsed = time.perf_counter() - started
        report["reindex_seconds"] = round(elapsed, 1)
        report["reindex_docs_per_second"] = round(indexed / elapsed)
        db.session.remove()
    print(
        f"[{size}] reindex: {indexed} documents in {elapsed:.1f} s "
        f"({indexed / elapsed:.0f} documents/s)"
    )

    fts = sqlite3.connect(":memory:")
    fts.execute(
        "CREATE VIRTUAL TABLE fts USING fts5(ext, title, body, "
        'tokenize="unicode61 remove_diacritics 2")'
    )
    fts.executemany(
        "INSERT INTO fts VALUES (?, ?, ?)",
        [(r.get("external_id"), r["title"], r["body"]) for r in rows],
    )
    fts.commit()

    sets = {"short": short_queries(rng, rows), "long": [q["text"] for q in questions]}
    with SearchService(index_dir) as service:
        # a warm server: the searcher open and each field's lengths read once
        for warm_up in ("khởi động", "khởi động nhanh", '"khởi động"', "11-CT/TU"):
            service.search(warm_up, EVERYONE)
        for kind, queries in sets.items():
            if not queries:
                continue
            ours, theirs = [], []
            for text in queries:
                started = time.perf_counter()
                service.search(text, EVERYONE, limit=10)
                ours.append(time.perf_counter() - started)
                started = time.perf_counter()
                fts.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10",
                    (fts_query(text, kind),),
                ).fetchall()
                theirs.append(time.perf_counter() - started)
            figures = {
                "queries": len(queries),
                "whoosh_p50_ms": round(percentile(ours, 0.5), 1),
                "whoosh_p95_ms": round(percentile(ours, 0.95), 1),
                "fts5_p50_ms": round(percentile(theirs, 0.5), 1),
                "fts5_p95_ms": round(percentile(theirs, 0.95), 1),
            }
            figures["p95_ratio"] = round(
                figures["whoosh_p95_ms"] / max(figures["fts5_p95_ms"], 0.01), 2
            )
            report[kind] = figures
            print(
                f"[{size}] {kind}: Whoosh p50 {figures['whoosh_p50_ms']} ms, "
                f"p95 {figures['whoosh_p95_ms']} ms; FTS5 p50 {figures['fts5_p50_ms']} ms, "
                f"p95 {figures['fts5_p95_ms']} ms; p95 ratio {figures['p95_ratio']}"
            )
        if questions and articles:
            report["mrr_at_10"] = mrr(service, fts, questions)
            print(f"[{size}] ALQAC MRR@10: {report['mrr_at_10']}")
    fts.close()
    url = os.environ.get("BENCH_DATABASE_URL", "postgresql://127.0.0.1:5432/test")
    if url != "none":
        figures = postgres_figures(rows, sets, questions if articles else [], url)
        for kind in ("short", "long"):
            if kind in figures and kind in report:
                figures[kind]["p95_ratio"] = round(
                    figures[kind]["postgres_p95_ms"] / max(report[kind]["fts5_p95_ms"], 0.01), 2
                )
        report["postgres"] = figures
    return report


def postgres_figures(rows: list[dict], sets: dict, questions: list[dict], url: str) -> dict:
    """The same corpus and queries on the PostgreSQL backend (``SEARCH_BACKEND=postgres``),
    or why not (``BENCH_DATABASE_URL=none`` leaves it out)."""
    from bench.pg_search_bench import run_postgres

    try:
        figures = run_postgres(rows, sets["short"], questions or sets["long"], url)
    except Exception as exc:  # no server, no extensions: the Whoosh figures still stand
        print(f"[{len(rows)}] PostgreSQL backend not measured: {exc}")
        return {"error": str(exc)}
    print(
        f"[{len(rows)}] PostgreSQL backend: reindex {figures['reindex_docs_per_second']} "
        f"documents/s; short p50/p95 {figures['short']['postgres_p50_ms']}/"
        f"{figures['short']['postgres_p95_ms']} ms; long p50/p95 "
        f"{figures['long']['postgres_p50_ms']}/{figures['long']['postgres_p95_ms']} ms; "
        f"MRR@10 {figures.get('mrr_at_10')}"
    )
    return figures


def mrr(service: SearchService, fts: sqlite3.Connection, questions: list[dict]) -> dict:
    ours = theirs = 0.0
    for question in questions:
        relevant = {f"{a['law_id']}@{a['article_id']}" for a in question["relevant_articles"]}
        hits = service.search(question["text"], EVERYONE, limit=10).hits
        for rank, hit in enumerate(hits, start=1):
            if hit.external_id in relevant:
                ours += 1 / rank
                break
        rows = fts.execute(
            "SELECT ext FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 10",
            (fts_query(question["text"], "long"),),
        ).fetchall()
        for rank, (ext,) in enumerate(rows, start=1):
            if ext in relevant:
                theirs += 1 / rank
                break
    return {"whoosh": round(ours / len(questions), 3), "fts5": round(theirs / len(questions), 3)}


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000").split(",") if s.strip()]
    folder = corpora()
    articles: dict[str, str] = {}
    questions: list[dict] = []
    if folder is None:
        print("ALQAC corpus absent: no long queries and no MRR (set PORTAL_CORPORA).")
    else:
        articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
        questions = json.loads((folder / "dev_questions.json").read_text(encoding="utf-8"))
    reports = []
    with tempfile.TemporaryDirectory(prefix="search-bench-") as work:
        for size in sizes:
            reports.append(run_size(size, Path(work), articles, questions))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"search-{stamp}.json"
    meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "when": stamp}
    out.write_text(json.dumps({"meta": meta, "runs": reports}, indent=2, ensure_ascii=False))
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
