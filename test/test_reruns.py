"""Which failed requests run again (`transactions.rerun_pause`, `storage.conflicts`).

A request runs again only when MySQL undid its transaction and asks for a restart, only while it
has committed nothing, and a bounded number of times. The lock wait test needs `TEST_MYSQL_URL`;
the deadlock itself is provoked through both stacks in `tests_fastapi/test_mysql_deadlock.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pymysql
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from cronjobs.domain.common.transactions import RERUNS, rerun_pause
from cronjobs.storage.conflicts import asks_for_rerun
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import empty_server_url

DEADLOCK_TEXT = "Deadlock found when trying to get lock; try restarting transaction"


def _deadlock() -> OperationalError:
    return OperationalError("UPDATE jobs", {}, pymysql.err.OperationalError(1213, DEADLOCK_TEXT))


def _lost_savepoint_after_a_deadlock() -> OperationalError:
    # As SQLAlchemy raises it when a deadlock ends a transaction inside `begin_nested()`.
    missing = pymysql.err.OperationalError(1305, "SAVEPOINT sa_savepoint_1 does not exist")
    try:
        try:
            raise _deadlock()
        except OperationalError:
            raise OperationalError("ROLLBACK TO SAVEPOINT sa_savepoint_1", {}, missing)  # noqa: B904
    except OperationalError as error:
        return error


@pytest.fixture
def mysql_engine() -> Iterator[Engine]:
    """An engine on the MySQL test database, emptied."""
    engine = create_engine(sync_url(empty_server_url("mysql")))
    yield engine
    engine.dispose()


def test_a_deadlock_victim_runs_again_after_a_short_pause() -> None:
    pause = rerun_pause(_deadlock(), committed=False, attempt=1)

    assert pause is not None and 0 < pause < 1


def test_a_deadlock_hidden_by_the_savepoint_it_took_along_asks_for_a_rerun() -> None:
    assert asks_for_rerun(_lost_savepoint_after_a_deadlock())


def test_a_request_that_has_committed_does_not_run_again() -> None:
    assert rerun_pause(_deadlock(), committed=True, attempt=1) is None


def test_a_request_runs_again_at_most_reruns_times() -> None:
    pauses = [rerun_pause(_deadlock(), committed=False, attempt=n) for n in range(1, RERUNS + 2)]

    assert [pause is not None for pause in pauses] == [True] * RERUNS + [False]


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT", {}, pymysql.err.IntegrityError(1062, "Duplicate entry")),
        OperationalError("SELECT", {}, Exception("deadlock detected")),  # PostgreSQL's text
        RuntimeError(1213),
    ],
    ids=["mysql-duplicate", "other-driver", "not-a-database-error"],
)
def test_other_errors_do_not_run_a_request_again(error: BaseException) -> None:
    assert rerun_pause(error, committed=False, attempt=1) is None


@pytest.mark.mysql
def test_a_lock_wait_timeout_asks_for_a_rerun(mysql_engine: Engine) -> None:
    with mysql_engine.connect() as holder, mysql_engine.connect() as waiter:
        holder.execute(text("CREATE TABLE lock_probe (id INT PRIMARY KEY)"))
        holder.execute(text("INSERT INTO lock_probe VALUES (1)"))
        holder.commit()
        holder.execute(text("UPDATE lock_probe SET id = 1 WHERE id = 1"))
        waiter.execute(text("SET SESSION innodb_lock_wait_timeout = 1"))
        with pytest.raises(OperationalError) as failure:
            waiter.execute(text("UPDATE lock_probe SET id = 1 WHERE id = 1"))

    assert asks_for_rerun(failure.value)
