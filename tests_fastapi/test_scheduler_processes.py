"""Two real gateway processes on one database: exactly-once firing and takeover (spec §6.1–§6.3).

Each test starts two uvicorn processes (`kit/servers/scheduler_process.py`: production lease,
resync and firing, with 2-second ticks and a short lease TTL) on one SQLite file or PostgreSQL
database, creates a webhook job through process A, and follows the runs in `job_executions` and
in the requests of a local webhook stub. A leader then dies (SIGKILL) or shuts down cleanly
(SIGTERM), and the other process must take over without running any tick twice.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from cronjobs.domain.common.clock import utcnow
from tests_support.kit.servers.gateway_processes import (
    GatewayProcess,
    Pair,
    admin_headers,
    process_client_fixture,
    shared_url_fixture,
    start_pair_fixture,
)
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.servers.scheduler_process import TICK_SECONDS
from tests_support.kit.tick_log import Execution, ExecutionLog, repeated_ticks, wait_for

__all__ = ["process_client_fixture", "shared_url_fixture", "start_pair_fixture"]

pytestmark = pytest.mark.slow

HOOK = "/hook"
POLL_SECONDS = 1  # SCHEDULER_POLL_SECONDS of the test gateways
SLACK_SECONDS = 3.0  # process scheduling, a resync, a status request
KILL_LEASE_SECONDS = 4.0
# Long on purpose: a takeover that waited for the lease to expire cannot pass as prompt.
CLEAN_LEASE_SECONDS = 15.0


@pytest.fixture
def executions(shared_url: str) -> Iterator[ExecutionLog]:
    """The executions as the shared database holds them."""
    log = ExecutionLog(shared_url)
    yield log
    log.close()


def create_webhook_job(
    client: httpx.Client, gateway: GatewayProcess, headers: dict[str, str], target: str
) -> str:
    """Create a PIC team and an every-minute webhook job through `gateway`; return the job id."""
    team = {"name": "Ops", "slack_handle": "@ops"}
    reply = client.post(f"{gateway.url}/api/v2/pic-teams", json=team, headers=headers)
    assert reply.status_code == 201, reply.text
    job = {
        "name": "tick",
        "cron_expression": "* * * * *",
        "end_date": "2099-12-31",
        "pic_team": "ops",
        "target_url": target,
    }
    reply = client.post(f"{gateway.url}/api/v2/jobs", json=job, headers=headers)
    assert reply.status_code == 201, reply.text
    return str(reply.json()["job"]["id"])


def status(client: httpx.Client, gateway: GatewayProcess, headers: dict[str, str]) -> Any:
    """GET /api/v2/scheduler/status on one gateway."""
    reply = client.get(f"{gateway.url}/api/v2/scheduler/status", headers=headers)
    assert reply.status_code == 200, reply.text
    return reply.json()


def leader_and_standby(client: httpx.Client, pair: Pair, headers: dict[str, str]) -> Pair:
    """Wait until exactly one gateway leads; check both agree on the holder; return both."""

    def probe() -> Pair | None:
        roles = [status(client, gateway, headers)["role"] for gateway in pair]
        if sorted(roles) != ["leader", "standby"]:
            return None
        return pair if roles[0] == "leader" else (pair[1], pair[0])

    leader, standby = wait_for(probe, KILL_LEASE_SECONDS + SLACK_SECONDS, "exactly one leader")
    seen = [status(client, gateway, headers) for gateway in (leader, standby)]
    # Each port is served by our own child (holder ids are `<host>:<pid>:<uuid>`).
    assert [view["process"].split(":")[-2] for view in seen] == [str(leader.pid), str(standby.pid)]
    assert [view["lease"]["holder"] for view in seen] == [seen[0]["process"]] * 2
    return leader, standby


def seconds_until_leading(
    client: httpx.Client, gateway: GatewayProcess, headers: dict[str, str], since: float
) -> float:
    """Wait until `gateway` leads; return the seconds from `since` (a monotonic time)."""

    def probe() -> bool | None:
        return True if status(client, gateway, headers)["role"] == "leader" else None

    wait_for(probe, KILL_LEASE_SECONDS + POLL_SECONDS + SLACK_SECONDS, f"{gateway.name} to lead")
    return time.monotonic() - since


def ticks_since(log: ExecutionLog, job_id: str, moment: datetime, count: int) -> None:
    """Wait until `count` runs have started after `moment` (UTC, naive)."""

    def probe() -> bool | None:
        return True if sum(e.started_at > moment for e in log.of(job_id)) >= count else None

    wait_for(probe, count * TICK_SECONDS + SLACK_SECONDS, f"{count} ticks after {moment}")


def assert_exactly_once(runs: list[Execution]) -> None:
    """Every run is a successful scheduled run, and no tick ran twice."""
    assert {(e.status, e.trigger_type) for e in runs} == {("success", "scheduled")}
    assert repeated_ticks(runs) == []


def job_on_a_pair(
    start_pair: Callable[[float], Pair], client: httpx.Client, stub: HttpStub, lease: float
) -> tuple[str, GatewayProcess, GatewayProcess, dict[str, str]]:
    """Start A and B, create a webhook job through A; return it, the leader, the standby, auth."""
    stub.answer(HOOK, 200, "ok")
    a, b = start_pair(lease)
    headers = admin_headers(client, a)
    job_id = create_webhook_job(client, a, headers, f"{stub.url}{HOOK}")
    leader, standby = leader_and_standby(client, (a, b), headers)
    return job_id, leader, standby, headers


def test_a_killed_leader_is_replaced_within_the_lease_and_no_tick_runs_twice(
    start_pair: Callable[[float], Pair],
    client: httpx.Client,
    executions: ExecutionLog,
    http_stub: HttpStub,
) -> None:
    job_id, leader, standby, headers = job_on_a_pair(
        start_pair, client, http_stub, KILL_LEASE_SECONDS
    )
    ticks_since(executions, job_id, datetime.min, 4)
    before = executions.settled(job_id, http_stub, HOOK)
    assert_exactly_once(before)

    executions.quiet_moment(job_id)
    killed_at, killed_at_utc = time.monotonic(), utcnow()
    leader.kill()
    takeover = seconds_until_leading(client, standby, headers, since=killed_at)
    print(f"\ntakeover {takeover:.2f} s after SIGKILL (lease TTL {KILL_LEASE_SECONDS} s)")
    assert takeover <= KILL_LEASE_SECONDS + POLL_SECONDS + SLACK_SECONDS

    ticks_since(executions, job_id, killed_at_utc, 2)
    runs = executions.settled(job_id, http_stub, HOOK)
    assert_exactly_once(runs)
    view = status(client, standby, headers)
    assert view["lease"]["holder"] == view["process"]


def test_a_cleanly_stopped_leader_hands_over_at_once_and_no_tick_runs_twice(
    start_pair: Callable[[float], Pair],
    client: httpx.Client,
    executions: ExecutionLog,
    http_stub: HttpStub,
) -> None:
    job_id, leader, standby, headers = job_on_a_pair(
        start_pair, client, http_stub, CLEAN_LEASE_SECONDS
    )
    ticks_since(executions, job_id, datetime.min, 2)

    executions.quiet_moment(job_id)
    stopped_at, stopped_at_utc = time.monotonic(), utcnow()
    # uvicorn re-raises the signal once its graceful shutdown (lifespan included) is over.
    assert leader.terminate() == -signal.SIGTERM
    takeover = seconds_until_leading(client, standby, headers, since=stopped_at)
    print(f"\ntakeover {takeover:.2f} s after SIGTERM (lease TTL {CLEAN_LEASE_SECONDS} s)")
    assert takeover < POLL_SECONDS + SLACK_SECONDS

    ticks_since(executions, job_id, stopped_at_utc, 2)
    runs = executions.settled(job_id, http_stub, HOOK)
    assert_exactly_once(runs)
