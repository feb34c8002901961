"""The flipper of the flip-under-load test: each endpoint's mode changes every interval.

One task per endpoint puts the next mode of the cycle flask → fastapi → shadow → canary(50)
through the gateway's admin API, on a fixed schedule (a slow change does not push the next ones
later; it only makes them come sooner). Endpoint *n* starts *n* steps into the cycle, so at any
moment the endpoints are in different modes. A refused flip is a failure like any other.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx

from tests_support.kit.load.tally import Tally

MODES: tuple[dict[str, Any], ...] = (
    {"mode": "flask"},
    {"mode": "fastapi"},
    {"mode": "shadow"},
    {"mode": "canary", "percent": 50},
)
ADMIN_ENDPOINTS = "/_gateway/api/endpoints"


def setting_path(key: str) -> str:
    """The admin API path of one endpoint's setting (the key percent-encoded)."""
    return f"{ADMIN_ENDPOINTS}/{quote(key, safe='/')}"


async def flip_endpoint(
    client: httpx.AsyncClient, key: str, start: int, interval: float, until: float, tally: Tally
) -> None:
    """Cycle one endpoint through `MODES` every `interval` seconds until `until`."""
    began = time.monotonic()
    step = 0
    while (moment := began + step * interval) < until:
        await asyncio.sleep(max(0.0, moment - time.monotonic()))
        setting = MODES[(start + step) % len(MODES)] | {"reason": "flip under load"}
        try:
            reply = await client.put(setting_path(key), json=setting)
        except httpx.TransportError as error:
            tally.fail(f"flip {key} to {setting['mode']}: no answer ({error!r})")
        else:
            if reply.status_code == 200:
                tally.flips[key] += 1
            else:
                tally.fail(f"flip {key} to {setting['mode']}: {reply.status_code} {reply.text}")
        step += 1


async def flip_all(
    client: httpx.AsyncClient, keys: Sequence[str], interval: float, until: float, tally: Tally
) -> None:
    """Flip every endpoint in `keys`, staggered, until `until`."""
    await asyncio.gather(
        *(flip_endpoint(client, key, n, interval, until, tally) for n, key in enumerate(keys))
    )
