"""`POST /jobs/<job_id>/execute` (spec §4.4): access, expiry and D6, plus the shared helpers.

The body rules are in `execute_body_cases.py`, the overrides in `execute_override_cases.py`, and
what the run sends and records in `run_outcome_cases.py` and `github_run_cases.py`.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.runs.checks import (
    Sent,
    checks,
    execution,
    job_active,
    no_execution,
    no_notification,
    sent,
    unscheduled,
)
from tests_support.kit.case import Case
from tests_support.kit.contract import NO_HEADER
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import MISSING_ID
from tests_support.kit.worlds.runs import (
    DISPATCH,
    JOB_ID,
    WEBHOOK,
    answer,
    expired,
    github_job,
    scheduler_stopped,
    setups,
    stub_url,
    tokyo_today,
    webhook_job,
)

EXECUTE = "/jobs/{job}/execute"
TRIGGERED = {"message": "Job triggered successfully", "job_id": JOB_ID}
ROLE_REQUIRED = {
    "error": "Insufficient permissions",
    "message": "This endpoint requires one of the following roles: admin, user",
}
NOT_OWNER = {"error": "Insufficient permissions", "message": "You can only execute your own jobs"}
JOB_NOT_FOUND = {"error": "Job not found", "message": f"No job found with ID: {MISSING_ID}"}
EXPIRED = {
    "error": "Job expired",
    "message": "This job has passed its end_date and was auto-paused.",
}
INACTIVE = {"error": "Job is inactive", "message": "Enable the job before running it."}
METADATA_NOT_OBJECT = {"error": "Invalid payload", "message": '"metadata" must be a JSON object.'}
BAD_DISPATCH = {
    "error": "Invalid payload",
    "message": "Invalid dispatch URL format. "
    "Expected /<owner>/<repo>/actions/workflows/<workflow>.",
}
NO_TARGET = {
    "error": "Missing target configuration",
    "message": "Job has no valid target configuration to execute.",
}
STRING_FIELDS = (
    "github_token",
    "dispatch_url",
    "target_url",
    "github_owner",
    "github_repo",
    "github_workflow_name",
)


def must_be_string(field: str) -> dict[str, str]:
    """Return the D1 body for a field that must be a string."""
    return {"error": "Invalid payload", "message": f'"{field}" must be a string.'}


def execute(name: str, **fields: Any) -> Case:
    """Return an execute case: by default the job's creator runs it and gets the 200."""
    defaults: dict[str, Any] = {"method": "POST", "path": EXECUTE, "actor": "user"}
    defaults |= {"status": 200, "body": TRIGGERED}
    return Case(name=name, **(defaults | fields))


def pong_get(path: str = WEBHOOK) -> Any:
    """The webhook was called once with GET and the run succeeded with its answer."""
    return checks(
        sent(Sent("GET", path)),
        execution(
            status="success",
            execution_type="webhook",
            target=stub_url(path),
            response_status=200,
            error_message=None,
            output="pong",
        ),
    )


def dispatched(path: str = DISPATCH, target: str = "acme/deploy/release", **sent_as: Any) -> Any:
    """The workflow was dispatched once, answered 204, and the run succeeded."""
    return checks(
        sent(Sent("POST", path, json={"ref": "master", "inputs": {}}, **sent_as)),
        execution(
            status="success",
            execution_type="github_actions",
            target=target,
            response_status=204,
            error_message=None,
            output="Workflow triggered successfully on branch master",
        ),
    )


def dispatch_path(owner: str, repo: str, workflow: str) -> str:
    """Return the stub path of a workflow's dispatch endpoint."""
    return f"/repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches"


WEBHOOK_PONG = setups(webhook_job(), answer(WEBHOOK, 200, "pong"))
GITHUB_204 = setups(github_job(), answer(DISPATCH, 204))
NO_RUN = checks(sent(), unchanged)

ACCESS_CASES = [
    execute(
        "no_token_is_401",
        setup=recorded(WEBHOOK_PONG),
        actor=None,
        status=401,
        body=NO_HEADER,
        check=NO_RUN,
    ),
    execute(
        "viewer_is_refused_before_the_job_lookup",
        path="/jobs/{missing}/execute",
        actor="viewer",
        status=403,
        body=ROLE_REQUIRED,
    ),
    execute(
        "viewer_is_refused_on_an_existing_job",
        setup=recorded(WEBHOOK_PONG),
        actor="viewer",
        status=403,
        body=ROLE_REQUIRED,
        check=NO_RUN,
    ),
    execute("unknown_job_is_404", path="/jobs/{missing}/execute", status=404, body=JOB_NOT_FOUND),
    execute(
        "user_cannot_run_another_users_job",
        setup=recorded(webhook_job(owner="other"), answer(WEBHOOK, 200, "pong")),
        status=403,
        body=NOT_OWNER,
        check=NO_RUN,
    ),
    execute(
        "user_cannot_run_a_job_without_creator",
        setup=recorded(webhook_job(owner=None)),
        status=403,
        body=NOT_OWNER,
        check=NO_RUN,
    ),
    execute(
        "ownership_is_checked_before_expiry",
        setup=recorded(webhook_job(owner="other", **expired())),
        status=403,
        body=NOT_OWNER,
        check=NO_RUN,
    ),
    execute("creator_runs_own_job", setup=WEBHOOK_PONG, check=pong_get()),
    execute(
        "admin_runs_another_users_job",
        setup=setups(webhook_job(owner="other"), answer(WEBHOOK, 200, "pong")),
        actor="admin",
        check=pong_get(),
    ),
]

EXPIRY_CASES = [
    execute(
        "expired_active_job_is_paused_unscheduled_and_refused_silently",
        setup=setups(webhook_job(**expired()), answer(WEBHOOK, 200, "pong")),
        status=400,
        body=EXPIRED,
        check=checks(
            sent(),
            no_execution,
            job_active(False),
            unscheduled(JOB_ID),
            no_notification,
        ),
    ),
    execute(
        "expired_job_of_an_admin_is_paused_without_notifications",
        setup=webhook_job(owner="admin", **expired()),
        actor="admin",
        status=400,
        body=EXPIRED,
        check=checks(job_active(False), no_notification),
    ),
    execute(
        "expired_job_is_not_unscheduled_without_a_running_scheduler",
        setup=setups(webhook_job(**expired()), scheduler_stopped),
        status=400,
        body=EXPIRED,
        check=checks(job_active(False), unscheduled()),
    ),
    execute(
        "expired_inactive_job_is_refused_and_left_alone",
        setup=recorded(webhook_job(**expired(is_active=False))),
        status=400,
        body=EXPIRED,
        check=checks(NO_RUN, unscheduled()),
    ),
    execute(
        "expiry_is_checked_before_the_body",
        setup=webhook_job(**expired()),
        raw=b"{not json",
        status=400,
        body=EXPIRED,
        check=job_active(False),
    ),
    execute(
        "job_ending_today_still_runs",
        setup=setups(webhook_job(end_date=tokyo_today()), answer(WEBHOOK, 200, "pong")),
        check=pong_get(),
    ),
    execute(
        "inactive_job_is_409_and_records_nothing",
        setup=recorded(webhook_job(is_active=False), answer(WEBHOOK, 200, "pong")),
        status=409,
        body=INACTIVE,
        check=NO_RUN,
    ),
    execute(
        "inactivity_is_checked_before_the_body",
        setup=recorded(webhook_job(is_active=False)),
        raw=b"{not json",
        status=409,
        body=INACTIVE,
        check=NO_RUN,
    ),
]

EXECUTE_CASES = ACCESS_CASES + EXPIRY_CASES
