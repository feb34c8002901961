"""The health check's latency while 8 clients log in, against idle (issue 13, point 5).

    .venv/bin/python bench/loop_block.py [--seconds 5] [--rounds 3] [--clients 8]
        [--server-core 0] [--client-core 1] [--src DIR]

Starts one `python -m cronjobs serve --no-access-log` pinned (taskset) to `--server-core`, on a
fresh SQLite file, every flag on flask (scheduler and login throttle off), and pins this process,
the load generator, to `--client-core`. One probe sends `GET <prefix>/health` back to back on
one keep-alive connection and times each answer; a phase lasts `--seconds`, either idle (the
probe alone) or loaded (`--clients` connections each logging the default admin in over and over
at `<prefix>/auth/login`, the real password hash every time). Prefixes: `/api/v2` (FastAPI) and
`/api` (Flask through the gateway). Each round runs idle then loaded for each prefix; the
figures are pooled over the rounds. The clients speak minimal HTTP/1.1 on raw asyncio streams, so
the load generator costs little of its core. Goal: loaded p50 ÷ idle p50 ≤ 1.5 on FastAPI.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from served import (  # bench/ is on sys.path when this runs as a script
    free_port,
    gateway_environment,
    wait_healthy,
)

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
ADMIN = json.dumps({"username": "admin", "password": "admin123"}).encode()
PREFIXES = {"fastapi": "/api/v2", "flask": "/api"}
GOAL = 1.5
STARTUP_SECONDS = 60.0


class Connection:
    """One keep-alive HTTP/1.1 connection that sends a request and reads its whole answer."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        """Connect to 127.0.0.1:`port`."""
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def call(self, method: str, path: str, body: bytes = b"") -> int:
        """Send one request; return the answer's status once its body is read."""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        length = next(
            int(line.split(":", 1)[1])
            for line in lines
            if line.lower().startswith("content-length:")
        )
        await self.reader.readexactly(length)
        return int(lines[0].split()[1])

    def close(self) -> None:
        """Close the connection."""
        self.writer.close()


async def probe(port: int, prefix: str, until: float) -> list[float]:
    """Time `GET <prefix>/health` back to back until `until`; return the latencies in ms."""
    connection = await Connection.open(port)
    latencies = []
    try:
        while time.monotonic() < until:
            started = time.perf_counter()
            status = await connection.call("GET", f"{prefix}/health")
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"GET {prefix}/health answered {status}")
    finally:
        connection.close()
    return latencies


async def log_in(port: int, prefix: str, until: float) -> int:
    """Log the admin in over and over until `until`; return how many logins answered."""
    connection = await Connection.open(port)
    count = 0
    try:
        while time.monotonic() < until:
            status = await connection.call("POST", f"{prefix}/auth/login", ADMIN)
            if status != 200:
                raise SystemExit(f"POST {prefix}/auth/login answered {status}")
            count += 1
    finally:
        connection.close()
    return count


async def phase(port: int, prefix: str, seconds: float, clients: int) -> tuple[list[float], int]:
    """One phase: the probe, with `clients` login loops beside it; return latencies and logins."""
    until = time.monotonic() + seconds
    loads = asyncio.gather(*(log_in(port, prefix, until) for _ in range(clients)))
    latencies, logins = await asyncio.gather(probe(port, prefix, until), loads)
    return latencies, sum(logins)


def percentile(values: list[float], fraction: float) -> float:
    """Return the `fraction` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@contextlib.contextmanager
def served(src: Path, core: str) -> Iterator[int]:
    """Serve the gateway pinned to `core` on a fresh SQLite file; yield its port."""
    with tempfile.TemporaryDirectory(prefix="bench-loop-") as folder:
        port = free_port()
        environment = gateway_environment(
            src,
            f"sqlite:///{folder}/bench.db",
            Path(folder),
            LOGIN_THROTTLE_ENABLED="false",
            MAIL_ENABLED="false",
        )
        command = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port)]
        process = subprocess.Popen(
            ["taskset", "-c", core, *command, "--log-level", "warning", "--no-access-log"],
            env=environment,
            cwd=folder,
        )
        try:
            wait_healthy(process, f"http://127.0.0.1:{port}", STARTUP_SECONDS)
            yield port
        finally:
            process.terminate()
            process.wait(15)


def report(stack: str, idle: list[float], loaded: list[float], logins: int, seconds: float) -> None:
    """Print one stack's figures and its ratio against the goal."""
    idle_p50, loaded_p50 = statistics.median(idle), statistics.median(loaded)
    ratio = loaded_p50 / idle_p50
    verdict = "meets" if ratio <= GOAL else "misses"
    print(
        f"{stack:8} {PREFIXES[stack]}/health p50 idle {idle_p50:.3f} ms, "
        f"loaded {loaded_p50:.3f} ms: {ratio:.2f}× ({verdict} ≤ {GOAL}×)"
    )
    print(
        f"{'':8} p99 idle {percentile(idle, 0.99):.3f} ms, loaded {percentile(loaded, 0.99):.3f}"
        f" ms; probes {len(idle)} idle, {len(loaded)} loaded; {logins / seconds:.0f} logins/s"
    )


async def measure(port: int, args: argparse.Namespace) -> None:
    """Run the rounds, interleaving stacks and idle/loaded phases, then print the figures."""
    for prefix in PREFIXES.values():  # warm-up: both stacks' first requests, unmeasured
        await phase(port, prefix, 1.0, args.clients)
    idle: dict[str, list[float]] = {stack: [] for stack in PREFIXES}
    loaded: dict[str, list[float]] = {stack: [] for stack in PREFIXES}
    logins = dict.fromkeys(PREFIXES, 0)
    for _ in range(args.rounds):
        for stack, prefix in PREFIXES.items():
            idle[stack] += (await phase(port, prefix, args.seconds, 0))[0]
            latencies, count = await phase(port, prefix, args.seconds, args.clients)
            loaded[stack] += latencies
            logins[stack] += count
    for stack in PREFIXES:
        report(stack, idle[stack], loaded[stack], logins[stack], args.seconds * args.rounds)


def main() -> int:
    """Parse the arguments, serve the gateway and measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--server-core", default="0")
    parser.add_argument("--client-core", type=int, default=1)
    parser.add_argument("--src", type=Path, default=REPOSITORY_ROOT / "src")
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.client_core})
    print(
        f"{args.clients} login clients, {args.rounds} rounds of {args.seconds:g} s per phase; "
        f"server on core {args.server_core}, clients on core {args.client_core}"
    )
    with served(args.src.resolve(), args.server_core) as port:
        asyncio.run(measure(port, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
