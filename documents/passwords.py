"""Password hashing with argon2id (argon2-cffi defaults follow RFC 9106) and the strength
rule for new passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from documents.i18n import N_, Translate, vietnamese

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash``; never raises for a wrong password."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


PASSWORD_MIN = 12
PASSWORD_MAX = 256
MIN_STRENGTH = 3  # zxcvbn's scale 0–4; 3 resists an offline attack on a slow hash


def password_problem(
    password: str, user_inputs: list[str] | None = None, tr: Translate = vietnamese
) -> str | None:
    """Why ``password`` is refused (in Vietnamese, or via ``tr``), or None when acceptable.

    zxcvbn carries the common-password and dictionary lists; the user's own name and
    username count as guessable words.
    """
    if len(password) < PASSWORD_MIN:
        return tr(N_("Mật khẩu cần ít nhất %(min)s ký tự.")) % {"min": PASSWORD_MIN}
    if len(password) > PASSWORD_MAX:
        return tr(N_("Mật khẩu dài tối đa %(max)s ký tự.")) % {"max": PASSWORD_MAX}
    # zxcvbn's cost grows with length; its verdict does not change past 100 characters.
    result = zxcvbn(password[:100], user_inputs=[u for u in (user_inputs or []) if u])
    if result["score"] < MIN_STRENGTH:
        return tr(
            N_(
                "Mật khẩu quá dễ đoán (giống mật khẩu phổ biến, tên người dùng hoặc chuỗi lặp). "
                "Hãy dùng một câu dài gồm nhiều từ không liên quan."
            )
        )
    return None
