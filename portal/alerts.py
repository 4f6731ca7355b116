"""Saved-search alerts, raised as the search index takes in changed objects.

``drain_outbox`` reads the objects its outbox batch changes, applies the batch, then
calls ``announce_matches`` in the same transaction: only those objects are matched
against the saved searches (``search_index.whoosh.alerts``), never the whole index. An object
made after a search was saved and matching it is recorded once and announced in the
owner's unit inbox, the one place that sends these notifications (``notify_unit``; a
later delivery by e-mail goes through the same call).

The inbox belongs to the owner's unit, so an alert only tells of objects the owner may
read as a member of that unit: the owner's principals that concern their own unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MultiDict

from documents.db import DbSession
from documents.i18n import N_, message
from documents.models import Document, Plan
from documents.notifications import notify_unit
from documents.permissions import AUTHENTICATED, principals_of
from documents.saved_searches import SavedSearch, active_searches, record_hit
from portal.search.params import SearchParams
from search_index.whoosh.alerts import StandingQuery, matches

TITLES_LISTED = 10


def unit_principals(saved: SavedSearch) -> frozenset[str]:
    """What the owner reads as a member of their unit (not as an administrator, nor
    through a role held elsewhere)."""
    owner = saved.owner
    unit = f"unit:{owner.unit_id}"
    mine = principals_of(owner)
    kept = {p for p in mine if p == AUTHENTICATED or p == unit or p.startswith(unit + ":")}
    if owner.unit.is_commission:
        held = {r.role for r in owner.roles if r.unit_id == owner.unit_id}
        kept |= {f"commission:{role}" for role in held} & mine
    return frozenset(kept)


def standing_query(saved: SavedSearch) -> StandingQuery:
    params = SearchParams.from_args(MultiDict(saved.args))
    return StandingQuery(saved.id, params.q, params.filters, unit_principals(saved))


def announce_matches(session: DbSession, objects: Sequence[Document | Plan]) -> int:
    """Record and announce the new matches of ``objects``; returns how many were new."""
    searches = {s.id: s for s in active_searches(session)}
    if not objects or not searches:
        return 0
    by_key = {("plan" if isinstance(o, Plan) else "document", o.id): o for o in objects}
    found = matches(objects, [standing_query(s) for s in searches.values()])
    announced = 0
    for ident, keys in found.items():
        saved = searches[ident]
        new = []
        for key in keys:
            obj = by_key[key]
            if obj.created_at is None or obj.created_at < saved.created_at:
                continue  # an old object edited: not news
            if record_hit(session, saved, key[0], key[1], obj.title) is not None:
                new.append(obj)
        if not new:
            continue
        titles = "\n".join(f"- {o.title}" for o in new[:TITLES_LISTED])
        notify_unit(
            session,
            saved.owner.unit_id,
            "saved_search",
            message(
                N_("Tìm kiếm đã lưu «%(name)s» có %(num)s kết quả mới"),
                name=saved.name,
                num=len(new),
            ),
            titles,
        )
        announced += len(new)
    return announced
