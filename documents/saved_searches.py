"""Saved searches (Plone's collections), their alerts, and secret feed links.

A saved search keeps the query text and the filters of the search page as given (the
query-string arguments); its owner may share it with a unit or with every official.
When the search index takes in a changed document or plan, the web layer asks
``search_index.whoosh.alerts`` which saved searches the object matches; a match on an object
made after the search was saved is recorded once (``SavedSearchHit``: the unique
constraint is what makes "new" mean new) and announced in the owner's unit inbox.

``FeedToken`` is a secret link for a feed reader or a calendar program: only its
SHA-256 is stored, it is shown once, and a revoked token stays in the table so that
the feed can answer "revoked" instead of "unknown".
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from documents.db import DbSession, Model
from documents.i18n import N_, Explained
from documents.models import OrgUnit, User, _in, utcnow

SHARING: dict[str, str] = {
    "private": N_("Chỉ mình tôi"),
    "unit": N_("Một đơn vị"),
    "all": N_("Mọi người dùng"),
}
FEED_KINDS = ("search", "unit_calendar", "commission_calendar")
NAME_MAX = 120
QUERY_MAX = 300


class SavedSearchError(Explained, ValueError):
    """A saved search refused, with the reason."""


class SavedSearch(Model):
    """A search (text and filters) kept by its owner, maybe shared."""

    __tablename__ = "saved_search"
    __table_args__ = (
        CheckConstraint(_in("shared_with", list(SHARING)), name="shared_with"),
        CheckConstraint("(shared_with = 'unit') = (share_unit_id IS NOT NULL)", name="share_unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    query: Mapped[str] = mapped_column(String(QUERY_MAX))
    arguments: Mapped[str] = mapped_column(Text, default="{}")  # JSON of the page's filters
    shared_with: Mapped[str] = mapped_column(String(10), default="private")
    share_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    owner: Mapped[User] = relationship()
    share_unit: Mapped[OrgUnit | None] = relationship()

    @property
    def args(self) -> dict[str, str]:
        """The search page's query-string arguments, the text included."""
        return {**json.loads(self.arguments or "{}"), "q": self.query}


class SavedSearchHit(Model):
    """A new object that matched a saved search; each object is announced once."""

    __tablename__ = "saved_search_hit"
    __table_args__ = (
        UniqueConstraint("saved_search_id", "kind", "object_id"),
        CheckConstraint(_in("kind", ("document", "plan")), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_search.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    object_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    matched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class FeedToken(Model):
    """A secret feed link: a saved search's Atom feed or a unit's calendar."""

    __tablename__ = "feed_token"
    __table_args__ = (CheckConstraint(_in("kind", FEED_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    saved_search_id: Mapped[int | None] = mapped_column(
        ForeignKey("saved_search.id", ondelete="CASCADE")
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    saved_search: Mapped[SavedSearch | None] = relationship()
    unit: Mapped[OrgUnit | None] = relationship()


def save_search(
    session: DbSession,
    owner: User,
    name: str,
    query: str,
    arguments: dict[str, str],
    shared_with: str = "private",
    share_unit_id: int | None = None,
) -> SavedSearch:
    """Keep a search (flush only). The caller has checked that the query parses."""
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX:
        raise SavedSearchError(N_("Vui lòng đặt tên cho tìm kiếm (tối đa 120 ký tự)."))
    if shared_with not in SHARING:
        raise SavedSearchError(N_("Cách chia sẻ không hợp lệ."))
    if shared_with == "unit":
        if share_unit_id is None or session.get(OrgUnit, share_unit_id) is None:
            raise SavedSearchError(N_("Hãy chọn đơn vị được chia sẻ."))
    else:
        share_unit_id = None
    kept = {k: v for k, v in arguments.items() if k not in ("q", "page")}
    saved = SavedSearch(
        owner_id=owner.id,
        name=name,
        query=query,
        arguments=json.dumps(kept, ensure_ascii=False, sort_keys=True),
        shared_with=shared_with,
        share_unit_id=share_unit_id,
        created_at=utcnow(),
    )
    session.add(saved)
    session.flush()
    return saved


def visible_searches(session: DbSession, user: User) -> list[SavedSearch]:
    """The user's own saved searches, then those shared with one of their units or all."""
    units = {r.unit_id for r in user.roles} | {user.unit_id}
    query = select(SavedSearch).where(
        or_(
            SavedSearch.owner_id == user.id,
            SavedSearch.shared_with == "all",
            SavedSearch.share_unit_id.in_(units),
        )
    )
    found = session.scalars(query.order_by(SavedSearch.name, SavedSearch.id)).all()
    return sorted(found, key=lambda s: s.owner_id != user.id)


def can_use(user: User, saved: SavedSearch) -> bool:
    units = {r.unit_id for r in user.roles} | {user.unit_id}
    return (
        saved.owner_id == user.id
        or saved.shared_with == "all"
        or (saved.shared_with == "unit" and saved.share_unit_id in units)
    )


def active_searches(session: DbSession) -> list[SavedSearch]:
    """The saved searches whose owner can still be told something."""
    query = select(SavedSearch).join(User, SavedSearch.owner_id == User.id)
    return list(session.scalars(query.where(User.active.is_(True)).order_by(SavedSearch.id)))


def record_hit(
    session: DbSession, saved: SavedSearch, kind: str, object_id: int, title: str
) -> SavedSearchHit | None:
    """Record a match once; None when this object was announced before."""
    exists = session.scalar(
        select(SavedSearchHit.id).where(
            SavedSearchHit.saved_search_id == saved.id,
            SavedSearchHit.kind == kind,
            SavedSearchHit.object_id == object_id,
        )
    )
    if exists is not None:
        return None
    hit = SavedSearchHit(
        saved_search_id=saved.id, kind=kind, object_id=object_id, title=title[:500]
    )
    session.add(hit)
    session.flush()
    return hit


def recent_hits(session: DbSession, saved: SavedSearch, limit: int = 50) -> list[SavedSearchHit]:
    query = select(SavedSearchHit).where(SavedSearchHit.saved_search_id == saved.id)
    query = query.order_by(SavedSearchHit.matched_at.desc(), SavedSearchHit.id.desc())
    return list(session.scalars(query.limit(limit)))


# --- secret feed links -----------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_feed_token(
    session: DbSession,
    user: User,
    kind: str,
    *,
    saved_search: SavedSearch | None = None,
    unit_id: int | None = None,
) -> tuple[FeedToken, str]:
    """A new secret link (flush only): the row and the secret, shown once."""
    if kind not in FEED_KINDS:
        raise ValueError(f"unknown feed kind {kind!r}")
    secret = secrets.token_urlsafe(32)
    row = FeedToken(
        kind=kind,
        token_hash=_hash(secret),
        user_id=user.id,
        saved_search_id=saved_search.id if saved_search else None,
        unit_id=unit_id,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row, secret


def feed_token(session: DbSession, secret: str) -> FeedToken | None:
    """The token row ``secret`` names, revoked or not; None when unknown."""
    if not secret or len(secret) > 200:
        return None
    return session.scalar(select(FeedToken).where(FeedToken.token_hash == _hash(secret)))


def feed_tokens_of(session: DbSession, user: User) -> list[FeedToken]:
    query = select(FeedToken).where(FeedToken.user_id == user.id)
    return list(session.scalars(query.order_by(FeedToken.created_at.desc(), FeedToken.id.desc())))


def revoke_feed_token(session: DbSession, token: FeedToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
