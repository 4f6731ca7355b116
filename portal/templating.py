"""Template filters and globals: dates the Vietnamese way, state labels, the clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from documents.models import ROLE_LABELS, UNIT_KINDS
from documents.types import TYPES_BY_CODE
from workflows.definitions import STATE_TITLES


def today() -> date:
    """The local date of the portal (Asia/Ho_Chi_Minh), or the one fixed by config."""
    fixed = current_app.config.get("FIXED_TODAY")
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return datetime.now(ZoneInfo(current_app.config["TIMEZONE"])).date()


def local_time(value: datetime | None) -> str:
    """A stored UTC time shown in the portal's time zone: ``14:05 01/8/2019``."""
    if value is None:
        return ""
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    local = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)
    return f"{local:%H:%M} {vn_date(local.date())}"


def vn_date(value: date | None) -> str:
    """``01/8/2019``: day zero-padded below 10, months 1–2 zero-padded as in documents."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"{value.day:02d}/{month}/{value.year}"


def vn_long_date(value: date | None) -> str:
    """``ngày 01 tháng 8 năm 2019``, the form of a document's date line."""
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def days_phrase(days: int | None) -> str:
    if days is None:
        return "không có hạn"
    if days > 0:
        return f"còn {days} ngày"
    if days == 0:
        return "hạn là hôm nay"
    return f"quá hạn {-days} ngày"


def init_templating(app: Flask) -> None:
    app.jinja_env.filters.update(
        vn_date=vn_date,
        vn_long_date=vn_long_date,
        local_time=local_time,
        days_phrase=days_phrase,
        state_title=lambda s: STATE_TITLES.get(s, s),
        type_name=lambda c: TYPES_BY_CODE[c].name_vi if c in TYPES_BY_CODE else c,
        role_label=lambda r: ROLE_LABELS.get(r, r),
        unit_kind=lambda k: UNIT_KINDS.get(k, k),
    )
    app.jinja_env.globals.update(today=today)
