"""Search commands: ``flask reindex``, ``flask search drain``, ``flask search check`` and
``flask create-token USERNAME``."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext

from documents.db import db, write_intent
from documents.models import User
from documents.revision import bump
from documents.tokens import create_token
from portal.i18n import in_environment_language
from portal.indexing import apply_batch, search_backend
from portal.templating import number
from search_index.backends import IndexMissing
from search_index.consistency import repair


def register_search_cli(app: Flask) -> None:
    app.cli.add_command(reindex)
    app.cli.add_command(search_group)
    app.cli.add_command(create_token_command)
    search_group.add_command(check_command)


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
        bump(db.session)  # the search pages kept so far were read from the old index
        db.session.commit()
    click.echo(gettext("Đã đánh chỉ mục %(num)s mục.", num=number(count)))


search_group = AppGroup("search", help="Search index upkeep.")


@search_group.command("drain")
@in_environment_language
def drain() -> None:
    """Apply the pending outbox rows to the index once."""
    click.echo(gettext("Đã áp dụng %(num)s thay đổi.", num=number(drain_all())))


def drain_all() -> int:
    """Apply the outbox batch after batch until nothing is left (or the index is busy)."""
    total = 0
    while True:
        with write_intent():
            applied = apply_batch()
            db.session.commit()
        total += applied
        if applied == 0:
            return total


@click.command("create-token")
@with_appcontext
@click.argument("username")
@click.option("--label", default="", help="Ghi chú: token dùng cho việc gì")
@click.option("--write", is_flag=True, help="Cho phép ghi qua /api/v1 (mặc định chỉ đọc)")
@in_environment_language
def create_token_command(username: str, label: str, write: bool) -> None:
    """Make an API token for USERNAME (read only unless --write); it is shown once and
    only its hash is kept."""
    with write_intent():
        user = db.session.scalar(db.select(User).filter_by(username=username.lower()))
        if user is None:
            raise click.ClickException(
                gettext("Không có tài khoản “%(username)s”.", username=username)
            )
        if not user.active:
            raise click.ClickException(
                gettext("Tài khoản “%(username)s” đang bị khóa.", username=username)
            )
        row, secret = create_token(db.session, user, label, write=write)
        db.session.commit()
    click.echo(
        gettext(
            "Đã tạo mã truy cập API số %(id)s cho %(username)s. Mã chỉ hiện một lần:",
            id=row.id,
            username=user.username,
        )
    )
    click.echo(secret)


@click.command("check")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Chỉ báo cáo, không sửa")
@in_environment_language
def check_command(dry_run: bool) -> None:
    """Compare the database with the index (missing, stale, extra, duplicated) and repair."""
    backend = search_backend()
    with write_intent():
        try:
            found = backend.compare(db.session)
        except IndexMissing:
            raise click.ClickException(
                gettext("Chưa có chỉ mục tìm kiếm; hãy chạy “flask reindex” để dựng lại.")
            ) from None
        click.echo(
            gettext(
                "Thiếu trong chỉ mục: %(missing)s; cũ: %(stale)s; thừa: %(extra)s; "
                "trùng lặp: %(duplicated)s.",
                missing=number(len(found.missing)),
                stale=number(len(found.stale)),
                extra=number(len(found.extra)),
                duplicated=number(len(found.duplicated)),
            )
        )
        if dry_run or not found.total:
            db.session.rollback()
            return
        queued = repair(db.session, found)
        db.session.commit()
    applied = drain_all()
    left = backend.compare(db.session)
    db.session.rollback()
    click.echo(
        gettext(
            "Đã xếp %(queued)s mục vào hàng đợi, đã áp dụng %(applied)s thay đổi; "
            "còn khác biệt: %(left)s.",
            queued=number(queued),
            applied=number(applied),
            left=number(left.total),
        )
    )
