"""The demo data, read from the TOML files beside this module: ``2019.toml`` (Directive
11-CT/TU of Tỉnh ủy Kiên Giang, the documents it cites, the units it assigns, demo accounts,
plans and the commission's follow-up) and ``2025.toml`` (the 2025 reorganisation). Each file
says where its facts come from and what is fictional; the seeding code is ``portal.demo``.

The files are parsed when this module is first imported, which only the demo commands and
the tests do (``portal.cli.demo`` imports it inside its commands).
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Any


def read(name: str) -> dict[str, Any]:
    """The data file ``name`` of this folder."""
    return tomllib.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))


DATA_2019 = read("2019.toml")
DATA_2025 = read("2025.toml")

DEMO_PASSWORD: str = DATA_2019["password"]  # every demo account's
DEMO_NOTE: str = DATA_2019["note"]  # the last paragraph of every demo document
USERS: list[dict[str, Any]] = DATA_2019["users"]  # the accounts make run's banner lists
