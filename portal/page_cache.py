"""Rendered pages kept for the user who saw them, until anything in the database changes.

The busiest read pages (home, a plan, a document, the coverage matrix, the inbox, the
search) are marked ``@cached_page``. A page is kept in the worker's memory under:

- the data revision (``documents.revision``), read in the statement that loads the
  signed-in user, before anything else: every committed write gives it a new value, so a
  page kept before any change is never found again, and nothing the page reads afterwards
  is older than it;
- the user and the session's CSRF token: a page is shown again only to the session it was
  rendered for (its forms carry that session's token), never to another user;
- the address with its query, the language and the portal's date (deadlines, overdue).

A request whose session holds anything beyond who is signed in (a flash message, a link
shown once) is rendered and not kept, and so is a page whose rendering put something in
the session. Only a 200 page rendered as text is kept. Entries also expire after
``PAGE_CACHE_SECONDS``, a bound for writes made outside the portal (psql). Every request
still passes the login, session expiry and permission hooks before the cache is asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from cachetools import TTLCache
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from portal.templating import today

F = TypeVar("F", bound=Callable[..., Any])

_REVISION = "portal.revision"
# What a session holds for the signed-in user alone (Flask-Login, the CSRF secret, the
# session clocks, the chosen language). Anything else makes the request uncached.
IDENTITY_KEYS = frozenset(
    {"_user_id", "_fresh", "_id", "_remember", "_remember_seconds", "csrf_token"}
    | {"auth_at", "seen_at", "lang"}
)


class PageCache:
    """A bounded store of rendered pages (bytes budget, expiry), safe across threads."""

    def __init__(
        self, max_bytes: int, seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._pages: TTLCache[tuple[Any, ...], str] = TTLCache(
            maxsize=max_bytes, ttl=seconds, timer=clock, getsizeof=len
        )
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> str | None:
        with self._lock:
            return self._pages.get(key)

    def put(self, key: tuple[Any, ...], page: str) -> None:
        if len(page) > self._pages.maxsize:
            return
        with self._lock:
            self._pages[key] = page


def init_page_cache(app: Flask) -> None:
    """Give ``app`` its page cache (none with ``PAGE_CACHE`` off)."""
    if app.config["PAGE_CACHE"]:
        app.extensions["portal_page_cache"] = PageCache(
            app.config["PAGE_CACHE_BYTES"], app.config["PAGE_CACHE_SECONDS"]
        )


def note_revision(revision: str | None) -> None:
    """Remember the data revision read with the signed-in user (``load_user``): this
    request's pages are kept under it."""
    if has_request_context():
        request.environ[_REVISION] = revision


def page_cache() -> PageCache | None:
    return current_app.extensions.get("portal_page_cache")


def cached_page(view: F) -> F:
    """Keep the page ``view`` renders for this session until the data changes."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cache = page_cache()
        key = _key() if cache is not None else None
        if cache is None or key is None:
            return view(*args, **kwargs)
        page = cache.get(key)
        if page is not None:
            return page
        result = view(*args, **kwargs)
        body, status = (result, 200) if isinstance(result, str) else _page_and_status(result)
        if body is not None and status == 200 and _session_keeps(key):
            cache.put(key, body)
        return result

    return cast(F, wrapper)


def _key() -> tuple[Any, ...] | None:
    if not current_user.is_authenticated:  # loads the user, and the revision with it
        return None
    revision = request.environ.get(_REVISION)
    if revision is None:
        return None
    if not IDENTITY_KEYS.issuperset(session.keys()):
        return None
    return (
        revision,
        current_user.id,
        session.get("csrf_token"),
        request.full_path,
        str(get_locale()),
        today(),
    )


def _session_keeps(key: tuple[Any, ...]) -> bool:
    """Whether the session after rendering is the one the key was made for."""
    return IDENTITY_KEYS.issuperset(session.keys()) and session.get("csrf_token") == key[2]


def _page_and_status(result: Any) -> tuple[str | None, int]:
    if isinstance(result, tuple) and len(result) == 2:
        body, status = result
        if isinstance(body, str) and isinstance(status, int):
            return body, status
    return None, 0
