"""Bulk-upload cases (spec §4.5) on an app started differently: hidden details, a scheduler, env.

They run through `app_variants.AppCase`: `settings` overrides, a `RecordingScheduler` (which
reads each job's committed row when asked to schedule it, so the calls also prove the commit came
first), and environment variables set after startup (read at request time, §7.1). The cases on
small limits (D22) are in `bulk/limits.py` and join these.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.app_variants import AppCase
from tests_support.cases.bulk.export import export_jobs, export_real_run
from tests_support.cases.bulk.limits import LIMIT_APP_CASES
from tests_support.cases.bulk.requests import NO_END_DATE, PAST_END_DATE, fails
from tests_support.kit.case import ANY_ID, Check, Reply
from tests_support.kit.schedulers import SCHEDULER_DOWN, SchedulerPlan
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.bulk import (
    UNCHANGED,
    entry,
    preview,
    processed,
    refuse_insert_of,
    row,
    sheet,
    stats,
    stored,
    upload,
    validated,
)

HIDDEN = {"expose_error_details": False}
INVALID_CSV = {"error": "Invalid CSV", "message": "Invalid CSV"}
MIXED_SHEET = sheet(
    {"Job Name": "First"},
    {"Job Name": "Second"},
    {"Job Name": "Paused", "Status": "Disable"},
    {"Job Name": "Broken", "End Date": ""},
)
MIXED_STATS = stats(7, 4)
BROKEN = entry(5, "Missing required fields", NO_END_DATE, "Broken")
BOTH_SCHEDULED = (("schedule", ANY_ID, "First"), ("schedule", ANY_ID, "Second"))
FAILING = frozenset({"schedule"})
ALL_CREATED = [("First", True), ("Second", True), ("Paused", False)]
ALL_DISABLED = [("First", False), ("Second", False), ("Paused", False)]
HIDDEN_FAILURE = "Failed to schedule job"
EXPORT_SCHEDULED = tuple(
    ("schedule", ANY_ID, job["name"]) for job in export_jobs() if job["is_active"]
)


def on_app(name: str, data: str | bytes, **fields: Any) -> Any:
    """A real-run upload on an app started as the case says."""
    return upload(name, data, kind=AppCase, status=200, **fields)


def refused(name: str, message: str = SCHEDULER_DOWN) -> dict[str, str]:
    """The scheduling error entry of a job the scheduler refused."""
    return {"job_name": name, "error": "Failed to schedule job", "message": message}


def active(**names: bool) -> Check:
    """Each named job is stored active or inactive."""

    def check(world: World, reply: Reply) -> None:
        for name, value in names.items():
            stored(name, is_active=value)(world, reply)

    return check


HIDDEN_DETAIL_CASES = [
    fails("hidden_empty_file", b"", 400, INVALID_CSV, kind=AppCase, settings=HIDDEN),
    fails("hidden_no_usable_header", ",\n", 400, INVALID_CSV, kind=AppCase, settings=HIDDEN),
    row(
        "hidden_end_date_unparsable",
        {"End Date": "soon"},
        entry(2, "Invalid end_date", "Invalid end_date"),
        kind=AppCase,
        settings=HIDDEN,
    ),
    row(
        "hidden_request_body_not_json",
        {"Request Body": "{"},
        entry(2, "Invalid JSON in Request Body", "Invalid JSON in Request Body"),
        kind=AppCase,
        settings=HIDDEN,
    ),
    row(
        "hidden_past_end_date_keeps_its_message",
        {"End Date": "2000-01-01"},
        entry(2, "Invalid end_date", PAST_END_DATE),
        kind=AppCase,
        settings=HIDDEN,
    ),
    upload(
        "hidden_crash",
        sheet({}),
        kind=AppCase,
        settings=HIDDEN,
        setup=refuse_insert_of("Nightly smoke"),
        status=500,
        body={"error": "Internal server error", "message": "Internal server error"},
        check=UNCHANGED,
    ),
]

SCHEDULING_CASES = [
    on_app(
        "scheduler_gets_each_active_created_job_after_commit",
        MIXED_SHEET,
        scheduler=SchedulerPlan(calls=BOTH_SCHEDULED),
        body=processed(
            MIXED_STATS, [("First", True), ("Second", True), ("Paused", False)], [BROKEN]
        ),
    ),
    on_app(
        "unschedulable_jobs_are_disabled_reported_and_still_created",
        MIXED_SHEET,
        scheduler=SchedulerPlan(failing=FAILING, calls=BOTH_SCHEDULED),
        body=processed(
            MIXED_STATS,
            ALL_DISABLED,
            [BROKEN, refused("First"), refused("Second")],
        ),
        check=active(First=False, Second=False, Paused=False),
    ),
    on_app(
        "scheduling_error_message_hidden",
        MIXED_SHEET,
        settings=HIDDEN,
        scheduler=SchedulerPlan(failing=FAILING, calls=BOTH_SCHEDULED),
        body=processed(
            MIXED_STATS,
            ALL_DISABLED,
            [
                BROKEN,
                refused("First", "Failed to schedule job"),
                refused("Second", "Failed to schedule job"),
            ],
        ),
    ),
    on_app(
        "dry_run_schedules_nothing",
        MIXED_SHEET,
        dry_run="on",
        scheduler=SchedulerPlan(failing=FAILING),
        check=UNCHANGED,
    ),
    on_app(
        "standby_process_leaves_jobs_to_the_lease_holder",
        MIXED_SHEET,
        scheduler=SchedulerPlan(running=False, failing=FAILING),
        body=processed(
            MIXED_STATS, [("First", True), ("Second", True), ("Paused", False)], [BROKEN]
        ),
        check=active(First=True, Second=True),
    ),
    export_real_run(
        "export_jobs_scheduled_in_row_order",
        kind=AppCase,
        scheduler=SchedulerPlan(
            calls=tuple(
                ("schedule", ANY_ID, job["name"]) for job in export_jobs() if job["is_active"]
            )
        ),
    ),
]

ENVIRONMENT_CASES = [
    on_app(
        "blank_form_owner_falls_back_to_the_environment",
        sheet({"Repo": "web"}),
        owner="  ",
        environ={"DEFAULT_GITHUB_OWNER": "  env-owner  "},
        body=processed(stats(6, 1), [("Nightly smoke", True)]),
        check=stored("Nightly smoke", github_owner="env-owner", github_repo="web"),
    ),
    on_app(
        "form_owner_beats_the_environment",
        sheet({"Repo": "web"}),
        owner="form-owner",
        environ={"DEFAULT_GITHUB_OWNER": "env-owner"},
        body=processed(stats(6, 1), [("Nightly smoke", True)]),
        check=stored("Nightly smoke", github_owner="form-owner"),
    ),
    on_app(
        "environment_owner_in_a_dry_run",
        sheet({"Repo": "web"}),
        dry_run="yes",
        environ={"DEFAULT_GITHUB_OWNER": "env-owner"},
        body=validated(stats(6, 1), [preview()]),
        check=UNCHANGED,
    ),
]

BULK_APP_CASES = HIDDEN_DETAIL_CASES + SCHEDULING_CASES + ENVIRONMENT_CASES + LIMIT_APP_CASES
