"""A reorganisation event as entered, and the checks it must pass before it moves anything.

An event ends its predecessor units on the effective date and begins (or names) its
successors; the open work of each predecessor passes to a successor and every move is
recorded (``UnitMove``). Open work is an assignment whose plan is missing or in one of the
``open_states`` the caller names (drafted, submitted), with its plan and its urgings; an
inspection follow-up task not done; the user roles and accounts of the unit. Closed work
(reviewed or reported plans, past reports) stays with the unit that did it.

A split names the share of each successor: the documents whose open work it takes; the
shares must cover the open work exactly. Roles and accounts of a split unit go to the first
successor named. Events take effect on or before ``today``: an event of a future date is
refused (record it when it takes effect), so every open assignment always belongs to a unit
valid today. Nothing here changes the database.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from documents.db import DbSession
from documents.i18n import N_, Explained, Param, message
from documents.models import (
    UNIT_KINDS,
    Document,
    OrgUnit,
)
from documents.symbols import symbol_key
from documents.unit_history import EVENT_KINDS, MOVED_KINDS, UnitEventLink

# (fewest, most) predecessors and successors of each kind; None: no upper bound.
ARITY: dict[str, tuple[tuple[int, int | None], tuple[int, int | None]]] = {
    "merge": ((1, None), (1, 1)),
    "split": ((1, 1), (2, None)),
    "rename": ((1, 1), (1, 1)),
    "transfer": ((1, 1), (1, 1)),
    "dissolve": ((1, None), (0, 1)),
    "establish": ((0, 0), (1, None)),
}
NEW_ONLY = ("rename", "transfer", "establish")  # kinds whose successors the event begins


class ReorganisationError(Explained, ValueError):
    """An event refused; nothing was changed. The message is shown to the user."""


@dataclass(frozen=True)
class NewUnit:
    """A unit the event begins."""

    name: str
    short_name: str = ""
    kind: str = ""  # the predecessor's when empty
    level: str = ""
    parent_code: str | None = None


@dataclass(frozen=True)
class Target:
    """A successor: an existing unit's code, or the code of a unit the event begins."""

    code: str
    new: NewUnit | None = None
    share: tuple[str, ...] = ()  # split: symbols (or "#id") of the documents it takes


@dataclass(frozen=True)
class EventInput:
    kind: str
    effective_on: date
    basis: str  # the legal basis: a document symbol, or "#id"
    sources: tuple[str, ...]
    targets: tuple[Target, ...]
    note: str = ""
    key: str = ""  # what makes the event one event; derived when empty

    @property
    def event_key(self) -> str:
        if self.key:
            return self.key
        ends = ",".join(sorted(self.sources)) or ",".join(sorted(t.code for t in self.targets))
        return f"{self.kind}:{self.effective_on.isoformat()}:{ends}"


@dataclass
class PlannedMove:
    object_kind: str
    object_id: int
    label: str
    source: OrgUnit
    target_code: str


@dataclass
class Preview:
    data: EventInput
    basis: Document
    sources: list[OrgUnit]
    targets: list[tuple[Target, OrgUnit | None]]  # None: the event begins it
    moves: list[PlannedMove] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(m.object_kind for m in self.moves)
        return {kind: found[kind] for kind in MOVED_KINDS if found[kind]}


def refusal(msgid: str, **params: Param) -> ReorganisationError:
    return ReorganisationError(message(msgid, **params))


def find_basis(session: DbSession, text: str) -> Document:
    text = (text or "").strip()
    if text.startswith("#") and text[1:].isdigit():
        found = [d for d in [session.get(Document, int(text[1:]))] if d is not None]
    else:
        key = symbol_key(text) if text else None
        found = list(session.scalars(select(Document).filter_by(symbol_key=key))) if key else []
    if not found:
        raise refusal(
            N_("Không tìm thấy văn bản làm căn cứ “%(basis)s”; hãy nhập văn bản đó trước."),
            basis=text,
        )
    if len(found) > 1:
        ids = ", ".join(f"#{d.id}" for d in found)
        raise refusal(
            N_("Có nhiều văn bản số “%(basis)s” (%(ids)s); hãy ghi căn cứ bằng mã #id."),
            basis=text,
            ids=ids,
        )
    return found[0]


