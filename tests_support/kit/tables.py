"""A case table as both suites replay it: its name, its cases, the world it needs.

`cases/registry.py` lists every table; each stack's `test_*case_tables.py` has one test per
`Needs` and parametrises it with `replays(TABLES, needs)` (or `app_replays(TABLES)`), so a new
table is one registry line. A test's id is `<table>-<case>`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING

import pytest

from tests_support.cases.app_variants import AppCase
from tests_support.kit.case import Case, ids

if TYPE_CHECKING:
    from _pytest.mark.structures import ParameterSet  # what `pytest.param` returns


class Needs(enum.Enum):
    """What a table's cases are replayed on: each stack's case-table module has a test for each."""

    WORLD = enum.auto()
    """The world users on a fresh copy of the world database (each stack's `world` fixture)."""
    RUN_WORLD = enum.auto()
    """The world plus a local HTTP stub for GitHub and webhooks and a recording scheduler;
    GITHUB_TOKEN is set only once the app runs (each stack's `run_world` fixture)."""
    OWN_APP = enum.auto()
    """Each case is an `AppCase` that starts an app of its own (`replay_app_case`)."""


@dataclass(frozen=True)
class CaseTable:
    """A named case table and how to replay it."""

    name: str
    cases: Sequence[Case]
    needs: Needs = Needs.WORLD
    _: KW_ONLY
    expose_details: bool = True
    """EXPOSE_ERROR_DETAILS of the app the cases run on (not for `OWN_APP`: the case says)."""

    def params(self) -> Iterable[tuple[Case, str]]:
        """Return each case with its test id, failing on duplicate case names."""
        names = ids(list(self.cases))
        return zip(self.cases, (f"{self.name}-{name}" for name in names), strict=True)


def replays(tables: Iterable[CaseTable], needs: Needs) -> list[ParameterSet]:
    """Return `(expose_details, case)` params of every case of the tables that need `needs`.

    Parametrise with `indirect=["expose_details"]`: the stacks' `expose_details` fixture reads it.
    """
    assert needs is not Needs.OWN_APP, "app cases start their own app: use app_replays"
    return [
        pytest.param(table.expose_details, case, id=test_id)
        for table in tables
        if table.needs is needs
        for case, test_id in table.params()
    ]


def app_replays(tables: Iterable[CaseTable]) -> list[ParameterSet]:
    """Return a `case` param for every app case of the tables that need their own app."""
    params = []
    for table in tables:
        if table.needs is Needs.OWN_APP:
            for case, test_id in table.params():
                assert isinstance(case, AppCase), f"{test_id} is not an AppCase"
                params.append(pytest.param(case, id=test_id))
    return params
