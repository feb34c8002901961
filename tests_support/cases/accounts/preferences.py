"""Case tables for spec §4.1 notification preferences (D10) and UI preferences."""

from __future__ import annotations

from typing import Any

from tests_support.kit.case import NOTHING, Case, Step
from tests_support.kit.contract import (
    CANNOT_ACCESS_PREFS,
    CANNOT_UPDATE_PREFS,
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    JSON_SUFFIX,
    NOT_AN_OBJECT,
    NOTIFICATION_DEFAULTS,
    TEXT,
    UI_DEFAULTS,
    USER_NOT_FOUND,
    must_be,
    notification_prefs,
    ui_prefs,
)
from tests_support.kit.scenario import (
    no_notification_prefs,
    no_ui_prefs,
    store_notification_prefs,
    store_ui_columns,
    stored_notification_prefs,
    stored_ui_columns,
)
from tests_support.kit.worlds.base import MISSING_ID


def prefs(name: str, method: str, target: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A GET/PUT /auth/users/<id>/preferences case."""
    path = f"/auth/users/{{{target}}}/preferences"
    verb = "get" if method == "GET" else "put"
    return Case(name=f"{verb}_prefs_{name}", method=method, path=path, json=payload, **fields)


def ui(name: str, method: str, target: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A GET/PUT /auth/users/<id>/ui-preferences case."""
    path = f"/auth/users/{{{target}}}/ui-preferences"
    verb = "get" if method == "GET" else "put"
    return Case(name=f"{verb}_ui_prefs_{name}", method=method, path=path, json=payload, **fields)


# --- GET/PUT /auth/users/<id>/preferences -----------------------------------------------------

FLAGS = list(NOTIFICATION_DEFAULTS)

NOTIFICATION_PREFERENCE_CASES = [
    prefs("creates_d10_defaults_on_first_read", "GET", "user", actor="user", status=200,
          body=notification_prefs("user", "retrieved"), check=stored_notification_prefs("user")),
    prefs("returns_the_stored_row", "GET", "user", actor="user",
          setup=store_notification_prefs("user", daily_digest=True, email_on_job_success=False),
          status=200,
          body=notification_prefs("user", "retrieved", daily_digest=True,
                                  email_on_job_success=False),
          check=stored_notification_prefs("user", daily_digest=True, email_on_job_success=False)),
    prefs("twice_reads_the_same_row", "GET", "user", actor="user", status=200,
          then=(Step(method="GET", path="/auth/users/{user}/preferences", actor="user",
                     status=200, body=notification_prefs("user", "retrieved"),
                     check=stored_notification_prefs("user")),)),
    prefs("checks_permission_before_existence", "GET", "missing", actor="user", status=403,
          body=CANNOT_ACCESS_PREFS),
    prefs("reports_missing_user", "GET", "missing", status=404, body=USER_NOT_FOUND,
          check=no_notification_prefs(MISSING_ID)),
    prefs("applies_present_fields_over_d10_defaults", "PUT", "user",
          {"daily_digest": True, "email_on_job_success": False, "unknown": 1}, actor="user",
          status=200,
          body=notification_prefs("user", "updated", daily_digest=True,
                                  email_on_job_success=False),
          check=stored_notification_prefs("user", daily_digest=True,
                                          email_on_job_success=False)),
    prefs("with_empty_object_creates_d10_defaults", "PUT", "user", {}, actor="user",
          status=200, body=notification_prefs("user", "updated"),
          check=stored_notification_prefs("user")),
    prefs("updates_the_stored_row_partially", "PUT", "user", {"browser_notifications": False},
          setup=store_notification_prefs("user", weekly_report=False, daily_digest=True),
          actor="user", status=200,
          body=notification_prefs("user", "updated", weekly_report=False, daily_digest=True,
                                  browser_notifications=False),
          check=stored_notification_prefs("user", weekly_report=False, daily_digest=True,
                                          browser_notifications=False)),
    prefs("accepts_json_suffix_media_type_with_charset", "PUT", "user", {}, actor="user",
          content_type=JSON_SUFFIX, status=200, body=notification_prefs("user", "updated")),
    prefs("checks_permission_before_content_type", "PUT", "other", {}, actor="user",
          content_type=TEXT, status=403, body=CANNOT_UPDATE_PREFS),
    prefs("rejects_text_plain", "PUT", "user", {}, actor="user", content_type=TEXT,
          status=400, body=CONTENT_TYPE_ERROR, check=no_notification_prefs("user")),
    prefs("checks_content_type_before_existence", "PUT", "missing", {}, content_type=TEXT,
          status=400, body=CONTENT_TYPE_ERROR),
    prefs("reports_missing_user", "PUT", "missing", {}, status=404, body=USER_NOT_FOUND),
    prefs("checks_existence_before_parsing_body", "PUT", "missing", raw=b"[", status=404,
          body=USER_NOT_FOUND),
    prefs("rejects_malformed_json", "PUT", "user", raw=b"{daily_digest: true}", actor="user",
          status=400, body=INVALID_JSON),
    prefs("rejects_non_object_body", "PUT", "user", True, actor="user", status=400,
          body=NOT_AN_OBJECT),
    *(prefs(f"rejects_non_boolean_{flag}", "PUT", "user", {flag: "yes"}, actor="user",
            status=400, body=must_be(flag, "a boolean"), check=no_notification_prefs("user"))
      for flag in FLAGS),
    prefs("rejects_null_flag", "PUT", "user", {"daily_digest": None}, actor="user", status=400,
          body=must_be("daily_digest", "a boolean")),
    prefs("rejects_integer_flag", "PUT", "user", {"weekly_report": 1}, actor="user",
          status=400, body=must_be("weekly_report", "a boolean")),
    prefs("checks_flags_in_spec_order", "PUT", "user",
          {"weekly_report": "x", "email_on_job_success": 1}, actor="user", status=400,
          body=must_be("email_on_job_success", "a boolean")),
    prefs("type_error_keeps_stored_row", "PUT", "user",
          {"daily_digest": False, "weekly_report": "no"},
          setup=store_notification_prefs("user", daily_digest=True), actor="user", status=400,
          body=must_be("weekly_report", "a boolean"),
          check=stored_notification_prefs("user", daily_digest=True)),
]  # fmt: skip

# --- GET/PUT /auth/users/<id>/ui-preferences --------------------------------------------------

NORMALISED = {"pic_team": False, "end_date": True, "cron_expression": False, "target_url": True,
              "last_execution_at": False}  # fmt: skip
MISSING_COLUMNS = {
    "error": "Missing required fields",
    "message": '"jobs_table_columns" is required.',
}
COLUMNS_NOT_OBJECT = must_be("jobs_table_columns", "an object")

UI_PREFERENCE_CASES = [
    ui("creates_defaults_on_first_read", "GET", "user", actor="user", status=200,
       body=ui_prefs(UI_DEFAULTS), check=stored_ui_columns("user", UI_DEFAULTS)),
    ui("returns_stored_object_as_is", "GET", "user", actor="user",
       setup=store_ui_columns("user", '{"pic_team": false, "custom": [1]}'), status=200,
       body=ui_prefs({"pic_team": False, "custom": [1]})),
    ui("reads_null_as_defaults", "GET", "user", actor="user",
       setup=store_ui_columns("user", None), status=200, body=ui_prefs(UI_DEFAULTS)),
    ui("reads_unparsable_text_as_defaults", "GET", "user", actor="user",
       setup=store_ui_columns("user", "{not json"), status=200, body=ui_prefs(UI_DEFAULTS)),
    ui("reads_non_object_json_as_defaults", "GET", "user", actor="user",
       setup=store_ui_columns("user", "[1, 2]"), status=200, body=ui_prefs(UI_DEFAULTS)),
    ui("checks_permission_before_existence", "GET", "missing", actor="user", status=403,
       body=CANNOT_ACCESS_PREFS),
    ui("reports_missing_user", "GET", "missing", status=404, body=USER_NOT_FOUND,
       check=no_ui_prefs(MISSING_ID)),
    ui("normalises_known_keys_by_truthiness_and_drops_unknown", "PUT", "user",
       {"jobs_table_columns": {"pic_team": 0, "target_url": "yes", "cron_expression": [],
                               "bogus": True}},
       actor="user", status=200, body=ui_prefs(NORMALISED),
       check=stored_ui_columns("user", NORMALISED),
       then=(Step(method="GET", path="/auth/users/{user}/ui-preferences", actor="user",
                  status=200, body=ui_prefs(NORMALISED)),)),
    ui("with_empty_columns_stores_defaults", "PUT", "user", {"jobs_table_columns": {}},
       actor="user", status=200, body=ui_prefs(UI_DEFAULTS),
       check=stored_ui_columns("user", UI_DEFAULTS)),
    ui("starts_from_defaults_not_from_stored_value", "PUT", "user",
       {"jobs_table_columns": {"target_url": True}},
       setup=store_ui_columns("user", '{"end_date": false, "custom": 1}'), actor="user",
       status=200, body=ui_prefs(UI_DEFAULTS | {"target_url": True}),
       check=stored_ui_columns("user", UI_DEFAULTS | {"target_url": True})),
    ui("accepts_json_suffix_media_type_with_charset", "PUT", "user", {"jobs_table_columns": {}},
       actor="user", content_type=JSON_SUFFIX, status=200, body=ui_prefs(UI_DEFAULTS)),
    ui("checks_permission_before_content_type", "PUT", "other", {}, actor="user",
       content_type=TEXT, status=403, body=CANNOT_UPDATE_PREFS),
    ui("rejects_text_plain", "PUT", "user", {"jobs_table_columns": {}}, actor="user",
       content_type=TEXT, status=400, body=CONTENT_TYPE_ERROR, check=no_ui_prefs("user")),
    ui("checks_content_type_before_existence", "PUT", "missing", {}, content_type=TEXT,
       status=400, body=CONTENT_TYPE_ERROR),
    ui("reports_missing_user", "PUT", "missing", {"jobs_table_columns": {}},
       status=404, body=USER_NOT_FOUND),
    ui("checks_existence_before_parsing_body", "PUT", "missing", raw=b"{", status=404,
       body=USER_NOT_FOUND),
    ui("rejects_malformed_json", "PUT", "user", raw=b'{"jobs_table_columns": }', actor="user",
       status=400, body=INVALID_JSON),
    ui("rejects_empty_body", "PUT", "user", raw=b"", actor="user", status=400,
       body=INVALID_JSON),
    ui("rejects_non_object_body", "PUT", "user", [UI_DEFAULTS], actor="user", status=400,
       body=NOT_AN_OBJECT),
    ui("requires_columns", "PUT", "user", {}, actor="user", status=400, body=MISSING_COLUMNS,
       check=no_ui_prefs("user")),
    ui("treats_null_columns_as_missing", "PUT", "user", {"jobs_table_columns": None},
       actor="user", status=400, body=MISSING_COLUMNS),
    ui("rejects_list_columns", "PUT", "user", {"jobs_table_columns": []}, actor="user",
       status=400, body=COLUMNS_NOT_OBJECT),
    ui("rejects_string_columns", "PUT", "user", {"jobs_table_columns": "pic_team"},
       actor="user", status=400, body=COLUMNS_NOT_OBJECT),
    ui("rejects_false_columns", "PUT", "user", {"jobs_table_columns": False}, actor="user",
       status=400, body=COLUMNS_NOT_OBJECT, check=no_ui_prefs("user")),
]  # fmt: skip
