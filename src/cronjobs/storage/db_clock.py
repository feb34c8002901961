"""The database server's clock in SQL: one instant every process of a cluster agrees on.

Hosts' clocks drift and jump (a host minutes ahead would see a live lease as expired), while every
process talks to the same database, so what must be compared across processes is stamped and
compared by the database. `database_utc(seconds)` is the server's current UTC time plus an
offset, naive with microseconds, as the service's DateTime columns hold it on each engine.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Float, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class database_utc(FunctionElement[datetime]):  # noqa: N801 (a SQL function, named as one)
    """The database's current UTC time plus `seconds`, as a naive datetime."""

    type = DateTime()
    inherit_cache = True

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(literal(float(seconds), Float()))


def _offset(element: database_utc, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(database_utc, "postgresql")
def _postgresql(element: database_utc, compiler: SQLCompiler, **kw: Any) -> str:
    # The statement's start, not now() (the transaction's) nor clock_timestamp() (which moves
    # within the statement: an expiry would not be its start plus the TTL).
    offset = _offset(element, compiler, **kw)
    return f"(timezone('UTC', statement_timestamp()) + make_interval(secs => {offset}))"


@compiles(database_utc, "mysql")
@compiles(database_utc, "mariadb")
def _mysql(element: database_utc, compiler: SQLCompiler, **kw: Any) -> str:
    offset = _offset(element, compiler, **kw)
    return f"TIMESTAMPADD(MICROSECOND, ROUND({offset} * 1000000), UTC_TIMESTAMP(6))"


@compiles(database_utc, "sqlite")
def _sqlite(element: database_utc, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite's clock is the host's (one file, one host) and keeps milliseconds; the padding makes
    # the text SQLAlchemy's stored form, so it compares with stored datetimes as text.
    offset = _offset(element, compiler, **kw)
    return f"(strftime('%Y-%m-%d %H:%M:%f', 'now', {offset} || ' seconds') || '000')"
