"""`POST /jobs/<job_id>/execute` (spec §4.4): checks, overrides, then one run through the executor.

The endpoint is two calls with a commit between them, in this order on both stacks:

1. `prepare_manual_run(session, …)` runs the validation order on the request's session. It raises
   the endpoint's errors, except for an expired job: that one is paused (flushed, nobody is
   notified) and reported in the returned `ManualRun`, because §4.4 step 3 keeps the pause
   although the answer is a 400.
2. The stack commits the request's session. This stores the pause, and ends the request's
   transaction before the run opens its own on the same database (§6.4 step 3, A16).
3. `perform_manual_run(run, …)` answers the expired job's 400 (after unscheduling it), or runs the
   job synchronously and returns the 200 body whatever the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from cronjobs.domain.common.body import (
    RequestBody,
    is_json_media_type,
    not_an_object,
    nullable_string,
    trimmed_text,
)
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import Conflict, InvalidInput
from cronjobs.domain.jobs.expiry import is_expired, pause_expired
from cronjobs.domain.jobs.lookup import get_modifiable_job
from cronjobs.domain.jobs.schedule import unschedule_quietly
from cronjobs.domain.runs.config import RunOverrides, run_config
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.models import Job, User

STRING_FIELDS = (
    "github_token",
    "dispatch_url",
    "target_url",
    "github_owner",
    "github_repo",
    "github_workflow_name",
)
BAD_DISPATCH_URL = (
    "Invalid dispatch URL format. Expected /<owner>/<repo>/actions/workflows/<workflow>."
)


@dataclass(frozen=True, slots=True)
class ManualRun:
    """A checked manual run: its overrides, or the news that the job has expired."""

    job_id: str
    overrides: RunOverrides = field(default_factory=RunOverrides)
    expired: bool = False
    paused: bool = False


def parse_dispatch_url(value: str) -> tuple[str, str, str] | None:
    """Read owner, repo and workflow from `/<owner>/<repo>/actions/workflows/<workflow>[/…]`."""
    url = value if "://" in value else f"https://{value}"
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 5 or parts[2] != "actions" or parts[3] != "workflows":
        return None
    return parts[0], parts[1], parts[4]


def _payload(body: RequestBody) -> dict[str, Any]:
    """Read the optional body (step 5): only a non-empty JSON body counts; `null` means `{}`."""
    if not is_json_media_type(body.content_type) or not body.data:
        return {}
    value = body.parse()
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise not_an_object()
    return value


def _text(payload: dict[str, Any], name: str) -> str | None:
    """Return a string override trimmed; absent, null or blank means "keep the job's value"."""
    return trimmed_text(payload, name) or None


def _overrides(job: Job, payload: dict[str, Any], service: Service) -> RunOverrides:
    """Steps 6–8: check the body and keep the overrides the job's kind honours."""
    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidInput("Invalid payload", '"metadata" must be a JSON object.')
    for name in STRING_FIELDS:
        nullable_string(payload, name)
    if job.target_url:
        # A webhook job (even one that also has a GitHub triple) honours only `target_url`.
        return RunOverrides(target_url=_text(payload, "target_url"), metadata=metadata)
    owner = repo = workflow = None
    dispatch = _text(payload, "dispatch_url")
    if dispatch is not None:
        parsed = parse_dispatch_url(dispatch)
        if parsed is None:
            message = BAD_DISPATCH_URL if service.expose_details else "Invalid payload"
            raise InvalidInput("Invalid payload", message)
        owner, repo, workflow = parsed
    return RunOverrides(
        github_owner=_text(payload, "github_owner") or owner,
        github_repo=_text(payload, "github_repo") or repo,
        github_workflow_name=_text(payload, "github_workflow_name") or workflow,
        github_token=_text(payload, "github_token"),
        metadata=metadata,
    )


def prepare_manual_run(
    session: Session, service: Service, user: User, job_id: str, body: RequestBody
) -> ManualRun:
    """Run the validation order of §4.4; pause an expired job instead of failing (see above)."""
    job = get_modifiable_job(session, user, job_id, action="execute")
    if is_expired(job.end_date, service.today()):
        paused = job.is_active
        if paused:
            # Only the executor's run guard notifies (§6.6); execute answers the caller instead.
            pause_expired(session, job, notify=False)
        return ManualRun(job.id, expired=True, paused=paused)
    if not job.is_active:
        raise Conflict("Job is inactive", "Enable the job before running it.")
    overrides = _overrides(job, _payload(body), service)
    if run_config(job, overrides).mode is None:
        raise InvalidInput(
            "Missing target configuration", "Job has no valid target configuration to execute."
        )
    return ManualRun(job.id, overrides)


def perform_manual_run(run: ManualRun, service: Service, runner: JobRunner) -> dict[str, Any]:
    """Answer an expired job's 400, or run the job (no e-mail) and return the 200 body."""
    if run.expired:
        if run.paused:
            unschedule_quietly(service, run.job_id, reason="auto-paused")
        raise InvalidInput("Job expired", "This job has passed its end_date and was auto-paused.")
    runner.run(run.job_id, "manual", overrides=run.overrides, send_email=False)
    return {"message": "Job triggered successfully", "job_id": run.job_id}
