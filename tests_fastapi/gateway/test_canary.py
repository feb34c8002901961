"""Canary routing through the real `Gateway.route`: share, stickiness, groups, caller identity.

The gateway stands in front of a tiny Flask app (whose routes are the endpoints) and a tiny
FastAPI app; routing needs neither to run, so the tests ask the gateway which stack it picks.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from itertools import pairwise

import pytest
from fastapi import FastAPI
from flask import Flask

from strangler.endpoints import discover
from strangler.fallback import ModernGuard
from strangler.flags import Mode, Setting, apply_overrides, resolve_flags
from strangler.gateway import Gateway
from strangler.observation import RequestObserver
from strangler.routing import RoutingTable
from strangler.shadow import ShadowRunner
from strangler.wsgi import WSGIBackend
from tests_support.kit.servers.gateway_processes import REPOSITORY_ROOT

JOBS = "GET /api/jobs"
JOB = "GET /api/jobs/<int:job_id>"
USERS = "GET /api/users"
PATHS = {JOBS: "/api/jobs", JOB: "/api/jobs/7", USERS: "/api/users"}
JOBS_GROUP = "* /api/jobs*"
CALLERS = 10_000


def tiny_flask() -> Flask:
    app = Flask("canary-legacy")
    for key, rule in ((JOBS, "/api/jobs"), (JOB, "/api/jobs/<int:job_id>"), (USERS, "/api/users")):
        app.add_url_rule(rule, key, lambda **_: "legacy")
    return app


MODERN_ROUTES = [("GET", "/api/jobs"), ("GET", "/api/jobs/{job_id}"), ("GET", "/api/users")]


def canary_gateway(overrides: dict[str, Setting]) -> Gateway:
    """A gateway whose endpoints all default to flask, with `overrides` laid over them."""
    legacy = tiny_flask()
    base = resolve_flags(discover(legacy.url_map, MODERN_ROUTES), {}, Mode.FLASK)
    flags, ignored = apply_overrides(base, overrides)
    assert not ignored
    routes = RoutingTable(WSGIBackend(legacy), FastAPI(), flags)
    return Gateway(
        routes,
        legacy_map=legacy.url_map,
        guard=ModernGuard(routes.legacy, routes.modern),
        shadow=ShadowRunner(routes.legacy, routes.modern),
        observer=RequestObserver(),
    )


def token_for(subject: str) -> bytes:
    """A Bearer header with an unsigned JWT naming `subject` (the gateway never verifies it)."""

    def part(data: dict[str, str]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    return b"Bearer " + part({"alg": "HS256"}) + b"." + part({"sub": subject}) + b".c2ln"


def scope(address: str = "203.0.113.9", subject: str | None = None) -> dict[str, object]:
    headers = [(b"authorization", token_for(subject))] if subject is not None else []
    return {"type": "http", "headers": headers, "client": (address, 51000)}


def by_subject(number: int) -> dict[str, object]:
    return scope(subject=f"user-{number}")


def by_address(number: int) -> dict[str, object]:
    return scope(address=f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}")


def on_fastapi(gateway: Gateway, key: str, scopes: Iterable[dict[str, object]]) -> list[bool]:
    """Whether each request's caller is sent to FastAPI for endpoint `key`."""
    method, path = key.split(" ")[0], PATHS[key]
    return [gateway.route(method, path, s)[1] is gateway.modern for s in scopes]


def canary(percent: int, group: str | None = None) -> Setting:
    return Setting(Mode.CANARY, percent, group)


@pytest.mark.parametrize("caller", [by_subject, by_address], ids=["subject", "address"])
@pytest.mark.parametrize("percent", [10, 25, 50])
def test_canary_sends_its_share_of_callers_to_fastapi_within_two_points(
    percent: int, caller: Callable[[int], dict[str, object]]
) -> None:
    gateway = canary_gateway({JOBS: canary(percent)})
    share = sum(on_fastapi(gateway, JOBS, map(caller, range(CALLERS)))) / CALLERS * 100
    assert abs(share - percent) <= 2


