"""``flask notifications drain [--loop]`` and ``flask notifications digest`` (for cron)."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext

from documents.db import db, write_intent
from documents.mail_outbox import collect_digests, pending_count
from portal.i18n import in_environment_language
from portal.mail import drain_mail, mail_settings


@click.group("notifications")
def notifications_group() -> None:
    """Gửi thư điện tử thông báo."""


@notifications_group.command("drain")
@click.option("--loop", is_flag=True, help="Chạy mãi, gửi thư đến hạn sau mỗi khoảng chờ.")
@click.option("--every", default=30, show_default=True, help="Số giây giữa hai lần gửi.")
@with_appcontext
@in_environment_language
def drain_command(loop: bool, every: int) -> None:
    """Send the queued e-mail that is due (failed ones wait for their back-off)."""
    settings = mail_settings(current_app.config)
    if not settings.enabled:
        raise click.ClickException(
            gettext("Chưa cấu hình máy chủ thư (MAIL_SERVER); thư vẫn được giữ trong hàng đợi.")
        )
    while True:
        sent = drain_mail(settings)
        click.echo(
            gettext(
                "Đã gửi %(sent)s thư; còn %(left)s thư chờ gửi.",
                sent=sent,
                left=pending_count(db.session),
            )
        )
        if not loop:
            return
        time.sleep(max(1, every))


@notifications_group.command("digest")
@with_appcontext
@in_environment_language
def digest_command() -> None:
    """Gather each address's waiting digest notifications into one e-mail and send it
    (run once a day, from cron)."""
    with write_intent():
        digests = collect_digests(db.session)
        db.session.commit()
    sent = drain_mail()
    click.echo(
        gettext("Đã gộp %(num)s thư tóm tắt, đã gửi %(sent)s thư.", num=len(digests), sent=sent)
    )


def register_mail_cli(app: Flask) -> None:
    app.cli.add_command(notifications_group)
