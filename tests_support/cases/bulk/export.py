"""The realistic export (`test/data/bulk_jobs.csv`, spec §4.5): what it must produce, and cases.

The generator next to the file declares each line with the job or the error entry it must
produce; these helpers turn that into the exact bodies and the stored rows to expect.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from cronjobs.models import Job
from tests_support.kit.case import Check, Reply
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.bulk import (
    EXPORT,
    EXPORT_BYTES,
    UNCHANGED,
    crashed,
    entry,
    processed,
    refuse_insert_of,
    stats,
    upload,
    validated,
)


def export_errors(*, default_owner: bool = True) -> list[dict[str, Any]]:
    """The export's row errors in row order; without a default owner, owner-less rows fail."""
    errors = []
    for number, line in EXPORT.numbered():
        if line.error is not None:
            errors.append({"row": number, **line.error})
        elif line.owner_from_default and not default_owner:
            errors.append(
                entry(
                    number,
                    "Missing GitHub owner",
                    'Provide "github_owner" column or default_github_owner.',
                    line.job["name"],
                )
            )
    return errors


def export_jobs(*, default_owner: bool = True) -> list[dict[str, Any]]:
    """The stored fields of the jobs the export creates, in row order."""
    return [
        line.job
        for _, line in EXPORT.numbered()
        if line.job is not None and (default_owner or not line.owner_from_default)
    ]


EXPORT_STATS = stats(len(EXPORT.HEADER), len(EXPORT.lines()), 1, len(EXPORT.BLANK_LINES))


def _declared_fields(job: Job) -> dict[str, Any]:
    """The stored fields the generator declares for each good line."""
    return {
        "name": job.name,
        "cron_expression": job.cron_expression,
        "is_active": job.is_active,
        "end_date": job.end_date.isoformat() if job.end_date else None,
        "pic_team": job.pic_team,
        "github_owner": job.github_owner,
        "github_repo": job.github_repo,
        "github_workflow_name": job.github_workflow_name,
        "metadata": json.loads(job.job_metadata) if job.job_metadata else {},
    }


def export_stored(creator: str) -> Check:
    """Every job of the export is stored exactly as declared, created by the `creator` key."""

    def check(world: World, _reply: Reply) -> None:
        with world.session() as session:
            jobs = list(session.scalars(select(Job).where(Job.name != EXPORT.EXISTING_JOB)))
        assert sorted(
            (_declared_fields(job) for job in jobs), key=lambda job: job["name"]
        ) == sorted(export_jobs(), key=lambda job: job["name"])
        for job in jobs:
            assert (job.target_url, job.category, job.created_by) == (
                None,
                "general",
                world.ids[creator],
            )
            assert not job.enable_email_notifications and not job.notify_on_success
            assert job.notification_emails is None

    return check


EXPORT_NAME = "Cron jobs - export (2026-04).csv"


def export_previews(*, default_owner: bool = True) -> list[dict[str, Any]]:
    """The dry-run job entries of the export."""
    keys = ("name", "is_active", "cron_expression", "end_date", "pic_team")
    return [{key: job[key] for key in keys} for job in export_jobs(default_owner=default_owner)]


def export_real_run(name: str, **fields: Any) -> Any:
    """A real run of the export by a user, with the default owner: exact body and stored rows."""
    jobs = [(job["name"], job["is_active"]) for job in export_jobs()]
    return upload(
        name,
        EXPORT_BYTES,
        owner=EXPORT.DEFAULT_OWNER,
        filename=EXPORT_NAME,
        actor="user",
        status=200,
        body=processed(EXPORT_STATS, jobs, export_errors()),
        check=export_stored("user"),
        **fields,
    )


EXPORT_CASES = [
    export_real_run("export_created_by_a_user"),
    upload(
        "export_dry_run",
        EXPORT_BYTES,
        dry_run="yes",
        owner=EXPORT.DEFAULT_OWNER,
        filename=EXPORT_NAME,
        status=200,
        body=validated(EXPORT_STATS, export_previews(), export_errors()),
        check=UNCHANGED,
    ),
    upload(
        "export_dry_run_without_default_owner",
        EXPORT_BYTES,
        dry_run="yes",
        filename=EXPORT_NAME,
        status=200,
        body=validated(
            EXPORT_STATS, export_previews(default_owner=False), export_errors(default_owner=False)
        ),
        check=UNCHANGED,
    ),
    upload(
        "export_crash_midway_stores_nothing",
        EXPORT_BYTES,
        owner=EXPORT.DEFAULT_OWNER,
        setup=refuse_insert_of(export_jobs()[len(export_jobs()) // 2]["name"]),
        status=500,
        check=crashed,
    ),
]