def test_raising_the_share_never_moves_a_caller_back_to_flask() -> None:
    callers = [by_subject(number) for number in range(2_000)]
    sides = [
        on_fastapi(canary_gateway({JOBS: canary(percent)}), JOBS, callers)
        for percent in (10, 30, 60)
    ]
    for lower, higher in pairwise(sides):
        assert all(high for low, high in zip(lower, higher, strict=True) if low)


def test_a_caller_gets_the_same_side_on_every_request_and_in_every_gateway() -> None:
    callers = [by_address(number) for number in range(1_000)]
    first = on_fastapi(canary_gateway({JOBS: canary(50)}), JOBS, callers)
    again = on_fastapi(canary_gateway({JOBS: canary(50)}), JOBS, callers)
    assert first == again == on_fastapi(canary_gateway({JOBS: canary(50)}), JOBS, callers)


def buckets_in_a_process(hash_seed: str, callers: list[str]) -> list[int]:
    """Bucket `callers` (group `JOBS`) in a fresh interpreter whose `str` hashes use `hash_seed`."""
    program = (
        "import json, sys; from strangler.canary import bucket; "
        "print(json.dumps([bucket(sys.argv[1], c) for c in json.loads(sys.argv[2])]))"
    )
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPOSITORY_ROOT / "src"),
        "PYTHONHASHSEED": hash_seed,
    }
    child = subprocess.run(
        [sys.executable, "-c", program, JOBS, json.dumps(callers)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return list(json.loads(child.stdout))


def test_a_caller_gets_the_same_bucket_in_processes_with_different_hash_seeds() -> None:
    # Gateway processes behind a balancer must agree, so no per-process salt may enter the hash.
    callers = [f"addr:10.0.0.{number}" for number in range(256)]
    assert buckets_in_a_process("1", callers) == buckets_in_a_process("2", callers)


def test_a_group_keeps_a_caller_on_one_side_across_related_endpoints() -> None:
    gateway = canary_gateway({JOBS: canary(50, JOBS_GROUP), JOB: canary(50, JOBS_GROUP)})
    callers = [by_subject(number) for number in range(1_000)]
    assert on_fastapi(gateway, JOBS, callers) == on_fastapi(gateway, JOB, callers)


def test_without_a_group_each_endpoint_splits_callers_on_its_own() -> None:
    gateway = canary_gateway({JOBS: canary(50), JOB: canary(50)})
    callers = [by_subject(number) for number in range(1_000)]
    assert on_fastapi(gateway, JOBS, callers) != on_fastapi(gateway, JOB, callers)


def test_a_token_subject_is_preferred_over_the_address() -> None:
    gateway = canary_gateway({JOBS: canary(50)})
    subjects = [f"user-{number}" for number in range(500)]
    from_home = [scope(address="198.51.100.1", subject=subject) for subject in subjects]
    from_office = [scope(address="192.0.2.77", subject=subject) for subject in subjects]
    assert on_fastapi(gateway, JOBS, from_home) == on_fastapi(gateway, JOBS, from_office)


def test_a_token_without_a_readable_subject_buckets_by_address() -> None:
    gateway = canary_gateway({JOBS: canary(50)})
    addresses = [f"10.0.{number >> 8}.{number & 255}" for number in range(500)]
    garbled = [
        {**scope(address=address), "headers": [(b"authorization", b"Bearer not-a-jwt")]}
        for address in addresses
    ]
    plain = [scope(address=address) for address in addresses]
    assert on_fastapi(gateway, JOBS, garbled) == on_fastapi(gateway, JOBS, plain)


@pytest.mark.parametrize(("percent", "expected"), [(0, False), (100, True)])
def test_canary_at_none_or_all_sends_every_caller_to_one_stack(
    percent: int, expected: bool
) -> None:
    gateway = canary_gateway({JOBS: canary(percent)})
    assert set(on_fastapi(gateway, JOBS, map(by_subject, range(1_000)))) == {expected}


def test_only_the_canary_endpoint_is_split() -> None:
    gateway = canary_gateway({JOBS: canary(50)})
    assert set(on_fastapi(gateway, USERS, map(by_subject, range(1_000)))) == {False}
