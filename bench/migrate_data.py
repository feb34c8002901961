"""Benchmark: scripts/migrate_data.py against the tool a user of the target would pick.

    .venv/bin/python bench/migrate_data.py [--rows N] [--postgres URL] [--mysql URL]

Fills a SQLite source (bench/copy_source.py), then times, in one run, each path's reference
(bench/copy_references.py) and our copy:
  SQLite → SQLite       `sqlite3 source .dump | sqlite3 copy`
  SQLite → PostgreSQL   `pgloader sqlite://… postgresql://…`
  SQLite → MySQL        `sqlite3 -csv` | `LOAD DATA LOCAL INFILE`, per table
  PostgreSQL → MySQL    `COPY … TO STDOUT` | `LOAD DATA LOCAL INFILE`, per table
  MySQL → MySQL         `mysqldump --single-transaction` | `mysql`
The PostgreSQL and MySQL sources are the targets our SQLite → PostgreSQL and SQLite → MySQL runs
filled. Each migrate_data.py run starts from a target prepared as init_fastapi_db.py prepares it
(so it passes --prune, replacing the seeded categories) and includes the final verification
pass. Prints seconds, rows per second and the ratio to the reference. Needs the programs of
`make bench-tools`; the paths of a server that does not answer are skipped.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, delete, func, select, text
from sqlalchemy.engine import make_url

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import JobCategory, JobExecution
from cronjobs.storage.engines import create_sync_engine, sync_url
from cronjobs.storage.prepare import prepare_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
import copy_references as references
from copy_source import fill

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "migrate_data.py"
TOOLS = ("sqlite3", "pgloader", "psql", "mysql", "mysqldump")


def timed(command: str, *, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run a shell pipeline to completion (failing loudly); return its wall time and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        errors="replace",
    )
    return time.perf_counter() - started, done.stdout


def ours(source: str, target: str) -> tuple[float, float]:
    """Prepare the target as init_fastapi_db.py does, copy into it; return (wall, copy) seconds.

    The copy seconds are the summary's total: the batches themselves, without the start-up,
    the checks and the verification pass that re-reads the target.
    """
    engine = create_sync_engine(target, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    engine.dispose()
    wall, output = timed(
        shlex.join([sys.executable, str(SCRIPT), "--source", source, "--target", target, "--prune"])
    )
    total = next(line.split() for line in output.splitlines() if line.startswith("total "))
    return wall, float(total[-1])


@contextmanager
def scratch_database(server_url: str, role: str) -> Iterator[str]:
    """Create an empty PostgreSQL or MySQL database for one run and drop it afterwards."""
    # Named after this process, so two runs on one server never share a database.
    name = f"cronjobs_bench_{os.getpid()}_{role}"
    postgres = make_url(server_url).get_backend_name() == "postgresql"
    quoted = f'"{name}"' if postgres else f"`{name}`"
    drop = f"DROP DATABASE IF EXISTS {quoted}" + (" WITH (FORCE)" if postgres else "")
    create = f"CREATE DATABASE {quoted}" + ("" if postgres else " CHARACTER SET utf8mb4")
    admin = create_engine(sync_url(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(drop))
        connection.execute(text(create))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(drop))
        admin.dispose()


def reachable(url: str) -> bool:
    """Tell whether the database server answers."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


def schema_only(url: str) -> None:
    """Give a database the schema at head and no rows, for a reference that loads rows only."""
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    with engine.begin() as connection:
        connection.execute(delete(JobCategory))
    engine.dispose()


def executions(url: str) -> int:
    """Count the job_executions a database holds (a reference must have loaded them all)."""
    engine = create_sync_engine(url, setup=install_text_checks)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(JobExecution)) or 0)
    finally:
        engine.dispose()


def reference_run(command: str, target: str, expected: int, env: dict[str, str]) -> float:
    """Time a reference into `target` and check that it loaded every execution."""
    seconds, _ = timed(command, env=env)
    loaded = executions(target)
    if loaded != expected:
        raise SystemExit(f"the reference loaded {loaded:,} executions of {expected:,}: {command}")
    return seconds


