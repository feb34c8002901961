"""Case tables for spec §4.2 POST /jobs, and the request values and bodies job tables share.

Every row of the create validation table is a case with its exact status and body; failing
cases also prove the database is unchanged. Reads and deletes live in `job_read_cases.py`,
update in `job_update_cases.py`; cases that need other settings, the environment or a
scheduler in `job_app_cases.py`. Cases start from `job_world.seed_jobs` (PIC teams, a disabled
category, seeded jobs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from tests_support.cases.jobs.checks import broadcast, checks, job_row
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, NOTHING, Case
from tests_support.kit.contract import (
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    JSON_SUFFIX,
    NO_HEADER,
    NOT_AN_OBJECT,
    TEXT,
    must_be,
)
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.jobs import (
    CRON,
    FAR_END,
    PAST_END,
    TARGET_URL,
    TODAY,
    add_accented_catalog,
    remove_category,
    seed_jobs,
    then,
)

EMAIL = {"admin": "admin@example.com", "user": "alice@example.com", "other": "olga@example.com"}
ADMIN_OR_USER = {
    "error": "Insufficient permissions",
    "message": "This endpoint requires one of the following roles: admin, user",
}
NEW = {
    "name": "nightly",
    "cron_expression": CRON,
    "end_date": FAR_END,
    "pic_team": "qa-team",
    "target_url": TARGET_URL,
}
NO_TARGET = {field: value for field, value in NEW.items() if field != "target_url"}
TRIPLE: dict[str, Any] = {
    "github_owner": "acme",
    "github_repo": "deploy",
    "github_workflow_name": "ci.yml",
}
MISSING_TARGET = {
    "error": "Missing target configuration",
    "message": 'Please provide either "target_url" or GitHub Actions configuration '
    "(github_owner, github_repo, github_workflow_name)",
}
END_REQUIRED = {
    "error": "Missing required fields",
    "message": '"end_date" is required (YYYY-MM-DD).',
}
EMPTY_NAME = {"error": "Job name cannot be empty"}
BAD_END = {"error": "Invalid end_date", "message": "Invalid end_date. Use YYYY-MM-DD."}
PAST = {"error": "Invalid end_date", "message": "end_date must be today or in the future (JST)."}
UNKNOWN_CATEGORY = {
    "error": "Invalid category",
    "message": "Unknown category. Create it in Settings → Categories first, or choose General.",
}
TEAM_REQUIRED = {
    "error": "Invalid PIC team",
    "message": "PIC team is required. Create one in Settings → PIC Teams.",
}
UNKNOWN_TEAM = {
    "error": "Invalid PIC team",
    "message": "Unknown PIC team. Create it in Settings → PIC Teams first.",
}
TEAM_DISABLED = {
    "error": "Invalid PIC team",
    "message": "PIC team is disabled. Enable it in Settings → PIC Teams or choose another.",
}


def job_not_found(job_id: str) -> dict[str, str]:
    """The job-not-found body."""
    return {"error": "Job not found", "message": f"No job found with ID: {job_id}"}


def duplicate(name: str) -> dict[str, str]:
    """The create's duplicate-name body."""
    message = f'A job with the name "{name}" already exists. Please use a unique name.'
    return {"error": "Duplicate job name", "message": message}


def invalid_cron(message: str) -> dict[str, str]:
    """The invalid-cron body."""
    return {"error": "Invalid cron expression", "message": message}


def new_job(actor: str = "admin", **changes: Any) -> Callable[[World], dict[str, Any]]:
    """The `Job` resource of the job `NEW` creates, with `changes` applied."""
    return lambda world: (
        {
            "id": ANY_ID,
            "name": "nightly",
            "cron_expression": CRON,
            "target_url": TARGET_URL,
            "github_owner": None,
            "github_repo": None,
            "github_workflow_name": None,
            "metadata": {},
            "category": "general",
            "end_date": FAR_END,
            "pic_team": "qa-team",
            "enable_email_notifications": False,
            "notification_emails": [],
            "notify_on_success": False,
            "created_by": world.ids[actor],
            "is_active": True,
            "created_at": ANY_TIMESTAMP,
            "updated_at": ANY_TIMESTAMP,
        }
        | changes
    )


