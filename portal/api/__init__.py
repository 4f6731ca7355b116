"""The JSON API under ``/api/v1``, described by OpenAPI 3.1 generated from its code.

flask-smorest (marshmallow schemas on Flask blueprints, apispec underneath) reads the
same schemas that validate requests and dump responses, so the description cannot drift
from the code. Errors are problem details (``portal.api.problems``), answered by the
portal's own error handler; the reference page is Swagger UI from the files bundled in
the flask-swagger-ui wheel, served here with a script of ours (no inline script, no
asset from the internet). The API sends no CORS headers: browsers of other sites may
not call it.
"""

from __future__ import annotations

import http
from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Flask, abort, render_template, send_from_directory
from flask_smorest import Api

from portal.api.auth import authenticate
from portal.api.problems import PROBLEM_TYPE, ProblemSchema
from portal.extensions import csrf

SWAGGER_DIST = Path(flask_swagger_ui.__file__).resolve().parent / "dist"
PROBLEM_CONTENT = {PROBLEM_TYPE: {"schema": ProblemSchema}}
SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")


class PortalApi(Api):
    """flask-smorest with problem details as the described error shape."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self) -> None:
        # The portal's handler answers every error (pages in HTML, /api/v1 as problems).
        return None

    def _register_responses(self) -> None:
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if status >= 400:
                response["content"] = PROBLEM_CONTENT
            self.spec.components.response(status.name, response, lazy=True)
        self.spec.components.response(
            "DEFAULT_ERROR",
            {
                "description": "Problem details",
                "content": {PROBLEM_TYPE: {"schema": ProblemSchema}},
            },
            lazy=True,
        )


api = PortalApi()
reference = Blueprint("api_reference", __name__, url_prefix="/api/v1/docs")


@reference.get("/")
def reference_page() -> str:
    return render_template("api/reference.html")


@reference.get("/assets/<name>")
def reference_asset(name: str):
    if name not in SWAGGER_FILES:
        abort(404)
    return send_from_directory(SWAGGER_DIST, name, max_age=86_400)


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Directive Portal API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_MAX_BODY_BYTES", 2 * 1024 * 1024)
    app.before_request(authenticate)
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "JSON API of the Directive Portal. Authenticate with "
                    "`Authorization: Bearer <token>` (tokens are made at /auth/tokens or "
                    "with `flask create-token`). Errors are RFC 9457 problem details in "
                    "the language of `Accept-Language`. Writes need `If-Match` with the "
                    "record's ETag."
                )
            },
            "security": [{"bearer": []}],
        },
    )
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    from portal.api import (
        document_actions,
        documents,
        followup,
        plans,
        reviews_figures,
        units_search,
        versions,
    )

    blueprints = (
        documents.blp,
        document_actions.blp,
        plans.blp,
        followup.blp,
        reviews_figures.blp,
        units_search.units_blp,
        units_search.search_blp,
        versions.blp,
    )
    for blp in blueprints:
        api.register_blueprint(blp)
        csrf.exempt(blp)
    app.register_blueprint(reference)