def unit_by_code(session: DbSession, code: str) -> OrgUnit | None:
    return session.scalar(select(OrgUnit).filter_by(code=code))


def check_shape(data: EventInput, today: date) -> None:
    if data.kind not in EVENT_KINDS:
        raise refusal(N_("Loại sự kiện “%(kind)s” không hợp lệ."), kind=data.kind)
    if data.effective_on > today:
        raise refusal(
            N_("Ngày hiệu lực %(date)s chưa đến; hãy ghi nhận sự kiện khi nó có hiệu lực."),
            date=data.effective_on,
        )
    (low_s, high_s), (low_t, high_t) = ARITY[data.kind]
    kind = EVENT_KINDS[data.kind]
    if len(data.sources) < low_s or (high_s is not None and len(data.sources) > high_s):
        raise refusal(N_("Số đơn vị cũ không phù hợp với loại sự kiện “%(kind)s”."), kind=kind)
    if len(data.targets) < low_t or (high_t is not None and len(data.targets) > high_t):
        raise refusal(N_("Số đơn vị mới không phù hợp với loại sự kiện “%(kind)s”."), kind=kind)
    if len(set(data.sources)) != len(data.sources):
        raise refusal(N_("Một đơn vị được ghi hai lần trong sự kiện."))
    if len({t.code for t in data.targets}) != len(data.targets):
        raise refusal(N_("Một đơn vị được ghi hai lần trong sự kiện."))
    for target in data.targets:
        if target.code in data.sources:
            raise refusal(N_("Không thể chuyển đơn vị “%(unit)s” vào chính nó."), unit=target.code)
        if data.kind in NEW_ONLY and target.new is None:
            raise refusal(
                N_("Sự kiện “%(kind)s” lập đơn vị mới: hãy ghi tên đơn vị “%(unit)s”."),
                kind=kind,
                unit=target.code,
            )
    if data.kind == "establish" and any(t.new and not t.new.kind for t in data.targets):
        raise refusal(N_("Hãy ghi loại của đơn vị được thành lập."))
    if data.kind == "transfer" and (data.targets[0].new or NewUnit("")).parent_code is None:
        raise refusal(N_("Hãy ghi đơn vị cấp trên mới của đơn vị được chuyển."))


def check_source(session: DbSession, code: str, on: date) -> OrgUnit:
    unit = unit_by_code(session, code)
    if unit is None:
        raise refusal(N_("Không có đơn vị mã “%(unit)s”."), unit=code)
    if unit.valid_to is not None:
        raise refusal(
            N_("Đơn vị “%(unit)s” đã kết thúc từ ngày %(date)s; sự kiện không áp dụng được."),
            unit=unit.name,
            date=unit.valid_to,
        )
    if unit.valid_from is not None and on <= unit.valid_from:
        raise refusal(
            N_(
                "Ngày hiệu lực %(date)s không sau ngày đơn vị “%(unit)s” được thành lập (%(from)s)."
            ),
            date=on,
            unit=unit.name,
            **{"from": unit.valid_from},
        )
    return unit


def check_target(session: DbSession, target: Target, on: date) -> OrgUnit | None:
    unit = unit_by_code(session, target.code)
    if target.new is not None:
        if unit is not None:
            raise refusal(N_("Mã đơn vị “%(unit)s” đã được dùng."), unit=target.code)
        if not target.new.name.strip():
            raise refusal(N_("Hãy ghi tên đơn vị mới “%(unit)s”."), unit=target.code)
        if target.new.kind and target.new.kind not in UNIT_KINDS:
            raise refusal(N_("Loại đơn vị “%(kind)s” không hợp lệ."), kind=target.new.kind)
        parent = target.new.parent_code
        if parent is not None and unit_by_code(session, parent) is None:
            raise refusal(N_("Không có đơn vị mã “%(unit)s”."), unit=parent)
        return None
    if unit is None:
        raise refusal(N_("Không có đơn vị mã “%(unit)s”."), unit=target.code)
    if unit.valid_to is not None:
        raise refusal(
            N_(
                "Đơn vị nhận “%(unit)s” đã kết thúc từ ngày %(date)s; không thể chuyển việc vào đó."
            ),
            unit=unit.name,
            date=unit.valid_to,
        )
    if unit.valid_from is not None and on < unit.valid_from:
        raise refusal(
            N_("Đơn vị nhận “%(unit)s” chưa tồn tại vào ngày %(date)s."), unit=unit.name, date=on
        )
    return unit


