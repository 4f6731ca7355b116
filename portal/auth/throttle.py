"""Login throttling: 10 failures for an account or from an address within 15 minutes.

Counters live in Redis when ``REDIS_URL`` is configured (shared by every app server) and
in the database otherwise. The same refusal is given whether the account exists or not.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Protocol

from flask import Flask, current_app

from documents.accounts import failures_since, forget_failures, record_failure
from documents.db import db
from documents.models import utcnow


class ThrottleStore(Protocol):
    def count(self, key: str, window: timedelta) -> int: ...
    def add(self, keys: list[str], window: timedelta) -> None: ...
    def clear(self, keys: list[str]) -> None: ...


class DatabaseStore:
    """Failures as rows of ``login_failure``; written in the request's transaction."""

    def count(self, key: str, window: timedelta) -> int:
        return failures_since(db.session, key, utcnow() - window)

    def add(self, keys: list[str], window: timedelta) -> None:
        record_failure(db.session, keys, utcnow())

    def clear(self, keys: list[str]) -> None:
        forget_failures(db.session, keys, older_than=utcnow() - timedelta(days=1))


class RedisStore:
    """Failures as sorted sets (score = time) that expire with the window."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2)

    def count(self, key: str, window: timedelta) -> int:
        now = time.time()
        name = f"portal:login:{key}"
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(name, 0, now - window.total_seconds())
        pipe.zcard(name)
        return int(pipe.execute()[1])

    def add(self, keys: list[str], window: timedelta) -> None:
        now = time.time()
        pipe = self.client.pipeline()
        for key in keys:
            name = f"portal:login:{key}"
            pipe.zadd(name, {f"{now}:{id(pipe)}": now})
            pipe.expire(name, int(window.total_seconds()) + 1)
        pipe.execute()

    def clear(self, keys: list[str]) -> None:
        self.client.delete(*(f"portal:login:{key}" for key in keys))


class LoginThrottle:
    def __init__(self, store: ThrottleStore, limit: int, window: timedelta) -> None:
        self.store = store
        self.limit = limit
        self.window = window

    @staticmethod
    def keys(username: str, address: str | None) -> list[str]:
        return [f"user:{username.lower()}", f"addr:{address or 'unknown'}"]

    def blocked(self, keys: list[str]) -> bool:
        return any(self.store.count(key, self.window) >= self.limit for key in keys)

    def failed(self, keys: list[str]) -> None:
        self.store.add(keys, self.window)

    def succeeded(self, keys: list[str]) -> None:
        self.store.clear(keys[:1])  # the address keeps its count: it may be guessing others


def init_throttle(app: Flask) -> None:
    url = app.config.get("REDIS_URL")
    store: ThrottleStore = RedisStore(url) if url else DatabaseStore()
    app.extensions["login_throttle"] = LoginThrottle(
        store,
        limit=int(app.config.get("LOGIN_FAILURE_LIMIT", 10)),
        window=timedelta(minutes=int(app.config.get("LOGIN_FAILURE_WINDOW_MIN", 15))),
    )


def throttle() -> LoginThrottle:
    return current_app.extensions["login_throttle"]
