"""Flask vs FastAPI twins over real HTTP: one pinned server process, `wrk` on the other core.

    .venv/bin/python bench/http_twins.py [--seconds 5] [--rounds 3] [--postgres URL] [--mysql URL]

Seeds a database (200 admin jobs, 100,000 executions; `twins_seed.py`), then starts, each pinned
with `taskset -c 0`: the gateway (`python -m cronjobs serve`, every flag on flask) with uvicorn's
access log on and with `--no-access-log`, and the Flask app alone on gunicorn (`-w1 -k sync`) and
on Granian's WSGI server when installed. For each endpoint, `wrk -t1 -c64` on core 1 warms every
target up, then runs `--rounds` rounds, each visiting every target in turn (so a busy moment of
the machine hits them alike), waiting after each run until the server has answered what wrk left
in flight: `/api/...` (Flask through the gateway), `/api/v2/...` (FastAPI
through the gateway), and `/api/...` on each reference. It prints medians (requests/s, p50, p99)
and the ratios measured in this one run; nothing is asserted. Write benchmarks clean up after
every run (`twins_seed.clean_writes`), so later rounds see the same 200 jobs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from served import free_port
from twins_seed import clean_writes, seed
from twins_servers import Server, commands, environment, start, stop
from twins_wrk import Figures, lua_script, run_wrk

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
LOGIN = json.dumps({"username": "admin", "password": "admin123"})
# (name, kind, path under /api or /api/v2, most connections); {job} is a seeded job's id. The two
# listings over all jobs / all executions take about a second each on a busy 2-core machine, so
# 64 connections would queue a minute of work and a short run would complete nothing.
ENDPOINTS = [
    ("GET /health", "GET", "/health", 64),
    ("GET /auth/me", "GET", "/auth/me", 64),
    ("GET /jobs/<id>", "GET", "/jobs/{job}", 64),
    ("GET /jobs", "GET", "/jobs", 4),
    ("GET /jobs/<id>/executions", "GET", "/jobs/{job}/executions", 64),
    ("GET /executions/statistics", "GET", "/executions/statistics", 64),
    ("GET /job-categories", "GET", "/job-categories", 64),
    ("GET /executions", "GET", "/executions", 4),
    ("POST /auth/login", "LOGIN", "/auth/login", 64),
    ("PUT /jobs/<id>", "PUT", "/jobs/{job}", 64),
    ("POST /jobs", "CREATE", "/jobs", 64),
]
DRAIN_SECONDS = 300.0
# (column, server label, path prefix)
TARGETS = [
    ("flask", "gateway", "/api"),
    ("fastapi", "gateway", "/api/v2"),
    ("flask-quiet", "gateway-quiet", "/api"),
    ("fastapi-quiet", "gateway-quiet", "/api/v2"),
    ("gunicorn", "gunicorn", "/api"),
    ("granian", "granian", "/api"),
]
Medians = dict[str, dict[str, Figures]]  # endpoint → column → median figures


def median(runs: list[Figures]) -> Figures:
    """Return the median of each figure over the rounds, failures summed."""
    return Figures(
        statistics.median(run.rps for run in runs),
        statistics.median(run.p50_ms for run in runs),
        statistics.median(run.p99_ms for run in runs),
        sum(run.requests for run in runs),
        sum(run.failures for run in runs),
    )


def measure(args: argparse.Namespace, url: str, folder: Path, name: str) -> Medians:
    """Seed `url`, start every server on it and measure every endpoint on every target."""
    print(f"\n## {name}: seeding {args.jobs} jobs, {args.executions} executions", flush=True)
    job = seed(url, jobs=args.jobs, executions=args.executions)[0]
    env = environment(args.src.resolve(), url, folder)
    results: Medians = {}
    with contextlib.ExitStack() as stack:
        servers: dict[str, Server] = {}
        for label, command in commands(free_port()).items():
            servers[label] = start(label, command, env, folder, args.server_core)
            stack.callback(stop, servers[label])
        login = httpx.post(
            f"{servers['gateway'].url}/api/auth/login",
            content=LOGIN,
            headers={"Content-Type": "application/json"},
            timeout=30,
        )
        token = login.raise_for_status().json()["access_token"]
        targets = [t for t in TARGETS if t[1] in servers]
        for endpoint, kind, path, most in ENDPOINTS:
            if args.only and not any(word in endpoint for word in args.only):
                continue
            runs: dict[str, list[Figures]] = {column: [] for column, _, _ in targets}
            for round_number in range(-1, args.rounds):  # round -1 is the warm-up
                for column, label, prefix in targets:
                    run = f"{name}-{column}-{round_number + 1}"
                    script = lua_script(folder, "POST" if kind == "LOGIN" else kind, run, LOGIN)
                    figures = run_wrk(
                        servers[label].url + prefix + path.format(job=job),
                        seconds=args.warmup if round_number < 0 else args.seconds,
                        connections=min(most, args.connections),
                        token=token,
                        script=script,
                        core=args.client_core,
                    )
                    drain(servers[label])
                    if kind in {"PUT", "CREATE"}:
                        clean_writes(url)
                    if round_number >= 0:
                        runs[column].append(figures)
            results[endpoint] = {column: median(found) for column, found in runs.items()}
            print_endpoint(endpoint, results[endpoint])
    return results


def drain(server: Server) -> None:
    """Wait until `server` has answered the requests wrk left in flight, before the next run."""
    # A health check through the same queue (uvicorn's loop and the stacks' worker threads, or
    # gunicorn's backlog) answers only once the abandoned requests ahead of it are done.
    httpx.get(f"{server.url}/api/health", timeout=DRAIN_SECONDS).raise_for_status()


def print_endpoint(endpoint: str, columns: dict[str, Figures]) -> None:
    """Print one endpoint's medians per target (the raw figures)."""
    print(f"{endpoint}")
    for column, figures in columns.items():
        failed = f", {figures.failures} failed" if figures.failures else ""
        print(
            f"  {column:14} {figures.rps:9.1f} req/s  p50 {figures.p50_ms:8.2f} ms"
            f"  p99 {figures.p99_ms:8.2f} ms  ({figures.requests} requests{failed})",
            flush=True,
        )


