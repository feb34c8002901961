"""Spec §4.3 (test-run) and §4.4 (manual execute) on the FastAPI stack: the event loop stays free
while a call waits on its target, a real local HTTP server standing in for the webhook.

The run world is `kit/api_fixtures.py`'s; the run tables themselves are replayed with the other
tables by `test_api_case_tables.py`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests_support.kit.api_fixtures import (  # noqa: F401  (this module's fixtures)
    run_app_fixture,
    run_client_fixture,
    run_scheduler_fixture,
    run_world_fixture,
    run_world_settings_fixture,
)
from tests_support.kit.worlds.runs import JOB_ID, WEBHOOK, RunWorld, webhook_job


@pytest.fixture
def held_webhook(run_world: RunWorld) -> Iterator[tuple[threading.Event, threading.Event]]:
    """The job's webhook: the first event is set when a call arrives, which is answered only
    once the second is set (or after 10 s)."""
    reached, release = threading.Event(), threading.Event()

    def hold(_request: object) -> None:
        reached.set()
        release.wait(10)

    webhook_job()(run_world)
    run_world.stub.answer(WEBHOOK, 200, "pong", hook=hold)
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
    run_world: RunWorld,
    run_client: httpx.AsyncClient,
    held_webhook: tuple[threading.Event, threading.Event],
) -> None:
    reached, release = held_webhook
    headers = {"Authorization": f"Bearer {run_world.token('user')}"}
    payload = {key: value.format(stub=run_world.stub.url) for key, value in (body or {}).items()}
    waiting = asyncio.create_task(run_client.post(path, headers=headers, json=payload))
    assert await asyncio.to_thread(reached.wait, 10)  # the target holds the call now
    health = await run_client.get("/api/health")
    served_while_waiting = not waiting.done()
    release.set()
    assert (await waiting).status_code == 200
    assert health.status_code == 200
    assert served_while_waiting
