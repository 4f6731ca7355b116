"""Search commands: ``flask create-token USERNAME`` and ``flask search check``."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from documents.db import db, write_intent
from documents.models import User
from documents.tokens import create_token
from search_index.consistency import compare, repair
from search_index.generations import IndexMissing


def register_search_cli(app: Flask) -> None:
    # imported here: portal.cli imports this module to call this function
    from portal.cli import search_group

    app.cli.add_command(create_token_command)
    search_group.add_command(check_command)


@click.command("create-token")
@with_appcontext
@click.argument("username")
@click.option("--label", default="", help="Ghi chú: token dùng cho việc gì")
def create_token_command(username: str, label: str) -> None:
    """Make an API token for USERNAME; it is shown once and only its hash is kept."""
    with write_intent():
        user = db.session.scalar(db.select(User).filter_by(username=username.lower()))
        if user is None:
            raise click.ClickException(f"Không có tài khoản “{username}”.")
        if not user.active:
            raise click.ClickException(f"Tài khoản “{username}” đang bị khóa.")
        row, secret = create_token(db.session, user, label)
        db.session.commit()
    click.echo(f"Đã tạo mã truy cập API số {row.id} cho {user.username}. Mã chỉ hiện một lần:")
    click.echo(secret)


@click.command("check")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Chỉ báo cáo, không sửa")
def check_command(dry_run: bool) -> None:
    """Compare the database with the index (missing, stale, extra) and repair."""
    from portal.cli import _drain_all

    index_dir = current_app.config["SEARCH_INDEX_DIR"]
    with write_intent():
        try:
            found = compare(db.session, index_dir)
        except IndexMissing:
            raise click.ClickException(
                "Chưa có chỉ mục tìm kiếm; hãy chạy “flask reindex” để dựng lại."
            ) from None
        click.echo(
            f"Thiếu trong chỉ mục: {len(found.missing)}; cũ: {len(found.stale)}; "
            f"thừa: {len(found.extra)}."
        )
        if dry_run or not found.total:
            db.session.rollback()
            return
        queued = repair(db.session, found)
        db.session.commit()
    applied = _drain_all()
    left = compare(db.session, index_dir)
    db.session.rollback()
    click.echo(
        f"Đã xếp {queued} mục vào hàng đợi, đã áp dụng {applied} thay đổi; "
        f"còn khác biệt: {left.total}."
    )
