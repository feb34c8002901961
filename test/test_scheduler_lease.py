"""The scheduler lease (spec §6.1, A14) on every database: one holder at a time, on its clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.scheduler.lease import Lease, lease_seconds, new_holder_id
from cronjobs.storage.db_clock import database_utc
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import DATABASE_KINDS, empty_server_url, sqlite_url

TTL = 30
SHORT_TTL = 0.2  # a lease that expires within a test


@pytest.fixture(params=DATABASE_KINDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A prepared database holding the `scheduler_lease` table."""
    url = sqlite_url(tmp_path) if request.param == "sqlite" else empty_server_url(request.param)
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    yield engine
    engine.dispose()


def database_now(engine: Engine) -> datetime:
    """Read the database's clock as the lease does."""
    with engine.connect() as connection:
        return connection.scalar(select(database_utc()))  # type: ignore[no-any-return]


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
    assert lease(engine, "a").acquire() is not None
    current = lease(engine, "b").current()
    assert current is not None
    assert (current.holder, current.expires_at - current.acquired_at) == (
        "a",
        timedelta(seconds=TTL),
    )


def test_the_lease_is_stamped_by_the_database_clock(engine: Engine) -> None:
    before = database_now(engine)
    lease(engine, "a").acquire()
    current = lease(engine, "a").current()
    assert current is not None
    assert before <= current.acquired_at <= database_now(engine)


def test_another_process_cannot_acquire_a_valid_lease(engine: Engine) -> None:
    lease(engine, "a").acquire()
    assert lease(engine, "b").acquire() is None
    assert lease(engine, "b").current().holder == "a"  # type: ignore[union-attr]


def test_another_process_takes_over_an_expired_lease(engine: Engine) -> None:
    Lease(engine, "a", SHORT_TTL).acquire()
    time.sleep(SHORT_TTL * 2)
    assert lease(engine, "b").acquire() is not None
    assert lease(engine, "a").renew() is None  # the old holder learns it lost the lease


def test_holder_renews_and_reacquires_its_own_lease(engine: Engine) -> None:
    holder = lease(engine, "a")
    expiries = []
    for step in (holder.acquire, holder.renew, holder.acquire):
        assert step() is not None
        current = holder.current()
        assert current is not None and current.holder == "a"
        expiries.append(current.expires_at)
    assert expiries == sorted(expiries)


def test_renewal_keeps_others_out_past_the_first_expiry(engine: Engine) -> None:
    Lease(engine, "a", SHORT_TTL).acquire()
    lease(engine, "a").renew()  # the same holder, renewing for the full TTL
    time.sleep(SHORT_TTL * 2)
    assert lease(engine, "b").acquire() is None


def test_a_grant_is_valid_for_the_ttl_on_this_process_clock(engine: Engine) -> None:
    grant = Lease(engine, "a", SHORT_TTL).acquire()
    assert grant is not None and grant.valid()
    time.sleep(SHORT_TTL * 2)
    assert not grant.valid()


def test_release_frees_the_lease_at_once(engine: Engine) -> None:
    lease(engine, "a").acquire()
    lease(engine, "a").release()
    assert lease(engine, "b").current() is None
    assert lease(engine, "b").acquire() is not None


def test_release_by_another_process_changes_nothing(engine: Engine) -> None:
    lease(engine, "a").acquire()
    lease(engine, "b").release()
    assert lease(engine, "b").current().holder == "a"  # type: ignore[union-attr]


@pytest.mark.parametrize("expired", [False, True], ids=["free", "expired"])
def test_of_many_racing_processes_exactly_one_acquires(engine: Engine, expired: bool) -> None:
    if expired:
        Lease(engine, "old", SHORT_TTL).acquire()
        time.sleep(SHORT_TTL * 2)
    contenders = [lease(engine, f"p{index}") for index in range(8)]
    barrier = threading.Barrier(len(contenders))
    won: list[str] = []

    def race(contender: Lease) -> None:
        barrier.wait()
        if contender.acquire() is not None:
            won.append(contender.holder)

    threads = [threading.Thread(target=race, args=(contender,)) for contender in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert lease(engine, "x").current().holder == won[0]  # type: ignore[union-attr]
