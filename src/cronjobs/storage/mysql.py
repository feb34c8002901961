"""MySQL and MariaDB: the driver, the session each connection gets, named locks, column types.

The engines use mysqlclient (`MySQLdb`, C over the client library) when it is installed, the
`mysql` extra, and PyMySQL (pure Python, installs anywhere) otherwise; both talk to both servers.
mysqlclient answered a primary-key read 1.46× and 200 rows 2.15× as fast, and through the
FastAPI stack's worker threads a user lookup 2.8× (bench/README.md, "MySQL drivers"). A URL
that names either driver gets that one.

Each connection talks utf8mb4 (4-byte characters such as emoji), keeps datetimes in UTC
(`time_zone = '+00:00'`, so nothing shifts with the server's zone), refuses over-long values
instead of truncating them (strict mode) and reads at READ COMMITTED, the level PostgreSQL runs
at and the code was written for. DATETIME keeps no fraction of a second unless asked, so every
DateTime column is DATETIME(6) on these servers: microseconds round-trip as on the others. FLOAT
is single precision there (about 7 digits: a 20 s duration lost its microseconds), so every Float
column is DOUBLE, as PostgreSQL's and SQLite's floats are.

Text compares as on PostgreSQL and SQLite, code point by code point with trailing spaces counted:
the default utf8mb4 collations ignore case, accents and trailing spaces (`Admin` and `admin` were
one username), so every String and Text column gets the server's binary NO PAD collation. TEXT
holds 64 KiB there, so every Text column is LONGTEXT (4 GiB), as unbounded as the others' text.
Revision 0008 converts the tables of databases made before.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from sqlalchemy import Connection, Dialect, Engine, event, text
from sqlalchemy.dialects.mysql import LONGTEXT, VARCHAR
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import TypeCompiler
from sqlalchemy.types import DateTime, Float, String, Text

BACKENDS = frozenset({"mysql", "mariadb"})
# The driver of URLs that name none, or an async one (spec §7.5 derives those), which our sync
# engines cannot use.
DRIVER = "mysqldb" if importlib.util.find_spec("MySQLdb") is not None else "pymysql"
SYNC_DRIVERS = {
    f"{backend}{driver}": f"{backend}+{DRIVER}"
    for backend in BACKENDS
    for driver in ("", "+aiomysql", "+asyncmy")
}
SESSION_SETUP = (
    "SET time_zone = '+00:00',"
    " sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
)
# utf8mb4's binary NO PAD collations. Both servers' utf8mb4_bin pads (ignores trailing spaces);
# MariaDB names its no-pad one utf8mb4_nopad_bin (10.2 on), MySQL utf8mb4_0900_bin (8.0.17 on).
# MySQL has no nopad_bin, and MariaDB aliases MySQL's 0900 names only from 11.4.5.
MARIADB_COLLATION = "utf8mb4_nopad_bin"
MYSQL_COLLATION = "utf8mb4_0900_bin"
# How long a named lock is waited for before the transaction fails (PostgreSQL waits forever).
LOCK_WAIT_SECONDS = 120
_HELD = "cronjobs_mysql_named_locks"
# Named locks are server-wide; PostgreSQL's advisory locks are per database, so the name carries
# the database's (hashed: names are at most 64 characters).
_GET_LOCK = text(
    "SELECT GET_LOCK(CONCAT('cronjobs:', SHA1(CONCAT(DATABASE(), '/', :name))), :wait)"
)


def is_mysql(dialect_name: str) -> bool:
    """Tell whether a dialect or backend name is MySQL's or MariaDB's."""
    return dialect_name in BACKENDS


def binary_collation(dialect: Dialect) -> str:
    """Return the binary NO PAD utf8mb4 collation of the server a MySQL dialect talks to."""
    # A connected dialect knows the server from its version string, whatever the URL said.
    return MARIADB_COLLATION if getattr(dialect, "is_mariadb", False) else MYSQL_COLLATION


def engine_options() -> dict[str, Any]:
    """Return the create_engine options of a MySQL engine besides the pool's."""
    return {
        "isolation_level": "READ COMMITTED",
        "connect_args": {"charset": "utf8mb4", "init_command": SESSION_SETUP},
    }


def hold_named_lock(connection: Connection, name: str) -> None:
    """Take a named lock that is given back when the connection returns to the pool.

    MySQL's named locks belong to the session, not the transaction; returning to the pool comes
    after the commit or rollback, so the lock covers the transaction like PostgreSQL's
    `pg_advisory_xact_lock` (longer, never shorter, when a connection runs several).
    """
    if connection.scalar(_GET_LOCK, {"name": name, "wait": LOCK_WAIT_SECONDS}) != 1:
        raise TimeoutError(f"MySQL named lock {name!r} not granted in {LOCK_WAIT_SECONDS} s")
    connection.info[_HELD] = True


def install_lock_release(engine: Engine) -> None:
    """Give back a connection's named locks when it returns to the pool."""

    @event.listens_for(engine, "reset")
    def release(dbapi_connection: Any, record: Any, _state: Any) -> None:
        if record.info.pop(_HELD, False):
            cursor = dbapi_connection.cursor()
            cursor.execute("DO RELEASE_ALL_LOCKS()")
            cursor.close()


@compiles(DateTime, "mysql")
@compiles(DateTime, "mariadb")
def _datetime_with_microseconds(type_: DateTime, compiler: TypeCompiler, **_kw: Any) -> str:
    return "DATETIME(6)"


@compiles(Float, "mysql")
@compiles(Float, "mariadb")
def _double_precision(type_: Float[Any], compiler: TypeCompiler, **_kw: Any) -> str:
    return "DOUBLE"


@compiles(String, "mysql")
@compiles(String, "mariadb")
def _binary_varchar(type_: String, compiler: TypeCompiler, **kw: Any) -> str:
    collation = type_.collation or binary_collation(compiler.dialect)
    return compiler.process(VARCHAR(type_.length, charset="utf8mb4", collation=collation), **kw)


@compiles(Text, "mysql")
@compiles(Text, "mariadb")
def _binary_longtext(type_: Text, compiler: TypeCompiler, **kw: Any) -> str:
    collation = type_.collation or binary_collation(compiler.dialect)
    return compiler.process(LONGTEXT(charset="utf8mb4", collation=collation), **kw)
