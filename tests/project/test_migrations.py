"""Schema migrations: an empty database upgrades to head and matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from documents.db import db, write_intent
from documents.revision import current_revision
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
        assert current_revision(db.session) == "created"  # the one row, there from the start
        db.session.rollback()
        downgrade(revision="-1")
        assert "data_revision" not in inspect(db.engine).get_table_names()
        downgrade(revision="-1")
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("plan")}
        assert "ix_plan_state" in indexes and "ix_plan_state_updated_at" not in indexes
        downgrade(revision="-1")
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("notification")}
        assert {"ix_notification_unit_id", "ix_notification_user_id"} <= indexes
        assert "ix_notification_unit_newest" not in indexes
        downgrade(revision="-1")
        columns = {c["name"] for c in inspect(db.engine).get_columns("mail_outbox")}
        assert "failed_at" not in columns
        downgrade(revision="-1")
        columns = {c["name"] for c in inspect(db.engine).get_columns("user")}
        assert "email" not in columns
        assert "mail_outbox" not in inspect(db.engine).get_table_names()
        downgrade(revision="-1")
        assert "unit_event" not in inspect(db.engine).get_table_names()
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


def test_notifications_of_units_survive_the_notification_migration(tmp_path):
    from sqlalchemy import text

    with fresh_instance(tmp_path, "notes") as app, app.app_context(), write_intent():
        upgrade(revision="b4c1d2e3f5a6")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO org_unit (id, code, name, short_name, kind, level, "
                    "assigned_by_default) VALUES (1, 'u', 'Huyện ủy', 'HU', "
                    "'district_committee', 'district', false)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO notification (unit_id, kind, subject, body, created_at) "
                    "VALUES (1, 'urging', 'Nhắc nhở', 'Gấp', '2026-01-01 00:00:00')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(text("SELECT unit_id, kind, subject FROM notification"))
            assert row.one() == (1, "urging", "Nhắc nhở")


def test_reorganisation_migration_keeps_assignments_and_their_unit(tmp_path):
    with fresh_instance(tmp_path, "kept") as app, app.app_context(), write_intent():
        upgrade(revision="b4c1d2e3f5a6")
        with db.engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO org_unit (id, code, name, short_name, kind, level,"
                    " assigned_by_default) VALUES (1, 'tu', 'Tỉnh ủy', 'TU',"
                    " 'provincial_committee', 'province', false),"
                    " (2, 'hu', 'Huyện ủy', 'HU', 'district_committee', 'district', false)"
                )
            )
            c.execute(
                text(
                    "INSERT INTO document (id, doc_type, title, body, body_html, state,"
                    " created_at, updated_at, version, issuer_id)"
                    " VALUES (1, 'CT', 'Chỉ thị', '', '', 'published', :t, :t, 1, 1)"
                ),
                {"t": "2019-08-01 00:00:00"},
            )
            c.execute(
                text(
                    "INSERT INTO assignment (id, document_id, unit_id, deliverable,"
                    " created_at, version) VALUES (1, 1, 2, 'Kế hoạch', :t, 1)"
                ),
                {"t": "2019-08-01 00:00:00"},
            )
            c.execute(
                text(
                    'INSERT INTO "user" (id, username, full_name, password_hash, unit_id,'
                    " active, session_version, created_at)"
                    " VALUES (1, 'u', 'U', 'x', 2, true, 1, :t)"
                ),
                {"t": "2019-08-01 00:00:00"},
            )
            c.execute(
                text(
                    "INSERT INTO plan (id, assignment_id, unit_id, title, body, body_html, state,"
                    " created_by_id, created_at, updated_at, version)"
                    " VALUES (1, 1, 2, 'Kế hoạch', '', '', 'drafted', 1, :t, :t, 1)"
                ),
                {"t": "2019-08-01 00:00:00"},
            )
        upgrade()
        with db.engine.connect() as c:
            row = c.execute(text("SELECT unit_id, origin_unit_id FROM assignment")).one()
            plans = c.execute(text("SELECT assignment_id FROM plan")).scalars().all()
        assert tuple(row) == (2, 2) and plans == [1]
        downgrade(revision="d17b4e5f6a7b")  # the revision before the reorganisation's
        with db.engine.connect() as c:
            assert c.execute(text("SELECT unit_id FROM assignment")).scalar_one() == 2
