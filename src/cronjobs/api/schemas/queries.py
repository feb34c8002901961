"""OpenAPI documentation of query parameters (§1.6, §1.7, §4.6–§4.8).

The stacks read the query string themselves (first value of each name, `QueryArgs`), so FastAPI
cannot infer these parameters: each operation lists them through `openapi_extra`. Integers are
documented as text because any text is accepted (§1.7: what does not parse means the default).
"""

from __future__ import annotations

from typing import Any

from cronjobs.api.schemas.rules import BLANK, one_of_values, text

# §1.6: a date, or an ISO date-time (naive means UTC); blank means no bound.
DATE_BOUND = one_of_values(
    text() | {"format": "date"}, text() | {"format": "date-time"}, text(BLANK)
)


def _query(name: str, description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or text(),
        "description": description,
    }


FROM = _query("from", "Inclusive lower bound: YYYY-MM-DD or an ISO date-time (§1.6).", DATE_BOUND)
TO = _query(
    "to", "Exclusive upper bound; a date-only value includes that whole day (§1.6).", DATE_BOUND
)
PAGE = _query("page", "Page from 1; below 1, or not an integer, means 1 (§1.7).")
STATUS = _query("status", "One status or a comma-separated list.")
TRIGGER_TYPE = _query("trigger_type", "Exact match: scheduled or manual.")
JOB_ID = _query("job_id", "Only this job's executions.")
INCLUDE_INACTIVE = _query(
    "include_inactive", "1, true, yes, y or on (any case): disabled rows too, for an admin."
)

JOB_EXECUTIONS = [
    _query("limit", "How many, newest first: default 50; 0 or less means 50; at most 200."),
    STATUS,
    TRIGGER_TYPE,
    FROM,
    TO,
]
EXECUTIONS = [
    PAGE,
    _query("limit", "Page size: default 20, clamped to 1..200."),
    JOB_ID,
    STATUS,
    TRIGGER_TYPE,
    _query("execution_type", "Exact match: github_actions or webhook."),
    FROM,
    TO,
]
STATISTICS = [JOB_ID, FROM, TO]
NOTIFICATIONS = [
    PAGE,
    _query("per_page", "Page size: default 20; below 1 means 20; at most 100."),
    _query("unread_only", "true (any case): unread notifications only."),
    FROM,
    TO,
]
WINDOW = [FROM, TO]
LISTS = [INCLUDE_INACTIVE]


def query_parameters(parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """Describe an operation's query parameters for `openapi_extra`."""
    return {"parameters": list(parameters)}
