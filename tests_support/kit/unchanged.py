"""Proving a failed request stored nothing: snapshot after the setup, compare after the reply.

`recorded(setup)` runs a case's setup and then remembers every row of the world's database;
`unchanged` is the check that compares the database after the reply with that snapshot. Both
ride on the case table itself, so every stack that replays the table proves the same thing.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from tests_support.kit.case import Reply
from tests_support.kit.worlds.base import World

Setup = Callable[[World], None]
_BEFORE: weakref.WeakKeyDictionary[World, dict[str, list[tuple[Any, ...]]]] = (
    weakref.WeakKeyDictionary()
)


def recorded(*setups: Setup | None) -> Setup:
    """Return a setup that runs `setups` in order, then snapshots the database."""

    def setup(world: World) -> None:
        for step in setups:
            if step is not None:
                step(world)
        _BEFORE[world] = world.snapshot()

    return setup


def unchanged(world: World, _reply: Reply) -> None:
    """Every table holds exactly the rows it held when the setup ended."""
    assert world.snapshot() == _BEFORE[world]
