"""Schema migrations: an empty database upgrades to head and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from documents.db import db, write_intent
from tests.conftest import fresh_instance


def pending_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_empty_database_upgrades_to_head_and_matches_the_models(tmp_path):
    with fresh_instance(tmp_path, "migrated") as app, app.app_context(), write_intent():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        assert pending_differences() == []


def test_latest_revision_downgrades_and_upgrades_again(tmp_path):
    with fresh_instance(tmp_path, "downgraded") as app, app.app_context(), write_intent():
        upgrade()
        downgrade(revision="-1")
        assert "saved_search" not in inspect(db.engine).get_table_names()
        columns = {c["name"] for c in inspect(db.engine).get_columns("assignment")}
        assert "withdrawn_at" not in columns
        downgrade(revision="-1")
        columns = {c["name"] for c in inspect(db.engine).get_columns("api_token")}
        assert "scopes" not in columns
        downgrade(revision="-1")
        columns = {c["name"] for c in inspect(db.engine).get_columns("attachment")}
        assert "ocr_status" not in columns
        upgrade()
        assert pending_differences() == []


def test_init_db_stamps_a_database_made_before_migrations(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "alembic_version" in inspect(db.engine).get_table_names()
