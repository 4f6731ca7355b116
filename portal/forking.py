"""What a process forked from a loaded portal (gunicorn's ``preload_app``) must drop."""

from __future__ import annotations

from flask import Flask

from documents.db import db


def forget_inherited_resources(app: Flask) -> None:
    """Drop the database connections and the open index a forked worker inherited: its
    parent's sockets and files are not its own to use. The pools stay configured and
    open new connections on first use; the search service reopens the index."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)  # leave the parent's connections to the parent
    service = app.extensions.get("portal_search")
    if service is not None:
        service.close()
