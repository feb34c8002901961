"""Case tables for POST /jobs/bulk-upload (spec §4.5): reading the sheet and storing its rows.

Normalisation, decoding and header matching run as dry runs of small inline CSV texts; storage
cases are real runs checked against the stored row.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from tests_support.cases.bulk.requests import NAME_AND_CRON, NO_END_DATE
from tests_support.kit.case import Case
from tests_support.kit.worlds.bulk import (
    BASE_ROW,
    UNCHANGED,
    entry,
    preview,
    processed,
    sheet,
    stats,
    stored,
    upload,
    validated,
)

HEAD = "Job Name,Cron schedule (JST),End Date,PIC Team,Repo,Workflow Name"
GOOD = "Nightly smoke,0 9 * * *,2099-12-31,QA Team,acme/web,smoke.yml"


def read(name: str, text: str | bytes, body: Any) -> Case:
    """A dry run of an inline CSV text."""
    return upload(f"sheet_{name}", text, dry_run="1", status=200, body=body, check=UNCHANGED)


STATUS_VALUES = [
    ("", True),
    ("Enable", True),
    ("Disable", False),
    ("DISABLED", False),
    ("inactive", False),
    ("false", False),
    ("0", False),
    ("No", False),
    ("n", False),
    ("OFF", False),
    ("yes", True),
    ("paused", True),
    ("1", True),
]

NORMALISATION_CASES = [
    read(
        "blank_header_column_dropped",
        "Job Name, ,Cron schedule (JST),End Date,PIC Team,Repo,Workflow Name\n"
        "Nightly smoke,a note,0 9 * * *,2099-12-31,QA Team,acme/web,smoke.yml\n",
        validated(stats(7, 1, 1), [preview()]),
    ),
    read(
        "row_set_only_in_a_dropped_column_is_blank",
        "Job Name,,Cron schedule (JST),End Date,PIC Team,Repo,Workflow Name\n"
        "Nightly smoke,,0 9 * * *,2099-12-31,QA Team,acme/web,smoke.yml\n"
        ",only a note,,,,,\n",
        validated(stats(7, 2, 1, 1), [preview()]),
    ),
    read(
        "short_row_padded",
        f"{HEAD}\nNightly smoke,0 9 * * *\n",
        validated(stats(6, 1), [], [entry(2, "Missing required fields", NO_END_DATE)]),
    ),
    read(
        "cells_beyond_the_header_ignored",
        f"{HEAD}\n{GOOD},extra,cells\n",
        validated(stats(6, 1), [preview()]),
    ),
    read(
        "blank_rows_dropped_and_not_numbered",
        f"{HEAD}\n{GOOD}\n\n,,,,,\n  , ,,\t,,\nLater,0 9 * * *,,QA Team,acme/web,smoke.yml\n",
        validated(
            stats(6, 5, 0, 3),
            [preview()],
            [entry(3, "Missing required fields", NO_END_DATE, "Later")],
        ),
    ),
    read(
        "rightmost_duplicate_header_wins",
        f"{HEAD},JOB NAME \n{GOOD},Right\n",
        validated(stats(7, 1), [preview(name="Right")]),
    ),
    read(
        "rightmost_duplicate_header_wins_even_blank",
        f"{HEAD},job name\n{GOOD},\n",
        validated(stats(7, 1), [], [entry(2, "Missing required fields", NAME_AND_CRON, ...)]),
    ),
    read(
        "first_non_blank_alias_wins",
        f"Name,{HEAD}\nFallback,{GOOD.replace('Nightly smoke', '')}\n",
        validated(stats(7, 1), [preview(name="Fallback")]),
    ),
    read(
        "alias_priority_beats_column_order",
        f"cron,name,{HEAD}\n*/5 * * * *,Second,{GOOD}\n",
        validated(stats(8, 1), [preview()]),
    ),
    read(
        "lower_priority_alias_used_alone",
        "name,cron_expression,end_date,pic_team_slug,github_owner,github_repo,github_workflow_name\n"
        "Nightly smoke,0 9 * * *,2099-12-31,qa,acme,web,smoke.yml\n",
        validated(stats(7, 1), [preview()]),
    ),
    read(
        "headers_trimmed_and_lower_cased",
        "  JOB NAME ,Cron Schedule (JST),END DATE,pic TEAM,REPO,Workflow name\n" + GOOD + "\n",
        validated(stats(6, 1), [preview()]),
    ),
    read(
        "cells_trimmed",
        f"{HEAD}\n  Nightly smoke ,  0 9 * * *  , 2099-12-31 ,  QA Team , acme/web , smoke.yml\n",
        validated(stats(6, 1), [preview()]),
    ),
    read(
        "quoted_cells_hold_commas_and_line_breaks",
        f'{HEAD},Request Body\r\n"Nightly, smoke",0 9 * * *,2099-12-31,QA Team,acme/web,smoke.yml,'
        '"{\r\n  ""suite"": ""smoke""\r\n}"\r\n',
        validated(stats(7, 1), [preview(name="Nightly, smoke")]),
    ),
    read(
        "bom_stripped",
        b"\xef\xbb\xbf" + f"{HEAD}\r\n{GOOD}\r\n".encode(),
        validated(stats(6, 1), [preview()]),
    ),
    read(
        # The whole file decides: a bad byte far past the header keeps the BOM in the first header
        # cell, so `Job Name` matches no alias.
        "bom_kept_when_a_late_byte_is_not_utf8",
        b"\xef\xbb\xbf" + f"{HEAD}\n{GOOD},{'x' * 100_000}\xe9".encode("latin-1"),
        validated(stats(6, 1), [], [entry(2, "Missing required fields", NAME_AND_CRON, ...)]),
    ),
    read(
        "undecodable_bytes_replaced",
        f"{HEAD}\n".encode() + GOOD.replace("Nightly", "Caf\xe9").encode("latin-1"),
        validated(stats(6, 1), [preview(name="Caf\ufffd smoke")]),
    ),
    read(
        "status_values",
        sheet(*({"Job Name": f"Status {value!r}", "Status": value} for value, _ in STATUS_VALUES)),
        validated(
            stats(7, len(STATUS_VALUES)),
            [
                preview(name=f"Status {value!r}", is_active=active)
                for value, active in STATUS_VALUES
            ],
        ),
    ),
]


# A Request Body cell of 200,000 characters: past the csv module's default field limit (131,072).
LARGE_METADATA = {"payload": "x" * (200_000 - len('{"payload": ""}'))}
LARGE_BODY = json.dumps(LARGE_METADATA)


def store(name: str, cells: dict[str, str], check: Any, active: bool = True, **fields: Any) -> Case:
    """A real run of a one-row sheet creating one job, checked in the database."""
    columns = len(BASE_ROW.keys() | cells.keys())
    body = processed(stats(columns, 1), [(cells.get("Job Name", "Nightly smoke"), active)])
    return upload(f"store_{name}", sheet(cells), status=200, body=body, check=check, **fields)


def github(owner: str, repo: str, workflow: str = "smoke.yml", **columns: Any) -> Any:
    """The stored job has this GitHub triple and no target URL."""
    return stored(
        "Nightly smoke",
        github_owner=owner,
        github_repo=repo,
        github_workflow_name=workflow,
        target_url=None,
        **columns,
    )


STORAGE_CASES = [
    store(
        "created_job_fields",
        {},
        github(
            "acme",
            "web",
            category="general",
            pic_team="qa",
            end_date=date(2099, 12, 31),
            is_active=True,
            metadata=None,
            enable_email_notifications=False,
            notification_emails=None,
            notify_on_success=False,
            creator="admin",
        ),
    ),
    store("created_by_the_caller", {}, github("acme", "web", creator="user"), actor="user"),
    store(
        "disabled_status",
        {"Status": "Disable"},
        github("acme", "web", is_active=False),
        active=False,
    ),
    store(
        "owner_slash_repo_overrides_owner_column",
        {"GitHub Owner": "someone", "Repo": "acme/web"},
        github("acme", "web"),
    ),
    store(
        "repo_with_three_parts_kept",
        {"Owner": "acme", "Repo": "acme/web/extra"},
        github("acme", "acme/web/extra"),
    ),
    store(
        "repo_with_an_empty_part_kept", {"Owner": "acme", "Repo": "/web"}, github("acme", "/web")
    ),
    store(
        "default_owner_from_form",
        {"Repo": "web"},
        github("acme-default", "web"),
        owner="  acme-default  ",
    ),
    store(
        "owner_column_beats_default_owner",
        {"GitHub Owner": "acme", "Repo": "web"},
        github("acme", "web"),
        owner="other",
    ),
    store(
        "target_url_clears_github_fields_and_takes_the_branch",
        {"Target URL": "https://hooks.example.com/run", "Branch": "main"},
        stored(
            "Nightly smoke",
            target_url="https://hooks.example.com/run",
            github_owner=None,
            github_repo=None,
            github_workflow_name=None,
            metadata={"branchDetails": "main"},
        ),
    ),
    store(
        "webhook_row_needs_no_github_fields",
        {"URL": "https://hooks.example.com/run", "Repo": "", "Workflow Name": ""},
        stored("Nightly smoke", target_url="https://hooks.example.com/run", github_owner=None),
    ),
    store(
        "branch_sets_branch_details",
        {"Ref": "develop"},
        github("acme", "web", metadata={"branchDetails": "develop"}),
    ),
    store(
        "request_body_branch_details_kept",
        {"Branch": "main", "Request Body": '{\n  "branchDetails": "release",\n  "n": 1\n}'},
        github("acme", "web", metadata={"branchDetails": "release", "n": 1}),
    ),
    store(
        "empty_object_body_stored_as_null", {"metadata": "{}"}, github("acme", "web", metadata=None)
    ),
    store(
        "request_body_cell_of_200000_characters",
        {"Request Body": LARGE_BODY},
        github("acme", "web", metadata=LARGE_METADATA),
    ),
    upload(
        "store_rows_beside_an_over_long_one",
        sheet({"Job Name": "Too long " + "x" * 300}, {"Job Name": "Fine"}),
        status=200,
        body=processed(
            stats(6, 2),
            [("Fine", True)],
            [
                entry(
                    2,
                    "Invalid payload",
                    '"name" must be at most 255 characters.',
                    "Too long " + "x" * 300,
                )
            ],
        ),
        check=stored("Fine", github_repo="web"),
    ),
    store(
        "category_by_display_name",
        {"Category": "Nightly Runs"},
        github("acme", "web", category="nightly"),
    ),
    store(
        "category_by_seeded_name",
        {"Job Category": "DR Testing"},
        github("acme", "web", category="dr-testing"),
    ),
    store(
        "disabled_category", {"Category": "archived"}, github("acme", "web", category="archived")
    ),
    store(
        "pic_team_by_display_name",
        {"PIC Team": "Platform Engineering"},
        github("acme", "web", pic_team="platform"),
    ),
]
