"""What every access-matrix module of this folder shares: the rules of who may do what."""

from __future__ import annotations

import pytest

from tests.fixtures.access.scenes import Rules


@pytest.fixture
def rules(world) -> Rules:
    return Rules(world)
