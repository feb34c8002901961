"""The gateway's own cost per request, with shadow off and on, measured in-process.

    .venv/bin/python bench/gateway_overhead.py [--requests 2000] [--rounds 5]
    # or: make bench-gateway

Builds the real service (`cronjobs.main.create_app`) on a temporary SQLite file with its
lifespan running, then drives ASGI directly (no sockets, no HTTP client: a scope, a `receive`
and a `send` that keeps the answer), one request at a time, for two reads: `GET /api/health`
(no auth, no database) and `GET /api/jobs/<job_id>` by 16 users in turn. Each is timed:

* direct on Flask (the WSGI app through the same WSGI backend the gateway mounts) and direct
  on FastAPI, with no gateway;
* through the whole gateway (request id, CORS, routing, the stack) in mode flask, fastapi,
  shadow and canary 50 (callers spread over many client addresses and users, so half go each way).

The scenarios take turns in `rounds` rounds, so a busy moment of the machine hits all of them
alike. Per scenario three figures: `p50`, the median latency the client sees; `drained`, wall
time per request until every shadow replay of the round is recorded (for other modes, the mean
latency); `CPU`, process CPU time per request, replays included. Each is compared with the stack
that answers the client directly (canary: the mean of both stacks). Shadow runs twice: back to
back, where each replay shares the event loop with the next requests (a busy server), and
`paced`, where each replay finishes, untimed, before the next request (an idle server: the
client's own answer is never waited for). Last, shadow off again in pairs: each request served
direct and through the gateway in turn, the median of the differences printed (a busy machine
blurs it less than the rounds). Nothing is asserted: the run prints figures and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from cronjobs.main import create_app
from strangler.app import GatewayApp
from strangler.flags import Mode, Setting

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asgi_calls import exchange, request_scope
from bench_service import Headers, prepare, settings_for

HEALTH = ("GET /api/health", "/api/health")
JOB = "GET /api/jobs/<job_id>"
CANARY_CALLERS = 256  # distinct client addresses, so canary 50 splits anonymous requests


@dataclass
class Scenario:
    """One way to serve the requests, and what was measured for it (µs per request)."""

    name: str
    app: Callable[[], ASGIApp]
    before: Callable[[], None] = lambda: None
    drains: GatewayApp | None = None
    paced: bool = False  # wait for each shadow before the next request (not timed)
    latencies: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    async def round(self, scopes: list[dict[str, Any]]) -> None:
        """Serve every scope once, in order; record each latency and the round's totals."""
        self.before()
        app = self.app()
        cpu, started = time.process_time(), time.perf_counter()
        for scope in scopes:
            sent = time.perf_counter()
            status, _ = await exchange(app, scope)
            self.latencies.append((time.perf_counter() - sent) * 1e6)
            if status != 200:
                raise SystemExit(f"{self.name}: {scope['path']} answered {status}")
            if self.paced and self.drains is not None:
                await self.drains.gateway.shadow.wait()
        if self.drains is not None:
            await self.drains.gateway.shadow.wait()  # the replays are part of the cost
        count = len(scopes)
        self.total.append((time.perf_counter() - started) / count * 1e6)
        self.cpu.append((time.process_time() - cpu) / count * 1e6)

    def reset(self) -> None:
        """Forget the warm-up."""
        self.latencies, self.total, self.cpu = [], [], []

    def figures(self) -> tuple[float, float, float]:
        """p50 latency, wall time per request until drained, CPU per request (round medians)."""
        return (
            statistics.median(self.latencies),
            statistics.median(self.total),
            statistics.median(self.cpu),
        )


def mode_setter(
    app: GatewayApp, key: str, mode: Mode, percent: int | None = None
) -> Callable[[], None]:
    """Return a step that puts endpoint `key` in `mode` through the run-time overrides."""

    def put() -> None:
        assert app.runtime is not None
        app.runtime.set(key, Setting(mode, percent), who="bench", source="cli", reason="benchmark")

    return put


