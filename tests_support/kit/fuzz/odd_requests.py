"""Odd requests for the differential fuzz: a hand-made table and a hypothesis strategy.

An `OddRequest` is raw: method, path and query as sent, header fields as a list (so a name may
repeat, be empty or oddly cased), and body bytes (so JSON may be bad, or carry NUL, lone
surrogates or invalid UTF-8). Each one names the endpoint it aims at, and `repro` prints it as a
curl command that replays it. Every endpoint of the contract gets every odd shape of the table.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

from cronjobs.cutover.contract import CONTRACT_ENDPOINTS

Headers = tuple[tuple[bytes, bytes], ...]
JSON_TYPE = (b"content-type", b"application/json")
# Under MAX_REQUEST_BODY_BYTES (10 MiB), far over any column.
HUGE = "x" * 300_000
HUGE_FIELDS = ("name", "username", "expression")
JSON = b"application/json"
LOUD_JSON = b"APPLICATION/JSON; charset=latin-1"
REPEATED_QUERY = "?page=2&page=x&limit=1&limit=500&from=2025-01-01&from=x"
SURROGATE_QUERY = "?status=%ED%A0%80&job_id=%ED%A0%80&from=%ED%A0%80&trigger_type=%FF"
ODD_QUERY = "?page=%00&limit=%F0%9F%94%A5&to=9999-12-31&include_inactive=TRUE&unread_only=tRuE"
PREFLIGHT = (
    (b"origin", b"https://app.example"),
    (b"access-control-request-method", b"PUT"),
    (b"access-control-request-headers", b"authorization, x-odd"),
)
MULTIPART = (b"content-type", b"multipart/form-data; boundary=fuzz")
CSV_FORM = (
    b'--fuzz\r\nContent-Disposition: form-data; name="dry_run"\r\n\r\ntrue\r\n'
    b'--fuzz\r\nContent-Disposition: form-data; name="file"; filename="jobs.csv"\r\n'
    b"Content-Type: text/csv\r\n\r\nname,cron_expression,end_date,pic_team,target_url\r\n"
    b"Fuzzed,0 9 * * 1,2099-12-31,qa-team,https://hooks.example.com/x\r\n--fuzz--\r\n"
)
ODD_TEXT = [
    "nul\x00inside",
    "emoji 🛠️🔥👩‍💻",
    "rtl \u202eevil\u202c עברית العربية",
    "zero\u200bwidth\ufeffbom",
    "  padded  ",
    "",
    "Ⅻ İK ß ǅ",
    '\\"quoted\\"',
    "line\nbreak\ttab",
    "%2F%00..%2e/",
]


@dataclass(frozen=True)
class OddRequest:
    """One raw request and the endpoint it aims at (`GET /api/jobs/<job_id>`)."""

    endpoint: str
    method: str
    path: str
    headers: Headers = ()
    body: bytes | None = None
    note: str = ""

    def repro(self, base: str = "http://127.0.0.1:8000") -> str:
        """Return a curl command that sends this request again."""
        parts = ["curl", "-sS", "-X", self.method, base + self.path]
        for name, value in self.headers:
            parts += ["-H", f"{name.decode('latin-1')}: {value.decode('latin-1')}"]
        if self.body is not None:
            shown = self.body if len(self.body) <= 300 else self.body[:300] + b"..."
            parts += ["--data-binary", shown.decode("utf-8", "backslashreplace")]
        return f"# {self.endpoint}: {self.note}\n" + " ".join(shlex.quote(part) for part in parts)


def fill(endpoint: str, ids: dict[str, str]) -> str:
    """Return an endpoint's path with each `<parameter>` replaced by the id of that name."""
    return re.sub(r"<([a-z_]+)>", lambda found: ids[found.group(1)], endpoint.split(" ", 1)[1])


def bearer(token: str) -> tuple[bytes, bytes]:
    """Return an Authorization header field for a token."""
    return (b"authorization", f"Bearer {token}".encode())


def json_bytes(value: Any) -> bytes:
    """Encode a JSON value as Python's json would, non-ASCII escaped (so surrogates survive)."""
    return json.dumps(value).encode()


@dataclass(frozen=True)
class Shape:
    """An odd shape of request, sent to every endpoint (with its own method unless `method`)."""

    note: str
    query: str
    headers: Headers
    body: bytes | None
    method: str | None = None


