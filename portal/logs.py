"""Request logging: a request id on every log line, and JSON lines when asked for.

``LOG_FORMAT=json`` makes every record one JSON object with the time, level, logger,
message, request id, user id, and for the access line the method, path, status and
duration; the request id comes from ``X-Request-ID`` when a proxy sets one.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, g, has_request_context, request
from flask_login import current_user

access_log = logging.getLogger("portal.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request_id, user_id = "-", "-"
        if has_request_context():
            request_id = g.get("request_id", "-")
            user = g.get("_login_user")  # only if already loaded: never load it for a log
            user_id = getattr(user, "id", "-") if user is not None else "-"
        if not hasattr(record, "request_id"):
            record.request_id = request_id
        if not hasattr(record, "user_id"):
            record.user_id = user_id
        return True


class JsonFormatter(logging.Formatter):
    FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in self.FIELDS:
            if hasattr(record, field):
                data[field] = getattr(record, field)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class PortalHandler(logging.StreamHandler):
    """The portal's handler on the "portal" logger: added once however many apps are made."""


def init_logging(app: Flask) -> None:
    handler = PortalHandler()
    if app.config.get("LOG_FORMAT") == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger("portal")
    if not any(isinstance(h, PortalHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def start_timer() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex[:16]
        g.started_at = time.perf_counter()

    @app.after_request
    def log_access(response: Any) -> Any:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        duration = (time.perf_counter() - g.get("started_at", time.perf_counter())) * 1000
        user_id = current_user.get_id().split(":")[0] if current_user.is_authenticated else "-"
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration, 1),
                "user_id": user_id,
            },
        )
        return response
