"""``/api/v1/units`` (with their history) and ``/api/v1/search``.

Search runs the configured backend with the caller's principals, exactly as the search
page does: a hit the caller may not read is never counted nor shown.
"""

from __future__ import annotations

import marshmallow as ma
from flask import request, url_for
from flask_login import current_user
from flask_smorest import Blueprint
from werkzeug.datastructures import MultiDict

from documents.db import db
from documents.models import OrgUnit
from documents.permissions import principals_of
from portal.api.common import PageArgs, page_of, paged_schema, refuse
from portal.indexing import search_service
from portal.links import record_url
from portal.saving import is_id
from portal.search.params import QUERY_MAX, SORT_LABELS, SearchParams
from portal.search.routes import UNAVAILABLE
from search_index.contract import SearchUnavailable

units_blp = Blueprint("api_units", __name__, url_prefix="/api/v1/units", description="Units")
search_blp = Blueprint("api_search", __name__, url_prefix="/api/v1/search", description="Search")


class UnitSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    short_name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    parent_id = ma.fields.Integer(allow_none=True)
    valid_from = ma.fields.Date(allow_none=True)
    valid_to = ma.fields.Date(allow_none=True)
    successor_id = ma.fields.Integer(allow_none=True)
    predecessors = ma.fields.List(ma.fields.Integer(), required=True)
    url = ma.fields.String(required=True)


def unit_data(unit: OrgUnit) -> dict:
    predecessors = db.session.scalars(
        db.select(OrgUnit.id).filter(OrgUnit.successor_id == unit.id).order_by(OrgUnit.id)
    )
    return {
        "id": unit.id,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "level": unit.level,
        "parent_id": unit.parent_id,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "successor_id": unit.successor_id,
        "predecessors": list(predecessors),
        "url": url_for("api_units.read", unit_id=unit.id),
    }


@units_blp.route("/")
@units_blp.arguments(PageArgs, location="query")
@units_blp.response(200, paged_schema(UnitSchema, "UnitPage"))
def index(args: dict) -> dict:
    """Every unit, current and former, with its validity and successor."""
    total = db.session.scalar(db.select(db.func.count(OrgUnit.id))) or 0
    rows = db.session.scalars(
        db.select(OrgUnit)
        .order_by(OrgUnit.id)
        .limit(args["per_page"])
        .offset((args["page"] - 1) * args["per_page"])
    )
    return page_of([unit_data(u) for u in rows], total, args, "api_units.index")


@units_blp.route("/<int:unit_id>")
@units_blp.response(200, UnitSchema)
def read(unit_id: int) -> dict:
    """One unit and its history (predecessors, successor, validity)."""
    unit = db.session.get(OrgUnit, unit_id) if is_id(unit_id) else None
    if unit is None:
        refuse(404)
    return unit_data(unit)


class SearchArgs(PageArgs):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=QUERY_MAX))
    sort = ma.fields.String(load_default="relevance", validate=ma.validate.OneOf(list(SORT_LABELS)))
    kind = ma.fields.String(validate=ma.validate.OneOf(["document", "plan"]))
    type = ma.fields.String(validate=ma.validate.Length(max=10))
    year = ma.fields.Integer(validate=ma.validate.Range(1900, 2200))
    state = ma.fields.String(validate=ma.validate.Length(max=20))


class HitSchema(ma.Schema):
    kind = ma.fields.String(required=True)
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    symbol = ma.fields.String(allow_none=True)
    state = ma.fields.String(allow_none=True)
    score = ma.fields.Float(required=True)
    snippet = ma.fields.String(required=True)
    url = ma.fields.String(required=True)


@search_blp.route("/")
@search_blp.arguments(SearchArgs, location="query")
@search_blp.response(200, paged_schema(HitSchema, "SearchPage"))
def search(args: dict) -> dict:
    """Full-text search over what the caller may read (Vietnamese with or without
    diacritics, symbols such as 11-CT/TU), with the search page's filters."""
    params = SearchParams.from_args(MultiDict(request.args))
    try:
        results = search_service().search(
            params.q,
            principals_of(current_user),
            limit=args["per_page"],
            page=args["page"],
            filters=params.filters,
            sort=params.sort,
        )
    except SearchUnavailable:
        refuse(503, UNAVAILABLE)
    hits = [
        {
            "kind": h.kind,
            "id": h.object_id,
            "title": h.title,
            "symbol": h.symbol,
            "state": h.state,
            "score": h.score,
            "snippet": h.snippet_html,
            "url": record_url(h.kind, h.object_id, api=True),
        }
        for h in results.hits
    ]
    return page_of(hits, results.total, args, "api_search.search")
