"""Job cases that start the app differently (spec §4.2, §6.5, §7.1, §1.3, §1.5).

* Scheduler effects, with a `RecordingScheduler` that reads the committed row on every call:
  create schedules the committed job (and deletes it again on failure), update commits and then
  reschedules (a failure keeps the change), delete unschedules best effort; none of it happens
  when this process does not run the scheduler.
* DEFAULT_GITHUB_OWNER, set only after the app started (read at request time).
* EXPOSE_ERROR_DETAILS=false, and "today" in other scheduler timezones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests_support.cases.app_variants import AppCase
from tests_support.cases.jobs.checks import broadcast, checks, job_row, no_broadcast
from tests_support.cases.jobs.create import BAD_END, MISSING_TARGET, NEW, PAST, created_body
from tests_support.cases.jobs.read import deleted, deletion_announced, listed
from tests_support.cases.jobs.update import EXPIRED
from tests_support.cases.jobs.update import NO_TARGET as UPDATE_NO_TARGET
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP
from tests_support.kit.schedulers import ANYTHING, SCHEDULER_DOWN, SchedulerPlan
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.jobs import (
    JOB,
    add_runs,
    change_job,
    next_tuesday_nine,
    seed_jobs,
    stored_job,
    then,
)

HIDDEN = {"expose_error_details": False}
OWNER = {"DEFAULT_GITHUB_OWNER": "  acme-default "}
RUNNING = SchedulerPlan()
FAILING = frozenset({"schedule"})
ALICE = JOB["alice"]
# 26 hours apart, so their dates always differ: today far east is always after today far west.
FAR_EAST, FAR_WEST = "Etc/GMT-14", "Etc/GMT+12"
WEST_DATE = datetime.now(ZoneInfo(FAR_WEST)).date()
WEST_TODAY = WEST_DATE.isoformat()
SCHEDULE_FAILED = {"error": "Failed to schedule job", "message": SCHEDULER_DOWN}
UPDATE_FAILED = {"error": "Failed to update scheduler", "message": SCHEDULER_DOWN}


def app_case(name: str, method: str, path: str, **fields: Any) -> AppCase:
    """A job case on an app started with the case's settings, environment and scheduler."""
    fields.setdefault("setup", seed_jobs)
    return AppCase(name=name, method=method, path=path, **fields)


def announced(title: str, verb: str, kind: str, name: str, job: str) -> Any:
    """One broadcast about the admin's change."""
    return broadcast(title, f'Job "{name}" was {verb} by admin@example.com.', kind, job)


def updated(key: str, **changes: Any) -> Any:
    """The update success body."""
    return lambda w: {
        "message": "Job updated successfully",
        "job": stored_job(w, key, updated_at=ANY_TIMESTAMP, **changes),
    }


