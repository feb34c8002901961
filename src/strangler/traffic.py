"""Recent traffic per endpoint: requests and server errors per stack over the last five minutes.

Each endpoint keeps a ring of `SLOTS` time slots of `SLOT_SECONDS`; a slot is reused, and
zeroed first, when its time comes round again, so recording is a few list operations and the
memory per endpoint is fixed. The window read is the current slot and the ones before it within
`WINDOW_SECONDS`, so it spans between 290 and 300 seconds as the current slot fills.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strangler.flags import Mode

SLOT_SECONDS = 10
SLOTS = 30
WINDOW_SECONDS = SLOT_SECONDS * SLOTS
# The names the gateway's two backends report; requests answered by anything else are not counted.
BACKENDS = (Mode.FLASK.value, Mode.FASTAPI.value)
_COLUMN = {name: index for index, name in enumerate(BACKENDS)}
# Per slot: requests of each backend, then server errors of each backend.
_WIDTH = 2 * len(BACKENDS)
_EMPTY_SLOT = [0] * _WIDTH


class EndpointTraffic:
    """One endpoint's ring of slots."""

    __slots__ = ("counts", "slots")

    def __init__(self) -> None:
        self.slots = [-1] * SLOTS  # the slot number each position holds now
        self.counts = [0] * (SLOTS * _WIDTH)

    def add(self, slot: int, column: int, failed: bool) -> None:
        """Count one request of backend `column` in time slot `slot`."""
        position = slot % SLOTS
        start = position * _WIDTH
        if self.slots[position] != slot:
            self.slots[position] = slot
            self.counts[start : start + _WIDTH] = _EMPTY_SLOT
        self.counts[start + column] += 1
        if failed:
            self.counts[start + len(BACKENDS) + column] += 1

    def totals(self, current: int) -> list[int]:
        """Add up the slots inside the window that ends with slot `current`."""
        totals = [0] * _WIDTH
        for position, slot in enumerate(self.slots):
            if current - SLOTS < slot <= current:
                start = position * _WIDTH
                for column in range(_WIDTH):
                    totals[column] += self.counts[start + column]
        return totals


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class Traffic:
    """Recent traffic of every endpoint, on a monotonic `clock` in seconds."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.endpoints: dict[str, EndpointTraffic] = {}

    def add(self, key: str, backend: str, failed: bool, now: float) -> None:
        """Count one request of endpoint `key` answered by `backend` at time `now`."""
        column = _COLUMN.get(backend)
        if column is None:
            return
        endpoint = self.endpoints.get(key)
        if endpoint is None:
            endpoint = self.endpoints[key] = EndpointTraffic()
        endpoint.add(int(now // SLOT_SECONDS), column, failed)

    def summary(self, key: str) -> dict[str, Any]:
        """Describe endpoint `key`'s traffic over the window, as the admin API shows it."""
        endpoint = self.endpoints.get(key)
        if endpoint is None:
            totals = list(_EMPTY_SLOT)
        else:
            totals = endpoint.totals(int(self.clock() // SLOT_SECONDS))
        requests = dict(zip(BACKENDS, totals, strict=False))
        errors = dict(zip(BACKENDS, totals[len(BACKENDS) :], strict=True))
        total = sum(requests.values())
        return {
            "window_seconds": WINDOW_SECONDS,
            "requests": total,
            "by_backend": requests,
            "errors": errors,
            "fastapi_share": _share(requests[Mode.FASTAPI.value], total),
            "error_rate": _share(sum(errors.values()), total),
        }
