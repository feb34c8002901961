"""Case tables for POST /jobs/bulk-upload (spec §4.5): the request as a whole, and the messages.

Here: access, the `file` part, an unreadable CSV, a crash and the `dry_run` flag. The per-row
checks are in `bulk_row_cases`, reading and storing rows in `bulk_sheet_cases`, the realistic
export in `bulk_export`, and cases on a differently started app (hidden details, a scheduler,
the environment) in `bulk_app_cases`, and the limits (D22) in `bulk/limits.py`. Every case
starts from `bulk_world.catalogue`.
"""

from __future__ import annotations

from typing import Any

from tests_support.kit.case import Case
from tests_support.kit.worlds.bulk import (
    PATH,
    UNCHANGED,
    catalogue,
    crashed,
    job_count,
    preview,
    processed,
    refuse_insert_of,
    sheet,
    stats,
    upload,
    validated,
)

UNKNOWN_CATEGORY = "Unknown category. Create it in Settings → Categories first, or choose General."
UNKNOWN_TEAM = "Unknown PIC team. Create it in Settings → PIC Teams first."
TEAM_DISABLED = "PIC team is disabled. Enable it in Settings → PIC Teams or choose another."
TEAM_REQUIRED = "PIC team is required. Create one in Settings → PIC Teams."
BAD_END_DATE = "Invalid end_date. Use YYYY-MM-DD."
NO_END_DATE = "end_date (YYYY-MM-DD) is required."
PAST_END_DATE = "end_date must be today or in the future (JST)."
NAME_AND_CRON = "name and cron_expression are required."
FIVE_FIELDS = "Cron expression must have exactly 5 fields (minute hour day month day-of-week)."
MINUTE_61 = (
    "Error validating expression '61': the last value (61) is higher than the maximum value (59)"
)
NOT_AN_OBJECT = "Request Body must be a JSON object."
NO_OWNER = 'Provide "github_owner" column or default_github_owner.'
NO_TARGET = "Provide target_url or GitHub config (github_owner, github_repo, github_workflow_name)."
SINGLE_QUOTES = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
MISSING_FILE = {"error": "Missing file", "message": 'Upload a CSV file using form field "file".'}
NO_FILE_SELECTED = {"error": "Missing file", "message": "No file selected."}
EMPTY_CSV = {"error": "Invalid CSV", "message": "CSV is empty."}
NO_HEADER = {"error": "Invalid CSV", "message": "CSV header row has no usable column names."}
ADMIN_OR_USER = {
    "error": "Insufficient permissions",
    "message": "This endpoint requires one of the following roles: admin, user",
}


def fails(name: str, data: str | bytes | None, status: int, body: Any, **fields: Any) -> Case:
    """A request the endpoint refuses as a whole; no job is stored."""
    return upload(name, data, dry_run="false", status=status, body=body, check=UNCHANGED, **fields)


REQUEST_CASES = [
    fails("viewer_is_forbidden", sheet({}), 403, ADMIN_OR_USER, actor="viewer"),
    fails("needs_a_token", sheet({}), 401, {"msg": "Missing Authorization Header"}, actor=None),
    fails("without_file_part", None, 400, MISSING_FILE),
    fails("file_sent_as_plain_field", sheet({}), 400, MISSING_FILE, filename=None),
    fails("empty_filename", sheet({}), 400, NO_FILE_SELECTED, filename=""),
    fails("empty_file", b"", 400, EMPTY_CSV),
    fails("file_holding_only_a_bom", b"\xef\xbb\xbf", 400, EMPTY_CSV),
    fails("header_names_all_blank", " , ,\nNightly smoke,0 9 * * *,\n", 400, NO_HEADER),
    fails("blank_first_line_is_the_header", "\nJob Name\nNightly smoke\n", 400, NO_HEADER),
    Case(
        name="bulk_json_body_has_no_file",
        method="POST",
        path=PATH,
        json={"file": "jobs.csv"},
        setup=catalogue,
        status=400,
        body=MISSING_FILE,
        check=UNCHANGED,
    ),
    Case(
        name="bulk_urlencoded_body_has_no_file",
        method="POST",
        path=PATH,
        raw=b"file=a%2Cb",
        content_type="application/x-www-form-urlencoded",
        setup=catalogue,
        status=400,
        body=MISSING_FILE,
        check=UNCHANGED,
    ),
    upload(
        "header_only_is_processed",
        "Job Name,Cron\r\n",
        status=200,
        body=processed(stats(2, 0), []),
        check=UNCHANGED,
    ),
    upload(
        "crash_rolls_back_every_row",
        sheet({}, {"Job Name": "Refused"}, {"Job Name": "Last"}),
        setup=refuse_insert_of("Refused"),
        status=500,
        check=crashed,
    ),
]


def flag(value: str | None, dry: bool) -> Case:
    """The `dry_run` form field: a dry run writes nothing, a real run creates the job."""
    body = (
        validated(stats(6, 1), [preview()])
        if dry
        else processed(stats(6, 1), [("Nightly smoke", True)])
    )
    return upload(
        f"dry_run_{value!r}".replace(" ", "_"),
        sheet({}),
        dry_run=value,
        status=200,
        body=body,
        check=job_count(1 if dry else 2),
    )


DRY_RUN_CASES = [flag(value, True) for value in ("1", "true", " Yes ", "Y", "ON")] + [
    flag(value, False) for value in (None, "", "false", "0", "2", "dry")
]
