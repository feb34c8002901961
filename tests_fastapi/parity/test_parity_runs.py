"""Spec §4.3 (test-run) and §4.4 (execute) through the gateway, on Flask, then on FastAPI.

The run tables of both stacks' suites, against a real local HTTP server standing in for GitHub
and the webhooks, with the service started as those suites start each stack: `GITHUB_API_URL` on
the stub, a recording scheduler, a 0.5 s run timeout, GITHUB_TOKEN set only once it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from cronjobs.settings import Settings
from tests_support.cases.registry import RUN_CASES, RUN_HIDDEN_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.parity import replay
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET
from tests_support.kit.worlds.runs import RunWorld, open_run_world, run_settings


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], stack: str, http_stub: HttpStub, expose_details: bool
) -> Settings:
    """Settings sending every endpoint to `stack`, GitHub on the stub, no token yet."""
    return make_settings(
        cutover_default=stack,
        jwt_secret_key=WORLD_SECRET,
        **run_settings(http_stub, expose_details=expose_details),
    )


@pytest.fixture
def scheduler(database_url: str) -> Iterator[RecordingScheduler]:
    """The process's scheduler, running, shared by both stacks."""
    scheduler = RecordingScheduler(database_url)
    yield scheduler
    scheduler.close()


@pytest.fixture
def world(
    client: httpx.AsyncClient,
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN is set now that the service runs."""
    yield from open_run_world(settings, http_stub, scheduler, monkeypatch)


@pytest.mark.parametrize("case", RUN_CASES, ids=ids(RUN_CASES))
async def test_run(case: Case, world: RunWorld, send: AsyncSend, stack: str) -> None:
    await replay(case, world, send, stack)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", RUN_HIDDEN_CASES, ids=ids(RUN_HIDDEN_CASES))
async def test_run_with_details_hidden(
    case: Case, world: RunWorld, send: AsyncSend, stack: str
) -> None:
    await replay(case, world, send, stack)
