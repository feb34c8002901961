"""Multipart edge cases of POST /jobs/bulk-upload (spec §4.5), replayed on both stacks.

Werkzeug (behind Flask) and Starlette (behind FastAPI) read odd forms differently; the legacy
answers are the contract: a malformed body is an empty form (no `file` part), the first of
repeated parts wins, a part with a filename is a file, and a field over 500,000 bytes or more
than 1,000 parts is a 413.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.bulk.requests import MISSING_FILE
from tests_support.kit.case import Case
from tests_support.kit.multipart import BOUNDARY, CONTENT_TYPE
from tests_support.kit.worlds.bulk import (
    PATH,
    UNCHANGED,
    catalogue,
    job_count,
    preview,
    processed,
    sheet,
    stats,
    validated,
)

TOO_LARGE = {
    "error": "Request Entity Too Large",
    "message": "The data value transmitted exceeds the capacity limit.",
}
END = f"--{BOUNDARY}--\r\n".encode()


def part(disposition: str, data: bytes | str) -> bytes:
    """One part with a Content-Disposition of `form-data; {disposition}`."""
    content = data.encode() if isinstance(data, str) else data
    head = f"--{BOUNDARY}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n"
    return head.encode() + content + b"\r\n"


def csv_file(data: bytes | str, filename: str = "jobs.csv") -> bytes:
    """The `file` part."""
    return part(f'name="file"; filename="{filename}"', data)


def raw_upload(
    name: str, raw: bytes, status: int, body: Any, check: Any, content_type: str = CONTENT_TYPE
) -> Case:
    """A bulk upload sending `raw` as it is."""
    return Case(
        name=f"bulk_form_{name}",
        method="POST",
        path=PATH,
        raw=raw,
        content_type=content_type,
        setup=catalogue,
        status=status,
        body=body,
        check=check,
    )


ONE_JOB = processed(stats(6, 1), [("Nightly smoke", True)])
FIELDS = b"".join(part(f'name="field{index}"', "x") for index in range(999))

FORM_CASES = [
    raw_upload(
        "without_boundary",
        csv_file(sheet({})) + END,
        400,
        MISSING_FILE,
        UNCHANGED,
        content_type="multipart/form-data",
    ),
    raw_upload("garbage_body", b"not a multipart body", 400, MISSING_FILE, UNCHANGED),
    raw_upload("empty_body", b"", 400, MISSING_FILE, UNCHANGED),
    raw_upload("unterminated_file_part", csv_file(sheet({})), 400, MISSING_FILE, UNCHANGED),
    raw_upload(
        "part_without_name",
        part('filename="jobs.csv"', sheet({})) + END,
        400,
        MISSING_FILE,
        UNCHANGED,
    ),
    raw_upload(
        "first_file_wins",
        csv_file(sheet({})) + csv_file(b"", "second.csv") + END,
        200,
        ONE_JOB,
        job_count(2),
    ),
    raw_upload(
        "plain_field_named_file_is_not_the_file",
        part('name="file"', "Job Name\n") + csv_file(sheet({})) + END,
        200,
        ONE_JOB,
        job_count(2),
    ),
    raw_upload(
        "first_dry_run_field_wins",
        csv_file(sheet({})) + part('name="dry_run"', "1") + part('name="dry_run"', "0") + END,
        200,
        validated(stats(6, 1), [preview()]),
        UNCHANGED,
    ),
    raw_upload(
        "dry_run_sent_as_a_file_is_not_a_field",
        csv_file(sheet({})) + part('name="dry_run"; filename="flag.txt"', "1") + END,
        200,
        ONE_JOB,
        job_count(2),
    ),
    raw_upload(
        "field_of_500000_bytes_is_read",
        csv_file(sheet({})) + part('name="default_github_owner"', "o" * 500_000) + END,
        200,
        ONE_JOB,
        job_count(2),
    ),
    raw_upload(
        "field_over_500000_bytes_is_too_large",
        csv_file(sheet({})) + part('name="default_github_owner"', "o" * 500_001) + END,
        413,
        TOO_LARGE,
        UNCHANGED,
    ),
    raw_upload(
        "1000_parts_are_read", csv_file(sheet({})) + FIELDS + END, 200, ONE_JOB, job_count(2)
    ),
    raw_upload(
        "1001_parts_are_too_many",
        csv_file(sheet({})) + FIELDS + part('name="extra"', "x") + END,
        413,
        TOO_LARGE,
        UNCHANGED,
    ),
    raw_upload(
        "1001_files_are_too_many",
        b"".join(csv_file(sheet({}), f"jobs{index}.csv") for index in range(1001)) + END,
        413,
        TOO_LARGE,
        UNCHANGED,
    ),
]
