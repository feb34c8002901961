"""The per-row checks of a bulk upload (spec §4.5, checks 1–13): each row, a job or an error."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cronjobs.domain.bulk.sheet import CsvRow, is_inactive
from cronjobs.domain.catalog.resolution import category_problem, pic_team_problem
from cronjobs.domain.common.body import loads_json
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import over_long
from cronjobs.domain.errors import InvalidInput
from cronjobs.domain.jobs.cron import cron_problem
from cronjobs.domain.jobs.fields import checked_end_date, name_taken
from cronjobs.models import Job

BAD_REQUEST_BODY = "Invalid JSON in Request Body"


class _Rejected(Exception):
    """A row failed a check: the error entry, short of its row number and name."""

    def __init__(self, error: str, message: str | None = None, *, named: bool = True) -> None:
        super().__init__(error)
        self.error = error
        self.message = message
        self.named = named

    def entry(self, number: int, name: str) -> dict[str, Any]:
        """Return the row's error entry; `job_name` is null for a row without a name."""
        found: dict[str, Any] = {"row": number}
        if self.named:
            found["job_name"] = name or None
        found["error"] = self.error
        if self.message is not None:
            found["message"] = self.message
        return found


class RowChecker:
    """Runs checks 1–13 on each row, remembering the names this file has used so far."""

    def __init__(self, session: Session, service: Service, default_owner: str) -> None:
        self.session = session
        self.service = service
        self.zone = service.zone
        self.today = service.today()
        self.expose = service.expose_details
        self.default_owner = default_owner
        self.used_names: set[str] = set()
        # Rows of one file repeat the same few categories and teams: resolve each text once.
        self.categories: dict[str, tuple[str, str | None]] = {}
        self.teams: dict[str, tuple[str | None, str | None]] = {}

    def check(self, number: int, row: CsvRow) -> Job | dict[str, Any]:
        """Return the job a row describes (not yet added), or the row's error entry."""
        try:
            return self._job(row)
        except _Rejected as rejected:
            return rejected.entry(number, row.name)

    def _job(self, row: CsvRow) -> Job:
        # Checks 1–13 in the spec's order; each step raises `_Rejected` for the row's entry.
        category = self._category(row.category)
        end_date = self._end_date(row.end_date)
        pic_team = self._pic_team(row.pic_team)
        self._claim_name(row)
        cron_error = cron_problem(row.cron, self.zone)
        if cron_error is not None:
            raise _Rejected("Invalid cron expression", cron_error)
        metadata = self._metadata(row)
        owner, repo, workflow = self._github(row)
        job = Job(
            name=row.name,
            cron_expression=row.cron,
            target_url=row.target_url or None,
            github_owner=owner,
            github_repo=repo,
            github_workflow_name=workflow,
            job_metadata=json.dumps(metadata) if metadata else None,
            category=category,
            end_date=end_date,
            pic_team=pic_team,
            enable_email_notifications=False,
            notification_emails=None,
            notify_on_success=False,
            is_active=not is_inactive(row.status),
        )
        # A value longer than its column fails its own row, as the other checks do, rather than
        # the whole file when the jobs are flushed (and a dry run, which flushes none, says so).
        problem = over_long(job)
        if problem is not None:
            raise _Rejected(problem.label, problem.message)
        return job

    def _category(self, text: str) -> str:
        if text not in self.categories:
            self.categories[text] = category_problem(self.session, text)
        slug, problem = self.categories[text]
        if problem is not None:
            raise _Rejected("Invalid category", problem)
        return slug

    def _end_date(self, text: str) -> date:
        missing = InvalidInput("Missing required fields", "end_date (YYYY-MM-DD) is required.")
        try:
            return checked_end_date(text, self.service, missing=missing, today=self.today)
        except InvalidInput as invalid:
            raise _Rejected(invalid.label, invalid.message) from None

    def _pic_team(self, text: str) -> str | None:
        if text not in self.teams:
            self.teams[text] = pic_team_problem(self.session, text)
        slug, problem = self.teams[text]
        if problem is not None:
            raise _Rejected("Invalid PIC team", problem)
        return slug

    def _claim_name(self, row: CsvRow) -> None:
        if not row.name or not row.cron:
            message = "name and cron_expression are required."
            raise _Rejected("Missing required fields", message, named=False)
        # The name counts as used from here on, even if the row fails a later check.
        if row.name in self.used_names:
            raise _Rejected("Duplicate job name in CSV")
        self.used_names.add(row.name)
        if name_taken(self.session, row.name):
            message = f'A job with the name "{row.name}" already exists.'
            raise _Rejected("Duplicate job name", message)

    def _metadata(self, row: CsvRow) -> dict[str, Any]:
        metadata: dict[str, Any] = {}
        if row.request_body:
            try:
                # The rule of JSON bodies: NaN, Infinity and lone surrogates are not JSON (D1).
                parsed = loads_json(row.request_body)
            except (ValueError, RecursionError) as exc:
                message = str(exc) if self.expose else BAD_REQUEST_BODY
                raise _Rejected(BAD_REQUEST_BODY, message) from None
            if not isinstance(parsed, dict):
                raise _Rejected("Invalid Request Body", "Request Body must be a JSON object.")
            metadata = parsed
        if row.branch and "branchDetails" not in metadata:
            metadata["branchDetails"] = row.branch
        return metadata

    def _github(self, row: CsvRow) -> tuple[str | None, str | None, str | None]:
        """Return owner, repo and workflow; all null for a webhook row."""
        owner, repo, workflow = row.owner, row.repo, row.workflow
        parts = [part.strip() for part in repo.split("/")]
        if len(parts) == 2 and all(parts):
            owner, repo = parts
        owner = owner or self.default_owner
        if row.target_url:
            return None, None, None
        if not owner and (repo or workflow):
            raise _Rejected(
                "Missing GitHub owner", 'Provide "github_owner" column or default_github_owner.'
            )
        if not (owner and repo and workflow):
            raise _Rejected(
                "Missing target configuration",
                "Provide target_url or GitHub config "
                "(github_owner, github_repo, github_workflow_name).",
            )
        return owner, repo, workflow
