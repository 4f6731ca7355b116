"""Command-line tools: ``flask --app wsgi <command>``."""

from __future__ import annotations

import getpass

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext
from flask_migrate import stamp, upgrade
from sqlalchemy import inspect

from documents.db import db, write_intent
from documents.models import ROLES, OrgUnit, User, UserRole
from documents.passwords import hash_password, password_problem
from portal.cli_backup import backup_command, restore_command
from portal.cli_demo import run_demo
from portal.cli_documents import register_document_cli
from portal.cli_followup import register_followup_cli
from portal.cli_mail import register_mail_cli
from portal.cli_search import register_search_cli
from portal.cli_units import register_units_cli
from portal.i18n import in_environment_language
from portal.indexing import apply_batch, search_backend
from portal.ocr import register_ocr_cli
from portal.templating import number, today


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)
    app.cli.add_command(run_demo)
    app.cli.add_command(create_user)
    app.cli.add_command(reindex)
    app.cli.add_command(search_group)
    register_document_cli(app)
    register_followup_cli(app)
    register_mail_cli(app)
    register_search_cli(app)
    register_ocr_cli(app)
    register_units_cli(app)
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
@in_environment_language
def init_db() -> None:
    """Create or upgrade the database schema (migrations) and the search index."""
    ensure_schema()
    search_backend().ensure(db.session)
    click.echo(gettext("Đã tạo cơ sở dữ liệu và chỉ mục tìm kiếm."))


@click.command("seed-demo")
@with_appcontext
@in_environment_language
def seed_demo() -> None:
    """Load the demo data of Directive 11-CT/TU (idempotent; refused in production)."""
    if current_app.config.get("PORTAL_ENV") == "production":
        raise click.ClickException(
            gettext("Không nạp dữ liệu mẫu vào hệ thống đang vận hành thật.")
        )
    from portal.seed import seed_demo as run_seed

    ensure_schema()
    with write_intent():
        run_seed(db.session, today(), echo=click.echo)
        db.session.commit()
    click.echo(gettext("Đã cập nhật chỉ mục tìm kiếm (%(num)s mục).", num=number(_drain_all())))


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--full-name", required=True, help="Họ và tên")
@click.option("--unit", "unit_code", required=True, help="Mã đơn vị (org_unit.code)")
@click.option("--role", "roles", multiple=True, type=click.Choice(ROLES), required=True)
@click.option("--password", default=None, help="Bỏ trống để nhập ẩn")
@in_environment_language
def create_user(
    username: str, full_name: str, unit_code: str, roles: tuple[str, ...], password: str | None
) -> None:
    """Create an account with roles in its unit."""
    with write_intent():
        unit = db.session.scalar(db.select(OrgUnit).filter_by(code=unit_code))
        if unit is None:
            raise click.ClickException(gettext("Không có đơn vị mã “%(code)s”.", code=unit_code))
        if db.session.scalar(db.select(User).filter_by(username=username.lower())):
            raise click.ClickException(
                gettext("Tên đăng nhập “%(username)s” đã có.", username=username)
            )
        password = password or getpass.getpass(gettext("Mật khẩu: "))
        problem = password_problem(password, [username, full_name], tr=gettext)
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
    click.echo(gettext("Đã tạo tài khoản %(username)s.", username=username))


@click.command("reindex")
@with_appcontext
@in_environment_language
def reindex() -> None:
    """Rebuild the search index: a new Whoosh directory swapped in atomically, or the
    PostgreSQL search tables refilled in one transaction."""
    with write_intent(), click.progressbar(length=1, label=gettext("Đánh chỉ mục")) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        count = search_backend().rebuild(db.session, progress=progress)
        db.session.commit()
    click.echo(gettext("Đã đánh chỉ mục %(num)s mục.", num=number(count)))


search_group = AppGroup("search", help="Search index upkeep.")


@search_group.command("drain")
@in_environment_language
def drain() -> None:
    """Apply the pending outbox rows to the index once."""
    click.echo(gettext("Đã áp dụng %(num)s thay đổi.", num=number(_drain_all())))


def _drain_all() -> int:
    """Apply the outbox batch after batch until nothing is left (or the index is busy)."""
    total = 0
    while True:
        with write_intent():
            applied = apply_batch()
            db.session.commit()
        total += applied
        if applied == 0:
            return total