SCHEDULER_CASES = [
    app_case("create_schedules_the_committed_job", "POST", "/jobs", json=NEW,
             scheduler=SchedulerPlan(calls=(("schedule", ANY_ID, "nightly"),)),
             status=201, body=created_body(),
             check=announced("New Job Created", "created", "info", "nightly", "new")),
    app_case("create_deletes_the_job_again_when_scheduling_fails", "POST", "/jobs", json=NEW,
             scheduler=SchedulerPlan(failing=FAILING, calls=(("schedule", ANY_ID, "nightly"),)),
             setup=recorded(seed_jobs), status=500, body=SCHEDULE_FAILED, check=unchanged),
    app_case("create_hides_the_scheduler_error", "POST", "/jobs", json=NEW, settings=HIDDEN,
             scheduler=SchedulerPlan(failing=FAILING, calls=(("schedule", ANY_ID, "nightly"),)),
             setup=recorded(seed_jobs), status=500,
             body={"error": "Failed to schedule job", "message": "Failed to schedule job"},
             check=unchanged),
    app_case("create_leaves_scheduling_to_the_lease_holder", "POST", "/jobs", json=NEW,
             scheduler=SchedulerPlan(running=False, failing=FAILING), status=201,
             body=created_body()),
    app_case("update_reschedules_after_committing", "PUT", f"/jobs/{ALICE}",
             json={"name": "renamed"},
             scheduler=SchedulerPlan(calls=(("unschedule", ALICE, "renamed"),
                                            ("schedule", ALICE, "renamed"))),
             status=200, body=updated("alice", name="renamed"),
             check=announced("Job Updated", "updated", "info", "renamed", "alice")),
    app_case("update_only_unschedules_a_disabled_job", "PUT", f"/jobs/{ALICE}",
             json={"is_active": False},
             scheduler=SchedulerPlan(calls=(("unschedule", ALICE, "alice-webhook"),)),
             status=200, body=updated("alice", is_active=False),
             check=announced("Job Disabled", "disabled", "warning", "alice-webhook", "alice")),
    app_case("update_keeps_the_change_when_rescheduling_fails", "PUT", f"/jobs/{ALICE}",
             json={"name": "renamed"},
             scheduler=SchedulerPlan(failing=FAILING, calls=(("unschedule", ALICE, "renamed"),
                                                             ("schedule", ALICE, "renamed"))),
             status=500, body=UPDATE_FAILED,
             check=checks(job_row("alice", name="renamed"), no_broadcast)),
    app_case("update_fails_when_unscheduling_fails", "PUT", f"/jobs/{ALICE}", json={},
             scheduler=SchedulerPlan(failing=frozenset({"unschedule"}),
                                     calls=(("unschedule", ALICE, "alice-webhook"),)),
             status=500, body=UPDATE_FAILED, check=no_broadcast),
    app_case("update_hides_the_scheduler_error", "PUT", f"/jobs/{ALICE}", json={},
             settings=HIDDEN, scheduler=SchedulerPlan(failing=FAILING, calls=(
                 ("unschedule", ALICE, "alice-webhook"), ("schedule", ALICE, "alice-webhook"))),
             status=500,
             body={"error": "Failed to update scheduler", "message": "Failed to update scheduler"}),
    app_case("update_leaves_scheduling_to_the_lease_holder", "PUT", f"/jobs/{ALICE}", json={},
             scheduler=SchedulerPlan(running=False, failing=FAILING), status=200,
             body=updated("alice")),
    app_case("delete_unschedules_the_job", "DELETE", f"/jobs/{ALICE}",
             scheduler=SchedulerPlan(calls=(("unschedule", ALICE, ANYTHING),)),
             setup=then(seed_jobs, add_runs), status=200, body=deleted("alice"),
             check=deletion_announced("alice", "admin")),
    app_case("delete_succeeds_when_unscheduling_fails", "DELETE", f"/jobs/{ALICE}",
             scheduler=SchedulerPlan(failing=frozenset({"unschedule"}),
                                     calls=(("unschedule", ALICE, ANYTHING),)),
             status=200, body=deleted("alice"), check=deletion_announced("alice", "admin")),
    app_case("delete_leaves_scheduling_to_the_lease_holder", "DELETE", f"/jobs/{ALICE}",
             scheduler=SchedulerPlan(running=False, failing=frozenset({"unschedule"})),
             status=200, body=deleted("alice")),
]  # fmt: skip

GITHUB_ONLY = {key: value for key, value in NEW.items() if key != "target_url"} | {
    "github_repo": "deploy",
    "github_workflow_name": "ci.yml",
}

