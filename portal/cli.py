"""Command-line tools: ``flask --app wsgi <command>``."""

from __future__ import annotations

import getpass

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import stamp, upgrade
from sqlalchemy import inspect

from documents.db import db, write_intent
from documents.models import ROLES, OrgUnit, User, UserRole
from documents.passwords import hash_password, password_problem
from portal.cli_backup import backup_command, restore_command
from portal.cli_documents import register_document_cli
from portal.cli_followup import register_followup_cli
from portal.cli_search import register_search_cli
from portal.templating import today
from search_index.indexer import apply_outbox, open_index, rebuild


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(reindex)
    app.cli.add_command(search_group)
    register_document_cli(app)
    register_followup_cli(app)
    register_search_cli(app)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


def ensure_schema() -> None:
    """Bring the database to the latest migration.

    A database made by an older ``create_all`` (before migrations existed) has the tables
    but no ``alembic_version``: it is stamped as current instead of created again.
    """
    tables = set(inspect(db.engine).get_table_names())
    with write_intent():
        if tables and "alembic_version" not in tables:
            stamp()
        else:
            upgrade()


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (migrations) and the search index."""
    ensure_schema()
    open_index(current_app.config["SEARCH_INDEX_DIR"], create=True).close()
    click.echo("Đã tạo cơ sở dữ liệu và chỉ mục tìm kiếm.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo data of Directive 11-CT/TU (idempotent; refused in production)."""
    if current_app.config.get("PORTAL_ENV") == "production":
        raise click.ClickException("Không nạp dữ liệu mẫu vào hệ thống đang vận hành thật.")
    from portal.seed import seed_demo as run_seed

    ensure_schema()
    with write_intent():
        run_seed(db.session, today(), echo=click.echo)
        db.session.commit()
    click.echo(f"Đã cập nhật chỉ mục tìm kiếm ({_drain_all()} mục).")


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--full-name", required=True, help="Họ và tên")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị (org_unit.code)")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True)
@click.option("--password", default=None, help="Bỏ trống để nhập ẩn")
def create_user(
    username: str, full_name: str, unit_code: str, roles: tuple[str, ...], password: str | None
) -> None:
    """Create an account with roles in its unit."""
    with write_intent():
        unit = db.session.scalar(db.select(OrgUnit).filter_by(code=unit_code))
        if unit is None:
            raise click.ClickException(f"Không có đơn vị mã “{unit_code}”.")
        if db.session.scalar(db.select(User).filter_by(username=username.lower())):
            raise click.ClickException(f"Tên đăng nhập “{username}” đã có.")
        password = password or getpass.getpass("Mật khẩu: ")
        problem = password_problem(password, [username, full_name])
        if problem:
            raise click.ClickException(problem)
        db.session.add(
            User(
                username=username.lower(),
                full_name=full_name,
                password_hash=hash_password(password),
                unit=unit,
                roles=[UserRole(unit=unit, role=r) for r in roles],
            )
        )
        db.session.commit()
    click.echo(f"Đã tạo tài khoản {username}.")


@click.command("reindex")
@with_appcontext
def reindex() -> None:
    """Rebuild the search index into a new directory and swap it in atomically."""
    with write_intent(), click.progressbar(length=1, label="Đánh chỉ mục") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = rebuild(db.session, current_app.config["SEARCH_INDEX_DIR"], progress=progress)
        db.session.commit()
    click.echo(f"Đã đánh chỉ mục {count} mục.")


search_group = AppGroup("search", help="Search index upkeep.")


@search_group.command("drain")
def drain() -> None:
    """Apply the pending outbox rows to the index once."""
    click.echo(f"Đã áp dụng {_drain_all()} thay đổi.")


def _drain_all() -> int:
    """Apply the outbox batch after batch until nothing is left (or the index is busy)."""
    total = 0
    while True:
        with write_intent():
            applied = apply_outbox(db.session, current_app.config["SEARCH_INDEX_DIR"])
            db.session.commit()
        total += applied
        if applied == 0:
            return total
