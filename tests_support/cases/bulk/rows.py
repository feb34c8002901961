"""Case tables for POST /jobs/bulk-upload (spec §4.5): per-row checks 1–13 and their order.

Each case is a dry run of a small sheet built on `BASE_ROW`, so the body shows either the row's
exact error entry or the job the row would create.
"""

from __future__ import annotations

from tests_support.cases.bulk.requests import (
    BAD_END_DATE,
    FIVE_FIELDS,
    MINUTE_61,
    NAME_AND_CRON,
    NO_END_DATE,
    NO_OWNER,
    NO_TARGET,
    NOT_AN_OBJECT,
    PAST_END_DATE,
    SINGLE_QUOTES,
    TEAM_DISABLED,
    TEAM_REQUIRED,
    UNKNOWN_CATEGORY,
    UNKNOWN_TEAM,
)
from tests_support.kit.worlds.bulk import EXPORT, TODAY, YESTERDAY, entry, preview, row, rows

EXISTING = EXPORT.EXISTING_JOB
LONE_SURROGATE = (
    "'utf-8' codec can't encode character '\\ud800' in position 7: surrogates not allowed"
)


def nested(depth: int) -> str:
    """A JSON object nesting `depth` objects in all."""
    return '{"a": ' * depth + "1" + "}" * depth


LONG_NAME = "n" * 256
LONG_CRON = ",".join(str(minute) for minute in range(60)) + " 9 * * *"  # 177 characters
IN_DATABASE = entry(
    2, "Duplicate job name", f'A job with the name "{EXISTING}" already exists.', EXISTING
)

