"""Scale (issue 13): single requests on 10,000 jobs and 1,000,000 executions, both stacks.

    .venv/bin/python bench/scale.py [--db PATH] [--postgres URL] [--repeat 20] [--src DIR]

Fills a SQLite file (kept and reused when `--db` names an existing one) and, with `--postgres`,
an empty PostgreSQL database (`bench/scale_fill.py`, schema at head by the service's own code),
then starts `python -m cronjobs serve` on 127.0.0.1 with `CUTOVER_DEFAULT=flask` and times single
requests of the default admin, one at a time: `/api/...` (Flask) and `/api/v2/...` (FastAPI)
alternately, 3 unmeasured then `--repeat` measured (5 when one takes over a second). Prints
p50/p95 per endpoint and stack with the goal of issue 13 next to it. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from scale_fill import Fill, fill_postgres, fill_sqlite
from served import (  # bench/ is on sys.path when this runs as a script
    free_port,
    gateway_environment,
    wait_healthy,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
ADMIN = {"username": "admin", "password": "admin123"}
WARM_UP, SLOW_MS, STARTUP_SECONDS = 3, 1000.0, 600.0  # start-up may build the indexes


def endpoints(job_id: str) -> list[tuple[str, str, float]]:
    """(label, path below /api, goal in ms) of every timed read."""
    per_job = f"/jobs/{job_id}"
    window = "from=2025-03-01&to=2025-03-08"
    return [
        ("jobs list", "/jobs", 150),
        ("job detail", per_job, 10),
        ("job executions", f"{per_job}/executions", 10),
        ("job executions stats", f"{per_job}/executions/stats", 10),
        ("executions", "/executions", 20),
        ("executions page 400", "/executions?page=400", 20),
        ("executions status=failed", "/executions?status=failed", 20),
        ("executions failed p400", "/executions?status=failed&page=400", 20),
        ("executions job_id", f"/executions?job_id={job_id}", 20),
        ("executions from/to", f"/executions?{window}", 20),
        ("executions from/to p40", f"/executions?{window}&page=40", 20),
        ("executions trigger=manual", "/executions?trigger_type=manual", 20),
        ("executions manual p400", "/executions?trigger_type=manual&page=400", 20),
        ("executions type=webhook", "/executions?execution_type=webhook", 20),
        ("statistics", "/executions/statistics", 50),
        ("statistics from/to", f"/executions/statistics?{window}", 50),
        ("statistics job_id", f"/executions/statistics?job_id={job_id}", 50),
    ]


def start(src: Path, folder: Path, database_url: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start one gateway on the filled database; return it and its URL once healthy."""
    port = free_port()
    (folder / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    environment = gateway_environment(src, database_url, folder)
    command = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port)]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=environment, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(process, url, STARTUP_SECONDS)
    return process, url


def timed(client: httpx.Client, path: str) -> float:
    """GET one path; return the latency in milliseconds (a non-200 ends the run)."""
    started = time.perf_counter()
    reply = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if reply.status_code != 200:
        raise SystemExit(f"GET {path} answered {reply.status_code}: {reply.text[:300]}")
    return elapsed


def measure(client: httpx.Client, path: str, repeat: int) -> dict[str, list[float]]:
    """Time `path` on both stacks in turn; return the measured latencies per prefix."""
    samples: dict[str, list[float]] = {"/api": [], "/api/v2": []}
    for index in range(WARM_UP + repeat):
        for prefix, measured in samples.items():
            elapsed = timed(client, prefix + path)
            if index >= WARM_UP:
                measured.append(elapsed)
        if index == WARM_UP and min(samples["/api"][0], samples["/api/v2"][0]) > SLOW_MS:
            repeat = min(repeat, 5)
        if index >= WARM_UP + repeat - 1:
            break
    return samples


def p95(values: list[float]) -> float:
    """The 95th percentile (the maximum of a handful)."""
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


HEADER = f"{'endpoint':28} {'goal':>6} {'flask p50':>10} {'p95':>8} {'v2 p50':>9} {'p95':>8}"


def line(name: str, goal: float, samples: dict[str, list[float]]) -> str:
    """One row of the table: the goal, then p50 and p95 of Flask and of FastAPI, in ms."""
    figures = [
        f"{statistics.median(values):>{width}.1f} {p95(values):>8.1f}"
        for values, width in ((samples["/api"], 10), (samples["/api/v2"], 9))
    ]
    return f"{name:28} {goal:>6.0f} {' '.join(figures)}"


def run(src: Path, database_url: str, label: str, repeat: int) -> None:
    """Serve one database and print its table."""
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        process, url = start(src, Path(folder), database_url)
        try:
            with httpx.Client(base_url=url, timeout=120) as client:
                token = client.post("/api/auth/login", json=ADMIN).json()["access_token"]
                client.headers["Authorization"] = f"Bearer {token}"
                jobs = client.get("/api/v2/jobs").json()["jobs"]
                job_id = jobs[len(jobs) // 2]["id"]
                print(f"\n{label} ({len(jobs)} jobs; load {os.getloadavg()[0]:.2f})")
                print(HEADER)
                for name, path, goal in endpoints(job_id):
                    print(line(name, goal, measure(client, path, repeat)))
        finally:
            process.terminate()
            process.wait(30)
    print(f"(load average after: {os.getloadavg()[0]:.2f})")


def postgres_filled(url: str) -> bool:
    """Whether the PostgreSQL database already holds executions (a run before filled it)."""
    import psycopg

    with psycopg.connect(url) as connection:
        exists = connection.execute("SELECT to_regclass('job_executions')").fetchone()
        if exists is None or exists[0] is None:
            return False
        row = connection.execute("SELECT EXISTS (SELECT 1 FROM job_executions)").fetchone()
        return bool(row and row[0])


def main() -> int:
    """Parse the arguments, fill the databases where needed and time them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "scale.db")
    parser.add_argument("--postgres", help="an empty PostgreSQL database to fill and time")
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--executions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--src", type=Path, default=REPOSITORY_ROOT / "src")
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        fill_sqlite(str(args.db), Fill(args.jobs, args.executions))
        print(f"filled {args.db} in {time.perf_counter() - started:.1f} s")
    run(args.src.resolve(), f"sqlite:///{args.db.resolve()}", "SQLite", args.repeat)
    if args.postgres:
        if not postgres_filled(args.postgres):
            started = time.perf_counter()
            fill_postgres(args.postgres, Fill(args.jobs, args.executions))
            print(f"filled PostgreSQL in {time.perf_counter() - started:.1f} s")
        run(args.src.resolve(), args.postgres, "PostgreSQL", args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
