"""Helpers of the /api/v1 tests: tokens and requests with them."""

from __future__ import annotations

from documents.db import db
from documents.models import User
from documents.tokens import create_token


def token(user: User, *, write: bool = False) -> str:
    _row, secret = create_token(db.session, user, "thử", write=write)
    db.session.commit()
    return secret


def bearer(secret: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **extra}
