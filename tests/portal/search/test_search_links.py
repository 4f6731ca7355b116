"""A results page links each facet value, sort and page. The links are built from the
route looked up once per request (issue 19); they are the addresses ``url_for`` builds,
for any query and filter value a reader may type."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from portal.search.params import SearchParams

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=TEXT,
    doc_type=TEXT,
    page=st.integers(-3, 40),
    changes=st.dictionaries(
        st.sampled_from(["q", "type", "sort", "page", "from", "issuer"]),
        st.none() | TEXT | st.integers(0, 99),
        max_size=3,
    ),
)
def test_links_are_what_url_for_builds(app, q, doc_type, page, changes):
    with app.test_request_context("/search"):
        params = SearchParams.from_args(
            MultiDict({"q": q, "type": doc_type, "page": str(page), "sort": "date"})
        )
        link = params.link(**changes)
        query = dict(parse_qsl(urlsplit(link).query, keep_blank_values=True))
        assert link == url_for("search.search", **query)  # url_for's own encoding
        for name, value in changes.items():
            if value is None or (name == "page" and str(value) == "1"):
                assert name not in query
            else:
                assert query[name] == str(value)
        if "page" not in changes:
            assert "page" not in query  # another filter or sort starts at page 1
