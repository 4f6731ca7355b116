"""Importing: the seed article read from text and through the CLI, archives in JSON Lines."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from documents.db import db
from documents.importing import parse_document_text
from documents.models import Document
from documents.records import DocumentVersion, Relation

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"
ARTICLE = SEED / "chi-thi-11-CT-TU-kien-giang-2019.txt"


def article() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the seed article {ARTICLE} is absent (../shared/seed)")
    return ARTICLE.read_text(encoding="utf-8")


def test_seed_article_reads_as_directive_11_ct_tu_with_clauses_citations_and_chain():
    draft = parse_document_text(article())
    assert (draft.type_code, draft.symbol, draft.issuer_text, draft.issued_on) == (
        "CT",
        "11-CT/TU",
        "Tỉnh ủy Kiên Giang",
        date(2019, 8, 1),
    )
    assert [n for n, _ in draft.clauses] == [1, 2, 3, 4, 5]
    assert [(str(c.symbol), c.cited_date) for c in draft.citations] == [
        ("40-CTr/TU", date(2013, 8, 27)),
        ("25-NQ/TW", date(2013, 6, 3)),
        ("56-CTr/TU", date(2010, 7, 12)),
        ("62-KL/TW", date(2009, 12, 8)),
    ]
    implements = {
        (str(r.source.symbol), str(r.target.symbol))
        for r in draft.relations
        if r.kind == "implements" and r.source is not None
    }
    assert implements == {("40-CTr/TU", "25-NQ/TW"), ("56-CTr/TU", "62-KL/TW")}


def test_import_document_cli_saves_the_article_published_with_relations(app, tmp_path):
    text = article()
    path = tmp_path / "chi-thi.txt"
    path.write_text(text, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["import-document", str(path), "--place", "Rạch Giá"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "11-CT/TU" in result.output and "5 khoản" in result.output
    document = db.session.scalar(db.select(Document).filter_by(symbol="11-CT/TU"))
    assert document.published and document.issued_on == date(2019, 8, 1)
    assert document.issuer_name == "Tỉnh ủy Kiên Giang"  # no such unit yet: kept as written
    pairs = {
        (r.source_symbol, r.target_symbol, r.kind)
        for r in db.session.scalars(db.select(Relation).filter_by(found_in_id=document.id))
    }
    assert ("40-CTr/TU", "25-NQ/TW", "implements") in pairs
    assert ("56-CTr/TU", "62-KL/TW", "implements") in pairs
    again = runner.invoke(
        args=["import-document", str(path), "--place", "Rạch Giá"], catch_exceptions=False
    )
    assert again.exit_code == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 1


def test_a_citation_waiting_for_its_document_resolves_when_the_document_is_imported(app, tmp_path):
    text = article()
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    runner = app.test_cli_runner()
    runner.invoke(
        args=["import-document", str(tmp_path / "a.txt"), "--place", "Rạch Giá"],
        catch_exceptions=False,
    )
    waiting = db.session.scalar(db.select(Relation).filter_by(target_symbol="25-NQ/TW").limit(1))
    assert waiting.target_status == "missing"
    archive = tmp_path / "nq.jsonl"
    archive.write_text(
        json.dumps(
            {
                "external_id": "nq-25",
                "type": "NQ",
                "symbol": "25-NQ/TW",
                "title": "Về công tác dân vận",
                "body": "Nội dung.",
                "issued_on": "2013-06-03",
                "place": "Hà Nội",
                "issuer": "Ban Chấp hành Trung ương",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-documents", str(archive)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    resolution = db.session.scalar(db.select(Document).filter_by(external_id="nq-25"))
    statuses = {
        r.target_status
        for r in db.session.scalars(db.select(Relation).filter_by(target_symbol="25-NQ/TW"))
    }
    assert statuses == {"resolved"}
    assert waiting.target_id == resolution.id


def test_import_documents_reports_bad_lines_imports_the_rest_and_is_idempotent(app, tmp_path):
    lines = [
        {"external_id": "a1", "type": "Chỉ thị", "symbol": "05-CT/TU", "title": "Một",
         "body": "Nội dung một.", "issued_on": "2018-03-02", "issuer": None,
         "place": "Rạch Giá"},
        {"external_id": "a2", "type": "Luật", "symbol": "45/2019/QH14", "title": "Luật",
         "body": "Điều 1.", "issued_on": None, "issuer": None},
        {"external_id": "a3", "type": "Không có", "title": "Hỏng", "body": "x"},
        {"external_id": "a4", "type": "CT", "title": "", "body": "x"},
    ]  # fmt: skip
    archive = tmp_path / "kho.jsonl"
    archive.write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n{không phải json\n",
        encoding="utf-8",
    )
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-documents", str(archive)])
    assert result.exit_code == 1
    assert "Dòng 3:" in result.output and "Dòng 4:" in result.output and "Dòng 5:" in result.output
    assert "2 văn bản mới" in result.output
    docs = db.session.scalars(db.select(Document).order_by(Document.external_id)).all()
    assert [(d.external_id, d.doc_type, d.published) for d in docs] == [
        ("a1", "CT", True),
        ("a2", "state:Luật", True),
    ]
    runner.invoke(args=["import-documents", str(archive)])
    assert db.session.scalar(db.select(db.func.count()).select_from(Document)) == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(DocumentVersion)) == 2
