"""Mixed-stack runs: every endpoint sent to Flask or FastAPI by a seeded draw, and a client that
calls endpoints by key and proves each answer came from the stack the draw chose.

The draw is `random.Random(seed)` over the endpoint keys in sorted order, so a seed names one
assignment whatever order the gateway discovers its endpoints in. The expected resources below
are written from the spec (§1.5, §5), not with the service's code.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import httpx

from cronjobs.main import plan_for
from cronjobs.models import JobExecution
from cronjobs.settings import Settings
from tests_support.cases.routing import METHOD_NOT_ALLOWED, NOT_FOUND
from tests_support.kit.case import ANY_ID, NOTHING, Matches, typed

STACKS = ("flask", "fastapi")
ANY_UTC_TIMESTAMP = Matches("UTC timestamp", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00")


def endpoint_keys(settings: Settings) -> list[str]:
    """Return the keys of every endpoint of the composed service, sorted."""
    assert settings.cutover_default == "flask", "the draw starts from the all-Flask plan"
    return sorted(plan_for(settings).flags)


def assign_stacks(keys: Iterable[str], seed: int) -> dict[str, str]:
    """Draw a stack for every endpoint key with `random.Random(seed)`, keys in sorted order."""
    draw = random.Random(seed)
    return {key: draw.choice(STACKS) for key in sorted(keys)}


def cutover_toml(assignment: dict[str, str]) -> str:
    """Write an assignment as a cutover file's `[endpoints]` table (keys quoted)."""
    lines = ["[endpoints]", *(f'"{key}" = "{stack}"' for key, stack in assignment.items())]
    return "\n".join(lines) + "\n"


def answered_by_routing(status: int, body: Any) -> bool:
    """Tell whether no endpoint matched (unknown path, wrong method): Flask answers those."""
    return (status == 404 and body == NOT_FOUND) or (status == 405 and body == METHOD_NOT_ALLOWED)


def match(actual: Any, expected: Any, what: str) -> None:
    """Assert a JSON value equals the expected one exactly (`true` is not `1`)."""
    assert typed(actual) == typed(expected), f"{what}:\n got {actual!r}\nwant {expected!r}"


class MixedApi:
    """Calls endpoints by key (`PUT /api/jobs/<job_id>`) and checks who answered.

    Every call asserts the status, the exact body when one is expected, and that `X-Served-By`
    names the stack the assignment gives that endpoint. `served` records each endpoint called
    with the stack that answered, so a test can show which writes and reads crossed stacks.
    """

    def __init__(self, client: httpx.AsyncClient, assignment: dict[str, str]) -> None:
        self.client = client
        self.assignment = assignment
        self.served: dict[str, str] = {}

    async def call(
        self,
        key: str,
        token: str | None = None,
        *,
        at: dict[str, str] | None = None,
        query: dict[str, str] | None = None,
        json: Any = NOTHING,
        content: bytes | None = None,
        content_type: str | None = None,
        status: int = 200,
        expect: Any = NOTHING,
    ) -> Any:
        """Send one request to the endpoint `key` (path parameters from `at`); return its JSON."""
        method, path = key.split(" ", 1)
        for name, value in (at or {}).items():
            path = path.replace(f"<{name}>", value)
        assert "<" not in path, f"unfilled path parameter in {path}"
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        body: dict[str, Any] = {"content": content} if json is NOTHING else {"json": json}
        response = await self.client.request(method, path, params=query, headers=headers, **body)
        reply = response.json()
        assert response.status_code == status, f"{key}: {response.status_code} {reply}"
        if expect is not NOTHING:
            match(reply, expect, key)
        routed = answered_by_routing(response.status_code, reply)
        stack = "flask" if routed else self.assignment[key]
        assert response.headers.get("x-served-by") == stack, f"{key} was not served by {stack}"
        self.served[key] = stack
        return reply


def execution_time(value: datetime | None) -> str | None:
    """Render an execution time as §1.5 says: UTC, milliseconds (truncated), `Z`."""
    return None if value is None else value.isoformat(timespec="milliseconds") + "Z"


def execution_json(row: JobExecution, **extra: Any) -> dict[str, Any]:
    """Return the `Execution` resource of a stored row (§5.3), plus `extra` keys."""
    return {
        "id": row.id,
        "job_id": row.job_id,
        "status": row.status,
        "trigger_type": row.trigger_type,
        "started_at": execution_time(row.started_at),
        "completed_at": execution_time(row.completed_at),
        "duration_seconds": row.duration_seconds,
        "execution_type": row.execution_type,
        "target": row.target,
        "response_status": row.response_status,
        "error_message": row.error_message,
        "output": row.output,
    } | extra


def notification_json(
    user_id: str,
    title: str,
    message: str,
    kind: str,
    job_id: str | None = None,
    execution_id: str | None = None,
) -> dict[str, Any]:
    """Return the `Notification` resource of an unread notification the service generated."""
    return {
        "id": ANY_ID,
        "user_id": user_id,
        "title": title,
        "message": message,
        "type": kind,
        "related_job_id": job_id,
        "related_execution_id": execution_id,
        "is_read": False,
        "read_at": None,
        "created_at": ANY_UTC_TIMESTAMP,
    }
