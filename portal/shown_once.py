"""A secret link shown once, after the redirect that follows the POST which made it.

The POST stores the link in the user's session and redirects (so reloading the page
never makes a second one); the page it redirects to takes it out again, so the link is
on screen exactly once and stays in no cookie afterwards.
"""

from __future__ import annotations

from flask import session

KEY = "shown_once"


def show_once(kind: str, link: str, name: str) -> None:
    session[KEY] = {"kind": kind, "link": link, "name": name}


def take_shown(kind: str) -> dict[str, str] | None:
    """The link stored for ``kind``, removed from the session; None when there is none."""
    shown = session.get(KEY)
    if not shown or shown.get("kind") != kind:
        return None
    session.pop(KEY, None)
    return shown
