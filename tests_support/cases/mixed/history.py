"""The mixed run's story, third chapter: reading back the runs and the broadcasts.

The three executions stored by the stack serving execute are listed, filtered, counted and
shown one by one by the execution endpoints, whichever stack each was drawn for; then the
catalogue is edited (a category rename rewrites a job), and mira works through her
notifications: every broadcast of the story so far, oldest last.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from statistics import mean
from typing import Any

import pytest

from cronjobs.models import JobExecution
from tests_support.cases.mixed.jobs import RELEASE, WEBHOOK
from tests_support.cases.mixed.stacks import (
    ANY_UTC_TIMESTAMP,
    execution_json,
    match,
    notification_json,
)
from tests_support.cases.mixed.story import NO_RANGE, Story, tokyo_time
from tests_support.kit.case import ANY_TIMESTAMP

ON_WEBHOOK = {"job_name": WEBHOOK, "github_repo": None}
ON_RELEASE = {"job_name": RELEASE, "github_repo": "deploy"}


def page(items: list[Any], total: int, number: int = 1, size: int = 20) -> dict[str, Any]:
    """Return a `GET /executions` body."""
    pages = -(-total // size)  # ceil: 0 when there is nothing
    return {"executions": items, "total": total, "page": number, "limit": size,
            "total_pages": pages}  # fmt: skip


def duration(run: JobExecution) -> float:
    """Return a finished run's duration (`mixed_jobs.recorded` proved it is set)."""
    assert run.duration_seconds is not None, run
    return run.duration_seconds


def totals(runs: list[JobExecution], window: dict[str, Any] = NO_RANGE) -> dict[str, Any]:
    """Return a `GET /executions/statistics` body over these runs: rate and mean not rounded."""
    succeeded = sum(run.status == "success" for run in runs)
    durations = [duration(run) for run in runs]
    return {
        "total_executions": len(runs), "successful_executions": succeeded,
        "failed_executions": sum(run.status == "failed" for run in runs),
        "running_executions": 0, "success_rate": pytest.approx(succeeded / len(runs) * 100),
        "average_duration_seconds": pytest.approx(mean(durations)), "range": window,
    }  # fmt: skip


async def executions(s: Story) -> None:
    """Every execution endpoint shows the stored runs exactly (§4.6)."""
    ok, github, failed = s.runs["webhook"], s.runs["github"], s.runs["failed"]
    at = s.job(WEBHOOK)
    job = {"job_id": at["job_id"], "job_name": WEBHOOK}
    both = [execution_json(failed), execution_json(ok)]
    listing = job | {"total_executions": 2, "executions": both}
    await s.api.call("GET /api/jobs/<job_id>/executions", s.admin, at=at, expect=listing)
    query = {"status": "success, failed", "trigger_type": "manual", "limit": "1"}
    newest = job | {"total_executions": 1, "executions": both[:1]}
    await s.api.call("GET /api/jobs/<job_id>/executions", s.mira, at=at, query=query, expect=newest)
    one = {"job": {"id": at["job_id"], "name": WEBHOOK}, "execution": execution_json(ok)}
    path = "GET /api/jobs/<job_id>/executions/<execution_id>"
    await s.api.call(path, s.mira, at=at | {"execution_id": ok.id}, expect=one)
    statistics = {"total_executions": 2, "success_count": 1, "failed_count": 1,
                  "running_count": 0, "success_rate": 50.0,
                  "average_duration_seconds": round(duration(ok), 2)}  # fmt: skip
    stats = job | {"statistics": statistics, "latest_execution": execution_json(failed)}
    await s.api.call("GET /api/jobs/<job_id>/executions/stats", s.admin, at=at, expect=stats)
    every = [
        execution_json(failed, **ON_WEBHOOK),
        execution_json(github, **ON_RELEASE),
        execution_json(ok, **ON_WEBHOOK),
    ]
    await s.api.call("GET /api/executions", s.mira, expect=page(every, 3))
    query = {"execution_type": "webhook", "status": "failed,success", "limit": "1", "page": "2"}
    second = page(every[2:], 2, number=2, size=1)
    await s.api.call("GET /api/executions", s.admin, query=query, expect=second)
    query = {"job_id": github.job_id, "trigger_type": "manual"}
    await s.api.call("GET /api/executions", s.admin, query=query, expect=page(every[1:2], 1))
    detail = {"execution": every[1]}
    at = {"execution_id": github.id}
    await s.api.call("GET /api/executions/<execution_id>", s.mira, at=at, expect=detail)
    counted = await s.api.call("GET /api/executions/statistics", s.admin)
    match(counted, totals([ok, github, failed]), "statistics")
    # A window of whole days around the runs: `to` is inclusive, so the range ends a day later.
    today = datetime.now(UTC).date()
    days = [today + timedelta(days=offset) for offset in (-1, 1, 2)]
    query = {"job_id": github.job_id, "from": str(days[0]), "to": str(days[1])}
    counted = await s.api.call("GET /api/executions/statistics", s.mira, query=query)
    window = {"from": f"{days[0]}T00:00:00+00:00", "to": f"{days[2]}T00:00:00+00:00"}
    match(counted, totals([github], window), "statistics in a window")


