"""``GET /healthz``: database, search index and outbox lag, for load balancers and cron."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import func, select, text
from werkzeug.wrappers import Response

from documents.db import db
from documents.models import IndexOutbox, utcnow
from search_index.indexer import live_generation

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
    index_dir = current_app.config["SEARCH_INDEX_DIR"]
    generation = live_generation(index_dir)
    report["index"] = "ok" if generation is not None else "missing"
    healthy = healthy and generation is not None
    report["status"] = "ok" if healthy else "degraded"
    return jsonify(report), 200 if healthy else 503
