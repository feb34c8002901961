"""Lock conflicts the database settles by undoing a transaction and asking for it to be rerun.

MySQL and MariaDB pick a victim among transactions waiting for each other's row locks (error
1213, its whole transaction rolled back) and give up a lock wait after `innodb_lock_wait_timeout`
(error 1205); both messages end "try restarting transaction". Only those two are matched:
PostgreSQL's and SQLite's errors keep failing the request as before.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

LOCK_WAIT_TIMEOUT = 1205
DEADLOCK = 1213
RERUN_CODES = frozenset({LOCK_WAIT_TIMEOUT, DEADLOCK})


def asks_for_rerun(error: BaseException) -> bool:
    """Tell whether an error, or one it arose from, is MySQL asking to restart the transaction."""
    # Walk the chain: a deadlock inside a savepoint surfaces as the failed ROLLBACK TO SAVEPOINT
    # (error 1305: the savepoint went with the transaction), raised while handling the deadlock.
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and _error_number(current.orig) in RERUN_CODES:
            return True
        current = current.__cause__ or current.__context__
    return False


def _error_number(driver_error: BaseException | None) -> int:
    # MySQL's drivers put the server's error number first; the others put text there.
    first = driver_error.args[0] if driver_error is not None and driver_error.args else None
    return first if isinstance(first, int) else 0
