"""Setting up an instance: ``flask init-db`` (schema by migrations, search index) and
``flask create-user``."""

from __future__ import annotations

import getpass

import click
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_migrate import stamp, upgrade
from sqlalchemy import inspect

from documents.db import db, write_intent
from documents.models import ROLES, OrgUnit, User, UserRole
from documents.passwords import hash_password, password_problem
from portal.i18n import in_environment_language
from portal.indexing import search_backend


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
