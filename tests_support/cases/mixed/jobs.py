"""The mixed run's story, second chapter: mira's jobs, and running them against the HttpStub.

Mira creates a webhook job and a GitHub job, reads them back, changes the webhook job's cron,
pauses and resumes it, test-runs both targets and executes both jobs (the webhook once more on
a failing URL). The stub proves what the service sent; the database proves what it recorded.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cronjobs.models import JobExecution
from tests_support.cases.mixed.story import EMAIL, END, TEAM, Story, tokyo_time
from tests_support.cases.runs.checks import Sent
from tests_support.kit.case import ANY_TIMESTAMP, NOTHING

WEBHOOK, RELEASE = "Mixed webhook", "Mixed release"
GITHUB_TOKEN = "ghp-mixed-run-token"
GITHUB = {"github_owner": "acme", "github_repo": "deploy", "github_workflow_name": "release"}
DISPATCH = "/repos/acme/deploy/actions/workflows/release/dispatches"
UNRUN = {"last_execution_at": None}


async def create(s: Story, sent: dict[str, Any], expected: dict[str, Any]) -> None:
    """Mira creates a job; it is broadcast to every active user."""
    done = {"message": "Job created successfully", "job": expected}
    reply = await s.api.call("POST /api/jobs", s.mira, json=sent, status=201, expect=done)
    s.jobs[sent["name"]] = reply["job"]
    s.broadcast("New Job Created", f"was created by {EMAIL}.", "info", sent["name"])


async def update(s: Story, changes: dict[str, Any], title: str, verb: str, kind: str) -> None:
    """Mira changes her webhook job; the change is broadcast as `title`."""
    expected = s.jobs[WEBHOOK] | changes | {"updated_at": ANY_TIMESTAMP}
    done = {"message": "Job updated successfully", "job": expected}
    at = s.job(WEBHOOK)
    reply = await s.api.call("PUT /api/jobs/<job_id>", s.mira, at=at, json=changes, expect=done)
    s.jobs[WEBHOOK] = reply["job"]
    s.broadcast(title, f"was {verb} by {EMAIL}.", kind, WEBHOOK)


async def jobs(s: Story) -> None:
    """Mira checks a cron, creates both jobs, reads them back and edits the webhook job."""
    valid = {"valid": True, "message": "Valid cron expression"}
    cron = {"expression": "15 7 * * *"}
    await s.api.call("POST /api/jobs/validate-cron", s.mira, json=cron, expect=valid)
    preview = {"timezone": "Asia/Tokyo", "next_runs": [tokyo_time("06:30")] * 2, "count": 2}
    asked = {"expression": "30 6 * * *", "count": 2}
    await s.api.call("POST /api/jobs/cron-preview", s.mira, json=asked, expect=preview)
    hook = f"{s.stub.url}/hooks/nightly"
    emails = ["ops@example.com", "qa@example.com"]
    notified = {"enable_email_notifications": True, "notification_emails": emails,
                "notify_on_success": True}  # fmt: skip
    sent = {"name": WEBHOOK, "cron_expression": " 0 9 * * * ", "end_date": END,
            "pic_team": "QA Night Shift", "category": "Smoke Tests", "target_url": f" {hook} ",
            "metadata": {"env": "staging"}, **notified}  # fmt: skip
    expected = s.new_job(WEBHOOK, target_url=hook, metadata={"env": "staging"},
                         category="smoke-tests", **notified)  # fmt: skip
    await create(s, sent, expected)
    metadata = {"branchDetails": "develop"}
    sent = {"name": RELEASE, "cron_expression": "0 9 1 1 *", "end_date": END,
            "pic_team_slug": TEAM, "metadata": metadata, **GITHUB}  # fmt: skip
    expected = s.new_job(RELEASE, cron_expression="0 9 1 1 *", metadata=metadata, **GITHUB)
    await create(s, sent, expected)
    at = s.job(WEBHOOK)
    webhook = s.jobs[WEBHOOK] | UNRUN | {"next_execution_at": tokyo_time("09:00")}
    release = s.jobs[RELEASE] | UNRUN | {"next_execution_at": tokyo_time("09:00", "01-01")}
    await s.api.call("GET /api/jobs/<job_id>", s.admin, at=at, expect={"job": webhook})
    await s.api.call("GET /api/jobs", s.mira, expect={"count": 2, "jobs": [release, webhook]})
    await update(s, {"cron_expression": "15 7 * * *"}, "Job Updated", "updated", "info")
    await update(s, {"is_active": False}, "Job Disabled", "disabled", "warning")
    paused = {"job": s.jobs[WEBHOOK] | UNRUN | {"next_execution_at": None}}
    await s.api.call("GET /api/jobs/<job_id>", s.admin, at=at, expect=paused)
    inactive = {"error": "Job is inactive", "message": "Enable the job before running it."}
    path = "POST /api/jobs/<job_id>/execute"
    await s.api.call(path, s.mira, at=at, status=409, expect=inactive)
    await update(s, {"is_active": True}, "Job Enabled", "enabled", "info")
    resumed = {"job": s.jobs[WEBHOOK] | UNRUN | {"next_execution_at": tokyo_time("07:15")}}
    await s.api.call("GET /api/jobs/<job_id>", s.mira, at=at, expect=resumed)


def latest_run(s: Story, name: str) -> JobExecution:
    """Return the newest execution the service stored for a job."""
    query = select(JobExecution).where(JobExecution.job_id == s.jobs[name]["id"])
    with s.world.session() as session:
        return session.scalars(query.order_by(JobExecution.started_at.desc()).limit(1)).one()


async def execute(s: Story, name: str, outcome: str, overrides: Any = NOTHING) -> JobExecution:
    """Mira runs a job by hand; return the execution it recorded (kept as `outcome`)."""
    done = {"message": "Job triggered successfully", "job_id": s.jobs[name]["id"]}
    await s.api.call(
        "POST /api/jobs/<job_id>/execute", s.mira, at=s.job(name), json=overrides, expect=done
    )
    s.runs[outcome] = latest_run(s, name)
    return s.runs[outcome]


def recorded(run: JobExecution, **values: Any) -> None:
    """Assert a stored execution: a finished manual run with these values (§6.4)."""
    stored = {name: getattr(run, name) for name in values}
    assert (run.trigger_type, stored) == ("manual", values), run
    assert run.completed_at is not None and run.completed_at >= run.started_at
    elapsed = (run.completed_at - run.started_at).total_seconds()
    assert run.duration_seconds == pytest.approx(elapsed)


async def runs(s: Story) -> None:
    """Mira test-runs both targets, then executes both jobs; one webhook call fails."""
    s.stub.answer("/hooks/probe", 200, "probe ok")
    s.stub.answer("/hooks/nightly", 200, "pong")
    s.stub.answer("/hooks/broken", 500, "boom")
    s.stub.answer(DISPATCH, 204)
    probe = {"target_url": f"{s.stub.url}/hooks/probe", "metadata": {"probe": "yes"}}
    ok = {"ok": True, "type": "webhook", "status_code": 200}
    done = ok | {"message": "Webhook test run succeeded."}
    await s.api.call("POST /api/jobs/test-run", s.mira, json=probe, expect=done)
    done = ok | {
        "type": "github",
        "status_code": 204,
        "message": "GitHub workflow dispatch triggered.",
    }
    await s.api.call("POST /api/jobs/test-run", s.mira, json=GITHUB, expect=done)
    assert s.world.count(JobExecution) == 0  # test-runs record nothing, nor did the 409
    run = await execute(s, WEBHOOK, "webhook")
    s.broadcast("Job Completed", "completed successfully.", "success", WEBHOOK, run)
    run = await execute(s, RELEASE, "github")
    s.broadcast("Job Completed", "completed successfully.", "success", RELEASE, run)
    broken = f"{s.stub.url}/hooks/broken"
    run = await execute(s, WEBHOOK, "failed", {"target_url": f" {broken} "})
    s.broadcast("Job Failed", "failed: Webhook returned status 500", "error", WEBHOOK, run)
    recorded(s.runs["webhook"], status="success", execution_type="webhook",
             target=s.jobs[WEBHOOK]["target_url"], response_status=200, error_message=None,
             output="pong")  # fmt: skip
    recorded(s.runs["github"], status="success", execution_type="github_actions",
             target="acme/deploy/release", response_status=204, error_message=None,
             output="Workflow triggered successfully on branch develop")  # fmt: skip
    recorded(s.runs["failed"], status="failed", execution_type="webhook", target=broken,
             response_status=500, error_message="Webhook returned status 500",
             output="boom")  # fmt: skip
    stub_received(s)


def stub_received(s: Story) -> None:
    """The stub got the two test-run calls, then the three runs, exactly as §4.3 and §6.4 say."""
    bearer = {"Authorization": f"Bearer {GITHUB_TOKEN}"}
    test_run = bearer | {"Accept": "application/vnd.github+json",
                         "X-GitHub-Api-Version": "2022-11-28"}  # fmt: skip
    run = bearer | {"Accept": "application/vnd.github.v3+json", "Content-Type": "application/json"}
    anonymous = ("authorization",)
    expected = [
        Sent("POST", "/hooks/probe", {"probe": "yes"}, absent=anonymous),
        Sent("POST", DISPATCH, {"ref": "main"}, test_run),
        Sent("POST", "/hooks/nightly", {"env": "staging"}, absent=anonymous),
        Sent("POST", DISPATCH, {"ref": "develop", "inputs": {"branchDetails": "develop"}}, run),
        Sent("POST", "/hooks/broken", {"env": "staging"}, absent=anonymous),
    ]
    received = s.stub.requests
    assert len(received) == len(expected), [(got.method, got.path) for got in received]
    for want, got in zip(expected, received, strict=True):
        want.verify(got)
