"""Creating jobs from a CSV upload (spec §4.5): the upload's flow, creation and scheduling.

`sheet` reads the file and `rows` checks each row. `read_upload` checks the header and counts
the rows (the row limit of D22) without touching the database. The rest is split at the commit the
spec puts in the middle: `process_upload` reads the rows again one at a time, checks each and
flushes the created jobs (the caller commits them in one transaction), then `finish_upload`
schedules them when this process runs the scheduler and returns the response body. Only the first
BULK_UPLOAD_MAX_ERRORS error entries are kept; `error_count` counts them all (D22).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy.orm import Session

from cronjobs.domain.bulk.rows import RowChecker
from cronjobs.domain.bulk.sheet import CsvSheet, read_sheet
from cronjobs.domain.common.context import Service
from cronjobs.domain.errors import InvalidInput, PayloadTooLarge
from cronjobs.models import Job, User

log = logging.getLogger(__name__)

SCHEDULE_FAILED = "Failed to schedule job"
# Limits of a multipart upload's form, the legacy stack's (Flask's MAX_FORM_MEMORY_SIZE and
# MAX_FORM_PARTS); file parts have no size limit.
MAX_FORM_FIELD_BYTES = 500_000
MAX_FORM_PARTS = 1000
TRUTHY_FLAGS = frozenset({"1", "true", "yes", "y", "on"})


@dataclass(frozen=True, slots=True)
class BulkUpload:
    """What the request carried: the `file` part's stream (None when absent) and form fields.

    The stream is the stack's spooled copy of the part, seekable, open until the request ends.
    """

    source: IO[bytes] | None
    filename: str | None
    default_github_owner: str | None = None
    dry_run: str | None = None


@dataclass(slots=True)
class BulkOutcome:
    """The result of the checks: stats, the first errors and their count, the jobs."""

    dry_run: bool
    stats: dict[str, int]
    max_errors: int
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0
    created: list[Job] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)

    def add_error(self, entry: dict[str, Any]) -> None:
        """Count an error; list it only while fewer than `max_errors` are listed."""
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append(entry)

    def body(self) -> dict[str, Any]:
        """Render the 200 body of a dry run or of a real run."""
        if self.dry_run:
            message, jobs = "CSV validated successfully", self.preview
        else:
            message = "Bulk upload processed"
            jobs = [
                {"id": job.id, "name": job.name, "is_active": job.is_active} for job in self.created
            ]
        return {
            "message": message,
            "dry_run": self.dry_run,
            "stats": self.stats,
            "created_count": len(jobs),
            "error_count": self.error_count,
            "errors": self.errors,
            "jobs": jobs,
        }


def form_too_large() -> PayloadTooLarge:
    """Return the 413 of a form over the limits, worded as the legacy stack's."""
    return PayloadTooLarge(
        "Request Entity Too Large", "The data value transmitted exceeds the capacity limit."
    )


def is_truthy_flag(value: str | None) -> bool:
    """Tell whether a form flag such as `dry_run` is on."""
    return (value or "").strip().lower() in TRUTHY_FLAGS


def _require_file(upload: BulkUpload) -> IO[bytes]:
    if upload.source is None:
        raise InvalidInput("Missing file", 'Upload a CSV file using form field "file".')
    if not upload.filename:
        raise InvalidInput("Missing file", "No file selected.")
    return upload.source


def read_upload(service: Service, upload: BulkUpload) -> CsvSheet:
    """Check the CSV's header and count its rows; no database, so it may run in a worker thread."""
    return read_sheet(
        _require_file(upload),
        max_rows=service.settings.bulk_upload_max_rows,
        expose_details=service.expose_details,
    )


def process_upload(
    session: Session, service: Service, user: User, upload: BulkUpload, sheet: CsvSheet
) -> BulkOutcome:
    """Check every row of the CSV; unless it is a dry run, add and flush the valid jobs."""
    default_owner = (upload.default_github_owner or "").strip() or service.default_github_owner()
    checker = RowChecker(session, service, default_owner)
    dry_run = is_truthy_flag(upload.dry_run)
    outcome = BulkOutcome(dry_run, sheet.stats, service.settings.bulk_upload_max_errors)
    for number, row in enumerate(sheet.rows(), start=2):
        result = checker.check(number, row)
        if isinstance(result, dict):
            outcome.add_error(result)
        elif outcome.dry_run:
            outcome.preview.append(
                {
                    "name": result.name,
                    "is_active": result.is_active,
                    "cron_expression": result.cron_expression,
                    "end_date": row.end_date,
                    "pic_team": result.pic_team,
                }
            )
        else:
            result.created_by = user.id
            outcome.created.append(result)
    session.add_all(outcome.created)
    session.flush()
    return outcome


def finish_upload(session: Session, service: Service, outcome: BulkOutcome) -> dict[str, Any]:
    """After the commit, schedule each active created job here if this process runs the scheduler.

    A job that cannot be scheduled is marked inactive (flushed, for the caller to commit) and
    reported; it still counts as created.
    """
    if not outcome.dry_run and service.scheduler.running:
        for job in outcome.created:
            if not job.is_active:
                continue
            try:
                service.scheduler.schedule(job.id)
            except Exception as exc:
                log.exception("scheduling bulk-uploaded job %s failed", job.id)
                job.is_active = False
                message = str(exc) if service.expose_details else ""
                outcome.add_error(
                    {
                        "job_name": job.name,
                        "error": SCHEDULE_FAILED,
                        "message": message or SCHEDULE_FAILED,
                    }
                )
        session.flush()
    return outcome.body()