def oddities(token: str) -> list[Shape]:
    """Return the table's odd shapes."""
    auth = bearer(token)
    typed = (auth, JSON_TYPE)
    loud = ((b"AUTHORIZATION", auth[1]), (b"Content-TYPE", JSON))
    shapes = [
        Shape("no token", "", (JSON_TYPE,), b"{}"),
        Shape("two Authorization fields", "", (auth, auth, JSON_TYPE), b"{}"),
        Shape("lower-case bearer", "", ((b"authorization", auth[1].lower()), JSON_TYPE), b"{}"),
        Shape("empty Authorization", "", ((b"authorization", b""), JSON_TYPE), b"{}"),
        Shape("oddly cased names", "", loud, b"{}"),
        Shape("two Content-Type fields", "", (auth, JSON_TYPE, JSON_TYPE), b"{}"),
        Shape("empty Content-Type", "", (auth, (b"content-type", b"")), b"{}"),
        Shape("text/plain", "", (auth, (b"content-type", b"text/plain")), b'{"name": "x"}'),
        Shape("JSON, charset, upper case", "", (auth, (b"content-type", LOUD_JSON)), b"{}"),
        Shape("vendor +json", "", (auth, (b"content-type", b"application/vnd.api+json")), b"{}"),
        Shape("no body", "", (auth,), None),
        Shape("bad JSON", "", typed, b'{"name": "x",}'),
        Shape("JSON null", "", typed, b"null"),
        Shape("JSON array", "", typed, b"[1, 2]"),
        Shape("JSON string", "", typed, b'"text"'),
        Shape("invalid UTF-8", "", typed, b'{"name": "\xff\xfe"}'),
        Shape("lone surrogate escape", "", typed, b'{"name": "\\ud800", "email": "\\udfff@x.io"}'),
        Shape("raw surrogate bytes", "", typed, b'{"name": "\xed\xa0\x80"}'),
        Shape("BOM then JSON", "", typed, b'\xef\xbb\xbf{"name": "bom"}'),
        Shape("deep nesting", "", typed, b'{"metadata": ' + b"[" * 500 + b"]" * 500 + b"}"),
        Shape("huge strings", "", typed, json_bytes(dict.fromkeys(HUGE_FIELDS, HUGE))),
        Shape("repeated query parameters", REPEATED_QUERY, (auth,), None),
        Shape("odd query values", ODD_QUERY, (auth,), None),
        Shape("surrogate bytes in the query", SURROGATE_QUERY, (auth,), None),
        Shape("Origin from anywhere", "", (*typed, (b"origin", b"https://evil.example")), b"{}"),
        Shape("allowed Origin", "", (*typed, (b"origin", b"https://app.example")), b"{}"),
        Shape("CORS preflight", "", PREFLIGHT, None, "OPTIONS"),
        Shape("HEAD", "", (auth,), None, "HEAD"),
        Shape("PATCH, which no route has", "", typed, b"{}", "PATCH"),
        Shape("multipart CSV, dry run", "", (auth, MULTIPART), CSV_FORM),
        Shape("multipart CSV, two Content-Type fields", "", (auth, MULTIPART, MULTIPART), CSV_FORM),
    ]
    for index, text in enumerate(ODD_TEXT):
        fields = {
            key: text
            for key in ("name", "username", "email", "password", "expression", "cron_expression")
        }
        fields |= {"slack_handle": text, "slug": text, "target_url": text, "end_date": text}
        shapes.append(Shape(f"odd text #{index}", "", typed, json_bytes(fields)))
    shapes.append(Shape("wrong types", "", typed, json_bytes(WRONG_TYPES)))
    return shapes


WRONG_TYPES = {
    "name": 5,
    "username": ["a"],
    "email": {"x": 1},
    "password": True,
    "role": 1,
    "is_active": "yes",
    "expression": 7,
    "count": "many",
    "metadata": "meta",
    "jobs_table_columns": [],
    "notification_emails": "a@x.io",
    "timeout_seconds": "soon",
    "email_on_job_success": "true",
    "is_enabled": 0,
}


def hand_made(ids: dict[str, str], token: str) -> list[OddRequest]:
    """Return the hand-made table: every odd shape sent to every endpoint of the contract."""
    requests = []
    for endpoint in CONTRACT_ENDPOINTS:
        method = endpoint.split(" ", 1)[0]
        path = fill(endpoint, ids)
        for shape in oddities(token):
            requests.append(
                OddRequest(
                    endpoint,
                    shape.method or method,
                    path + shape.query,
                    shape.headers,
                    shape.body,
                    shape.note,
                )
            )
    return requests
