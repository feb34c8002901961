"""Spec §4.3 (test-run) and §4.4 (manual execute) on the FastAPI stack, against a real local
HTTP server standing in for GitHub and the webhooks; and the event loop stays free meanwhile.

The same case tables as the Flask suite (`test/test_execute.py`, `test/test_test_run.py`), at
`/api` and `/api/v2`, on an app started as `kit.flask_fixtures` starts Flask's: a copy of
the world database, `GITHUB_API_URL` on the stub, a recording scheduler, a 0.5 s run timeout, and
GITHUB_TOKEN set only once the app runs (it is read at call time, §7.1).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from cronjobs.api import create_app
from cronjobs.settings import Settings
from tests_support.cases.registry import RUN_CASES, RUN_HIDDEN_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend, asgi_sender, serve
from tests_support.kit.schedulers import RecordingScheduler
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import WORLD_SECRET, copy_database
from tests_support.kit.worlds.runs import (
    JOB_ID,
    WEBHOOK,
    RunWorld,
    open_run_world,
    run_settings,
    webhook_job,
)


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings],
    world_template: Path,
    http_stub: HttpStub,
    expose_details: bool,
) -> Settings:
    """Settings on a copy of the world database, with GitHub on the stub and no token."""
    settings: Settings = make_settings(
        jwt_secret_key=WORLD_SECRET, **run_settings(http_stub, expose_details=expose_details)
    )
    copy_database(world_template, settings.api_database_url)
    return settings


@pytest.fixture
def scheduler(settings: Settings) -> Iterator[RecordingScheduler]:
    """This process's scheduler, running."""
    scheduler = RecordingScheduler(settings.api_database_url)
    yield scheduler
    scheduler.close()


@pytest.fixture
def app(settings: Settings, scheduler: RecordingScheduler) -> FastAPI:
    """The FastAPI app with the recording scheduler."""
    return create_app(settings, scheduler=scheduler)


@pytest.fixture
async def run_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app, its lifespan running."""
    async with serve(app) as client:
        yield client


@pytest.fixture
def world(
    run_client: httpx.AsyncClient,
    settings: Settings,
    http_stub: HttpStub,
    scheduler: RecordingScheduler,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[RunWorld]:
    """The run world; GITHUB_TOKEN is set now that the app runs."""
    yield from open_run_world(settings, http_stub, scheduler, monkeypatch)


@pytest.fixture
def run_send(run_client: httpx.AsyncClient) -> AsyncSend:
    """Send a case's request to the app."""
    return asgi_sender(run_client)


@pytest.mark.parametrize("case", RUN_CASES, ids=ids(RUN_CASES))
async def test_run(case: Case, world: RunWorld, run_send: AsyncSend, prefix: str) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await run_send(request))


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", RUN_HIDDEN_CASES, ids=ids(RUN_HIDDEN_CASES))
async def test_run_with_details_hidden(
    case: Case, world: RunWorld, run_send: AsyncSend, prefix: str
) -> None:
    for request, verify in case.exchanges(world, prefix):
        verify(await run_send(request))


@pytest.fixture
def held_webhook(world: RunWorld) -> Iterator[tuple[threading.Event, threading.Event]]:
    """The job's webhook: the first event is set when a call arrives, which is answered only
    once the second is set (or after 10 s)."""
    reached, release = threading.Event(), threading.Event()

    def hold(_request: object) -> None:
        reached.set()
        release.wait(10)

    webhook_job()(world)
    world.stub.answer(WEBHOOK, 200, "pong", hook=hold)
    yield reached, release
    release.set()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"/api/jobs/{JOB_ID}/execute", None),
        ("/api/jobs/test-run", {"target_url": "{stub}" + WEBHOOK}),
    ],
    ids=["execute", "test_run"],
)
async def test_a_call_waiting_on_its_target_does_not_hold_up_other_requests(
    path: str,
    body: dict[str, str] | None,
    world: RunWorld,
    run_client: httpx.AsyncClient,
    held_webhook: tuple[threading.Event, threading.Event],
) -> None:
    reached, release = held_webhook
    headers = {"Authorization": f"Bearer {world.token('user')}"}
    payload = {key: value.format(stub=world.stub.url) for key, value in (body or {}).items()}
    waiting = asyncio.create_task(run_client.post(path, headers=headers, json=payload))
    assert await asyncio.to_thread(reached.wait, 10)  # the target holds the call now
    health = await run_client.get("/api/health")
    served_while_waiting = not waiting.done()
    release.set()
    assert (await waiting).status_code == 200
    assert health.status_code == 200
    assert served_while_waiting
