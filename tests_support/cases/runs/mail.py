"""The e-mail of scheduled runs as the spec writes it (§6.4 e-mail columns, §6.7), for tests.

`report` builds the `RunReport` of one outcome with the values a real run records. The e-mail
cells of the outcome table are transcribed word for word in `EMAIL_CELLS` and read by
`expected_mail`, so the table test follows the spec's text rather than the code under test.
`check_mail` asserts one delivered mail against the lines §6.7 lists.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from itertools import product
from typing import Any

from cronjobs.domain.runs.outcome import Outcome, RunReport
from tests_support.kit.servers.smtp_server import ReceivedMail

JOB_ID = "22222222-2222-4222-8222-222222222222"
NAME = 'Nightly sync <東京> & "eu"'  # markup and non-ASCII: escaped in HTML, encoded in headers
SENDER = "scheduler@example.com"
RECIPIENTS = ("ops@example.com", "qa@example.com")
DURATION = 3.14159
FOOTER = "This is an automated notification from Cron Job Scheduler."

# (response_status, error_message, output) a run of each outcome records (§6.4).
RECORDED: dict[Outcome, tuple[int | None, str | None, str | None]] = {
    Outcome.NO_TARGET: (
        None,
        f"Job '{NAME}' has invalid configuration (neither GitHub Actions nor webhook URL)",
        None,
    ),
    Outcome.GITHUB_BLANK: (None, f"Missing GitHub configuration for job '{NAME}'", None),
    Outcome.NO_TOKEN: (
        None,
        f"GitHub token not configured. Cannot trigger workflow for job '{NAME}'",
        None,
    ),
    Outcome.GITHUB_SUCCESS: (204, None, "Workflow triggered successfully on branch master"),
    Outcome.GITHUB_STATUS: (
        422,
        'GitHub Actions dispatch failed. Status: 422, Response: {"message":"No ref <main>"}',
        None,
    ),
    Outcome.GITHUB_TRANSPORT: (None, "GitHub Actions request failed: timed out", None),
    Outcome.WEBHOOK_SUCCESS: (200, None, "pong"),
    Outcome.WEBHOOK_STATUS: (503, "Webhook returned status 503", "<h1>Unavailable</h1>"),
    Outcome.WEBHOOK_TRANSPORT: (None, "Webhook call failed: [Errno 111] Connection refused", None),
    Outcome.UNEXPECTED: (None, f"Unexpected error executing job '{NAME}': boom & <bust>", None),
}

# The "Failure e-mail" and "Success e-mail" cells of the §6.4 outcome table.
EMAIL_CELLS: dict[Outcome, tuple[str, str]] = {
    Outcome.NO_TARGET: ("if enabled & recipients", "—"),
    Outcome.GITHUB_BLANK: ("never", "—"),
    Outcome.NO_TOKEN: ("never", "—"),
    Outcome.GITHUB_SUCCESS: ("—", "if enabled & `notify_on_success` & recipients"),
    Outcome.GITHUB_STATUS: ("if enabled & recipients", "—"),
    Outcome.GITHUB_TRANSPORT: ("if recipients (the enable flag is not checked)", "—"),
    Outcome.WEBHOOK_SUCCESS: ("—", "if enabled & `notify_on_success` & recipients"),
    Outcome.WEBHOOK_STATUS: ("if enabled & recipients", "—"),
    Outcome.WEBHOOK_TRANSPORT: ("if enabled & recipients", "—"),
    Outcome.UNEXPECTED: ("if enabled & recipients", "—"),
}

# What each cell's words mean, given (enable_email_notifications, notify_on_success, recipients).
CELL_MEANINGS: dict[str, Callable[[bool, bool, bool], bool]] = {
    "—": lambda enabled, notify, recipients: False,
    "never": lambda enabled, notify, recipients: False,
    "if enabled & recipients": lambda enabled, notify, recipients: enabled and recipients,
    "if recipients (the enable flag is not checked)": lambda enabled, notify, recipients: (
        recipients
    ),
    "if enabled & `notify_on_success` & recipients": lambda enabled, notify, recipients: (
        enabled and notify and recipients
    ),
}

# Every outcome × enable_email_notifications × notify_on_success × recipients.
MAIL_CASES = list(product(Outcome, (True, False), (True, False), (True, False)))


def mail_case_id(case: Any) -> str:
    """Name a case of `MAIL_CASES` or one of its values."""
    if isinstance(case, Outcome):
        return case.value
    return "on" if case else "off"


def report(outcome: Outcome, **changes: Any) -> RunReport:
    """Return the report of a scheduled run of this outcome, with every e-mail option on."""
    response_status, error_message, output = RECORDED[outcome]
    full = RunReport(
        job_id=JOB_ID,
        job_name=NAME,
        execution_id="33333333-3333-4333-8333-333333333333",
        trigger_type="scheduled",
        outcome=outcome,
        status="success" if outcome.succeeded else "failed",
        response_status=response_status,
        error_message=error_message,
        output=output,
        duration_seconds=DURATION,
        enable_email_notifications=True,
        notification_emails=RECIPIENTS,
        notify_on_success=True,
    )
    return replace(full, **changes)


def expected_mail(outcome: Outcome, enabled: bool, notify: bool, recipients: bool) -> str | None:
    """Return the mail the spec's table calls for: `failure`, `success` or None."""
    failure_cell, success_cell = EMAIL_CELLS[outcome]
    if CELL_MEANINGS[failure_cell](enabled, notify, recipients):
        return "failure"
    if CELL_MEANINGS[success_cell](enabled, notify, recipients):
        return "success"
    return None


def listed_lines(kind: str, sent: RunReport, duration: str = "3.14") -> list[str]:
    """Return the text lines §6.7 lists for a mail of this kind about this run."""
    if kind == "failure":
        return [
            "Job Execution Failed",
            f"Job Name: {sent.job_name}",
            f"Job ID: {sent.job_id}",
            f"Error: {sent.error_message}",
            "Please review your job configuration and logs to identify and resolve the issue.",
            FOOTER,
        ]
    return [
        "Job Completed Successfully",
        f"Job Name: {sent.job_name}",
        f"Job ID: {sent.job_id}",
        f"Duration: {duration} seconds",
        "No action is required. This is an informational notification.",
        FOOTER,
    ]


def check_mail(received: ReceivedMail, kind: str, sent: RunReport) -> None:
    """Assert a delivered mail: subject, sender, recipients, text lines and HTML alternative."""
    subjects = {"failure": f"🔴 Job Failure Alert: {sent.job_name}"}
    subjects["success"] = f"✅ Job Success: {sent.job_name}"
    message = received.message
    assert message["Subject"] == subjects[kind]
    assert (received.sender, message["From"]) == (SENDER, SENDER)
    assert received.recipients == sent.notification_emails
    assert [str(address) for address in message["To"].addresses] == list(RECIPIENTS)
    lines = [line for line in received.text.splitlines() if line.strip()]
    assert lines == listed_lines(kind, sent)
    page = received.html
    assert html.escape(sent.job_name) in page and sent.job_name not in page
    assert sent.job_id in page and FOOTER in page
    if kind == "failure":
        assert html.escape(sent.error_message or "-") in page
    else:
        assert "3.14 seconds" in page