def scenarios_for(app: GatewayApp, key: str) -> list[Scenario]:
    """The ways of serving one endpoint: both stacks direct, then the gateway in each mode."""
    gateway = app.gateway
    return [
        Scenario("flask direct", lambda: gateway.legacy.app),
        Scenario("fastapi direct", lambda: gateway.modern.app),
        Scenario("gateway, flask", lambda: app, mode_setter(app, key, Mode.FLASK)),
        Scenario("gateway, fastapi", lambda: app, mode_setter(app, key, Mode.FASTAPI)),
        Scenario("gateway, shadow", lambda: app, mode_setter(app, key, Mode.SHADOW), drains=app),
        Scenario(
            "gateway, shadow paced",
            lambda: app,
            mode_setter(app, key, Mode.SHADOW),
            drains=app,
            paced=True,
        ),
        Scenario("gateway, canary 50", lambda: app, mode_setter(app, key, Mode.CANARY, 50)),
    ]


def report(key: str, scenarios: list[Scenario], requests: int, rounds: int) -> str:
    """Render one endpoint's table: each figure, its ratio to direct and the overhead in µs."""
    by = {scenario.name: scenario.figures() for scenario in scenarios}
    flask, fastapi = by["flask direct"], by["fastapi direct"]
    both = tuple((one + other) / 2 for one, other in zip(flask, fastapi, strict=True))
    references = {
        "gateway, flask": flask,
        "gateway, fastapi": fastapi,
        "gateway, shadow": flask,
        "gateway, shadow paced": flask,
        "gateway, canary 50": (both[0], both[1], both[2]),
    }
    header = ("p50", "×", "+µs", "drained", "×", "+µs", "CPU", "×", "+µs")
    lines = [
        f"{key}: {requests} requests per scenario, {rounds} rounds (µs per request)",
        f"  {'scenario':<20}" + "".join(f"{name:>9}" for name in header),
    ]
    for scenario in scenarios:
        figures = by[scenario.name]
        reference = references.get(scenario.name)
        cells = []
        for index, value in enumerate(figures):
            cells.append(f"{value:>9.0f}")
            if reference is None:
                cells.append(f"{'':>18}")
            else:
                base = reference[index]
                cells.append(f"{value / base:>8.2f}×{value - base:>+9.0f}")
        lines.append(f"  {scenario.name:<20}" + "".join(cells))
    return "\n".join(lines)


async def paired(app: GatewayApp, key: str, scopes: list[dict[str, Any]]) -> str:
    """Time shadow off with each request served direct and through the gateway in turn.

    Pairs share the moment, so a busy machine hits both sides of each pair alike; the median of
    the differences is the gateway's share, less blurred by load than the rounds above.
    """
    gateway = app.gateway
    cells = []
    for mode, direct in ((Mode.FLASK, gateway.legacy.app), (Mode.FASTAPI, gateway.modern.app)):
        mode_setter(app, key, mode)()
        differences = []
        for number, scope in enumerate(scopes):
            pair = (direct, app) if number % 2 else (app, direct)  # who goes first alternates
            took = {}
            for side in pair:
                sent = time.perf_counter()
                await exchange(side, scope)
                took[side is app] = (time.perf_counter() - sent) * 1e6
            differences.append(took[True] - took[False])
        cells.append(f"mode {mode.value} {statistics.median(differences):+.0f} µs")
    return f"  shadow off, paired ({len(scopes)} pairs, median gateway − direct): " + ", ".join(
        cells
    )


async def measure(folder: Path, requests: int, rounds: int) -> None:
    """Build the service, then time every scenario of both endpoints and print the tables."""
    service = create_app(settings_for(folder))
    async with LifespanManager(service):
        job_path, readers = await prepare(service)
        anonymous: list[Headers] = [[]]
        endpoints = [(HEALTH[0], HEALTH[1], anonymous), (JOB, job_path, readers)]
        per_round = max(1, requests // rounds)
        for key, path, callers in endpoints:
            scopes = [
                request_scope(path, callers[n % len(callers)], n % CANARY_CALLERS)
                for n in range(per_round)
            ]
            scenarios = scenarios_for(service, key)
            for scenario in scenarios:  # warm-up: caches, pools, the first shadows
                await scenario.round(scopes[: max(1, per_round // 4)])
                scenario.reset()
            for _ in range(rounds):
                for scenario in scenarios:
                    await scenario.round(scopes)
            print(report(key, scenarios, per_round * rounds, rounds))
            print(await paired(service, key, scopes * rounds))
            print(f"  shadow outcomes: {service.gateway.shadow.record.summary(key)}\n")


def main() -> int:
    """Parse the arguments and run the benchmark in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per scenario and endpoint")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, in-process ASGI, one request at a time\n")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as folder:
        asyncio.run(measure(Path(folder), args.requests, args.rounds))
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
