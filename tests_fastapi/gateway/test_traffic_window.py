"""Recent traffic per endpoint: a five-minute window of ten-second slots on an injected clock."""

from __future__ import annotations

import pytest

from strangler.traffic import SLOT_SECONDS, WINDOW_SECONDS, Traffic

KEY = "GET /api/jobs"


class FakeClock:
    """A clock that moves only when the test moves it."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """The window's clock, starting at 1,000 s."""
    return FakeClock()


@pytest.fixture
def traffic(clock: FakeClock) -> Traffic:
    """An empty traffic record on `clock`."""
    return Traffic(clock)


def add(traffic: Traffic, clock: FakeClock, backend: str, times: int, failed: bool = False) -> None:
    for _ in range(times):
        traffic.add(KEY, backend, failed, clock.now)


def test_requests_are_split_by_backend(traffic: Traffic, clock: FakeClock) -> None:
    add(traffic, clock, "flask", 3)
    add(traffic, clock, "fastapi", 1)
    summary = traffic.summary(KEY)
    assert (summary["requests"], summary["by_backend"], summary["fastapi_share"]) == (
        4,
        {"flask": 3, "fastapi": 1},
        0.25,
    )


def test_server_errors_are_counted_per_backend_and_rated_over_all(
    traffic: Traffic, clock: FakeClock
) -> None:
    add(traffic, clock, "flask", 2)
    add(traffic, clock, "fastapi", 1, failed=True)
    summary = traffic.summary(KEY)
    assert (summary["errors"], summary["error_rate"]) == ({"flask": 0, "fastapi": 1}, 0.3333)


def test_an_endpoint_without_requests_has_no_rates(traffic: Traffic) -> None:
    assert traffic.summary(KEY) == {
        "window_seconds": WINDOW_SECONDS,
        "requests": 0,
        "by_backend": {"flask": 0, "fastapi": 0},
        "errors": {"flask": 0, "fastapi": 0},
        "fastapi_share": None,
        "error_rate": None,
    }


def test_requests_older_than_the_window_leave_it(traffic: Traffic, clock: FakeClock) -> None:
    add(traffic, clock, "flask", 5)
    clock.now += WINDOW_SECONDS / 2
    add(traffic, clock, "fastapi", 2)
    clock.now += WINDOW_SECONDS / 2 + SLOT_SECONDS
    assert traffic.summary(KEY)["by_backend"] == {"flask": 0, "fastapi": 2}


def test_requests_within_the_window_stay_in_it(traffic: Traffic, clock: FakeClock) -> None:
    add(traffic, clock, "flask", 5)
    clock.now += WINDOW_SECONDS - 2 * SLOT_SECONDS
    assert traffic.summary(KEY)["requests"] == 5


def test_a_slot_reused_a_window_later_starts_from_zero(traffic: Traffic, clock: FakeClock) -> None:
    add(traffic, clock, "flask", 5)
    clock.now += WINDOW_SECONDS  # the same ring position, a full turn later
    add(traffic, clock, "flask", 1)
    assert traffic.summary(KEY)["requests"] == 1


def test_a_backend_other_than_the_two_stacks_is_not_counted(
    traffic: Traffic, clock: FakeClock
) -> None:
    add(traffic, clock, "gateway", 3)
    assert traffic.summary(KEY)["requests"] == 0
