"""Party documents: the register, a document's page with its relations and chain,
editing with import pre-fill, the publication workflow, versions and attachments."""

from flask import Blueprint

bp = Blueprint("documents", __name__, url_prefix="/documents")

from portal.documents import files, history, routes  # noqa: E402,F401