async def renames(s: Story) -> None:
    """Admin renames the category (its job follows) and changes the team's Slack handle."""
    at = {"category_id": s.category["id"]}
    renamed = {"slug": "smoke-suite", "name": "Smoke Suite", "updated_at": ANY_TIMESTAMP}
    done = {"message": "Category updated", "category": s.category | renamed, "jobs_updated": 1}
    sent = {"name": "Smoke Suite"}
    key = "PUT /api/job-categories/<category_id>"
    reply = await s.api.call(key, s.admin, at=at, json=sent, expect=done)
    s.category = reply["category"]
    at = {"team_id": s.team["id"]}
    handle = s.team | {"slack_handle": "@qa-oncall", "updated_at": ANY_TIMESTAMP}
    done = {"message": "PIC team updated", "pic_team": handle, "jobs_updated": 0}
    sent = {"slack_handle": " @qa-oncall "}
    reply = await s.api.call("PUT /api/pic-teams/<team_id>", s.admin, at=at, json=sent, expect=done)
    s.team = reply["pic_team"]
    webhook = s.jobs[WEBHOOK] | {"category": "smoke-suite", "updated_at": ANY_TIMESTAMP,
                                 "last_execution_at": s.runs["failed"].started_at.isoformat(),
                                 "next_execution_at": tokyo_time("07:15")}  # fmt: skip
    release = s.jobs[RELEASE] | {"last_execution_at": s.runs["github"].started_at.isoformat(),
                                 "next_execution_at": tokyo_time("09:00", "01-01")}  # fmt: skip
    listed = await s.api.call(
        "GET /api/jobs", s.mira, expect={"count": 2, "jobs": [release, webhook]}
    )
    s.jobs[WEBHOOK] = {key: listed["jobs"][1][key] for key in s.jobs[WEBHOOK]}


async def notifications(s: Story) -> None:
    """Mira pages through her broadcasts, reads one, then all, and deletes them (§4.7)."""
    mine = [notification_json(s.user["id"], *event) for event in reversed(s.events)]
    assert len(mine) == 8, s.events
    paged = {"total": 8, "per_page": 5, "total_pages": 2, "range": NO_RANGE}
    first = {"notifications": mine[:5], "page": 1} | paged
    query = {"per_page": "5"}
    first = await s.api.call("GET /api/notifications", s.mira, query=query, expect=first)
    query = {"per_page": "5", "page": "2"}
    second = {"notifications": mine[5:], "page": 2} | paged
    second = await s.api.call("GET /api/notifications", s.mira, query=query, expect=second)
    stored = first["notifications"] + second["notifications"]
    newest, oldest = stored[0], stored[-1]
    read = newest | {"is_read": True, "read_at": ANY_UTC_TIMESTAMP}
    done = {"message": "Notification marked as read", "notification": read}
    at = {"notification_id": newest["id"]}
    await s.api.call("PUT /api/notifications/<notification_id>/read", s.mira, at=at, expect=done)
    count = {"unread_count": 7, "range": NO_RANGE}
    await s.api.call("GET /api/notifications/unread-count", s.mira, expect=count)
    unread = {"notifications": stored[1:], "total": 7, "page": 1, "per_page": 20,
              "total_pages": 1, "range": NO_RANGE}  # fmt: skip
    query = {"unread_only": "TRUE"}
    await s.api.call("GET /api/notifications", s.mira, query=query, expect=unread)
    done = {"message": "All notifications marked as read", "updated_count": 7}
    await s.api.call("PUT /api/notifications/read-all", s.mira, expect=done)
    count = {"unread_count": 0, "range": NO_RANGE}
    await s.api.call("GET /api/notifications/unread-count", s.mira, expect=count)
    at = {"notification_id": oldest["id"]}
    done = {"message": "Notification deleted successfully"}
    await s.api.call("DELETE /api/notifications/<notification_id>", s.mira, at=at, expect=done)
    await s.api.call("DELETE /api/notifications/delete-read", s.mira, expect={"deleted_count": 7})
    empty = {"notifications": [], "total": 0, "page": 1, "per_page": 20, "total_pages": 0,
             "range": NO_RANGE}  # fmt: skip
    await s.api.call("GET /api/notifications", s.mira, expect=empty)
