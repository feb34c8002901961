"""The Flask path's bridge, A/B in-process: a2wsgi (before) against the one-hop `WSGIBackend`.

    .venv/bin/python bench/wsgi_ab.py [--requests 2000] [--rounds 6] [--concurrency 16]

Builds the real service (`cronjobs.main.create_app`) on a temporary SQLite file with its
lifespan running, every endpoint on flask, and drives ASGI directly (`asgi_calls.exchange`):
`GET /api/health` and an authenticated `GET /api/jobs/<job_id>`, through the whole gateway.
The gateway's legacy backend is swapped between a2wsgi's `WSGIMiddleware` (10 threads, as the
gateway mounted it) and `WSGIBackend` (10 threads) on the same Flask app, rounds alternating so
a busy moment of the machine hits both alike. Per bridge: p50 latency one request at a time,
process CPU per request, and requests per second with `--concurrency` requests in flight.
First, the bridges alone: a trivial WSGI app (a 15-byte answer with its length) served directly
by each, no gateway, p50 one request at a time. Nothing is asserted: the run prints figures and
the ratios new ÷ old.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from a2wsgi import WSGIMiddleware
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from cronjobs.main import create_app
from strangler.app import GatewayApp
from strangler.wsgi import DEFAULT_WORKERS, WSGIBackend

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asgi_calls import exchange, request_scope
from bench_service import prepare, settings_for

Figures = dict[str, list[float]]


async def one_round(
    app: ASGIApp, scopes: list[dict[str, Any]], concurrency: int, figures: Figures
) -> None:
    """Serve the scopes one at a time, then `concurrency` at a time; keep the round's figures."""
    latencies = []
    cpu = time.process_time()
    for scope in scopes:
        sent = time.perf_counter()
        status, _ = await exchange(app, scope)
        latencies.append((time.perf_counter() - sent) * 1e6)
        if status != 200:
            raise SystemExit(f"{scope['path']} answered {status}")
    figures["p50 µs"].append(statistics.median(latencies))
    figures["CPU µs"].append((time.process_time() - cpu) / len(scopes) * 1e6)
    pending = list(scopes)

    async def client() -> None:
        while pending:
            await exchange(app, pending.pop())

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    figures["req/s"].append(len(scopes) / (time.perf_counter() - started))


def trivial_app(_environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """A WSGI app doing nothing but answer: what is left to time is the bridge."""
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "15")])
    return [b'{"status":"ok"}']


async def bridges_alone(requests: int, rounds: int) -> None:
    """Time the trivial app on each bridge, no gateway; print the p50s and their ratio."""
    new = WSGIBackend(trivial_app, workers=DEFAULT_WORKERS)
    old = WSGIMiddleware(trivial_app, workers=DEFAULT_WORKERS)  # type: ignore[arg-type]
    scope = request_scope("/api/health", [])
    medians: dict[str, list[float]] = {"a2wsgi": [], "one-hop": []}
    per_round = max(1, requests // rounds)
    for round_number in range(rounds + 1):  # the first round warms up
        for name, app in (("a2wsgi", old), ("one-hop", new)):
            latencies = []
            for _ in range(per_round):
                sent = time.perf_counter()
                await exchange(cast(ASGIApp, app), scope)
                latencies.append((time.perf_counter() - sent) * 1e6)
            if round_number:
                medians[name].append(statistics.median(latencies))
    new.stop()
    old.executor.shutdown(wait=True)
    before, after = (statistics.median(medians[name]) for name in ("a2wsgi", "one-hop"))
    print(f"the bridges alone, a trivial WSGI app: p50 a2wsgi {before:.0f} µs, one-hop")
    print(f"  {after:.0f} µs, new ÷ old {after / before:.2f}\n")


def swap_legacy(service: GatewayApp, app: ASGIApp) -> Callable[[], None]:
    """Return a step that makes `app` the gateway's legacy stack (its `Backend` is frozen)."""
    backend = service.gateway.routes.legacy

    def swap() -> None:
        object.__setattr__(backend, "app", app)

    return swap


async def measure(folder: Path, requests: int, rounds: int, concurrency: int) -> None:
    """Build the service, then time both bridges on both reads and print the tables."""
    await bridges_alone(requests, rounds)
    service = create_app(settings_for(folder))
    async with LifespanManager(service):
        new = service.gateway.routes.legacy.app
        assert isinstance(new, WSGIBackend)
        old = WSGIMiddleware(new._app, workers=DEFAULT_WORKERS)  # type: ignore[arg-type]
        bridges = {"a2wsgi": swap_legacy(service, old), "one-hop": swap_legacy(service, new)}
        job_path, readers = await prepare(service)
        reads = {
            "GET /api/health": ("/api/health", []),
            "GET /api/jobs/<job_id>": (job_path, readers[0]),
        }
        per_round = max(1, requests // rounds)
        for name, (path, headers) in reads.items():
            scopes = [request_scope(path, headers) for _ in range(per_round)]
            figures: dict[str, Figures] = {}
            for bridge, use in bridges.items():  # warm-up
                use()
                await one_round(
                    service,
                    scopes[: per_round // 4 or 1],
                    concurrency,
                    {"p50 µs": [], "CPU µs": [], "req/s": []},
                )
                figures[bridge] = {"p50 µs": [], "CPU µs": [], "req/s": []}
            for _ in range(rounds):
                for bridge, use in bridges.items():
                    use()
                    await one_round(service, scopes, concurrency, figures[bridge])
            print(f"{name}: {per_round * rounds} requests per bridge, {rounds} rounds")
            print(f"  {'bridge':<10}{'p50 µs':>10}{'CPU µs':>10}{'req/s':>10}")
            medians = {
                bridge: {key: statistics.median(values) for key, values in kept.items()}
                for bridge, kept in figures.items()
            }
            for bridge, values in medians.items():
                print(f"  {bridge:<10}" + "".join(f"{value:>10.0f}" for value in values.values()))
            ratios = [medians["one-hop"][key] / medians["a2wsgi"][key] for key in medians["a2wsgi"]]
            print(f"  {'new ÷ old':<10}" + "".join(f"{ratio:>10.2f}" for ratio in ratios) + "\n")
        old.executor.shutdown(wait=True)
        bridges["one-hop"]()


def main() -> int:
    """Parse the arguments and run the benchmark in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="per bridge and read")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, in-process ASGI through the whole gateway\n")
    with tempfile.TemporaryDirectory(prefix="bench-wsgi-") as folder:
        asyncio.run(measure(Path(folder), args.requests, args.rounds, args.concurrency))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
