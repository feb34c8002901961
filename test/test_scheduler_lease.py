"""The scheduler lease (spec §6.1, A14) on SQLite and PostgreSQL: one holder at a time."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.scheduler.lease import Lease, lease_seconds, new_holder_id
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import DATABASE_KINDS, empty_server_url, sqlite_url

T0 = datetime(2026, 11, 23, 9, 0, 0)
TTL = 30


@pytest.fixture(params=DATABASE_KINDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A prepared database holding the `scheduler_lease` table."""
    url = sqlite_url(tmp_path) if request.param == "sqlite" else empty_server_url(request.param)
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    yield engine
    engine.dispose()


def lease(engine: Engine, name: str) -> Lease:
    """The lease as seen by the process `name`."""
    return Lease(engine, name, TTL)


@pytest.mark.parametrize(("poll", "ttl"), [(1, 30), (10, 30), (11, 33), (300, 900)])
def test_ttl_is_three_polls_but_at_least_thirty_seconds(poll: int, ttl: int) -> None:
    assert lease_seconds(poll) == ttl


def test_holder_ids_name_the_host_and_process_and_are_unique() -> None:
    first, second = new_holder_id(), new_holder_id()
    assert first != second
    assert first.count(":") >= 2


def test_first_process_acquires_a_free_lease(engine: Engine) -> None:
    assert lease(engine, "a").acquire(T0) == T0 + timedelta(seconds=TTL)
    current = lease(engine, "b").current()
    assert current is not None
    assert (current.holder, current.acquired_at, current.expires_at) == (
        "a",
        T0,
        T0 + timedelta(seconds=TTL),
    )


def test_another_process_cannot_acquire_a_valid_lease(engine: Engine) -> None:
    lease(engine, "a").acquire(T0)
    assert lease(engine, "b").acquire(T0 + timedelta(seconds=TTL - 1)) is None
    assert lease(engine, "b").current().holder == "a"  # type: ignore[union-attr]


def test_another_process_takes_over_an_expired_lease(engine: Engine) -> None:
    lease(engine, "a").acquire(T0)
    later = T0 + timedelta(seconds=TTL + 1)
    assert lease(engine, "b").acquire(later) == later + timedelta(seconds=TTL)
    assert lease(engine, "a").renew(later) is None  # the old holder learns it lost the lease


def test_holder_renews_and_reacquires_its_own_lease(engine: Engine) -> None:
    holder = lease(engine, "a")
    holder.acquire(T0)
    assert holder.renew(T0 + timedelta(seconds=10)) == T0 + timedelta(seconds=10 + TTL)
    assert holder.acquire(T0 + timedelta(seconds=20)) == T0 + timedelta(seconds=20 + TTL)


def test_renewal_keeps_others_out_past_the_first_expiry(engine: Engine) -> None:
    holder = lease(engine, "a")
    holder.acquire(T0)
    holder.renew(T0 + timedelta(seconds=TTL - 1))
    assert lease(engine, "b").acquire(T0 + timedelta(seconds=TTL + 1)) is None


def test_release_frees_the_lease_at_once(engine: Engine) -> None:
    lease(engine, "a").acquire(T0)
    lease(engine, "a").release()
    assert lease(engine, "b").current() is None
    assert lease(engine, "b").acquire(T0 + timedelta(seconds=1)) is not None


def test_release_by_another_process_changes_nothing(engine: Engine) -> None:
    lease(engine, "a").acquire(T0)
    lease(engine, "b").release()
    assert lease(engine, "b").current().holder == "a"  # type: ignore[union-attr]


@pytest.mark.parametrize("expired", [False, True], ids=["free", "expired"])
def test_of_many_racing_processes_exactly_one_acquires(engine: Engine, expired: bool) -> None:
    if expired:
        lease(engine, "old").acquire(T0 - timedelta(seconds=TTL + 5))
    contenders = [lease(engine, f"p{index}") for index in range(8)]
    barrier = threading.Barrier(len(contenders))
    won: list[str] = []

    def race(contender: Lease) -> None:
        barrier.wait()
        if contender.acquire(T0) is not None:
            won.append(contender.holder)

    threads = [threading.Thread(target=race, args=(contender,)) for contender in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert lease(engine, "x").current().holder == won[0]  # type: ignore[union-attr]
