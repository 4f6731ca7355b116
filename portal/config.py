"""Configuration: defaults, then environment variables, then the mapping passed in."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from search_index.backends import BACKENDS

OFF = frozenset({"0", "false", "no", "off", ""})
ENV_KEYS = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SEARCH_INDEX_DIR": "SEARCH_INDEX_DIR",
    "SEARCH_BACKEND": "SEARCH_BACKEND",
    "UPLOAD_DIR": "UPLOAD_DIR",
    "SECRET_KEY": "SECRET_KEY",
    "PORTAL_ENV": "PORTAL_ENV",
    "REDIS_URL": "REDIS_URL",
    "OCR_IN_PROCESS": "OCR_IN_PROCESS",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_USE_TLS": "MAIL_USE_TLS",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER": "MAIL_DEFAULT_SENDER",
    "MAIL_IN_PROCESS": "MAIL_IN_PROCESS",
    "ATTACHMENT_MAX_BYTES": "ATTACHMENT_MAX_BYTES",
    "PAGE_CACHE": "PAGE_CACHE",
    "LOG_FORMAT": "LOG_FORMAT",
    "LOG_LEVEL": "LOG_LEVEL",
}


def _database_url(url: str) -> str:
    """Accept the common postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def build_config(instance_path: str, overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    instance = Path(instance_path)
    config: dict[str, Any] = {
        "PORTAL_ENV": "development",
        "SECRET_KEY": None,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'portal.sqlite3'}",
        "SEARCH_INDEX_DIR": str(instance / "search_index"),
        # "whoosh": files in SEARCH_INDEX_DIR (one machine); "postgres": tables in the
        # database, for several app servers sharing one PostgreSQL
        "SEARCH_BACKEND": "whoosh",
        "UPLOAD_DIR": str(instance / "uploads"),
        # The pool tests a connection before each request only where a server may have
        # dropped it (PostgreSQL); a SQLite file has no server (set after the overrides).
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "ATTACHMENT_MAX_BYTES": 20 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "NEAR_DUE_DAYS": 7,
        "TIMEZONE": "Asia/Ho_Chi_Minh",
        "INDEX_IN_PROCESS": True,  # the embedded default applies the outbox after commit
        # the mail outbox is sent after each commit; "0" when `flask notifications drain
        # --loop` does it instead
        "MAIL_IN_PROCESS": True,
        # scans: "thread" (background thread), "sync" (before the response), "off" (only
        # `flask ocr run`); Tesseract's model, a file's time and memory limits
        "OCR_IN_PROCESS": "thread",
        "OCR_LANGUAGE": "vie",
        "OCR_TIMEOUT_S": 600,
        "OCR_MEMORY_BYTES": 2 * 1024 * 1024 * 1024,
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_MAX_HOURS": 12,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "LOGIN_FAILURE_LIMIT": 10,
        "LOGIN_FAILURE_WINDOW_MIN": 15,
        "REDIS_URL": None,
        # Rendered pages kept per session until the data changes (portal.page_cache);
        # "0" renders every request. The budget is per worker.
        "PAGE_CACHE": True,
        "PAGE_CACHE_BYTES": 32 * 1024 * 1024,
        "PAGE_CACHE_SECONDS": 300,
    }
    for env, key in ENV_KEYS.items():
        if os.environ.get(env):
            config[key] = os.environ[env]
    if overrides:
        config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = _database_url(config["SQLALCHEMY_DATABASE_URI"])
    config["SEARCH_BACKEND"] = _search_backend(config)
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            **config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
    config["ATTACHMENT_MAX_BYTES"] = int(config["ATTACHMENT_MAX_BYTES"])
    config["PAGE_CACHE"] = str(config["PAGE_CACHE"]).strip().lower() not in OFF
    # A request may carry a little more than one attachment (the other form fields).
    config.setdefault("MAX_CONTENT_LENGTH", config["ATTACHMENT_MAX_BYTES"] + 1024 * 1024)
    if config["PORTAL_ENV"] == "production":
        # __Host- cookies are only accepted over HTTPS, for the whole site, from this host.
        config["SESSION_COOKIE_SECURE"] = True
        config["SESSION_COOKIE_NAME"] = "__Host-session"
        config["SESSION_COOKIE_PATH"] = "/"
        config["SESSION_COOKIE_DOMAIN"] = None
        config["REMEMBER_COOKIE_SECURE"] = True
        if not config["SECRET_KEY"]:
            raise RuntimeError("SECRET_KEY must be set in production (PORTAL_ENV=production).")
    if not config["SECRET_KEY"]:
        config["SECRET_KEY"] = _instance_secret(instance)
    return config


def _search_backend(config: Mapping[str, Any]) -> str:
    """The configured search backend, refused when it cannot work with the database."""
    name = str(config.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if name not in BACKENDS:
        raise RuntimeError(
            f"SEARCH_BACKEND={name!r} không hợp lệ: chỉ dùng “whoosh” (mặc định, chỉ mục "
            "trong thư mục SEARCH_INDEX_DIR) hoặc “postgres” (chỉ mục trong PostgreSQL)."
        )
    if name == "postgres" and not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        raise RuntimeError(
            "SEARCH_BACKEND=postgres chỉ dùng được khi cơ sở dữ liệu là PostgreSQL: hãy đặt "
            "DATABASE_URL=postgresql://… hoặc dùng SEARCH_BACKEND=whoosh."
        )
    return name


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder, so sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(os.urandom(32).hex(), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()
