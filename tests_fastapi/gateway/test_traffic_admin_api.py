"""Traffic and metrics of the whole service: flips through the admin API, traffic per endpoint.

The service runs in-process on a database holding the default admin; its token comes from
`/api/auth/login`, as an operator's would. `GET /api/health` is moved between the stacks.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests_support.kit.metric_samples import sample_value, samples_in

HEALTH_KEY = "GET /api/health"
HEALTH = f"/_gateway/api/endpoints/{HEALTH_KEY}"


async def flip(client: httpx.AsyncClient, admin: dict[str, str], mode: str) -> dict[str, Any]:
    """Set `GET /api/health`'s mode through the admin API and return the answer."""
    response = await client.put(HEALTH, json={"mode": mode, "reason": "test"}, headers=admin)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def health_traffic(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    """Return `GET /api/health`'s traffic as the endpoint list shows it."""
    listed = (await client.get("/_gateway/api/endpoints", headers=admin)).json()
    return dict(next(entry for entry in listed if entry["key"] == HEALTH_KEY)["traffic"])


async def metric(client: httpx.AsyncClient, name: str, **labels: str) -> float:
    """Scrape `/_gateway/metrics` and return one sample (0 when absent)."""
    samples = samples_in((await client.get("/_gateway/metrics")).text)
    return sample_value(samples, name, **labels)


async def test_a_flip_through_the_admin_api_is_counted_and_moves_the_mode_gauge(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    mode = "gateway_endpoint_mode"
    assert await metric(client, mode, endpoint=HEALTH_KEY, mode="flask") == 1
    await flip(client, admin, "fastapi")
    assert (
        await metric(client, "gateway_flips_total", endpoint=HEALTH_KEY, to="fastapi"),
        await metric(client, mode, endpoint=HEALTH_KEY, mode="flask"),
        await metric(client, mode, endpoint=HEALTH_KEY, mode="fastapi"),
    ) == (1, 0, 1)


async def test_the_endpoint_list_shows_the_traffic_split_between_the_stacks(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    for _ in range(3):
        await client.get("/api/health")
    await flip(client, admin, "fastapi")
    for _ in range(5):
        await client.get("/api/health")
    assert await health_traffic(client, admin) == {
        "window_seconds": 300,
        "requests": 8,
        "by_backend": {"flask": 3, "fastapi": 5},
        "errors": {"flask": 0, "fastapi": 0},
        "fastapi_share": 0.625,
        "error_rate": 0.0,
    }


async def test_an_endpoint_without_traffic_lists_no_rates(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    traffic = await health_traffic(client, admin)
    assert (traffic["requests"], traffic["fastapi_share"], traffic["error_rate"]) == (0, None, None)


async def test_the_change_answer_shows_the_endpoints_traffic(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    for _ in range(2):
        await client.get("/api/health")
    answer = await flip(client, admin, "shadow")
    assert answer["endpoint"]["traffic"]["by_backend"] == {"flask": 2, "fastapi": 0}
