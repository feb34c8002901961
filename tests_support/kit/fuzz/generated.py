"""The generated half of the differential fuzz: a hypothesis strategy of odd requests.

Each request aims at one endpoint of the contract (its own method, or now and then another),
with path parameters that name a seeded row, a missing one or odd text; a query string of known
and unknown names, repeated; a token of the admin, a user, a viewer, or a broken one; a
Content-Type, sometimes odd or twice; and a body: a JSON object of the fields the endpoints read
(and others) holding values of every JSON type, or JSON that is not an object, or raw bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from cronjobs.cutover.contract import CONTRACT_ENDPOINTS
from tests_support.kit.fuzz.odd_requests import JSON_TYPE, OddRequest, bearer, fill

FIELDS = (
    "name", "username", "email", "password", "role", "is_active", "expression",
    "cron_expression", "count", "end_date", "pic_team", "pic_team_slug", "category",
    "target_url", "github_owner", "github_repo", "github_workflow_name", "github_token",
    "dispatch_url", "metadata", "timeout_seconds", "notification_emails", "notify_on_success",
    "enable_email_notifications", "slug", "slack_handle", "is_enabled", "webhook_url", "channel",
    "jobs_table_columns", "email_on_job_success", "daily_digest",
)  # fmt: skip
QUERY = (
    "page", "limit", "per_page", "status", "trigger_type", "execution_type", "job_id", "from",
    "to", "unread_only", "include_inactive",
)  # fmt: skip
# Percent-encoded path segments: UTF-8-encoded surrogates, NUL, a slash, invalid UTF-8, emoji.
RAW_SEGMENTS = ("%ED%A0%80", "%00", "%2F", "%FF%FE", "%F0%9F%94%A5", "..", "%2e%2e")
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
CONTENT_TYPES = (
    b"application/json", b"application/json; charset=utf-8", b"text/plain", b"", b"json",
    b"application/x-www-form-urlencoded", b"multipart/form-data; boundary=x",
    b"Application/Problem+JSON",
)  # fmt: skip
TEXT = st.text(max_size=12) | st.sampled_from(["", " ", "admin", "2025-01-01", "0 9 * * 1", "true"])
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(FIELDS) | TEXT, children, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def _path(draw: st.DrawFn, endpoint: str, ids: dict[str, str]) -> str:
    def parameter(found: re.Match[str]) -> str:
        real = ids[found.group(1)]
        if draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from(RAW_SEGMENTS))  # sent as encoded, not encoded again
        chosen = draw(st.sampled_from([real, real, ids["missing"], "x"]) | TEXT)
        return quote(chosen, safe="") or real

    return re.sub(r"<([a-z_]+)>", parameter, endpoint.split(" ", 1)[1])


@st.composite
def _query(draw: st.DrawFn) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(QUERY) | TEXT, TEXT), max_size=4))
    encoded = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in pairs)
    return f"?{encoded}" if encoded else ""


@st.composite
def _body(draw: st.DrawFn) -> bytes | None:
    kind = draw(st.sampled_from(["object", "object", "object", "other", "bytes", "none"]))
    if kind == "none":
        return None
    if kind == "bytes":
        return draw(st.binary(max_size=40))
    value: Any = draw(
        st.dictionaries(st.sampled_from(FIELDS) | TEXT, VALUES, max_size=6)
        if kind == "object"
        else VALUES
    )
    return json.dumps(value).encode()


@st.composite
def odd_requests(draw: st.DrawFn, ids: dict[str, str], tokens: dict[str, str]) -> OddRequest:
    """Draw one odd request aimed at an endpoint of the contract."""
    endpoint = draw(st.sampled_from(CONTRACT_ENDPOINTS))
    own = endpoint.split(" ", 1)[0]
    method = draw(st.sampled_from([own] * 6 + list(METHODS)))
    token = draw(st.sampled_from([*tokens.values(), tokens["admin"], "x.y.z", ""]))
    headers = [bearer(token)] if token else []
    for content_type in draw(st.lists(st.sampled_from(CONTENT_TYPES), max_size=2)):
        headers.append((JSON_TYPE[0], content_type))
    path = draw(_path(endpoint, ids)) + draw(_query())
    body = draw(_body())
    return OddRequest(endpoint, method, path, tuple(headers), body, "generated")


__all__ = ["fill", "odd_requests"]
