"""The tests mirror the packages (issue 14, item 5): no test module sits directly in
``tests/``, every folder of tests is a package (so two test files may share a name), and
what tests share lives in ``tests.fixtures`` (or a ``conftest.py``), never in another test
module."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def python_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if "node_modules" not in p.parts)


def containing_test_module(name: str) -> Path | None:
    """The test module (``test_*.py`` of the tests) the dotted ``name`` is or lies in."""
    parts = name.split(".")
    for end in range(1, len(parts) + 1):
        path = TESTS.parent.joinpath(*parts[:end]).with_suffix(".py")
        if parts[end - 1].startswith("test_") and path.is_file():
            return path
    return None


def imported_modules(path: Path) -> list[str]:
    """The dotted names ``path`` imports, ``from a import b`` counted as ``a`` and ``a.b``
    (``b`` may be a module); relative imports resolved against the file's package."""
    package = path.relative_to(TESTS.parent).parent.parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def test_no_test_module_sits_directly_in_tests():
    assert sorted(p.name for p in TESTS.glob("test_*.py")) == []


def test_every_folder_of_tests_is_a_package():
    folders = {p.parent for p in python_files()}
    missing = [f for f in folders if not (f / "__init__.py").exists()]
    assert sorted(str(f.relative_to(TESTS)) for f in missing) == []


def test_no_module_of_the_tests_imports_a_test_module():
    offending = sorted(
        {
            f"{path.relative_to(TESTS.parent)} imports {containing_test_module(name).stem}"
            for path in python_files()
            for name in imported_modules(path)
            if containing_test_module(name) not in (None, path)
        }
    )
    assert offending == [], "move what is shared to tests/fixtures/"