def ratio(columns: dict[str, Figures], top: str, bottom: str) -> str:
    """Render `top` ÷ `bottom` for requests/s and p99 ("p99 1.00×" means no worse)."""
    if top not in columns or bottom not in columns or not columns[bottom].rps:
        return "—"
    rps = columns[top].rps / columns[bottom].rps
    p99 = columns[top].p99_ms / columns[bottom].p99_ms
    failed = " ⚠ failures" if columns[top].failures or columns[bottom].failures else ""
    return f"{rps:.2f}× (p99 {p99:.2f}×){failed}"


def print_table(by_database: dict[str, Medians]) -> None:
    """Print the issue's comparison table: every ratio, per endpoint, measured in this run."""
    names = list(by_database)
    head = [f"FastAPI ÷ Flask {name}" for name in names]
    head += [f"Flask via gateway ÷ gunicorn {name}" for name in names]
    head += [f"Granian ÷ gunicorn {name}" for name in names]
    head += [f"access log on ÷ off, Flask {name}" for name in names]
    print("\n| endpoint | " + " | ".join(head) + " |")
    print("|---" * (len(head) + 1) + "|")
    endpoints = [name for name, *_ in ENDPOINTS if name in by_database[names[0]]]
    for endpoint in endpoints:
        cells = [ratio(by_database[n][endpoint], "fastapi", "flask") for n in names]
        cells += [ratio(by_database[n][endpoint], "flask", "gunicorn") for n in names]
        cells += [ratio(by_database[n][endpoint], "granian", "gunicorn") for n in names]
        cells += [ratio(by_database[n][endpoint], "flask", "flask-quiet") for n in names]
        print(f"| `{endpoint}` | " + " | ".join(cells) + " |")
    print("\nGoals: FastAPI ÷ Flask ≥ 1.5× with p99 no worse (≤ 1.00×); Flask via gateway ÷")
    print("gunicorn ≥ 1.0× (aim 1.2×). A p99 ratio is top ÷ bottom latency: below 1 is better.")


def main() -> int:
    """Parse the arguments, measure SQLite (and PostgreSQL if given) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=5, help="length of one measured run")
    parser.add_argument("--warmup", type=int, default=2, help="length of each warm-up run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--postgres", help="an empty scratch database URL (its rows are replaced)")
    parser.add_argument("--mysql", help="an empty scratch MySQL/MariaDB database URL (likewise)")
    parser.add_argument("--no-sqlite", action="store_true", help="measure only the servers")
    parser.add_argument("--only", nargs="*", help="endpoints whose name holds one of these words")
    parser.add_argument("--server-core", default="0")
    parser.add_argument("--client-core", default="1")
    parser.add_argument("--src", type=Path, default=REPOSITORY_ROOT / "src")
    args = parser.parse_args()
    # A terminated run still stops its servers (the ExitStack in `measure`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not shutil.which("wrk") or not shutil.which("taskset"):
        raise SystemExit("needs wrk and taskset: `make bench-tools`")
    print(f"cores: {os.cpu_count()}; load average: {os.getloadavg()}")
    by_database: dict[str, Medians] = {}
    with tempfile.TemporaryDirectory(prefix="bench-twins-") as scratch:
        folder = Path(scratch)
        if not args.no_sqlite:
            by_database["SQLite"] = measure(
                args, f"sqlite:///{folder / 'twins.db'}", folder, "SQLite"
            )
        if args.postgres:
            by_database["PostgreSQL"] = measure(args, args.postgres, folder, "PostgreSQL")
        if args.mysql:
            by_database["MySQL"] = measure(args, args.mysql, folder, "MySQL")
    print(f"\nload average at the end: {os.getloadavg()}")
    print_table(by_database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