def created_body(actor: str = "admin", **changes: Any) -> Callable[[World], dict[str, Any]]:
    """The create success body."""
    job = new_job(actor, **changes)
    return lambda world: {"message": "Job created successfully", "job": job(world)}


def create(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A POST /jobs case (as the admin unless `actor` says otherwise)."""
    fields.setdefault("setup", seed_jobs)
    return Case(name=f"create_{name}", method="POST", path="/jobs", json=payload, **fields)


def creates(name: str, payload: Any, /, *, actor: str = "admin", **stored: Any) -> Case:
    """A create that succeeds: 201, the resource, the stored row, one broadcast.

    `stored` holds the resource's changed values; `stored_columns` the row's column values.
    """
    columns = stored.pop("stored_columns", {})
    job_name = stored.get("name", "nightly")
    announced = broadcast(
        "New Job Created", f'Job "{job_name}" was created by {EMAIL[actor]}.', "info", "new"
    )
    return create(
        name,
        payload,
        actor=actor,
        status=201,
        body=created_body(actor, **stored),
        check=checks(job_row(job_name, **columns), announced),
    )


def create_fails(name: str, payload: Any, body: Any, status: int = 400, **fields: Any) -> Case:
    """A create that fails and changes nothing."""
    setup = recorded(fields.pop("setup", seed_jobs))
    return create(name, payload, status=status, body=body, setup=setup, check=unchanged, **fields)


def label(value: Any) -> str:
    """Name a bad value in a case name."""
    return {type(None): "null", bool: "boolean", int: "number", float: "number", str: "string",
            list: "list", dict: "object"}[type(value)]  # fmt: skip


def wrong_types(fields: dict[str, tuple[str, tuple[Any, ...]]]) -> list[Case]:
    """One failing create per field and bad value, each with its D1 body."""
    return [
        create_fails(f"rejects_{label(bad)}_{field}", NEW | {field: bad}, must_be(field, kind))
        for field, (kind, bad_values) in fields.items()
        for bad in bad_values
    ]


# --- POST /jobs -------------------------------------------------------------------------------

YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
EMAILS = ["ops@example.com", " qa@example.com "]

CREATE_CASES = [
    creates("stores_a_webhook_job", NEW,
            stored_columns={"target_url": TARGET_URL, "category": "general", "is_active": True,
                            "end_date": date(2099, 12, 31), "job_metadata": None,
                            "notification_emails": None}),
    creates("user_creates_a_job_they_own", NEW, actor="user"),
    creates("trims_name_and_cron_expression",
            NEW | {"name": "  nightly  ", "cron_expression": f"  {CRON} "}),
    creates("stores_a_github_job_trimmed",
            NO_TARGET | {"github_owner": " acme ", "github_repo": "deploy ",
                         "github_workflow_name": " ci.yml"},
            target_url=None, **TRIPLE),
    creates("stores_empty_target_url_as_null_beside_a_triple",
            NEW | TRIPLE | {"target_url": "  "}, target_url=None, **TRIPLE),
    creates("keeps_target_url_and_triple_together", NEW | TRIPLE, **TRIPLE),
    creates("stores_empty_github_fields_as_null", NEW | {"github_owner": "", "github_repo": " "}),
    creates("resolves_category_by_slug", NEW | {"category": "regression"}, category="regression"),
    creates("resolves_category_by_display_name", NEW | {"category": "dr testing"},
            category="dr-testing"),
    creates("resolves_category_by_slugified_text", NEW | {"category": "Prod/Canary"},
            category="prod-canary"),
    creates("defaults_null_category_to_general", NEW | {"category": None}),
    creates("defaults_blank_category_to_general", NEW | {"category": "  "}),
    creates("accepts_a_disabled_category", NEW | {"category": "Legacy Suite"},
            category="legacy-suite"),
    create("accepts_general_even_when_its_row_is_missing", NEW | {"category": "General"},
           setup=then(seed_jobs, remove_category("general")), status=201, body=created_body()),
    create("matches_a_non_ascii_display_name_case_insensitively",
           NEW | {"category": "équipe nord", "pic_team": "ÖE TEAM"},
           setup=then(seed_jobs, add_accented_catalog), status=201,
           body=created_body(category="nord", pic_team="oe")),
    creates("resolves_pic_team_by_display_name", NEW | {"pic_team": "qa team"}),
    creates("uses_pic_team_slug_when_pic_team_is_empty",
            NEW | {"pic_team": "", "pic_team_slug": "QA Team"}),
    creates("uses_pic_team_slug_when_pic_team_is_null",
            NEW | {"pic_team": None, "pic_team_slug": "qa-team"}),
    creates("prefers_pic_team_over_pic_team_slug", NEW | {"pic_team_slug": "ops"}),
    creates("stores_metadata_as_json_text", NEW | {"metadata": {"ref": "dev", "n": [1]}},
            metadata={"ref": "dev", "n": [1]},
            stored_columns={"job_metadata": '{"ref": "dev", "n": [1]}'}),
    creates("stores_empty_metadata_as_null", NEW | {"metadata": {}},
            stored_columns={"job_metadata": None}),
    creates("stores_null_metadata_as_null", NEW | {"metadata": None},
            stored_columns={"job_metadata": None}),
    creates("stores_emails_while_notifications_are_enabled",
            NEW | {"enable_email_notifications": True, "notification_emails": EMAILS,
                   "notify_on_success": True},
            enable_email_notifications=True, notify_on_success=True,
            notification_emails=["ops@example.com", "qa@example.com"],
            stored_columns={"notification_emails": "ops@example.com,qa@example.com"}),
    creates("drops_emails_and_notify_on_success_while_notifications_are_disabled",
            NEW | {"notification_emails": EMAILS, "notify_on_success": True},
            stored_columns={"notification_emails": None, "notify_on_success": False}),
    creates("stores_no_emails_for_an_empty_list",
            NEW | {"enable_email_notifications": True, "notification_emails": []},
            enable_email_notifications=True, stored_columns={"notification_emails": None}),
    creates("reads_null_emails_as_an_empty_list",
            NEW | {"enable_email_notifications": True, "notification_emails": None},
            enable_email_notifications=True),
    creates("accepts_end_date_today", NEW | {"end_date": TODAY.isoformat()},
            end_date=TODAY.isoformat()),
    creates("trims_end_date", NEW | {"end_date": f" {FAR_END} "}),
    creates("ignores_is_active_input", NEW | {"is_active": False},
            stored_columns={"is_active": True}),
    creates("ignores_unknown_fields", NEW | {"colour": 5, "created_by": "someone"}),
    creates("name_uniqueness_is_case_sensitive", NEW | {"name": "Alice-Webhook"},
            name="Alice-Webhook"),
    create("accepts_json_suffix_media_type", NEW, content_type=JSON_SUFFIX, status=201,
           body=created_body()),
    # RBAC (§2.2 step 9 runs before the endpoint's own steps)
    create_fails("viewer_is_forbidden", NEW, ADMIN_OR_USER, status=403, actor="viewer"),
    create_fails("checks_role_before_content_type", NEW, ADMIN_OR_USER, status=403,
                 actor="viewer", content_type=TEXT),
    create_fails("requires_a_token", NEW, NO_HEADER, status=401, actor=None),
    # steps 1-2
    create_fails("rejects_text_plain", NEW, CONTENT_TYPE_ERROR, content_type=TEXT),
    create_fails("rejects_missing_content_type", NEW, CONTENT_TYPE_ERROR, content_type=None),
    create_fails("rejects_malformed_json", NOTHING, INVALID_JSON, raw=b'{"name": '),
    create_fails("rejects_empty_body", NOTHING, INVALID_JSON, raw=b""),
    create_fails("rejects_a_lone_surrogate_escape_as_invalid_json", NOTHING, INVALID_JSON,
                 raw=json.dumps(NEW | {"name": "night\ud800"}).encode()),
    # Found by the differential fuzz: UTF-8-encoded surrogate bytes, which Python's json decodes.
    create_fails("rejects_raw_surrogate_bytes_as_invalid_json", NOTHING, INVALID_JSON,
                 raw=json.dumps(NEW | {"name": "night?"}).encode().replace(b"?", b"\xed\xa0\x80")),
    creates("accepts_an_escaped_surrogate_pair", NEW | {"name": "nightly \U0001f600"},
            name="nightly \U0001f600"),
    create_fails("rejects_array_body", [NEW], NOT_AN_OBJECT),
    create_fails("rejects_null_body", None, NOT_AN_OBJECT),
    # step 3
    create_fails("lists_every_missing_key_in_order", {},
                 {"error": "Missing required fields",
                  "missing_fields": ["name", "cron_expression", "end_date"]}),
    create_fails("lists_missing_keys_before_type_checks", {"name": 5, "target_url": 5},
                 {"error": "Missing required fields",
                  "missing_fields": ["cron_expression", "end_date"]}),
    create_fails("checks_presence_only", {"name": "", "cron_expression": "", "end_date": None},
                 EMPTY_NAME),
    # steps 4-6
    create_fails("type_checks_name_before_cron_expression",
                 NEW | {"name": None, "cron_expression": 5}, must_be("name", "a string")),
    create_fails("type_checks_cron_expression_before_empty_name",
                 NEW | {"name": "  ", "cron_expression": 5},
                 must_be("cron_expression", "a string")),
    create_fails("rejects_blank_name", NEW | {"name": "   "}, EMPTY_NAME),
    create_fails("rejects_a_duplicate_name", NEW | {"name": "alice-webhook"},
                 duplicate("alice-webhook")),
    create_fails("compares_the_trimmed_name", NEW | {"name": " alice-webhook "},
                 duplicate("alice-webhook")),
    create_fails("checks_duplicates_before_cron", NEW | {"name": "olga-webhook",
                                                        "cron_expression": "bad"},
                 duplicate("olga-webhook")),
    # step 7
    create_fails("rejects_an_empty_cron_expression", NEW | {"cron_expression": "  "},
                 invalid_cron("Cron expression is required.")),
    create_fails("rejects_six_cron_fields", NEW | {"cron_expression": "0 0 9 * * 1"},
                 invalid_cron("Cron expression must have exactly 5 fields "
                              "(minute hour day month day-of-week).")),
    create_fails("rejects_day_of_week_7", NEW | {"cron_expression": "0 9 * * 7"},
                 invalid_cron("Error validating expression '7': the last value (7) is higher "
                              "than the maximum value (6)")),
    create_fails("checks_cron_before_targets", NEW | {"cron_expression": "* * L * *",
                                                     "target_url": 5},
                 invalid_cron('Unrecognized expression "L" for field "day"')),
    # step 8 (types below), then 9
    create_fails("type_checks_targets_in_order", NEW | {"github_repo": 1, "github_owner": 2},
                 must_be("github_owner", "a string")),
    create_fails("checks_targets_before_category", NEW | {"target_url": 5, "category": "nope"},
                 must_be("target_url", "a string")),
    create_fails("rejects_an_unknown_category", NEW | {"category": "nope"}, UNKNOWN_CATEGORY),
    create_fails("checks_category_before_metadata", NEW | {"category": "nope", "metadata": []},
                 UNKNOWN_CATEGORY),
    # steps 10-11
    create_fails("checks_metadata_before_notifications",
                 NEW | {"metadata": [], "enable_email_notifications": "yes"},
                 must_be("metadata", "an object")),
    create_fails("type_checks_notification_fields_in_order",
                 NEW | {"notify_on_success": 1, "notification_emails": 2,
                        "enable_email_notifications": 3},
                 must_be("enable_email_notifications", "a boolean")),
    create_fails("type_checks_emails_before_notify_on_success",
                 NEW | {"notify_on_success": 1, "notification_emails": "a@example.com"},
                 must_be("notification_emails", "a list of strings")),
    create_fails("checks_notifications_before_end_date",
                 NEW | {"notify_on_success": "yes", "end_date": 5},
                 must_be("notify_on_success", "a boolean")),
    # steps 12-15
    create_fails("checks_end_date_type_before_pic_team", NEW | {"end_date": 5, "pic_team": 5},
                 must_be("end_date", "a string")),
    create_fails("rejects_an_unparsable_end_date", NEW | {"end_date": "31/12/2099"}, BAD_END),
    create_fails("rejects_an_impossible_end_date", NEW | {"end_date": "2099-02-30"}, BAD_END),
    create_fails("rejects_a_null_end_date", NEW | {"end_date": None}, END_REQUIRED),
    create_fails("rejects_a_blank_end_date", NEW | {"end_date": "  "}, END_REQUIRED),
    create_fails("rejects_a_past_end_date", NEW | {"end_date": PAST_END.isoformat()}, PAST),
    create_fails("rejects_yesterday_in_tokyo", NEW | {"end_date": YESTERDAY}, PAST),
    create_fails("checks_end_date_before_pic_team",
                 NEW | {"end_date": YESTERDAY, "pic_team": "nope"}, PAST),
    # step 16
    create_fails("type_checks_pic_team_slug_even_beside_a_pic_team",
                 NEW | {"pic_team_slug": 5}, must_be("pic_team_slug", "a string")),
    create_fails("requires_a_pic_team", NEW | {"pic_team": None}, TEAM_REQUIRED),
    create_fails("requires_a_pic_team_key", {k: v for k, v in NEW.items() if k != "pic_team"},
                 TEAM_REQUIRED),
    create_fails("treats_blank_pic_team_as_missing",
                 NEW | {"pic_team": " ", "pic_team_slug": ""}, TEAM_REQUIRED),
    create_fails("rejects_an_unknown_pic_team", NEW | {"pic_team": "nope"}, UNKNOWN_TEAM),
    create_fails("rejects_a_disabled_pic_team", NEW | {"pic_team": "Ops Crew"}, TEAM_DISABLED),
    create_fails("checks_pic_team_before_target", NO_TARGET | {"pic_team": "nope"}, UNKNOWN_TEAM),
    # step 17
    create_fails("requires_a_target", NO_TARGET, MISSING_TARGET),
    create_fails("treats_a_blank_target_url_as_missing", NEW | {"target_url": "   "},
                 MISSING_TARGET),
    create_fails("requires_the_whole_github_triple",
                 NO_TARGET | {"github_owner": "acme", "github_repo": "deploy"}, MISSING_TARGET),
    create_fails("fills_no_owner_without_default_owner",
                 NO_TARGET | {"github_repo": "deploy", "github_workflow_name": "ci.yml"},
                 MISSING_TARGET),
]  # fmt: skip

CREATE_CASES += wrong_types({
    "name": ("a string", (5, None)),
    "cron_expression": ("a string", (None, ["0 9 * * 1"])),
    "target_url": ("a string", (None, 5)),
    "github_owner": ("a string", (None, ["acme"])),
    "github_repo": ("a string", (None, 5)),
    "github_workflow_name": ("a string", (None, True)),
    "category": ("a string", (5, ["general"])),
    "metadata": ("an object", ([], "{}", 5)),
    "enable_email_notifications": ("a boolean", (None, "true", 1)),
    "notification_emails": ("a list of strings",
                            ("a@example.com", ["a@example.com", None], {"a": "b"})),
    "notify_on_success": ("a boolean", (None, 0)),
    "end_date": ("a string", (20991231, ["2099-12-31"])),
    "pic_team": ("a string", (5, {"slug": "qa-team"})),
    "pic_team_slug": ("a string", (True,)),
})  # fmt: skip
