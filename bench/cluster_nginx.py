"""One instance vs two behind nginx, and one reached directly: what the balancer hop costs.

    .venv/bin/python bench/cluster_nginx.py --postgres postgresql://postgres@127.0.0.1:5432/scratch

Starts two instances from `deploy/` (the unit's command, the environment example; the cluster
tests' kit) on the scratch PostgreSQL database (wiped), and two nginx servers from the deploy
site: one balancing over the first instance only, one over both. For each endpoint, `wrk -t1
-c64` runs `--rounds` interleaved rounds against the first instance directly, nginx over one and
nginx over two, after a warm-up of each; medians are printed with the ratios. Nothing is pinned:
on this 2-core machine the instances, nginx, PostgreSQL and wrk share both cores, so two
instances cannot double one's rate; the figures say what the hop costs and what a second
process buys here. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

import httpx
from twins_wrk import run_wrk

REPOSITORY_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY_ROOT))
from tests_support.kit.databases import wipe_postgres  # noqa: E402
from tests_support.kit.servers.cluster import running_cluster, running_nginx  # noqa: E402

ENDPOINTS = [("GET /api/health", "/api/health"), ("GET /api/auth/me", "/api/auth/me")]
ADMIN = {"username": "admin", "password": "admin123"}


def main() -> None:
    """Measure direct, nginx over one and nginx over two instances; print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", required=True, help="a scratch database (wiped)")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    wipe_postgres(args.postgres)
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        cluster = stack.enter_context(
            running_cluster(args.postgres, _folder(folder / "cluster"), 2)
        )
        first = cluster.instances[0]
        one = stack.enter_context(running_nginx([first], _folder(folder / "one")))
        targets = {"direct": first.url, "nginx, 1": one.url, "nginx, 2": cluster.url}
        token = httpx.post(f"{first.url}/api/auth/login", json=ADMIN).json()["access_token"]
        for name, path in ENDPOINTS:
            print(name)
            _report(_measure(targets, path, token, args))


def _measure(
    targets: dict[str, str], path: str, token: str, args: argparse.Namespace
) -> dict[str, float]:
    """Warm every target up, then run interleaved rounds; return each target's median rate."""
    rates: dict[str, list[float]] = {target: [] for target in targets}
    for url in targets.values():
        run_wrk(f"{url}{path}", seconds=args.warmup, connections=args.connections, token=token,
                script=None, core="0-1")  # fmt: skip
    for _ in range(args.rounds):
        for target, url in targets.items():
            figures = run_wrk(f"{url}{path}", seconds=args.seconds, connections=args.connections,
                              token=token, script=None, core="0-1")  # fmt: skip
            rates[target].append(figures.rps)
    return {target: statistics.median(values) for target, values in rates.items()}


def _report(medians: dict[str, float]) -> None:
    for target, rate in medians.items():
        print(f"  {target:<10} {rate:9.1f} req/s  ({rate / medians['direct']:.2f}× direct)")
    balanced = medians["nginx, 2"] / medians["nginx, 1"]
    print(f"  nginx over 2 ÷ nginx over 1: {balanced:.2f}×")


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    main()
