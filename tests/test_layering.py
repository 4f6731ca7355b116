"""The domain packages never reach for the web layer's request globals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN_NAMES = {"request", "session", "g", "current_user", "current_app"}
DOMAIN_PACKAGES = ("documents", "workflows", "search_index")
# Which of our packages each package may import (DESIGN.md, "Layers").
MAY_IMPORT = {
    "documents": set(),
    "workflows": {"documents"},
    "search_index": {"documents", "workflows"},
}
OURS = {"documents", "workflows", "search_index", "portal"}


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


def test_the_layering_test_sees_the_domain_files():
    assert len(FILES) >= 8
