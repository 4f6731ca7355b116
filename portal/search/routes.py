"""The search page: hits with their metadata and snippets, facets, sorting, pages."""

from __future__ import annotations

from collections import Counter
from datetime import date

from flask import render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required
from werkzeug.exceptions import ServiceUnavailable

from documents.collation import vi_key
from documents.db import db
from documents.i18n import N_
from documents.models import OrgUnit
from documents.permissions import principals_of
from documents.service import VALIDITY_LABELS
from portal.http_errors import with_message
from portal.indexing import search_service
from portal.page_cache import cached_page
from portal.search import bp, issuer_groups
from portal.search.params import PAGE_SIZE, SORT_LABELS, SearchParams
from portal.templating import today, type_name
from search_index.contract import Hit, SearchResults, SearchUnavailable
from search_index.facets import FacetValue
from workflows.definitions import STATE_TITLES

UNAVAILABLE = N_(
    "Chức năng tìm kiếm tạm thời không sử dụng được. Các chức năng khác của cổng vẫn "
    "hoạt động bình thường; vui lòng thử lại sau hoặc báo quản trị viên dựng lại chỉ mục "
    "tìm kiếm (lệnh flask reindex)."
)
FACET_TITLES = {
    "kind": N_("Loại hồ sơ"),
    "doc_type": N_("Loại văn bản"),
    "issuer": N_("Cơ quan ban hành, đơn vị"),
    "year": N_("Năm"),
    "term": N_("Nhiệm kỳ"),
    "validity": N_("Hiệu lực"),
    "unit_id": N_("Đơn vị thực hiện"),
    "state": N_("Trạng thái kế hoạch"),
}
# facet name → query-string parameter
FACET_PARAMS = {"doc_type": "type", "unit_id": "unit"}
KIND_LABELS = {"document": N_("Văn bản"), "plan": N_("Kế hoạch")}


def hit_date(hit: Hit) -> date | None:
    if not hit.date:
        return None
    try:
        return date(hit.date // 10_000, hit.date // 100 % 100, hit.date % 100)
    except ValueError:
        return None


def unavailable() -> ServiceUnavailable:
    return with_message(ServiceUnavailable(), UNAVAILABLE)


def _unit_names(results: SearchResults) -> dict[int, str]:
    ids = {v.value for v in results.facets.get("unit_id", ())}
    if not ids:
        return {}
    rows = db.session.execute(db.select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids)))
    return {unit_id: name for unit_id, name in rows}


def _facet_label(
    name: str, value: object, units: dict[int, str], included: dict[str, list[str]]
) -> str:
    if name == "kind":
        return gettext(KIND_LABELS[str(value)]) if str(value) in KIND_LABELS else str(value)
    if name == "validity":
        label = VALIDITY_LABELS.get(str(value))
        return gettext(label) if label else str(value)
    if name == "unit_id":
        return units.get(int(str(value)), str(value))
    if name == "doc_type":
        return type_name(str(value))
    if name == "state":
        title = STATE_TITLES.get(str(value))
        return gettext(title) if title else str(value)
    if name == "issuer":
        return issuer_groups.label(str(value), included)
    return str(value)


def _ordered_facets(
    facets: dict[str, list[FacetValue]], units: dict[int, str], included: dict[str, list[str]]
) -> dict[str, list[FacetValue]]:
    """Each facet's values most frequent first, equal counts in Vietnamese order of their
    labels (years stay newest first)."""
    return {
        name: values
        if name == "year"
        else sorted(
            values,
            key=lambda v: (-v.count, vi_key(_facet_label(name, v.value, units, included))),
        )
        for name, values in facets.items()
    }


@bp.get("/search")
@login_required
@cached_page
def search() -> str:
    params = SearchParams.from_args(request.args)
    results = None
    if params.q:
        try:
            results = search_service().search(
                params.q,
                principals_of(current_user),
                limit=PAGE_SIZE,
                page=params.page,
                filters=params.filters,
                sort=params.sort,
                facets=True,
                suggest=True,
            )
        except SearchUnavailable:
            raise unavailable() from None
    hits = results.hits if results else []
    shared = Counter(h.symbol for h in hits if h.symbol and h.kind == "document")
    units = _unit_names(results) if results else {}
    facets = dict(results.facets) if results else {}
    included: dict[str, list[str]] = {}
    if params.group_issuers and facets.get("issuer"):
        facets["issuer"], included = issuer_groups.grouped(facets["issuer"], today())
    return render_template(
        "search/results.html",
        q=params.q,
        params=params,
        results=results,
        hit_date=hit_date,
        page_size=PAGE_SIZE,
        ambiguous={key for key, count in shared.items() if count > 1},
        facet_titles=FACET_TITLES,
        facet_params=FACET_PARAMS,
        facets=_ordered_facets(facets, units, included),
        facet_label=lambda name, value: _facet_label(name, value, units, included),
        sort_labels=SORT_LABELS,
        kind_labels=KIND_LABELS,
        validity_labels=VALIDITY_LABELS,
    )
