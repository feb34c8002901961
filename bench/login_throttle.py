"""Login throttling (D23) on a real `python -m cronjobs serve`: a guessing run and a login's cost.

    .venv/bin/python bench/login_throttle.py [--guesses 500] [--logins 50] [--src DIR]

Starts the service twice on 127.0.0.1, each on a fresh SQLite file, with `LOGIN_THROTTLE_ENABLED`
false and true. First the default admin logs in on both in turn, one login each at a time (so a
busy moment of the machine hits both alike), 5 unmeasured then `--logins` measured: median and
p90 of the client's latency. Then `--guesses` wrong passwords for that admin on each, one after
the other: the statuses in order and the wall time. `--src` points at another checkout's `src/`
(a commit without throttling ignores the setting, so both servers there are "before"). Nothing
is asserted: the run prints figures and the ratio of the medians.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from served import (  # bench/ is on sys.path when this runs as a script
    free_port,
    gateway_environment,
    wait_healthy,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
ADMIN = {"username": "admin", "password": "admin123"}  # created at startup outside production
WARM_UP = 5
STARTUP_SECONDS = 30.0


def start(src: Path, folder: Path, throttled: bool) -> tuple[subprocess.Popen[bytes], str]:
    """Start one gateway on a fresh database in `folder`; return it and its URL once healthy."""
    port = free_port()
    environment = gateway_environment(
        src,
        f"sqlite:///{folder / 'bench.db'}",
        folder,
        LOGIN_THROTTLE_ENABLED=str(throttled).lower(),
    )
    command = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port)]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=environment, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(process, url, STARTUP_SECONDS)
    return process, url


def timed_login(client: httpx.Client) -> float:
    """Log the admin in once; return the latency in milliseconds."""
    started = time.perf_counter()
    reply = client.post("/api/auth/login", json=ADMIN)
    elapsed = (time.perf_counter() - started) * 1000
    if reply.status_code != 200:
        raise SystemExit(f"login answered {reply.status_code}: {reply.text}")
    return elapsed


def guess(client: httpx.Client, count: int) -> tuple[str, float]:
    """Send `count` wrong passwords for the admin; return the statuses in runs and the time."""
    statuses = []
    started = time.perf_counter()
    for index in range(count):
        body = {"username": ADMIN["username"], "password": f"wrong-{index}"}
        statuses.append(client.post("/api/auth/login", json=body).status_code)
    elapsed = time.perf_counter() - started
    runs = ", ".join(f"{len(list(group))}×{code}" for code, group in itertools.groupby(statuses))
    return runs, elapsed


def report(label: str, latencies: list[float], runs: str, elapsed: float, guesses: int) -> None:
    """Print one configuration's figures."""
    median = statistics.median(latencies)
    p90 = statistics.quantiles(latencies, n=10)[-1]
    print(f"throttle {label}: login median {median:.2f} ms, p90 {p90:.2f} ms (n={len(latencies)})")
    print(f"              {guesses} wrong passwords in {elapsed:.2f} s: {runs}")


def main() -> int:
    """Parse the arguments, start both configurations and measure them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--guesses", type=int, default=500)
    parser.add_argument("--logins", type=int, default=50)
    parser.add_argument("--src", type=Path, default=REPOSITORY_ROOT / "src")
    args = parser.parse_args()
    labels = ("off", "on ")
    with contextlib.ExitStack() as stack:
        clients = []
        for throttled in (False, True):
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-login-")))
            process, url = start(args.src.resolve(), folder, throttled)
            stack.callback(process.wait, 15)
            stack.callback(process.terminate)
            clients.append(stack.enter_context(httpx.Client(base_url=url, timeout=30)))
        latencies: list[list[float]] = [[], []]
        for index in range(WARM_UP + args.logins):
            for client, measured in zip(clients, latencies, strict=True):
                elapsed = timed_login(client)
                if index >= WARM_UP:
                    measured.append(elapsed)
        for label, client, measured in zip(labels, clients, latencies, strict=True):
            runs, elapsed = guess(client, args.guesses)
            report(label, measured, runs, elapsed, args.guesses)
    off, on = (statistics.median(measured) for measured in latencies)
    print(f"successful login, median on/off: {on / off:.3f}× ({on - off:+.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
