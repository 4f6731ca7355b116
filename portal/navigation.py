"""The main menu: each link with the permission rule its view checks, so the menu only
offers pages the user may open (issue #13, item 3).

The rules are the ones the views call (``can_read_follow_up`` gates the follow-up pages
in ``portal.followup.common.require_read``); a test opens every link of every role's
menu and expects 200.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from flask_login import current_user

from documents.followup.assignments import can_read_follow_up
from documents.i18n import N_
from documents.models import User
from documents.permissions import may, principals_of


def signed_in(user: User | None) -> bool:
    """Any active, signed-in user."""
    return bool(principals_of(user))


def administers(user: User | None) -> bool:
    """Holders of the site permission the administration pages check."""
    return may(user, "administer")


@dataclass(frozen=True)
class MenuLink:
    endpoint: str
    label: str  # a message id, shown in the reader's language
    may_open: Callable[[User | None], bool]


MENU: tuple[MenuLink, ...] = (
    MenuLink("dashboard.home", N_("Trang chủ"), signed_in),
    MenuLink("documents.index", N_("Văn bản"), signed_in),
    MenuLink("plans.index", N_("Kế hoạch"), signed_in),
    MenuLink("assignments.index", N_("Theo dõi thực hiện"), can_read_follow_up),
    MenuLink("inbox.index", N_("Hộp thư"), signed_in),
    MenuLink("units.index", N_("Đơn vị"), signed_in),
    MenuLink("saved.index", N_("Tìm kiếm đã lưu"), signed_in),
    MenuLink("calendar.month", N_("Lịch hạn"), signed_in),
    MenuLink("admin.users", N_("Quản trị"), administers),
)


def menu_for(user: User | None) -> list[MenuLink]:
    """The links of ``MENU`` that ``user`` may follow, in the menu's order."""
    return [link for link in MENU if link.may_open(user)]


def init_navigation(app: Flask) -> None:
    app.jinja_env.globals.update(main_menu=lambda: menu_for(current_user))
