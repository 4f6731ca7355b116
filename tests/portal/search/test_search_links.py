"""A results page links each facet value, sort and page. The links are built from the
route looked up once per request (issue 19); they are the addresses ``url_for`` builds,
for any query and filter value a reader may type."""

from __future__ import annotations

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
        args = dict(params.args)
        if "page" not in changes:
            args.pop("page", None)
        for name, value in changes.items():
            if value is None:
                args.pop(name, None)
            else:
                args[name] = str(value)
        if args.get("page") == "1":
            del args["page"]
        assert params.link(**changes) == url_for("search.search", **args)
