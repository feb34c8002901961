"""The 400s a schema-valid request may still get: what JSON Schema cannot state (§1.6, §1.8,
§4, D22), or what depends on stored data or on the clock. `positive_data_acceptance` expects a
request matching `/openapi.json` to succeed; `positive_data_acceptance_by_contract` accepts these
refusals, named per operation with the spec section that makes them, and nothing else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from schemathesis import Case, CheckContext, Response

from tests_support.kit.fuzz.checks import body_of, builtin

NUL_REFUSAL = {"error": "Invalid payload", "message": "Text must not contain NUL characters."}


@dataclass(frozen=True)
class Refusal:
    """A 400 a schema-valid request may get, by its label (and message pattern), and why."""

    label: str
    why: str
    message: str = ".*"
    when: Callable[[Case], bool] = lambda _case: True

    def matches(self, case: Case, body: Any) -> bool:
        """Tell whether an answer's body is this refusal, and the request one it may get."""
        return (
            isinstance(body, dict)
            and body.get("error") == self.label
            and re.fullmatch(self.message, str(body.get("message", "")), re.S) is not None
            and self.when(case)
        )


def overflows(case: Case) -> bool:
    """Tell whether a test-run's `timeout_seconds` text is a number too large for a double."""
    value = case.body.get("timeout_seconds") if isinstance(case.body, dict) else None
    try:
        return isinstance(value, str) and math.isinf(float(value))
    except ValueError:
        return False


PASSWORD_BYTES = Refusal(
    "Invalid payload", "D22 counts bytes of UTF-8; JSON Schema counts characters", r"Password.*"
)
SLUG_LENGTH = Refusal(
    "Invalid payload", "§5.5: the slug is at most 100 characters once slugified (§1.9)", r'"slug".*'
)
NAMES = ("Duplicate job name", "§4.2: job names are unique among the stored jobs")
CRON = ("Invalid cron expression", "§1.8: the cron grammar is not a regular language")
PAST = ("Invalid end_date", "§4.2 step 15: end_date must not be before today (JST)")
PIC_TEAM = ("Invalid PIC team", "§4.2.1: the PIC team must be stored and enabled")
CATEGORY = ("Invalid category", "§4.2.1: a category other than general must be stored")
DATES = (
    Refusal(
        "Invalid date",
        "§1.6: Python's fromisoformat, not RFC 3339 (a lower-case z, a leap "
        "second), and a bound with no UTC moment (0001-01-01T00:00+01:00, to=9999-12-31)",
    ),
    Refusal("Invalid date range", "§1.6 step 6: from must be earlier than to"),
)
# Operation label → the 400s a schema-valid request may still get there.
ACCEPTED_REFUSALS: dict[str, tuple[Refusal, ...]] = {
    "POST /api/v2/auth/register": (PASSWORD_BYTES,),
    "PUT /api/v2/auth/users/{user_id}": (PASSWORD_BYTES,),
    "DELETE /api/v2/auth/users/{user_id}": (
        Refusal("Cannot delete your own account", "§4.1: whose account depends on the caller"),
    ),
    "POST /api/v2/job-categories": (SLUG_LENGTH,),
    "PUT /api/v2/job-categories/{category_id}": (
        SLUG_LENGTH,
        Refusal("Invalid category", "§4.8: the general category cannot be renamed"),
    ),
    "POST /api/v2/pic-teams": (SLUG_LENGTH,),
    "PUT /api/v2/pic-teams/{team_id}": (SLUG_LENGTH,),
    "PUT /api/v2/settings/slack": (
        Refusal("Invalid settings", "§4.9 step 6: the stored webhook_url counts when absent"),
    ),
    "POST /api/v2/jobs/cron-preview": (Refusal(*CRON),),
    "POST /api/v2/jobs/test-run": (
        Refusal(
            "Invalid payload",
            "A7: numeric text past a double's range (1e400) is no number; no pattern bounds it",
            r'"timeout_seconds".*',
            overflows,
        ),
    ),
    "POST /api/v2/jobs/bulk-upload": (
        Refusal("Invalid CSV", "§4.5: an empty file, or a header row with no usable name"),
    ),
    "POST /api/v2/jobs": tuple(Refusal(*rule) for rule in (NAMES, CRON, PAST, PIC_TEAM, CATEGORY)),
    "PUT /api/v2/jobs/{job_id}": (
        *(Refusal(*rule) for rule in (NAMES, CRON, PAST, PIC_TEAM, CATEGORY)),
        Refusal("Job expired", "§4.2 step 17: the stored end_date counts"),
        Refusal("Missing target configuration", "§4.2 step 18: the stored target counts"),
    ),
    "POST /api/v2/jobs/{job_id}/execute": (
        Refusal("Job expired", "§4.4 step 3: the stored end_date counts"),
        Refusal(
            "Invalid payload",
            "§4.4 step 8: dispatch_url is parsed for GitHub jobs only",
            r"Invalid dispatch URL.*",
        ),
        Refusal("Missing target configuration", "§4.4 step 9: the stored target counts"),
    ),
    "GET /api/v2/jobs/{job_id}/executions": DATES,
    "GET /api/v2/executions": DATES,
    "GET /api/v2/executions/statistics": DATES,
    "GET /api/v2/notifications": DATES,
    "GET /api/v2/notifications/unread-count": DATES,
    "DELETE /api/v2/notifications/delete-read": DATES,
}


def holds_nul(response: Response) -> bool:
    """Tell whether the request behind a response carried a NUL character, raw or encoded."""
    request = response.request
    sent = f"{unquote(request.url or '')}".encode() + (
        request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
    )
    return b"\x00" in sent or b"\\u0000" in sent


def positive_data_acceptance_by_contract(ctx: CheckContext, response: Response, case: Case) -> Any:
    """Accept a schema-valid request unless the contract names the 400 it got."""
    if response.status_code == 400:
        body = body_of(response)
        # D1, domain/common/lengths.py: text the database cannot hold is refused, NUL included.
        if body == NUL_REFUSAL and holds_nul(response):
            return None
        rules = ACCEPTED_REFUSALS.get(case.operation.label, ())
        if any(rule.matches(case, body) for rule in rules):
            return None
    return builtin("positive_data_acceptance")(ctx, response, case)
