"""Case tables for spec §4.2 PUT /jobs/<job_id>: every row of the update validation table.

A successful update answers the stored `Job`, refreshes `updated_at` and sends one broadcast
("Job Updated", "Job Enabled" or "Job Disabled"); a failing one changes nothing (steps 1–18).
Cases start from `job_world.seed_jobs`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests_support.cases.jobs.checks import broadcast, checks, job_row, refreshed
from tests_support.cases.jobs.create import (
    BAD_END,
    EMAIL,
    EMPTY_NAME,
    PAST,
    TEAM_DISABLED,
    TEAM_REQUIRED,
    TRIPLE,
    UNKNOWN_CATEGORY,
    UNKNOWN_TEAM,
    YESTERDAY,
    invalid_cron,
    job_not_found,
    label,
)
from tests_support.kit.case import ANY_TIMESTAMP, NOTHING, Case
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
from tests_support.kit.worlds.jobs import (
    FAR_END,
    JOB,
    SEEDS,
    TODAY,
    change_job,
    seed_jobs,
    stored_job,
    then,
)

FORBIDDEN_UPDATE = {
    "error": "Insufficient permissions",
    "message": "You can only update your own jobs",
}
EXPIRED = {
    "error": "Job expired",
    "message": "Job cannot be enabled after end_date has passed. Update end_date first.",
}
NO_TARGET = {
    "error": "Missing target configuration",
    "message": "Job must have either target_url or complete GitHub Actions configuration",
}
END_REQUIRED = {"error": "Invalid end_date", "message": "end_date is required (YYYY-MM-DD)."}
UPDATED = ("Job Updated", "updated", "info")
ENABLED = ("Job Enabled", "enabled", "info")
DISABLED = ("Job Disabled", "disabled", "warning")


def duplicate(name: str) -> dict[str, str]:
    """The update's duplicate-name body (shorter than the create's)."""
    return {
        "error": "Duplicate job name",
        "message": f'A job with the name "{name}" already exists.',
    }


def put(name: str, key: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A PUT /jobs/<id> case on a seeded job (as the admin unless `actor` says otherwise)."""
    fields.setdefault("setup", seed_jobs)
    path = f"/jobs/{JOB.get(key, key)}"
    return Case(name=f"update_{name}", method="PUT", path=path, json=payload, **fields)


def updates(
    name: str,
    key: str,
    payload: Any,
    /,
    *,
    actor: str = "admin",
    event: tuple[str, str, str] = UPDATED,
    columns: dict[str, Any] | None = None,
    setup: Any = seed_jobs,
    **changes: Any,
) -> Case:
    """An update that succeeds: 200 with the job, the stored columns, one broadcast.

    `changes` are the resource's new values, `columns` the row's column values to check.
    """
    title, verb, kind = event
    new_name = changes.get("name", SEEDS[key].name)
    message = f'Job "{new_name}" was {verb} by {EMAIL[actor]}.'
    return put(
        name,
        key,
        payload,
        actor=actor,
        setup=setup,
        status=200,
        body=lambda w: {
            "message": "Job updated successfully",
            "job": stored_job(w, key, updated_at=ANY_TIMESTAMP, **changes),
        },
        check=checks(
            job_row(key, **(columns or {})), refreshed(key), broadcast(title, message, kind, key)
        ),
    )


def update_fails(
    name: str, key: str, payload: Any, body: Any, status: int = 400, **fields: Any
) -> Case:
    """An update that fails and changes nothing."""
    setup = recorded(fields.pop("setup", seed_jobs))
    return put(name, key, payload, status=status, body=body, setup=setup, check=unchanged, **fields)


def wrong_types(key: str, fields: dict[str, tuple[str, tuple[Any, ...]]]) -> list[Case]:
    """One failing update per field and bad value, each with its D1 body."""
    return [
        update_fails(f"rejects_{label(bad)}_{field}", key, {field: bad}, must_be(field, kind))
        for field, (kind, bad_values) in fields.items()
        for bad in bad_values
    ]


GITHUB_SPACED = {
    "github_owner": " acme ",
    "github_repo": "deploy ",
    "github_workflow_name": " ci.yml",
}
NOTIFY_OFF: dict[str, Any] = {
    "enable_email_notifications": False,
    "notification_emails": [],
    "notify_on_success": False,
}