def line(name: str, rows: int, reference: float, measured: tuple[float, float]) -> str:
    """Format one comparison: end to end, and the copy phase alone."""
    wall, copy = measured
    return (
        f"{name:<22} reference {reference:6.1f} s {rows / reference:>9,.0f} rows/s | "
        f"migrate_data {wall:6.1f} s {rows / wall:>9,.0f} rows/s, ratio {wall / reference:4.2f}x | "
        f"copy phase {copy:6.1f} s {rows / copy:>9,.0f} rows/s, ratio {copy / reference:4.2f}x"
    )


def to_mysql(
    args: argparse.Namespace, work: Path, rows: int, expected: int, postgres: str | None
) -> None:
    """Time the three paths into MySQL: from SQLite, from PostgreSQL (when given), from MySQL."""
    source, env = f"sqlite:///{work / 'source.db'}", references.mysql_env(args.mysql)
    with scratch_database(args.mysql, "load_sqlite") as loaded:
        schema_only(loaded)
        command = references.sqlite_to_mysql(work / "source.db", loaded)
        reference = reference_run(command, loaded, expected, env)
    with scratch_database(args.mysql, "target") as mysql_source:
        print(line("SQLite -> MySQL", rows, reference, ours(source, mysql_source)), flush=True)
        if postgres is not None:
            with scratch_database(args.mysql, "load_postgres") as loaded:
                schema_only(loaded)
                command = references.postgres_to_mysql(postgres, loaded)
                reference = reference_run(command, loaded, expected, env)
            with scratch_database(args.mysql, "from_postgres") as target:
                measured = ours(postgres, target)
            print(line("PostgreSQL -> MySQL", rows, reference, measured), flush=True)
        with scratch_database(args.mysql, "mysqldump") as dumped:
            command = references.mysqldump(mysql_source, dumped)
            reference = reference_run(command, dumped, expected, env)
        with scratch_database(args.mysql, "from_mysql") as target:
            measured = ours(mysql_source, target)
        print(line("MySQL -> MySQL", rows, reference, measured), flush=True)


def main() -> int:
    """Fill a source, time each path, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="job_executions to copy")
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a maintenance database URL on the server to create scratch databases on",
    )
    parser.add_argument(
        "--mysql",
        default="mysql+pymysql://root@127.0.0.1:3306/information_schema",
        help="a URL on the MySQL/MariaDB server to create scratch databases on",
    )
    args = parser.parse_args()
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"missing programs: {', '.join(missing)} (run `make bench-tools`)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-copy-") as folder, ExitStack() as kept:
        work = Path(folder)
        started = time.perf_counter()
        counts = fill(work / "source.db", args.rows)
        rows = sum(counts.values())
        print(f"source: {counts} ({rows:,} rows) filled in {time.perf_counter() - started:.1f} s")
        source = f"sqlite:///{work / 'source.db'}"
        command = references.sqlite_dump(work / "source.db", work / "reference.db")
        reference, _ = timed(command)
        measured = ours(source, f"sqlite:///{work / 'target.db'}")
        print(line("SQLite -> SQLite", rows, reference, measured), flush=True)
        postgres = None
        if not reachable(args.postgres):
            print("PostgreSQL not reachable: its paths are skipped", file=sys.stderr)
        else:
            with scratch_database(args.postgres, "pgloader") as loaded:
                reference, _ = timed(references.pgloader(work / "source.db", loaded))
            # Kept to the end: the source of PostgreSQL -> MySQL.
            postgres = kept.enter_context(scratch_database(args.postgres, "target"))
            measured = ours(source, postgres)
            print(line("SQLite -> PostgreSQL", rows, reference, measured), flush=True)
        if not reachable(args.mysql):
            print("MySQL not reachable: its paths are skipped", file=sys.stderr)
            return 0
        to_mysql(args, work, rows, counts["job_executions"], postgres)
    return 0


if __name__ == "__main__":
    sys.exit(main())
