"""The shared login attempt counts (`cronjobs.throttle.store`, D23) on SQLite and PostgreSQL.

Chain: `engine` (an empty database, `kit.schema_revisions`) → `migrated` (at head) → `limits`
(small ones, per test) → `attempts`. Time is passed in, as the gateway passes its clock's.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from cronjobs.models import login_attempts
from cronjobs.throttle import LoginAttempts, Refused, ThrottleLimits
from tests_support.kit.schema_revisions import empty_engine_fixture, upgrade

__all__ = ["empty_engine_fixture"]

T0 = datetime(2026, 12, 8, 9, 0, 0)
WINDOW = 60
HOME, ELSEWHERE = "127.0.0.1", "192.0.2.7"


def at(seconds: float) -> datetime:
    """Return the moment `seconds` after T0."""
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    """The database at the head revision."""
    upgrade(engine)
    return engine


@pytest.fixture
def limits() -> ThrottleLimits:
    """3 failures per username, 100 per address, a 60 s window (tests parametrize others)."""
    return ThrottleLimits(user_failures=3, address_failures=100, window_seconds=WINDOW)


@pytest.fixture
def attempts(migrated: Engine, limits: ThrottleLimits) -> LoginAttempts:
    """The attempt counts on the migrated database."""
    return LoginAttempts(migrated, limits)


def stored(engine: Engine) -> int:
    """Count the rows of `login_attempts`."""
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(login_attempts)) or 0)


def admitted(verdict: int | Refused) -> bool:
    """Tell whether an attempt was let through."""
    return not isinstance(verdict, Refused)


def test_attempts_under_the_limit_are_admitted(attempts: LoginAttempts) -> None:
    assert all(admitted(attempts.admit("alice", HOME, at(n))) for n in range(3))


def test_the_attempt_past_the_user_limit_waits_for_the_oldest_to_leave_the_window(
    attempts: LoginAttempts,
) -> None:
    for n in (0, 10, 20):
        attempts.admit("alice", HOME, at(n))
    assert attempts.admit("alice", HOME, at(30)) == Refused(retry_after=30)


def test_a_wait_under_a_second_is_one_second(attempts: LoginAttempts) -> None:
    for _ in range(3):
        attempts.admit("alice", HOME, at(0))
    assert attempts.admit("alice", HOME, at(59.9)) == Refused(retry_after=1)


def test_the_window_passing_admits_again(attempts: LoginAttempts) -> None:
    for n in range(3):
        attempts.admit("alice", HOME, at(n))
    assert admitted(attempts.admit("alice", HOME, at(WINDOW)))


def test_a_refused_attempt_is_not_stored(attempts: LoginAttempts, migrated: Engine) -> None:
    for n in range(3):
        attempts.admit("alice", HOME, at(n))
    attempts.admit("alice", HOME, at(5))
    assert stored(migrated) == 3


@pytest.mark.parametrize(
    "limits", [ThrottleLimits(user_failures=100, address_failures=3, window_seconds=WINDOW)]
)
def test_the_address_limit_counts_every_username(attempts: LoginAttempts) -> None:
    for name in ("alice", "bob", "carol"):
        attempts.admit(name, HOME, at(0))
    assert attempts.admit("dave", HOME, at(1)) == Refused(retry_after=WINDOW - 1)
    assert admitted(attempts.admit("dave", ELSEWHERE, at(1)))


def test_attempts_without_a_username_count_for_the_address_only(
    attempts: LoginAttempts,
) -> None:
    assert all(admitted(attempts.admit(None, HOME, at(n))) for n in range(5))


def test_attempts_without_an_address_count_for_the_username_only(
    attempts: LoginAttempts,
) -> None:
    for n in range(3):
        attempts.admit("alice", None, at(n))
    assert not admitted(attempts.admit("alice", ELSEWHERE, at(5)))


def test_a_success_resets_the_username_count(attempts: LoginAttempts) -> None:
    attempts.admit("alice", HOME, at(0))
    attempts.admit("alice", HOME, at(1))
    success = attempts.admit("alice", HOME, at(2))
    assert isinstance(success, int)
    attempts.succeeded(success, "alice")
    assert all(admitted(attempts.admit("alice", HOME, at(3 + n))) for n in range(3))


@pytest.mark.parametrize(
    "limits", [ThrottleLimits(user_failures=100, address_failures=3, window_seconds=WINDOW)]
)
def test_a_success_leaves_the_address_count(attempts: LoginAttempts) -> None:
    attempts.admit("alice", HOME, at(0))
    attempts.admit("alice", HOME, at(1))
    success = attempts.admit("alice", HOME, at(2))
    assert isinstance(success, int)
    attempts.succeeded(success, "alice")
    assert admitted(attempts.admit("bob", HOME, at(3)))
    assert not admitted(attempts.admit("carol", HOME, at(4)))


def test_a_success_leaves_the_attempts_admitted_after_it(attempts: LoginAttempts) -> None:
    success = attempts.admit("alice", HOME, at(0))
    later = [attempts.admit("alice", HOME, at(1)), attempts.admit("alice", HOME, at(2))]
    assert isinstance(success, int) and all(map(admitted, later))
    attempts.succeeded(success, "alice")
    attempts.admit("alice", HOME, at(3))
    assert not admitted(attempts.admit("alice", HOME, at(4)))


def test_a_withdrawn_attempt_no_longer_counts(attempts: LoginAttempts) -> None:
    first = attempts.admit("alice", HOME, at(0))
    assert isinstance(first, int)
    attempts.withdraw(first)
    assert all(admitted(attempts.admit("alice", HOME, at(1 + n))) for n in range(3))


def test_prune_deletes_the_attempts_the_window_left_behind(
    attempts: LoginAttempts, migrated: Engine
) -> None:
    attempts.admit("alice", HOME, at(0))
    attempts.admit("bob", HOME, at(30))
    assert attempts.prune(at(WINDOW + 1)) == 1
    assert stored(migrated) == 1


def test_admitting_prunes_the_expired_attempts(migrated: Engine, limits: ThrottleLimits) -> None:
    attempts = LoginAttempts(migrated, limits, prune_every_seconds=0)
    for n in range(5):
        attempts.admit(f"user-{n}", HOME, at(n))
    attempts.admit("alice", HOME, at(WINDOW * 2))
    assert stored(migrated) == 1


def test_usernames_are_stored_as_digests(attempts: LoginAttempts, migrated: Engine) -> None:
    attempts.admit("alice", HOME, at(0))
    with migrated.connect() as connection:
        keys = connection.scalars(select(login_attempts.c.username_key)).all()
    assert keys == [hashlib.sha256(b"alice").hexdigest()]


def test_parallel_attempts_never_pass_the_limit(attempts: LoginAttempts) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(lambda n: attempts.admit("alice", HOME, at(0)), range(24)))
    assert sum(map(admitted, verdicts)) == 3


def test_an_identifier_with_a_lone_surrogate_is_counted(attempts: LoginAttempts) -> None:
    for n in range(3):
        attempts.admit("\ud800", HOME, at(n))
    assert not admitted(attempts.admit("\ud800", HOME, at(5)))