def predecessors(session: DbSession, unit: OrgUnit) -> set[int]:
    """Every unit whose work or name passed, directly or not, to ``unit``."""
    seen: set[int] = set()
    todo = [unit.id]
    while todo:
        current = todo.pop()
        linked = session.scalars(
            select(UnitEventLink.unit_id).where(
                UnitEventLink.role == "from",
                UnitEventLink.event_id.in_(
                    select(UnitEventLink.event_id).filter_by(unit_id=current, role="to")
                ),
            )
        )
        named = session.scalars(select(OrgUnit.id).filter_by(successor_id=current))
        for found in {*linked, *named} - seen:
            seen.add(found)
            todo.append(found)
    return seen


def check_no_cycle(session: DbSession, sources: list[OrgUnit], targets: list[OrgUnit]) -> None:
    source_ids = {s.id for s in sources}
    for target in targets:
        ancestors_of_sources = set().union(*(predecessors(session, s) for s in sources))
        step: OrgUnit | None = target
        seen: set[int] = set()
        while step is not None and step.id not in seen:
            seen.add(step.id)
            if step.id in source_ids or step.id in ancestors_of_sources:
                raise refusal(
                    N_("Sự kiện tạo vòng lặp kế thừa: “%(unit)s” đã là đơn vị tiền thân."),
                    unit=step.name,
                )
            step = step.successor


def _text(item: dict[str, Any], name: str, default: str = "") -> str:
    value = item.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise refusal(N_("Trường “%(field)s” phải là chuỗi ký tự."), field=name)
    return value.strip()


def _target_of(item: Any) -> Target:
    if isinstance(item, str):
        return Target(item.strip())
    if not isinstance(item, dict) or not _text(item, "code"):
        raise refusal(N_("Mỗi đơn vị mới cần có mã (“code”)."))
    share = item.get("share") or []
    if not isinstance(share, list) or not all(isinstance(s, str) for s in share):
        raise refusal(N_("Phần chia (“share”) phải là danh sách số ký hiệu văn bản."))
    new = None
    if _text(item, "name") or _text(item, "parent"):
        new = NewUnit(
            name=_text(item, "name"),
            short_name=_text(item, "short_name"),
            kind=_text(item, "kind"),
            level=_text(item, "level"),
            parent_code=_text(item, "parent") or None,
        )
    return Target(_text(item, "code"), new, tuple(s.strip() for s in share))


def events_from_json(data: Any) -> list[EventInput]:
    """The events of a JSON description: one event, a list, or ``{"events": [...]}``.

    An event: ``{"kind": "merge", "effective_on": "2025-07-01", "basis": "60-NQ/TW",
    "from": ["code", …], "to": ["code" | {"code", "name", "kind", "level", "parent",
    "share": ["11-CT/TU"]}], "note": "…", "key": "…"}``.
    """
    items = data.get("events", data) if isinstance(data, dict) else data
    items = [items] if isinstance(items, dict) else items
    if not isinstance(items, list) or not items:
        raise refusal(N_("Mô tả sự kiện không hợp lệ: cần một sự kiện hoặc danh sách sự kiện."))
    events = []
    for item in items:
        if not isinstance(item, dict):
            raise refusal(N_("Mô tả sự kiện không hợp lệ: mỗi sự kiện là một đối tượng JSON."))
        try:
            effective_on = date.fromisoformat(_text(item, "effective_on"))
        except ValueError:
            raise refusal(
                N_("Ngày hiệu lực phải viết dạng NNNN-TT-NN, ví dụ 2025-07-01.")
            ) from None
        sources = item.get("from") or []
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise refusal(N_("Đơn vị cũ (“from”) phải là danh sách mã đơn vị."))
        targets = item.get("to") or []
        if not isinstance(targets, list):
            raise refusal(N_("Đơn vị mới (“to”) phải là danh sách."))
        events.append(
            EventInput(
                kind=_text(item, "kind"),
                effective_on=effective_on,
                basis=_text(item, "basis"),
                sources=tuple(s.strip() for s in sources),
                targets=tuple(_target_of(t) for t in targets),
                note=_text(item, "note"),
                key=_text(item, "key"),
            )
        )
    return events