UPDATE_CASES = [
    # successes, field by field (steps 5-16)
    updates("empty_body_still_broadcasts_job_updated", "alice", {}),
    updates("owner_updates_own_job", "alice", {"name": "alice-renamed"}, actor="user",
            name="alice-renamed", columns={"name": "alice-renamed"}),
    updates("trims_the_new_name", "alice", {"name": "  renamed  "}, name="renamed"),
    updates("keeps_its_own_name", "alice", {"name": " alice-webhook "}),
    updates("name_check_is_case_sensitive", "alice", {"name": "OLGA-WEBHOOK"},
            name="OLGA-WEBHOOK"),
    updates("trims_a_new_cron_expression", "alice", {"cron_expression": " 30 8 * * mon-fri "},
            cron_expression="30 8 * * mon-fri"),
    updates("admin_updates_an_unowned_job_without_rechecking_its_cron", "broken", {}),
    updates("switches_to_a_github_target", "alice", {"target_url": " "} | GITHUB_SPACED,
            target_url=None, **TRIPLE, columns={"target_url": None, **TRIPLE}),
    updates("trims_a_target_field", "github", {"github_repo": " web "}, github_repo="web"),
    updates("adds_a_target_url_to_a_github_job", "github", {"target_url": " https://x.test "},
            target_url="https://x.test"),
    updates("stores_metadata_as_json_text", "alice", {"metadata": {"ref": "dev"}},
            metadata={"ref": "dev"}, columns={"job_metadata": '{"ref": "dev"}'}),
    updates("clears_metadata_with_null", "notify", {"metadata": None}, actor="user",
            metadata={}, columns={"job_metadata": None}),
    updates("clears_metadata_with_an_empty_object", "notify", {"metadata": {}}, metadata={},
            columns={"job_metadata": None}),
    updates("resolves_a_category_by_display_name", "alice", {"category": "Feature Testing"},
            category="feature-testing"),
    updates("resets_a_null_category_to_general", "notify", {"category": None},
            category="general"),
    updates("resets_a_blank_category_to_general", "notify", {"category": "  "},
            category="general"),
    updates("accepts_a_disabled_category", "alice", {"category": "legacy-suite"},
            category="legacy-suite"),
    updates("moves_the_end_date", "alice", {"end_date": " 2098-01-31 "}, end_date="2098-01-31",
            columns={"end_date": date(2098, 1, 31)}),
    updates("accepts_end_date_today", "alice", {"end_date": TODAY.isoformat()},
            end_date=TODAY.isoformat()),
    updates("resolves_a_pic_team_by_display_name", "alice", {"pic_team": "payments squad"},
            pic_team="payments"),
    updates("uses_pic_team_slug_alone", "alice", {"pic_team_slug": "payments"},
            pic_team="payments"),
    updates("uses_pic_team_slug_when_pic_team_is_empty", "alice",
            {"pic_team": "", "pic_team_slug": "Payments Squad"}, pic_team="payments"),
    updates("disabling_notifications_clears_emails_and_notify_on_success", "notify",
            {"enable_email_notifications": False}, **NOTIFY_OFF,
            columns={"notification_emails": None, "notify_on_success": False}),
    updates("enabling_notifications_adds_no_emails", "alice",
            {"enable_email_notifications": True}, enable_email_notifications=True),
    updates("splits_a_comma_separated_email_string", "notify",
            {"notification_emails": " a@example.com, ,b@example.com "},
            notification_emails=["a@example.com", "b@example.com"],
            columns={"notification_emails": "a@example.com,b@example.com"}),
    updates("stores_an_email_list", "notify", {"notification_emails": ["x@example.com"]},
            notification_emails=["x@example.com"],
            columns={"notification_emails": "x@example.com"}),
    updates("clears_emails_with_null", "notify", {"notification_emails": None},
            notification_emails=[], columns={"notification_emails": None}),
    updates("clears_emails_with_an_empty_string", "notify", {"notification_emails": ""},
            notification_emails=[], columns={"notification_emails": None}),
    updates("drops_emails_while_notifications_are_disabled", "alice",
            {"notification_emails": ["x@example.com"]}, columns={"notification_emails": None}),
    updates("stores_emails_when_enabled_in_the_same_request", "alice",
            {"notification_emails": "x@example.com", "enable_email_notifications": True,
             "notify_on_success": True},
            enable_email_notifications=True, notification_emails=["x@example.com"],
            notify_on_success=True),
    updates("drops_emails_when_disabled_in_the_same_request", "notify",
            {"enable_email_notifications": False, "notification_emails": ["x@example.com"],
             "notify_on_success": True}, **NOTIFY_OFF),
    updates("forces_notify_on_success_off_while_disabled", "alice", {"notify_on_success": True},
            columns={"notify_on_success": False}),
    updates("turns_notify_on_success_off", "notify", {"notify_on_success": False},
            notify_on_success=False),
    updates("disabling_broadcasts_job_disabled", "alice", {"is_active": False},
            is_active=False, event=DISABLED),
    updates("enabling_broadcasts_job_enabled", "alice", {"is_active": True},
            setup=then(seed_jobs, change_job("alice", is_active=False)), event=ENABLED),
    updates("keeping_the_active_flag_broadcasts_job_updated", "alice", {"is_active": True}),
    updates("disables_an_expired_job", "expired", {"is_active": False}, is_active=False,
            event=DISABLED),
    updates("revives_an_expired_job_with_a_new_end_date", "expired", {"end_date": FAR_END},
            end_date=FAR_END),
    updates("renames_an_inactive_expired_job", "paused", {"name": "renamed"}, name="renamed"),
    updates("announces_the_users_email", "alice", {}, actor="user"),
    updates("ignores_unknown_fields", "alice", {"id": "x", "created_by": None, "colour": 1}),
    updates("applies_several_fields_at_once", "alice",
            {"name": "multi", "cron_expression": "0 0 1 * *", "category": "refund",
             "is_active": False, "metadata": {"a": 1}},
            name="multi", cron_expression="0 0 1 * *", category="refund", is_active=False,
            metadata={"a": 1}, event=DISABLED),
    put("accepts_json_suffix_media_type", "alice", {}, content_type=JSON_SUFFIX, status=200),
    # steps 1-4
    update_fails("reports_a_missing_job", "{missing}", {},
                 job_not_found("00000000-0000-4000-8000-000000000000"), status=404),
    update_fails("viewer_gets_404_before_403", "{missing}", {},
                 job_not_found("00000000-0000-4000-8000-000000000000"), status=404,
                 actor="viewer"),
    update_fails("checks_the_job_before_content_type", "{missing}", {},
                 job_not_found("00000000-0000-4000-8000-000000000000"), status=404,
                 content_type=TEXT),
    update_fails("viewer_cannot_update", "alice", {}, FORBIDDEN_UPDATE, status=403,
                 actor="viewer"),
    update_fails("user_cannot_update_another_users_job", "olga", {}, FORBIDDEN_UPDATE,
                 status=403, actor="user"),
    update_fails("user_cannot_update_an_unowned_job", "broken", {}, FORBIDDEN_UPDATE,
                 status=403, actor="user"),
    update_fails("checks_ownership_before_content_type", "olga", {}, FORBIDDEN_UPDATE,
                 status=403, actor="user", content_type=TEXT),
    update_fails("requires_a_token", "alice", {}, NO_HEADER, status=401, actor=None),
    update_fails("rejects_text_plain", "alice", {}, CONTENT_TYPE_ERROR, content_type=TEXT),
    update_fails("rejects_missing_content_type", "alice", {}, CONTENT_TYPE_ERROR,
                 content_type=None),
    update_fails("rejects_malformed_json", "alice", NOTHING, INVALID_JSON, raw=b"{"),
    update_fails("rejects_empty_body", "alice", NOTHING, INVALID_JSON, raw=b""),
    update_fails("rejects_a_lone_surrogate_escape_as_invalid_json", "alice", NOTHING,
                 INVALID_JSON, raw=b'{"target_url": "https://x.test/\\udc00"}'),
    update_fails("rejects_array_body", "alice", [], NOT_AN_OBJECT),
    update_fails("rejects_null_body", "alice", None, NOT_AN_OBJECT),
    # step 5
    update_fails("rejects_a_blank_name", "alice", {"name": "  "}, EMPTY_NAME),
    update_fails("rejects_another_jobs_name", "alice", {"name": "olga-webhook"},
                 duplicate("olga-webhook")),
    update_fails("compares_the_trimmed_name", "alice", {"name": " olga-webhook  "},
                 duplicate("olga-webhook")),
    update_fails("checks_the_name_before_cron", "alice", {"name": 5, "cron_expression": "x"},
                 must_be("name", "a string")),
    # step 6
    update_fails("rejects_an_invalid_cron_expression", "alice", {"cron_expression": "0 9 * *"},
                 invalid_cron("Cron expression must have exactly 5 fields "
                              "(minute hour day month day-of-week).")),
    update_fails("rejects_a_blank_cron_expression", "alice", {"cron_expression": " "},
                 invalid_cron("Cron expression is required.")),
    update_fails("checks_cron_before_targets", "alice",
                 {"cron_expression": "0 9 * * 6-0", "target_url": 5},
                 invalid_cron("The minimum value in a range must not be higher than the "
                              "maximum")),
    # step 7, then 9
    update_fails("type_checks_targets_in_order", "alice",
                 {"github_workflow_name": 1, "github_repo": 2}, must_be("github_repo", "a string")),
    update_fails("checks_targets_before_metadata", "alice",
                 {"github_owner": None, "metadata": []}, must_be("github_owner", "a string")),
    update_fails("checks_metadata_before_category", "alice", {"metadata": "x", "category": 5},
                 must_be("metadata", "an object")),
    # step 10
    update_fails("rejects_an_unknown_category", "alice", {"category": "nope"}, UNKNOWN_CATEGORY),
    update_fails("checks_category_before_end_date", "alice",
                 {"category": "nope", "end_date": "soon"}, UNKNOWN_CATEGORY),
    # step 11
    update_fails("rejects_an_unparsable_end_date", "alice", {"end_date": "soon"}, BAD_END),
    update_fails("rejects_a_null_end_date", "alice", {"end_date": None}, END_REQUIRED),
    update_fails("rejects_a_blank_end_date", "alice", {"end_date": " "}, END_REQUIRED),
    update_fails("rejects_a_past_end_date", "alice", {"end_date": "2000-01-01"}, PAST),
    update_fails("rejects_yesterday_in_tokyo", "alice", {"end_date": YESTERDAY}, PAST),
    update_fails("checks_end_date_before_pic_team", "alice",
                 {"end_date": YESTERDAY, "pic_team": 5}, PAST),
    # step 12
    update_fails("type_checks_pic_team_slug_beside_a_pic_team", "alice",
                 {"pic_team": "payments", "pic_team_slug": 5},
                 must_be("pic_team_slug", "a string")),
    update_fails("rejects_a_null_pic_team", "alice", {"pic_team": None}, TEAM_REQUIRED),
    update_fails("rejects_a_blank_pic_team", "alice", {"pic_team": "", "pic_team_slug": " "},
                 TEAM_REQUIRED),
    update_fails("rejects_an_unknown_pic_team", "alice", {"pic_team": "nope"}, UNKNOWN_TEAM),
    update_fails("rejects_a_disabled_pic_team", "alice", {"pic_team_slug": "ops"},
                 TEAM_DISABLED),
    update_fails("checks_pic_team_before_notifications", "alice",
                 {"pic_team": "nope", "enable_email_notifications": "yes"}, UNKNOWN_TEAM),
    # steps 13-16
    update_fails("type_checks_notification_fields_in_order", "alice",
                 {"is_active": 0, "notify_on_success": 1, "notification_emails": 2,
                  "enable_email_notifications": 3},
                 must_be("enable_email_notifications", "a boolean")),
    update_fails("type_checks_emails_before_notify_on_success", "alice",
                 {"is_active": 0, "notify_on_success": 1, "notification_emails": 2},
                 must_be("notification_emails", "a list of strings")),
    update_fails("type_checks_notify_on_success_before_is_active", "alice",
                 {"is_active": 0, "notify_on_success": 1},
                 must_be("notify_on_success", "a boolean")),
    update_fails("type_checks_is_active_before_expiry", "expired", {"is_active": "no"},
                 must_be("is_active", "a boolean")),
    # step 17
    update_fails("refuses_any_change_to_an_active_expired_job", "expired", {}, EXPIRED),
    update_fails("refuses_a_rename_of_an_active_expired_job", "expired", {"name": "x"}, EXPIRED),
    update_fails("refuses_to_enable_an_expired_job", "paused", {"is_active": True}, EXPIRED),
    update_fails("checks_expiry_before_the_target", "expired", {"target_url": ""}, EXPIRED),
    # step 18
    update_fails("refuses_to_clear_the_only_target", "alice", {"target_url": ""}, NO_TARGET),
    update_fails("refuses_an_incomplete_github_triple", "github", {"github_workflow_name": " "},
                 NO_TARGET),
    update_fails("fills_no_owner_without_default_owner", "github", {"github_owner": ""},
                 NO_TARGET),
]  # fmt: skip

UPDATE_CASES += wrong_types("alice", {
    "name": ("a string", (None, ["x"])),
    "cron_expression": ("a string", (5, None)),
    "target_url": ("a string", (None, 5)),
    "github_owner": ("a string", ({"a": 1},)),
    "github_repo": ("a string", (None,)),
    "github_workflow_name": ("a string", (True,)),
    "metadata": ("an object", ([], "{}")),
    "category": ("a string", (5,)),
    "end_date": ("a string", (20991231, False)),
    "pic_team": ("a string", (5,)),
    "pic_team_slug": ("a string", (["payments"],)),
    "enable_email_notifications": ("a boolean", (None, "false")),
    "notification_emails": ("a list of strings", (5, ["a@example.com", 1], {"a": "b"})),
    "notify_on_success": ("a boolean", (None, 1)),
    "is_active": ("a boolean", (None, "true", 0)),
})  # fmt: skip
