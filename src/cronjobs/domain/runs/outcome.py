"""How a run ends (spec §6.4 "Outcomes at a glance"), and the seam for the e-mail of §6.7.

The outcome table decides both what an execution records and which e-mail a scheduled run sends,
and the e-mail rule differs between outcomes that record the same status (a missing token never
mails, a GitHub transport error mails without the enable flag). So every result names its row of
the table as an `Outcome`, and the `RunReport` handed to a `RunMailer` carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

TriggerType = Literal["scheduled", "manual"]


class Outcome(StrEnum):
    """One row of the §6.4 outcome table."""

    NO_TARGET = "no_target"
    GITHUB_BLANK = "github_blank"
    NO_TOKEN = "no_token"
    GITHUB_SUCCESS = "github_success"
    GITHUB_STATUS = "github_status"
    GITHUB_TRANSPORT = "github_transport"
    WEBHOOK_SUCCESS = "webhook_success"
    WEBHOOK_STATUS = "webhook_status"
    WEBHOOK_TRANSPORT = "webhook_transport"
    UNEXPECTED = "unexpected"

    @property
    def succeeded(self) -> bool:
        """Tell whether the run counts as a success."""
        return self in (Outcome.GITHUB_SUCCESS, Outcome.WEBHOOK_SUCCESS)


@dataclass(frozen=True, slots=True)
class RunResult:
    """What the call part of a run (§6.4 steps 4–7) records on its execution."""

    outcome: Outcome
    response_status: int | None = None
    error_message: str | None = None
    output: str | None = None

    @property
    def status(self) -> str:
        """Return the execution status: `success` or `failed`."""
        return "success" if self.outcome.succeeded else "failed"


@dataclass(frozen=True, slots=True)
class RunReport:
    """A finished run: its execution as recorded, and the job's e-mail settings at run time."""

    job_id: str
    job_name: str
    execution_id: str
    trigger_type: TriggerType
    outcome: Outcome
    status: str
    response_status: int | None
    error_message: str | None
    output: str | None
    duration_seconds: float
    enable_email_notifications: bool
    notification_emails: tuple[str, ...]
    notify_on_success: bool


class RunMailer(Protocol):
    """Sends the e-mail of a finished scheduled run (§6.7), choosing it from the outcome."""

    def send_run_mail(self, report: RunReport) -> None:
        """Send the failure or success mail the outcome calls for, if any; may raise."""
