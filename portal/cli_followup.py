"""Follow-up commands: ``flask remind`` (for cron) and ``flask report`` (the annual report)."""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from documents.db import db, write_intent
from documents.followup import remind
from documents.models import Document
from documents.notifications import deliver
from portal.assignments.common import mail_settings
from portal.assignments.reporting import OPEN_STATES, annual_report
from portal.templating import today

log = logging.getLogger("portal.notifications")


def register_followup_cli(app: Flask) -> None:
    app.cli.add_command(remind_command)
    app.cli.add_command(report_command)


@click.command("remind")
@with_appcontext
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
        try:
            db.session.commit()
        except IntegrityError:
            # Another run sent today's reminders at the same moment; nothing is sent twice.
            db.session.rollback()
            click.echo("Một lần chạy khác vừa gửi nhắc hạn hôm nay; không gửi lại.")
            return
    emailed = deliver(db.session, sent, mail_settings(config), log)
    click.echo(f"Đã gửi {len(sent)} nhắc hạn ({emailed} thư điện tử).")


def _document(symbol: str) -> Document:
    found = list(db.session.scalars(db.select(Document).filter_by(symbol=symbol)))
    if not found:
        raise click.ClickException(f"Không có văn bản số “{symbol}”.")
    if len(found) > 1:
        raise click.ClickException(f"Có nhiều văn bản số “{symbol}”; hãy kiểm tra sổ văn bản.")
    return found[0]


@click.command("report")
@with_appcontext
@click.option("--directive", "symbol", required=True, help="Số, ký hiệu văn bản, vd. 11-CT/TU")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="Năm báo cáo")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx"]), default="docx")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--number", default="", help="Số báo cáo (bỏ trống để văn thư điền)")
def report_command(symbol: str, year: int, fmt: str, output: Path | None, number: str) -> None:
    """Write the annual report of a directive (DOCX) or its matrix (XLSX)."""
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
    )
    target = output or Path(filename)
    target.write_bytes(data)
    click.echo(f"Đã ghi {target} ({len(data):,} byte).")
