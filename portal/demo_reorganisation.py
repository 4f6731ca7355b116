"""The 2025 reorganisation in the demo data, applied by ``seed-demo`` once the portal's
date has reached each event (idempotent: an event already recorded is skipped).

Early 2025 the provincial Ban Tuyên giáo and Ban Dân vận merge; from 1-7-2025 Kiên Giang
and An Giang merge into the new An Giang province, its organs and organisations merge with
An Giang's, and the district committees give way to commune-level committees directly
under the Tỉnh ủy. Commune names are illustrative (see the README); the events go through
the same import as ``flask units reorganise``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask_babel import gettext
from sqlalchemy.orm import Session

from documents.db import db
from documents.models import Document, OrgUnit, User, UserRole, enqueue_index
from documents.passwords import hash_password
from documents.rendering import render_markdown
from documents.reorganisation import apply
from documents.unit_events import events_from_json
from documents.unit_history import UnitEvent
from portal.demo_data import DEMO_NOTE, DEMO_PASSWORD, DEMO_VALID_FROM
from portal.units.routes import MOVING_STATES

AG = "tinhuy-angiang"
BASES: list[dict] = [
    {
        "external_id": "demo-121-KL-TW",
        "doc_type": "KL",
        "number": 121,
        "symbol": "121-KL/TW",
        "issued_on": date(2025, 1, 24),
        "title": "Về tổng kết Nghị quyết số 18-NQ/TW về sắp xếp tổ chức bộ máy",
    },
    {
        "external_id": "demo-60-NQ-TW",
        "doc_type": "NQ",
        "number": 60,
        "symbol": "60-NQ/TW",
        "issued_on": date(2025, 4, 12),
        "title": "Hội nghị lần thứ mười một Ban Chấp hành Trung ương Đảng khóa XIII",
    },
]
# An Giang's units before the merger, which the demo did not need until now.
AN_GIANG_BEFORE: list[tuple[str, str, str, date]] = [
    ("tinhuy-angiang-truoc", "Tỉnh ủy An Giang", "provincial_committee", DEMO_VALID_FROM),
    ("bantuyengiao-kiengiang", "Ban Tuyên giáo Tỉnh ủy", "commission", DEMO_VALID_FROM),
    ("bantgdv-angiang-truoc", "Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang", "commission",
     date(2025, 3, 1)),
]  # fmt: skip


def _unit(code: str, name: str, kind: str, level: str, parent: str | None = AG) -> dict:
    return {"code": code, "name": name, "kind": kind, "level": level, "parent": parent}


def _merge(key: str, on: str, basis: str, sources: list[str], *targets: dict) -> dict:
    return {"key": f"demo-2025-{key}", "kind": "merge" if len(targets) == 1 else "split",
            "effective_on": on, "basis": basis, "from": sources, "to": list(targets)}  # fmt: skip


def _commune(code: str, name: str, share: list[str] | None = None) -> dict:
    return {**_unit(code, name, "commune_committee", "commune"), "share": share or []}


J = "2025-07-01"
PROVINCE_ORGS: list[tuple[list[str], str, str, str, str | None]] = [
    (["banthuongvu"], "banthuongvu-angiang", "Ban Thường vụ Tỉnh ủy An Giang",
     "standing_committee", AG),
    (["bcsd-ubnd", "danguy-khoidoanhnghiep"], "danguy-ubnd-angiang",
     "Đảng ủy Ủy ban nhân dân tỉnh An Giang", "subordinate_committee", AG),
    (["danguy-khoicoquan"], "danguy-coquandang-angiang", "Đảng ủy các cơ quan Đảng tỉnh An Giang",
     "subordinate_committee", AG),
    (["danguy-quansu"], "danguy-quansu-angiang", "Đảng ủy Quân sự tỉnh An Giang",
     "subordinate_committee", AG),
    (["danguy-congan"], "danguy-congan-angiang", "Đảng ủy Công an tỉnh An Giang",
     "subordinate_committee", AG),
    (["danguy-bienphong"], "danguy-bienphong-angiang", "Đảng ủy Bộ đội Biên phòng tỉnh An Giang",
     "subordinate_committee", AG),
    (["mttq"], "mttq-angiang", "Ủy ban MTTQ Việt Nam tỉnh An Giang", "sociopolitical_org", AG),
    (["tinhdoan"], "tinhdoan-angiang", "Tỉnh Đoàn An Giang", "sociopolitical_org", "mttq-angiang"),
    (["hoiphunu"], "hoiphunu-angiang", "Hội Liên hiệp Phụ nữ tỉnh An Giang", "sociopolitical_org",
     "mttq-angiang"),
    (["hoinongdan"], "hoinongdan-angiang", "Hội Nông dân tỉnh An Giang", "sociopolitical_org",
     "mttq-angiang"),
    (["hoicuuchienbinh"], "hoicuuchienbinh-angiang", "Hội Cựu chiến binh tỉnh An Giang",
     "sociopolitical_org", "mttq-angiang"),
    (["liendoanlaodong"], "liendoanlaodong-angiang", "Liên đoàn Lao động tỉnh An Giang",
     "sociopolitical_org", "mttq-angiang"),
]  # fmt: skip
# District → the commune-level committee that takes over its work (illustrative names).
COMMUNES: list[tuple[str, str, str]] = [
    ("thanhuy-hatien", "phuong-hatien", "Đảng ủy phường Hà Tiên"),
    ("huyenuy-kienluong", "xa-kienluong", "Đảng ủy xã Kiên Lương"),
    ("huyenuy-giangthanh", "xa-giangthanh", "Đảng ủy xã Giang Thành"),
    ("huyenuy-hondat", "xa-hondat", "Đảng ủy xã Hòn Đất"),
    ("huyenuy-tanhiep", "xa-tanhiep", "Đảng ủy xã Tân Hiệp"),
    ("huyenuy-chauthanh", "xa-chauthanh", "Đảng ủy xã Châu Thành"),
    ("huyenuy-giongrieng", "xa-giongrieng", "Đảng ủy xã Giồng Riềng"),
    ("huyenuy-goquao", "xa-goquao", "Đảng ủy xã Gò Quao"),
    ("huyenuy-anbien", "xa-anbien", "Đảng ủy xã An Biên"),
    ("huyenuy-anminh", "xa-anminh", "Đảng ủy xã An Minh"),
    ("huyenuy-vinhthuan", "xa-vinhthuan", "Đảng ủy xã Vĩnh Thuận"),
    ("huyenuy-uminhthuong", "xa-uminhthuong", "Đảng ủy xã U Minh Thượng"),
    ("huyenuy-kienhai", "dackhu-kienhai", "Đảng ủy đặc khu Kiên Hải"),
]


def events() -> list[dict]:
    """The demo's reorganisation events, in the order they are applied."""
    found = [
        _merge("bantgdv", "2025-03-01", "121-KL/TW", ["bandanvan", "bantuyengiao-kiengiang"],
               _unit("bantgdv-kiengiang", "Ban Tuyên giáo và Dân vận Tỉnh ủy Kiên Giang",
                     "commission", "province", "tinhuy-kiengiang")),
        _merge("tinhuy", J, "60-NQ/TW", ["tinhuy-kiengiang", "tinhuy-angiang-truoc"],
               _unit(AG, "Tỉnh ủy An Giang", "provincial_committee", "province", None)),
        _merge("bantgdv-angiang", J, "60-NQ/TW", ["bantgdv-kiengiang", "bantgdv-angiang-truoc"],
               _unit("bantgdv-angiang", "Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang",
                     "commission", "province")),
        _merge("rachgia", J, "60-NQ/TW", ["thanhuy-rachgia"],
               _commune("phuong-rachgia", "Đảng ủy phường Rạch Giá", ["11-CT/TU"]),
               _commune("phuong-vinhthong", "Đảng ủy phường Vĩnh Thông")),
        _merge("phuquoc", J, "60-NQ/TW", ["huyenuy-phuquoc"],
               _commune("dackhu-phuquoc", "Đảng ủy đặc khu Phú Quốc", ["11-CT/TU"]),
               _commune("dackhu-thochau", "Đảng ủy đặc khu Thổ Châu")),
    ]  # fmt: skip
    for sources, code, name, kind, parent in PROVINCE_ORGS:
        target = _unit(code, name, kind, "province", parent)
        found.append(_merge(code, J, "60-NQ/TW", sources, target))
    for district, code, name in COMMUNES:
        found.append(_merge(code, J, "60-NQ/TW", [district], _commune(code, name)))
    return found


