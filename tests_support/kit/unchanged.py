"""Proving a failed request stored nothing: snapshot after the setup, compare after the reply.

`recorded(setup)` runs a case's setup and then remembers every row of the world's database;
`unchanged` is the check that compares the database after the reply with that snapshot. Both
ride on the case table itself, so every stack that replays the table proves the same thing.
`storing_nothing(cases)` adds both to cases written without them.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from typing import Any

from tests_support.kit.case import Case, Check, Reply
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


def storing_nothing(cases: list[Case]) -> list[Case]:
    """Return one-step cases that also prove their request stored nothing, after their checks."""

    def then_unchanged(check: Check | None) -> Check:
        def both(world: World, reply: Reply) -> None:
            if check is not None:
                check(world, reply)
            unchanged(world, reply)

        return both

    assert not any(case.then for case in cases), "the snapshot is compared after the first reply"
    return [
        dataclasses.replace(case, setup=recorded(case.setup), check=then_unchanged(case.check))
        for case in cases
    ]
