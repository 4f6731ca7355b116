"""Sending the mail outbox (``documents.mail_outbox``); the commands are in ``portal.cli.mail``.

``drain_mail`` sends the due rows, committing the claim before each send and the result
after it, so a mail is neither lost (the row stays until it is marked sent) nor sent
twice (only the drain that won the claim sends it). It runs after every request's commit
(``portal.indexing.commit``, as the search outbox does; ``MAIL_IN_PROCESS`` = False turns
that off when a ``flask notifications drain --loop`` worker does it), never failing the
request. A server that refuses the connection stops the run: the rows wait for their
back-off instead of each trying a dead server. A permanent refusal of an address (5xx)
is not retried: the row is marked failed and the address's owner told in the inbox.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Mapping
from typing import Any

from flask import current_app

from documents.db import db, write_intent
from documents.mail_outbox import (
    MailOutbox,
    MailSettings,
    claim,
    compose,
    connect,
    due_ids,
    mark_failed,
    mark_refused,
    mark_sent,
    refusal,
)
from documents.models import utcnow
from documents.notifications import tell_of_refusal

log = logging.getLogger("portal.notifications")
_lock = threading.Lock()


def mail_settings(config: Mapping[str, Any]) -> MailSettings:
    """SMTP settings from the app config (``MAIL_SERVER`` unset: mail stays queued)."""
    return MailSettings(
        server=config.get("MAIL_SERVER") or None,
        port=int(config.get("MAIL_PORT") or 25),
        sender=config.get("MAIL_DEFAULT_SENDER") or "cong-van-ban@localhost",
        use_tls=bool(config.get("MAIL_USE_TLS")),
        username=config.get("MAIL_USERNAME") or None,
        password=config.get("MAIL_PASSWORD") or None,
        timeout=float(config.get("MAIL_TIMEOUT") or 10),
    )


def _send_due(settings: MailSettings) -> int:
    sent = 0
    smtp: smtplib.SMTP | None = None
    try:
        ids = due_ids(db.session, utcnow())
        db.session.commit()  # end the read, so each claim begins its own write
        for row_id in ids:
            with write_intent():
                won = claim(db.session, row_id, utcnow())
                db.session.commit()
            if not won:
                continue
            row = db.session.get(MailOutbox, row_id)
            if row is None:  # pragma: no cover - rows are never deleted
                continue
            try:
                if smtp is None:
                    smtp = connect(settings)
                smtp.send_message(compose(settings, row))
            except (OSError, smtplib.SMTPException) as error:
                reason = refusal(error)
                if reason is not None:
                    with write_intent():
                        mark_refused(row, reason, utcnow())
                        tell_of_refusal(db.session, row)
                        db.session.commit()
                    log.warning("e-mail %s to %s refused for good: %s", row.id, row.address, reason)
                    continue
                with write_intent():
                    mark_failed(row, error, utcnow())
                    db.session.commit()
                log.warning("e-mail %s to %s failed, retried later: %s", row.id, row.address, error)
                down = isinstance(error, smtplib.SMTPServerDisconnected) or not isinstance(
                    error, smtplib.SMTPException
                )  # (an SMTPException is an OSError too: a refused recipient is not "down")
                if smtp is None or down:
                    break  # the server is down: every other row would fail the same way
                continue
            with write_intent():
                mark_sent(row, utcnow())
                db.session.commit()
            sent += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
    return sent


def drain_mail(settings: MailSettings | None = None) -> int:
    """Send the due mail of the outbox; returns how many were sent. Never raises."""
    settings = settings or mail_settings(current_app.config)
    if not settings.enabled or not _lock.acquire(timeout=5):
        return 0
    try:
        return _send_due(settings)
    except Exception:  # the database went away mid-run; the rows stay queued
        log.exception("sending the mail outbox failed; will retry later")
        db.session.rollback()
        return 0
    finally:
        _lock.release()


def drain_after_commit() -> None:
    """The in-process drain run after a request's commit, unless a worker does it."""
    wanted = str(current_app.config.get("MAIL_IN_PROCESS", True)).strip().lower()
    if wanted not in ("0", "false", "no", "off", "") and current_app.config.get("MAIL_SERVER"):
        drain_mail()
