"""A mixed run: every endpoint on a stack drawn by a seeded RNG, one scenario through all of them.

Each seed draws Flask or FastAPI for each of the 45 endpoints (`tests_support.cases.mixed.stacks`),
writes the draw into the test's cutover.toml and builds the whole service with `create_app`.
The scenario (`tests_support.cases.mixed.story` and the chapters after it) then creates a PIC team,
a category and jobs, runs them against a local HttpStub, and reads back executions and
notifications, the Slack settings and a bulk upload, before deleting it all: writes land through
one stack and are read through whichever stack each reading endpoint was drawn for, on the one
shared database (SQLite, then PostgreSQL). Every reply must come from its endpoint's stack.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from cronjobs.settings import Settings
from strangler.app import GatewayApp
from tests_support.cases.mixed.cleanup import bulk_upload, delete_job, slack, teardown
from tests_support.cases.mixed.history import executions, notifications, renames
from tests_support.cases.mixed.jobs import GITHUB_TOKEN, jobs, runs
from tests_support.cases.mixed.stacks import (
    STACKS,
    MixedApi,
    assign_stacks,
    cutover_toml,
    endpoint_keys,
)
from tests_support.cases.mixed.story import Story, accounts, catalogue
from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET, World
from tests_support.kit.worlds.runs import RUN_TIMEOUT_SECONDS

# Three draws in which every endpoint meets both stacks (three fair draws rarely manage that:
# (3/4)^45); `test_the_draw_is_repeatable_and_crosses_every_endpoint` proves it of these seeds.
SEEDS = (46, 63, 116)
PHASES = (
    accounts, catalogue, jobs, runs, executions, renames, notifications, bulk_upload, slack,
    delete_job, teardown,
)  # fmt: skip


@pytest.fixture
def stack() -> str:
    """No single stack: the draw decides per endpoint (this also names the test's database)."""
    return "mixed"


@pytest.fixture(params=SEEDS, ids=[f"seed{seed}" for seed in SEEDS])
def seed(request: pytest.FixtureRequest) -> int:
    """The seed of this run's draw."""
    return int(request.param)


@pytest.fixture
def assignment(make_settings: Callable[..., Settings], seed: int) -> dict[str, str]:
    """The stack drawn for every endpoint of the service."""
    return assign_stacks(endpoint_keys(make_settings(cutover_default="flask")), seed)


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], assignment: dict[str, str], http_stub: HttpStub
) -> Settings:
    """Settings on the world database, GitHub on the stub, and the draw as the cutover file."""
    built = make_settings(
        cutover_default="flask",
        jwt_secret_key=WORLD_SECRET,
        github_api_url=f"{http_stub.url}/",
        run_timeout_seconds=RUN_TIMEOUT_SECONDS,
    )
    Path(built.cutover_file).write_text(cutover_toml(assignment), encoding="utf-8")
    return built


async def test_a_scenario_reads_every_write_back_across_the_drawn_stacks(
    gateway_app: GatewayApp,
    client: httpx.AsyncClient,
    world: World,
    http_stub: HttpStub,
    assignment: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modes = {key: flag.mode.value for key, flag in gateway_app.gateway.routes.flags.items()}
    assert modes == assignment
    # Set only now that the service runs: GITHUB_TOKEN is read at call time (§7.1), and trimmed.
    monkeypatch.setenv("GITHUB_TOKEN", f"  {GITHUB_TOKEN} ")
    story = Story(MixedApi(client, assignment), world, http_stub)
    for phase in PHASES:
        await phase(story)
    assert story.api.served == assignment  # every endpoint was called, each on its drawn stack


def test_the_draw_is_repeatable_and_crosses_every_endpoint(tmp_path: Path) -> None:
    settings = Settings(
        database_url=sqlite_url(tmp_path),
        testing=True,
        cutover_file=str(tmp_path / "cutover.toml"),
        _env_file=None,
    )
    keys = endpoint_keys(settings)
    assert len(keys) == 45
    draws = [assign_stacks(keys, seed) for seed in SEEDS]
    assert draws == [assign_stacks(reversed(keys), seed) for seed in SEEDS]
    assert all(list(draw) == keys and set(draw.values()) == set(STACKS) for draw in draws)
    one_sided = [key for key in keys if len({draw[key] for draw in draws}) < len(STACKS)]
    assert one_sided == [], "these endpoints meet only one stack across the seeds"