# Accounts of today's units that inherited 11-CT/TU work.
USERS: list[tuple[str, str, str, str]] = [
    ("phuong.rachgia", "Lê Thị Hồng (Đảng ủy phường Rạch Giá)", "phuong-rachgia", "drafter"),
    ("dackhu.phuquoc", "Trần Minh Khoa (Đảng ủy đặc khu Phú Quốc)", "dackhu-phuquoc", "drafter"),
    ("bantgdv.angiang", "Nguyễn Thu Trang (Ban Tuyên giáo và Dân vận)", "bantgdv-angiang",
     "reviewer"),
]  # fmt: skip


def seed_reorganisation(session: Session, today: date, echo: Callable[[str], None]) -> None:
    """Record the demo's events whose date has come and that are not yet recorded."""
    due = [e for e in events_from_json(events()) if e.effective_on <= today]
    if not due:
        return
    _seed_before(session)
    _seed_bases(session)
    applied = 0
    for event in due:
        if session.scalar(db.select(UnitEvent.id).filter_by(key=event.key)) is None:
            apply(session, event, actor=None, today=today, open_states=MOVING_STATES)
            applied += 1
    _seed_users(session)
    session.flush()
    if applied:
        echo(gettext("Demo: đã ghi nhận %(num)s sự kiện sắp xếp tổ chức năm 2025.", num=applied))


def _seed_before(session: Session) -> None:
    for code, name, kind, valid_from in AN_GIANG_BEFORE:
        if session.scalar(db.select(OrgUnit.id).filter_by(code=code)) is None:
            session.add(OrgUnit(code=code, name=name, short_name=name[:80], kind=kind,
                                level="province", valid_from=valid_from))  # fmt: skip
    session.flush()


def _seed_bases(session: Session) -> None:
    issuer = session.scalar(db.select(OrgUnit).filter_by(code="bchtw"))
    for row in BASES:
        if session.scalar(db.select(Document.id).filter_by(external_id=row["external_id"])):
            continue
        body = f"{row['title']}.\n\n{DEMO_NOTE}"
        document = Document(**row, issuer=issuer, term="khóa XIII", place="Hà Nội", body=body,
                            body_html=render_markdown(body))  # fmt: skip
        session.add(document)
        session.flush()
        enqueue_index(session, "document", document.id)


def _seed_users(session: Session) -> None:
    password_hash = hash_password(DEMO_PASSWORD)
    for username, full_name, code, role in USERS:
        unit = session.scalar(db.select(OrgUnit).filter_by(code=code))
        if unit is None or session.scalar(db.select(User.id).filter_by(username=username)):
            continue
        session.add(User(username=username, full_name=full_name, password_hash=password_hash,
                         unit=unit, roles=[UserRole(unit=unit, role=role)]))  # fmt: skip
