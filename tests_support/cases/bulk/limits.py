"""Case tables for the bulk upload's limits (spec D22): the rows it reads, the errors it lists.

`LIMIT_CASES` run on the world's app with the defaults (`BULK_UPLOAD_MAX_ROWS` 10,000 rows after
the header, `BULK_UPLOAD_MAX_ERRORS` 100 listed errors); `LIMIT_APP_CASES` start the app with
small limits. Beyond the row limit the upload is a 413 and nothing is stored; beyond the error
cap `errors` lists the first errors (row errors, then scheduling errors) while `error_count`
stays the true total.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.app_variants import AppCase
from tests_support.cases.bulk.requests import NO_END_DATE, fails
from tests_support.kit.case import ANY_ID
from tests_support.kit.schedulers import SCHEDULER_DOWN, SchedulerPlan
from tests_support.kit.worlds.bulk import (
    UNCHANGED,
    entry,
    processed,
    sheet,
    stats,
    stored,
    upload,
    validated,
)

MAX_ROWS = {"bulk_upload_max_rows": 3}
MAX_ERRORS = {"bulk_upload_max_errors": 2}


def too_many_rows(limit: int) -> dict[str, str]:
    """The 413 of an upload with more rows than `limit`."""
    return {
        "error": "Payload too large",
        "message": f"A bulk upload may have at most {limit} rows.",
    }


def names(count: int) -> str:
    """A one-column sheet of `count` rows named `x`: each fails for its missing end date."""
    return "Job Name\n" + "x\n" * count


def missing_end_dates(count: int, name: str = "x") -> list[Any]:
    """The error entries of the first `count` rows, each without an end date."""
    return [entry(row, "Missing required fields", NO_END_DATE, name) for row in range(2, count + 2)]


LIMIT_CASES = [
    fails("limit_default_refuses_10001_rows", names(10_001), 413, too_many_rows(10_000)),
    upload(
        "limit_default_reads_10000_rows_and_lists_100_errors",
        names(10_000),
        status=200,
        body=processed(stats(1, 10_000), [], missing_end_dates(100), error_count=10_000),
        check=UNCHANGED,
    ),
]

GOOD_ROWS = [{"Job Name": f"Job {number}"} for number in range(1, 5)]
FAILING_ROWS = [{"Job Name": f"Job {number}", "End Date": ""} for number in range(1, 5)]
MIXED_SHEET = sheet(
    {"Job Name": "First"},
    {"Job Name": "Second"},
    {"Job Name": "Paused", "Status": "Disable"},
    {"Job Name": "Broken", "End Date": ""},
)


def failing_entry(number: int) -> Any:
    """The error entry of `FAILING_ROWS[number - 1]`, on spreadsheet row `number + 1`."""
    return entry(number + 1, "Missing required fields", NO_END_DATE, f"Job {number}")


LIMIT_APP_CASES = [
    fails(
        "limit_refuses_a_row_beyond_it",
        sheet(*GOOD_ROWS),
        413,
        too_many_rows(3),
        kind=AppCase,
        settings=MAX_ROWS,
    ),
    fails(
        "limit_counts_blank_rows_as_the_stats_do",
        sheet(*GOOD_ROWS[:2]) + "\n,,,,,\n",
        413,
        too_many_rows(3),
        kind=AppCase,
        settings=MAX_ROWS,
    ),
    upload(
        "limit_lists_the_first_errors_and_counts_them_all",
        sheet(*FAILING_ROWS),
        dry_run="1",
        kind=AppCase,
        settings=MAX_ERRORS,
        status=200,
        body=validated(stats(6, 4), [], [failing_entry(1), failing_entry(2)], error_count=4),
        check=UNCHANGED,
    ),
    upload(
        "limit_lists_row_errors_before_scheduling_errors",
        MIXED_SHEET,
        kind=AppCase,
        settings=MAX_ERRORS,
        scheduler=SchedulerPlan(
            failing=frozenset({"schedule"}),
            calls=(("schedule", ANY_ID, "First"), ("schedule", ANY_ID, "Second")),
        ),
        status=200,
        body=processed(
            stats(7, 4),
            [("First", False), ("Second", False), ("Paused", False)],
            [
                entry(5, "Missing required fields", NO_END_DATE, "Broken"),
                {"job_name": "First", "error": "Failed to schedule job", "message": SCHEDULER_DOWN},
            ],
            error_count=3,
        ),
        check=stored("Second", is_active=False),
    ),
]
