"""GET /api/health (spec §4.10), the same on both stacks."""

from __future__ import annotations

from tests_fastapi.parity.support import Api

HEALTHY = {"status": "healthy", "scheduler_running": False, "scheduled_jobs_count": 0}


async def test_health_answers_without_auth(api: Api) -> None:
    await api.expect("GET", "/api/health", 200, HEALTHY)


async def test_health_ignores_a_bad_token(api: Api) -> None:
    await api.expect("GET", "/api/health", 200, HEALTHY, headers={"Authorization": "Bearer x"})


async def test_head_on_health_answers_without_a_body(api: Api) -> None:
    response = await api.call("HEAD", "/api/health")
    assert (response.status_code, response.headers["content-type"], response.content) == (
        200,
        "application/json",
        b"",
    )
