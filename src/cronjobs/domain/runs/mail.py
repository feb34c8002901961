"""Which e-mail a scheduled run sends, and what it says (spec §6.7, e-mail columns of §6.4).

The choice reads only the `RunReport`: its outcome names the row of the outcome table, and the
job's e-mail settings travel with it as they were at run time. The process-wide switches
(`MAIL_ENABLED`, `MAIL_SERVER`) belong to the transport, `smtp_mailer.SmtpMailer`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from enum import Enum
from typing import Literal

from cronjobs.domain.runs.outcome import Outcome, RunReport

MailKind = Literal["failure", "success"]

FOOTER = "This is an automated notification from Cron Job Scheduler."
FAILURE_ADVICE = "Please review your job configuration and logs to identify and resolve the issue."
SUCCESS_ADVICE = "No action is required. This is an informational notification."


class _Rule(Enum):
    """The e-mail cells of one row of the §6.4 outcome table."""

    FAILURE_IF_ENABLED = "failure mail if enabled & recipients"
    FAILURE_IGNORING_FLAG = "failure mail if recipients (the enable flag is not checked)"
    SUCCESS_IF_ASKED = "success mail if enabled & notify_on_success & recipients"
    NEVER = "never"


# Every outcome is listed, so a new row of the table cannot slip through without a rule.
_RULES: dict[Outcome, _Rule] = {
    Outcome.NO_TARGET: _Rule.FAILURE_IF_ENABLED,
    Outcome.GITHUB_BLANK: _Rule.NEVER,
    Outcome.NO_TOKEN: _Rule.NEVER,
    Outcome.GITHUB_SUCCESS: _Rule.SUCCESS_IF_ASKED,
    Outcome.GITHUB_STATUS: _Rule.FAILURE_IF_ENABLED,
    Outcome.GITHUB_TRANSPORT: _Rule.FAILURE_IGNORING_FLAG,
    Outcome.WEBHOOK_SUCCESS: _Rule.SUCCESS_IF_ASKED,
    Outcome.WEBHOOK_STATUS: _Rule.FAILURE_IF_ENABLED,
    Outcome.WEBHOOK_TRANSPORT: _Rule.FAILURE_IF_ENABLED,
    Outcome.UNEXPECTED: _Rule.FAILURE_IF_ENABLED,
}


@dataclass(frozen=True, slots=True)
class RunMail:
    """One composed run e-mail: its kind, subject, both bodies and its recipients."""

    kind: MailKind
    subject: str
    text_body: str
    html_body: str
    recipients: tuple[str, ...]

    def message(self, sender: str) -> EmailMessage:
        """Build the MIME message: plain text with an HTML alternative, from `sender`."""
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = sender
        message["To"] = ", ".join(self.recipients)
        message["Date"] = formatdate(usegmt=True)
        message["Message-ID"] = make_msgid(domain=_domain_of(sender))
        message.set_content(self.text_body)
        message.add_alternative(self.html_body, subtype="html")
        return message


def mail_for(report: RunReport) -> RunMail | None:
    """Return the mail the run's outcome calls for, or None (manual runs never mail)."""
    if report.trigger_type != "scheduled" or not report.notification_emails:
        return None
    rule = _RULES[report.outcome]
    enabled = report.enable_email_notifications
    if rule is _Rule.FAILURE_IGNORING_FLAG or (rule is _Rule.FAILURE_IF_ENABLED and enabled):
        return failure_mail(report)
    if rule is _Rule.SUCCESS_IF_ASKED and enabled and report.notify_on_success:
        return success_mail(report)
    return None


def failure_mail(report: RunReport) -> RunMail:
    """Compose the failure mail of §6.7."""
    name, error = report.job_name, report.error_message or ""
    text = _lines(
        "Job Execution Failed",
        "",
        f"Job Name: {name}",
        f"Job ID: {report.job_id}",
        f"Error: {error}",
        "",
        FAILURE_ADVICE,
        "",
        FOOTER,
    )
    # The error keeps its line breaks (a GitHub response body may span lines), hence <pre>.
    details = _details(report) + (
        "<p><strong>Error:</strong></p>\n"
        f'<pre style="white-space: pre-wrap;">{html.escape(error)}</pre>\n'
    )
    body = _html("#dc3545", "Job Execution Failed", details, FAILURE_ADVICE)
    subject = f"🔴 Job Failure Alert: {name}"
    return RunMail("failure", subject, text, body, report.notification_emails)


def success_mail(report: RunReport) -> RunMail:
    """Compose the success mail of §6.7."""
    duration = duration_text(report.duration_seconds)
    text = _lines(
        "Job Completed Successfully",
        "",
        f"Job Name: {report.job_name}",
        f"Job ID: {report.job_id}",
        f"Duration: {duration} seconds",
        "",
        SUCCESS_ADVICE,
        "",
        FOOTER,
    )
    details = _details(report) + f"<p><strong>Duration:</strong> {duration} seconds</p>\n"
    body = _html("#28a745", "Job Completed Successfully", details, SUCCESS_ADVICE)
    subject = f"✅ Job Success: {report.job_name}"
    return RunMail("success", subject, text, body, report.notification_emails)


def duration_text(seconds: float | None) -> str:
    """Format a duration with 2 decimals, `0.00` when unknown (None or not a finite number)."""
    if seconds is None or not math.isfinite(seconds):
        return "0.00"
    return f"{seconds:.2f}"


def _domain_of(sender: str) -> str:
    # The sender's domain rather than make_msgid's default, getfqdn(), which may wait on DNS.
    _, at, domain = parseaddr(sender)[1].rpartition("@")
    return domain if at and domain else "localhost"


def _lines(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def _details(report: RunReport) -> str:
    return (
        f"<p><strong>Job Name:</strong> {html.escape(report.job_name)}</p>\n"
        f"<p><strong>Job ID:</strong> {html.escape(report.job_id)}</p>\n"
    )


def _html(colour: str, heading: str, details: str, advice: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html>\n<body style="font-family: Arial, sans-serif; color: #333;">\n'
        f'<h2 style="color: {colour};">{heading}</h2>\n'
        f"{details}"
        f"<p>{advice}</p>\n"
        "<hr>\n"
        f'<p style="color: #666; font-size: 12px;">{FOOTER}</p>\n'
        "</body>\n</html>\n"
    )
