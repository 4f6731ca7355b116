"""``GET /healthz``: database, search index and outbox lag, for load balancers and cron."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import func, select, text
from werkzeug.wrappers import Response

from documents.db import db
from documents.models import IndexOutbox, utcnow
from portal.indexing import search_backend

bp = Blueprint("health", __name__)
# Outbox rows older than this mean the index writer is not keeping up (or not running).
MAX_OUTBOX_AGE_S = 300


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    report: dict[str, object] = {}
    healthy = True
    try:
        db.session.execute(text("SELECT 1"))
        pending, oldest = db.session.execute(
            select(func.count(), func.min(IndexOutbox.created_at))
        ).one()
        lag = (utcnow() - oldest).total_seconds() if oldest else 0.0
        report["database"] = "ok"
        report["outbox"] = {"pending": pending, "oldest_age_s": round(lag, 1)}
        if lag > MAX_OUTBOX_AGE_S:
            healthy = False
    except Exception as error:  # the point of the endpoint is to report, not to raise
        report["database"] = f"error: {type(error).__name__}"
        healthy = False
    finally:
        db.session.rollback()
    backend = search_backend()
    try:
        state = backend.index_state(db.session)
    except Exception as error:  # a database error: reported, not raised
        state = f"error: {type(error).__name__}"
    finally:
        db.session.rollback()
    report["index"] = state
    report["search_backend"] = backend.name
    healthy = healthy and state == "ok"
    report["status"] = "ok" if healthy else "degraded"
    return jsonify(report), 200 if healthy else 503
