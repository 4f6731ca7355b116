"""The domain packages never reach for the web layer's request globals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_NAMES = {"request", "session", "g", "current_user", "current_app"}
DOMAIN_PACKAGES = ("documents", "workflows", "search_index")
# Which of our packages each package may import (DESIGN.md, "Layers").
MAY_IMPORT = {
    "documents": set(),
    "workflows": {"documents"},
    "search_index": {"documents", "workflows"},
}
OURS = {"documents", "workflows", "search_index", "portal"}
# Inside search_index: the shared modules (contract, analysis, parsing, fields, …) import
# neither backend, and neither backend imports the other, nor does the PostgreSQL backend
# import the Whoosh library. Only the backend chooser and the old-path shims (kept for
# indexes that pickled them) see a backend.
SEARCH_BACKENDS = ("search_index.whoosh", "search_index.postgres")
SEARCH_MAY_IMPORT = {
    "search_index": set(),
    "search_index.whoosh": {"search_index.whoosh"},
    "search_index.postgres": {"search_index.postgres"},
}
SEES_EVERY_BACKEND = {
    "search_index/backends.py",
    "search_index/codec.py",
    "search_index/formats.py",
}


def imports_of(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


FILES = [p for pkg in DOMAIN_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_no_request_globals_and_points_one_way(path):
    package = path.relative_to(ROOT).parts[0]
    for module, names in imports_of(path):
        top = module.split(".")[0]
        if top in ("flask", "flask_login"):
            assert not FORBIDDEN_NAMES & set(names), f"{path.name} imports {names} from {module}"
            assert module not in ("flask.globals", "flask_login.utils")
        if top in OURS and top != package:
            assert top in MAY_IMPORT[package], f"{package} must not import {top} ({path.name})"


def _search_layer(module: str) -> str:
    return next((b for b in SEARCH_BACKENDS if f"{module}.".startswith(f"{b}.")), "search_index")


SEARCH_FILES = [p for p in FILES if p.relative_to(ROOT).parts[0] == "search_index"]


@pytest.mark.parametrize("path", SEARCH_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_search_backends_import_only_the_shared_modules_and_their_own(path):
    relative = path.relative_to(ROOT)
    if relative.as_posix() in SEES_EVERY_BACKEND:
        return
    layer = _search_layer(".".join(relative.with_suffix("").parts))
    for module, _names in imports_of(path):
        if module.split(".")[0] == "whoosh":
            assert layer != "search_index.postgres", f"{relative} imports the Whoosh library"
        if not module.startswith("search_index"):
            continue
        target = _search_layer(module)
        assert target == "search_index" or target in SEARCH_MAY_IMPORT[layer], (
            f"{relative} ({layer}) must not import {module}"
        )


def test_the_search_layering_test_sees_both_backends():
    layers = {
        _search_layer(".".join(p.relative_to(ROOT).with_suffix("").parts)) for p in SEARCH_FILES
    }
    assert layers == {"search_index", *SEARCH_BACKENDS}


def test_the_layering_test_sees_the_domain_files():
    assert len(FILES) >= 8
