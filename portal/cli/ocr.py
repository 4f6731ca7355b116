"""``flask ocr run``: recognise the scans still pending (a worker, or cron, when
``OCR_IN_PROCESS`` is "off")."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from flask_babel import gettext

from documents.db import db, write_intent
from documents.ocr import requeue_running
from documents.records import Attachment
from portal.i18n import in_environment_language
from portal.ocr import process_pending
from portal.templating import number


@click.group("ocr")
def ocr_group() -> None:
    """Recognise the text of scanned attachments (Tesseract, Vietnamese)."""


@ocr_group.command("run")
@with_appcontext
@click.option("--limit", type=int, default=None, help="Đọc nhiều nhất bấy nhiêu tệp")
@click.option(
    "--requeue/--no-requeue",
    default=False,
    help="Đọc lại các tệp bị bỏ dở khi tiến trình trước dừng giữa chừng (chỉ dùng khi "
    "không có tiến trình nào khác đang nhận dạng)",
)
@in_environment_language
def run_command(limit: int | None, requeue: bool) -> None:
    """Recognise every pending scan, then update the search index."""
    if requeue:
        with write_intent():
            requeue_running(db.session)
            db.session.commit()
    processed = process_pending(limit)
    failed = db.session.scalar(
        db.select(db.func.count()).select_from(Attachment).filter_by(ocr_status="failed")
    )
    click.echo(
        gettext(
            "Đã nhận dạng chữ %(count)s tệp; %(failed)s tệp không đọc được.",
            count=number(processed),
            failed=number(failed or 0),
        )
    )
