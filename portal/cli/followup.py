"""Follow-up commands: ``flask remind`` (for cron) and ``flask report`` (the annual report).

They speak the language of their environment (``PORTAL_LANG``, else ``LANG`` and the other
locale variables; Vietnamese by default), see ``portal.i18n.environment_language``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from documents.db import db, write_intent
from documents.followup.assignments import remind
from documents.followup.inspections import remind_inspection_tasks
from documents.models import Document
from portal.followup.reporting import OPEN_STATES, annual_report
from portal.i18n import in_environment_language
from portal.mail import drain_mail
from portal.templating import number as format_number
from portal.templating import today, translator

log = logging.getLogger("portal.notifications")


def register_followup_cli(app: Flask) -> None:
    app.cli.add_command(remind_command)
    app.cli.add_command(report_command)


@click.command("remind")
@with_appcontext
@in_environment_language
def remind_command() -> None:
    """Remind units of near-due and overdue work (at most once per assignment per day)."""
    config = current_app.config
    with write_intent():
        sent = remind(
            db.session,
            today=today(),
            zone=ZoneInfo(config["TIMEZONE"]),
            open_states=OPEN_STATES,
            near_days=int(config.get("NEAR_DUE_DAYS", 7)),
        )
        sent += remind_inspection_tasks(
            db.session, today=today(), near_days=int(config.get("NEAR_DUE_DAYS", 7))
        )
        try:
            db.session.commit()
        except IntegrityError:
            # Another run sent today's reminders at the same moment; nothing is sent twice.
            db.session.rollback()
            click.echo(gettext("Một lần chạy khác vừa gửi nhắc hạn hôm nay; không gửi lại."))
            return
    emailed = drain_mail()
    click.echo(
        gettext(
            "Đã gửi %(num)s nhắc hạn (%(emailed)s thư điện tử).",
            num=format_number(len(sent)),
            emailed=format_number(emailed),
        )
    )


def _document(symbol: str) -> Document:
    found = list(db.session.scalars(db.select(Document).filter_by(symbol=symbol)))
    if not found:
        raise click.ClickException(gettext("Không có văn bản số “%(symbol)s”.", symbol=symbol))
    if len(found) > 1:
        raise click.ClickException(
            gettext("Có nhiều văn bản số “%(symbol)s”; hãy kiểm tra sổ văn bản.", symbol=symbol)
        )
    return found[0]


@click.command("report")
@with_appcontext
@click.option("--directive", "symbol", required=True, help="Số, ký hiệu văn bản, vd. 11-CT/TU")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Năm báo cáo")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx"]), default="docx")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--number", default="", help="Số báo cáo (bỏ trống để văn thư điền)")
@in_environment_language
def report_command(symbol: str, year: int, fmt: str, output: Path | None, number: str) -> None:
    """Write the annual report of a directive (DOCX, always Vietnamese: an official
    document) or its matrix (XLSX, in the command's language)."""
    config = current_app.config
    document = _document(symbol)
    data, _mime, filename = annual_report(
        db.session,
        document,
        year=year,
        fmt=fmt,
        today=today(),
        zone=ZoneInfo(config["TIMEZONE"]),
        near_days=int(config.get("NEAR_DUE_DAYS", 7)),
        place=config.get("REPORT_PLACE", "Rạch Giá"),
        number=number,
        language=translator(),
    )
    target = output or Path(filename)
    target.write_bytes(data)
    click.echo(
        gettext("Đã ghi %(path)s (%(size)s byte).", path=target, size=format_number(len(data)))
    )