ROW_CHECK_CASES = [
    # 1. category
    row(
        "unknown_category",
        {"Category": "Space Missions"},
        entry(2, "Invalid category", UNKNOWN_CATEGORY),
    ),
    row("category_by_display_name", {"Category": "nightly runs"}, jobs=[preview()]),
    row("disabled_category_is_accepted", {"Category": "Archived"}, jobs=[preview()]),
    # 2–4. end date
    row(
        "end_date_unparsable",
        {"End Date": "31/12/2099"},
        entry(2, "Invalid end_date", BAD_END_DATE),
    ),
    row("end_date_blank", {"End Date": ""}, entry(2, "Missing required fields", NO_END_DATE)),
    row(
        "end_date_yesterday",
        {"End Date": YESTERDAY.isoformat()},
        entry(2, "Invalid end_date", PAST_END_DATE),
    ),
    row(
        "end_date_today_is_accepted",
        {"End Date": TODAY.isoformat()},
        jobs=[preview(end_date=TODAY.isoformat())],
    ),
    # 5. PIC team, by slug or display name
    row(
        "unknown_pic_team",
        {"PIC Team": "Security Team"},
        entry(2, "Invalid PIC team", UNKNOWN_TEAM),
    ),
    row(
        "disabled_pic_team", {"PIC Team": "Legacy Ops"}, entry(2, "Invalid PIC team", TEAM_DISABLED)
    ),
    row("blank_pic_team", {"PIC Team": ""}, entry(2, "Invalid PIC team", TEAM_REQUIRED)),
    row("pic_team_by_slug", {"PIC Team": "payments"}, jobs=[preview(pic_team="payments")]),
    row(
        "pic_team_display_name_any_case",
        {"PIC Team": "PAYMENTS SQUAD"},
        jobs=[preview(pic_team="payments")],
    ),
    # 6. name and cron: no job_name key
    row("name_missing", {"Job Name": ""}, entry(2, "Missing required fields", NAME_AND_CRON, ...)),
    row(
        "cron_missing",
        {"Cron schedule (JST)": ""},
        entry(2, "Missing required fields", NAME_AND_CRON, ...),
    ),
    # 7. duplicates within the file
    rows("duplicate_in_file", [{}, {}], [preview()], entry(3, "Duplicate job name in CSV")),
    rows(
        "name_used_by_a_row_failing_after_check_6",
        [{"Cron schedule (JST)": "61 * * * *"}, {}],
        [],
        entry(2, "Invalid cron expression", MINUTE_61),
        entry(3, "Duplicate job name in CSV"),
    ),
    rows(
        "name_not_used_by_a_row_failing_before_check_6",
        [{"PIC Team": "Nobody"}, {}],
        [preview()],
        entry(2, "Invalid PIC team", UNKNOWN_TEAM),
    ),
    # 8. duplicates in the database, matched exactly
    row(
        "name_in_database",
        {"Job Name": EXISTING},
        IN_DATABASE,
    ),
    row(
        "database_match_is_case_sensitive",
        {"Job Name": EXISTING.upper()},
        jobs=[preview(name=EXISTING.upper())],
    ),
    # 9. cron
    row(
        "cron_value_out_of_range",
        {"Cron schedule (JST)": "61 * * * *"},
        entry(2, "Invalid cron expression", MINUTE_61),
    ),
    row(
        "cron_with_four_fields",
        {"Cron schedule (JST)": "0 9 * *"},
        entry(2, "Invalid cron expression", FIVE_FIELDS),
    ),
    # 10–11. request body
    row(
        "request_body_not_json",
        {"Request Body": "{'suite': 'smoke'}"},
        entry(2, "Invalid JSON in Request Body", SINGLE_QUOTES),
    ),
    row(
        "request_body_null",
        {"Request Body": "null"},
        entry(2, "Invalid Request Body", NOT_AN_OBJECT),
    ),
    row(
        "request_body_list",
        {"Request Body": '["smoke"]'},
        entry(2, "Invalid Request Body", NOT_AN_OBJECT),
    ),
    # NaN, Infinity and lone surrogates are not JSON here either (D1, as for JSON bodies): a job
    # holding them could not be rendered or sent as JSON.
    row(
        "request_body_nan",
        {"Request Body": '{"retries": NaN}'},
        entry(2, "Invalid JSON in Request Body", "NaN is not JSON"),
    ),
    row(
        "request_body_negative_infinity",
        {"Request Body": '{"timeout": -Infinity}'},
        entry(2, "Invalid JSON in Request Body", "-Infinity is not JSON"),
    ),
    row(
        "request_body_number_overflowing_to_infinity",
        {"Request Body": '{"timeout": 1e999}'},
        entry(2, "Invalid JSON in Request Body", "1e999 is out of range"),
    ),
    # Nesting is bounded the same on every stack, well below Python's recursion limit: a job
    # nested near that limit made GET /jobs a 500 when rendered.
    row(
        "request_body_nested_too_deep",
        {"Request Body": nested(501)},
        entry(2, "Invalid JSON in Request Body", "JSON is nested deeper than 500 levels"),
    ),
    row("request_body_nested_to_the_limit", {"Request Body": nested(500)}, jobs=[preview()]),
    row(
        "request_body_lone_surrogate",
        {"Request Body": '{"a": "\\ud800"}'},
        entry(2, "Invalid JSON in Request Body", LONE_SURROGATE),
    ),
    # 12–13. target
    row("repo_without_any_owner", {"Repo": "web"}, entry(2, "Missing GitHub owner", NO_OWNER)),
    row("workflow_without_owner_or_repo", {"Repo": ""}, entry(2, "Missing GitHub owner", NO_OWNER)),
    row(
        "no_repo_no_workflow",
        {"Repo": "", "Workflow Name": ""},
        entry(2, "Missing target configuration", NO_TARGET),
    ),
    row(
        "owner_and_repo_without_workflow",
        {"Workflow Name": ""},
        entry(2, "Missing target configuration", NO_TARGET),
    ),
    row(
        "default_owner_without_repo",
        {"Repo": ""},
        entry(2, "Missing target configuration", NO_TARGET),
        owner="acme",
    ),
    # a value longer than its column: the row's error, not a 400 for the whole file
    row(
        "name_longer_than_its_column",
        {"Job Name": LONG_NAME},
        entry(2, "Invalid payload", '"name" must be at most 255 characters.', LONG_NAME),
    ),
    row(
        "valid_cron_longer_than_its_column",
        {"Cron schedule (JST)": LONG_CRON},
        entry(2, "Invalid payload", '"cron_expression" must be at most 100 characters.'),
    ),
    row("name_as_long_as_its_column", {"Job Name": "n" * 255}, jobs=[preview(name="n" * 255)]),
    # the order of the checks
    row(
        "category_before_end_date",
        {"Category": "Space", "End Date": "soon"},
        entry(2, "Invalid category", UNKNOWN_CATEGORY),
    ),
    row(
        "end_date_before_name",
        {"Job Name": "", "End Date": "soon"},
        entry(2, "Invalid end_date", BAD_END_DATE, None),
    ),
    row(
        "pic_team_before_name",
        {"Job Name": "", "PIC Team": ""},
        entry(2, "Invalid PIC team", TEAM_REQUIRED, None),
    ),
    rows(
        "database_duplicate_claims_the_name",
        [
            {"Job Name": EXISTING, "Cron schedule (JST)": "bad"},
            {"Job Name": EXISTING, "Cron schedule (JST)": "bad"},
        ],
        [],
        IN_DATABASE,
        entry(3, "Duplicate job name in CSV", name=EXISTING),
    ),
    row(
        "cron_before_request_body",
        {"Cron schedule (JST)": "0 9 * *", "Request Body": "["},
        entry(2, "Invalid cron expression", FIVE_FIELDS),
    ),
    row(
        "request_body_before_target",
        {"Request Body": "[]", "Repo": ""},
        entry(2, "Invalid Request Body", NOT_AN_OBJECT),
    ),
]
