"""Benchmark: scripts/migrate_data.py against a plain reference, on 1,000,000 job_executions.

    .venv/bin/python bench/migrate_data.py [--rows N] [--postgres URL]

Fills a SQLite source (bench/copy_source.py), then times, in one run:
  SQLite → SQLite      `sqlite3 source .dump | sqlite3 copy`    vs  migrate_data.py
  SQLite → PostgreSQL  `pgloader sqlite://… postgresql://…`     vs  migrate_data.py
Each migrate_data.py run starts from a target prepared as init_fastapi_db.py prepares it (so it
passes --prune, replacing the seeded categories) and includes the final verification pass.
Prints seconds, rows per second and the ratio to the reference. Needs the `sqlite3` and
`pgloader` programs (`make bench-tools`); the PostgreSQL half is skipped without a server.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.storage.engines import create_sync_engine, sync_url
from cronjobs.storage.prepare import prepare_database

sys.path.insert(0, str(Path(__file__).resolve().parent))
from copy_source import fill

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "migrate_data.py"


def timed(command: list[str] | str, *, shell: bool = False) -> tuple[float, str]:
    """Run a command to completion (failing loudly); return its wall time and its output."""
    started = time.perf_counter()
    done = subprocess.run(
        command, shell=shell, check=True, capture_output=True, text=True, errors="replace"
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
        [sys.executable, str(SCRIPT), "--source", source, "--target", target, "--prune"]
    )
    total = next(line.split() for line in output.splitlines() if line.startswith("total "))
    return wall, float(total[-1])


@contextmanager
def scratch_database(admin_url: str, name: str) -> Iterator[str]:
    """Create an empty PostgreSQL database for one run and drop it afterwards."""
    admin = create_engine(sync_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_reachable(url: str) -> bool:
    """Tell whether the PostgreSQL server answers."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect():
            return True
    except Exception:
        return False
    finally:
        engine.dispose()


def line(name: str, rows: int, reference: float, measured: tuple[float, float]) -> str:
    """Format one comparison: end to end, and the copy phase alone."""
    wall, copy = measured
    return (
        f"{name:<22} reference {reference:6.1f} s {rows / reference:>9,.0f} rows/s | "
        f"migrate_data {wall:6.1f} s {rows / wall:>9,.0f} rows/s, ratio {wall / reference:4.2f}x | "
        f"copy phase {copy:6.1f} s {rows / copy:>9,.0f} rows/s, ratio {copy / reference:4.2f}x"
    )


def main() -> int:
    """Fill a source, time each path, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="job_executions to copy")
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a maintenance database URL on the server to create scratch databases on",
    )
    args = parser.parse_args()
    missing = [tool for tool in ("sqlite3", "pgloader") if shutil.which(tool) is None]
    if missing:
        print(f"missing programs: {', '.join(missing)} (run `make bench-tools`)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-copy-") as folder:
        work = Path(folder)
        started = time.perf_counter()
        counts = fill(work / "source.db", args.rows)
        rows = sum(counts.values())
        print(f"source: {counts} ({rows:,} rows) filled in {time.perf_counter() - started:.1f} s")
        source = f"sqlite:///{work / 'source.db'}"
        dump = f"sqlite3 '{work / 'source.db'}' .dump | sqlite3 '{work / 'reference.db'}'"
        reference, _ = timed(dump, shell=True)
        measured = ours(source, f"sqlite:///{work / 'target.db'}")
        print(line("SQLite -> SQLite", rows, reference, measured))
        if not postgres_reachable(args.postgres):
            print("PostgreSQL not reachable: SQLite -> PostgreSQL skipped", file=sys.stderr)
            return 0
        with scratch_database(args.postgres, "cronjobs_bench_pgloader") as loaded:
            command = ["pgloader", "--quiet", f"sqlite://{work / 'source.db'}", loaded]
            reference, _ = timed(command)
        with scratch_database(args.postgres, "cronjobs_bench_target") as target:
            measured = ours(source, target)
        print(line("SQLite -> PostgreSQL", rows, reference, measured))
    return 0


if __name__ == "__main__":
    sys.exit(main())
