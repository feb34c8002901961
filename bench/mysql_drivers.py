"""MySQL drivers side by side: the statements the service runs, timed through SQLAlchemy.

    .venv/bin/python bench/mysql_drivers.py --mysql mysql://root@127.0.0.1:3306/bench_drivers

Seeds the scratch database like the HTTP twins (`twins_seed.seed`: 200 admin jobs, 20,000
executions), then, for every installed sync driver SQLAlchemy knows (PyMySQL, mysqlclient,
MySQL Connector/Python, MariaDB Connector/Python), opens an engine with the service's session
(utf8mb4, UTC, strict mode, READ COMMITTED) and times, pinned to one core, the shapes a request
runs: a row by primary key (the user behind every token), a page of 100 executions, all 200 jobs,
an update and its commit. Rounds are interleaved over the drivers; medians of per-statement
microseconds are printed with each driver's ratio to PyMySQL. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, MetaData, create_engine, event, select, update
from sqlalchemy.engine import Connection, make_url
from twins_seed import seed

from cronjobs.storage import mysql

# (SQLAlchemy driver name, module that must be importable, what it is)
DRIVERS = [
    ("pymysql", "pymysql", "PyMySQL (pure Python)"),
    ("mysqldb", "MySQLdb", "mysqlclient (C, libmariadb)"),
    ("mysqlconnector", "mysql.connector", "MySQL Connector/Python (C extension)"),
    ("mariadbconnector", "mariadb", "MariaDB Connector/Python (C, libmariadb)"),
]
Statement = Callable[[Connection], object]


def _engine(url: str, driver: str) -> Engine:
    backend = "mariadb" if driver == "mariadbconnector" else "mysql"
    target = make_url(url).set(drivername=f"{backend}+{driver}")
    # MariaDB's connector always talks utf8mb4 and takes no charset argument.
    connect_args = {} if driver == "mariadbconnector" else {"charset": "utf8mb4"}
    engine = create_engine(
        target, isolation_level="READ COMMITTED", connect_args=connect_args, pool_size=1
    )

    @event.listens_for(engine, "connect")
    def session_setup(dbapi_connection: object, _record: object) -> None:
        cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
        cursor.execute(mysql.SESSION_SETUP)
        cursor.close()

    return engine


def _statements(engine: Engine, job_ids: list[str]) -> dict[str, Statement]:
    metadata = MetaData()
    metadata.reflect(engine, only=["users", "jobs", "job_executions"])
    users, jobs, runs = (metadata.tables[n] for n in ("users", "jobs", "job_executions"))
    with engine.connect() as connection:
        admin = connection.execute(select(users.c.id)).scalar_one()
    by_id = select(users).where(users.c.id == admin)
    page = select(runs).order_by(runs.c.started_at.desc(), runs.c.id).limit(100)
    every_job = select(jobs).order_by(jobs.c.created_at)
    touch = update(jobs).where(jobs.c.id == job_ids[0])

    def write(connection: Connection) -> object:
        connection.execute(touch.values(updated_at=datetime.now()))
        connection.commit()
        return None

    return {
        "user by id": lambda c: c.execute(by_id).all(),
        "100 executions": lambda c: c.execute(page).all(),
        "200 jobs": lambda c: c.execute(every_job).all(),
        "update + commit": write,
    }


def _time(engine: Engine, statement: Statement, count: int) -> float:
    with engine.connect() as connection:
        statement(connection)  # the statement cache and the connection are warm
        connection.rollback()
        started = time.perf_counter()
        for _ in range(count):
            statement(connection)
            connection.rollback()
        return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    """Seed, time every driver's statements in interleaved rounds, print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mysql", required=True, help="a scratch database URL (rows replaced)")
    parser.add_argument("--count", type=int, default=400, help="statements per timing")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--core", default="0", help="the core this process is pinned to")
    args = parser.parse_args()
    os.sched_setaffinity(0, {int(args.core)})
    installed = [d for d in DRIVERS if importlib.util.find_spec(d[1]) is not None]
    for name, module, _what in DRIVERS:
        if (name, module, _what) not in installed:
            print(f"skipped {name}: {module} is not installed")
    job_ids = seed(args.mysql, jobs=200, executions=20_000)
    engines = {name: _engine(args.mysql, name) for name, _m, _w in installed}
    statements = {name: _statements(engine, job_ids) for name, engine in engines.items()}
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for shape in statements["pymysql"]:
            for name in engines:
                micros = _time(engines[name], statements[name][shape], args.count)
                samples.setdefault((name, shape), []).append(micros)
    print(f"\nmedian µs per statement, {args.rounds} rounds of {args.count}; ×: PyMySQL ÷ driver")
    print(f"{'driver':<18}" + "".join(f"{shape:>22}" for shape in statements["pymysql"]))
    for name, _module, what in installed:
        cells = []
        for shape in statements["pymysql"]:
            own = statistics.median(samples[(name, shape)])
            ratio = statistics.median(samples[("pymysql", shape)]) / own
            cells.append(f"{own:>12.0f} ({ratio:4.2f}×)")
        print(f"{name:<18}" + "".join(f"{cell:>22}" for cell in cells) + f"   {what}")
    for engine in engines.values():
        engine.dispose()


if __name__ == "__main__":
    main()