OWNER_CASES = [
    app_case("create_fills_the_default_owner_read_at_request_time", "POST", "/jobs",
             json=GITHUB_ONLY, environ=OWNER, status=201,
             body=created_body(target_url=None, github_owner="acme-default",
                               github_repo="deploy", github_workflow_name="ci.yml")),
    app_case("create_keeps_a_given_owner", "POST", "/jobs",
             json=GITHUB_ONLY | {"github_owner": "acme"}, environ=OWNER, status=201,
             body=created_body(target_url=None, github_owner="acme", github_repo="deploy",
                               github_workflow_name="ci.yml")),
    app_case("create_fills_no_owner_beside_a_target_url", "POST", "/jobs",
             json=GITHUB_ONLY | {"target_url": "https://x.test"}, environ=OWNER, status=201,
             body=created_body(target_url="https://x.test", github_repo="deploy",
                               github_workflow_name="ci.yml")),
    app_case("create_treats_a_blank_default_owner_as_none", "POST", "/jobs", json=GITHUB_ONLY,
             environ={"DEFAULT_GITHUB_OWNER": "   "}, setup=recorded(seed_jobs), status=400,
             body=MISSING_TARGET, check=unchanged),
    app_case("update_fills_the_default_owner", "PUT", f"/jobs/{ALICE}",
             json={"target_url": "", "github_repo": "deploy", "github_workflow_name": "ci.yml"},
             environ=OWNER, status=200,
             body=updated("alice", target_url=None, github_owner="acme-default",
                          github_repo="deploy", github_workflow_name="ci.yml")),
    app_case("update_fills_a_cleared_owner", "PUT", f"/jobs/{JOB['github']}",
             json={"github_owner": " "}, environ=OWNER, status=200,
             body=updated("github", github_owner="acme-default")),
    app_case("update_without_default_owner_needs_an_owner", "PUT", f"/jobs/{JOB['github']}",
             json={"github_owner": " "}, environ={"DEFAULT_GITHUB_OWNER": ""},
             setup=recorded(seed_jobs), status=400, body=UPDATE_NO_TARGET, check=unchanged),
]  # fmt: skip

SETTINGS_CASES = [
    app_case("create_hides_end_date_details", "POST", "/jobs",
             json=NEW | {"end_date": "soon"}, settings=HIDDEN, setup=recorded(seed_jobs),
             status=400, body={"error": "Invalid end_date", "message": "Invalid end_date"},
             check=unchanged),
    app_case("create_shows_end_date_details_by_default", "POST", "/jobs",
             json=NEW | {"end_date": "soon"}, setup=recorded(seed_jobs), status=400,
             body=BAD_END, check=unchanged),
    app_case("create_keeps_the_past_end_date_message_when_hidden", "POST", "/jobs",
             json=NEW | {"end_date": "2000-01-01"}, settings=HIDDEN, setup=recorded(seed_jobs),
             status=400, body=PAST, check=unchanged),
    app_case("update_hides_end_date_details", "PUT", f"/jobs/{ALICE}",
             json={"end_date": "2099/01/01"}, settings=HIDDEN, setup=recorded(seed_jobs),
             status=400, body={"error": "Invalid end_date", "message": "Invalid end_date"},
             check=unchanged),
    app_case("end_date_today_is_the_scheduler_timezones_today", "POST", "/jobs",
             json=NEW | {"end_date": WEST_TODAY}, settings={"scheduler_timezone": FAR_WEST},
             status=201, body=created_body(end_date=WEST_TODAY)),
    app_case("end_date_before_today_in_the_scheduler_timezone_is_past", "POST", "/jobs",
             json=NEW | {"end_date": WEST_TODAY}, settings={"scheduler_timezone": FAR_EAST},
             setup=recorded(seed_jobs), status=400, body=PAST, check=unchanged),
    app_case("job_expired_uses_the_scheduler_timezone", "PUT", f"/jobs/{ALICE}", json={},
             settings={"scheduler_timezone": FAR_EAST},
             setup=recorded(seed_jobs, change_job("alice", end_date=WEST_DATE)),
             status=400, body=EXPIRED, check=unchanged),
    app_case("next_run_uses_the_scheduler_timezone", "GET", f"/jobs/{JOB['github']}",
             settings={"scheduler_timezone": "UTC"}, status=200,
             body=lambda w: {"job": listed(w, "github") | {
                 "next_execution_at": next_tuesday_nine(ZoneInfo("UTC"))}}),
]  # fmt: skip

APP_CASES: list[AppCase] = SCHEDULER_CASES + OWNER_CASES + SETTINGS_CASES
