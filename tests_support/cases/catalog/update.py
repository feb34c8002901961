"""Case tables for spec §4.8 updates: name and rename cascade, `slug`, `is_active`, the extras.

Categories and PIC teams share `update_cases`; the "General" rename guard and `slack_handle`
have their own tables. A failing update must store nothing, not even a half-done cascade.
"""

from __future__ import annotations

from tests_support.kit.case import NOTHING, Case
from tests_support.kit.contract import (
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    NOT_AN_OBJECT,
    TEXT,
    must_be,
)
from tests_support.kit.worlds.base import MISSING_ID
from tests_support.kit.worlds.catalog import (
    CATEGORY,
    ENTRY_ID,
    GENERAL,
    GENERAL_ID,
    GENERAL_LOCKED,
    HANDLE_EMPTY,
    INVALID_NAME,
    INVALID_SLUG,
    MISSING,
    OTHER_ID,
    ROW,
    SLUG_LOCKED,
    TEAM,
    Kind,
    add,
    add_jobs,
    all_of,
    both,
    case,
    changed,
    duplicate,
    failing,
    jobs_at,
    not_found,
    pin_general,
    renamed,
    stored,
)


def update_cases(kind: Kind) -> list[Case]:
    """PUT: content type → 404 → D1 → name (rename cascade) → slug key → is_active."""
    apple, moved = add(kind, "apple", "Apple"), renamed(kind)
    return [
        case(kind, "update_rename_moves_jobs_to_new_slug", "PUT", ROW, {"name": "Green Apple"},
             setup=moved, status=200,
             body=changed(kind, "updated", ENTRY_ID, jobs=2, slug="green-apple",
                          name="Green Apple"),
             check=all_of(stored(kind, id=ENTRY_ID, slug="green-apple", name="Green Apple"),
                          jobs_at(kind, {"apple": 0, "green-apple": 2, "kiwi": 1}))),
        case(kind, "update_same_slug_keeps_jobs", "PUT", ROW, {"name": " APPLE "}, setup=moved,
             status=200, body=changed(kind, "updated", ENTRY_ID, jobs=0, name="APPLE"),
             check=all_of(stored(kind, id=ENTRY_ID, slug="apple", name="APPLE"),
                          jobs_at(kind, {"apple": 2, "kiwi": 1}))),
        case(kind, "update_with_empty_body_changes_nothing", "PUT", ROW, {}, setup=moved,
             status=200, body=changed(kind, "updated", ENTRY_ID, jobs=0),
             check=jobs_at(kind, {"apple": 2})),
        case(kind, "update_disables_row", "PUT", ROW, {"is_active": False}, setup=apple,
             status=200, body=changed(kind, "updated", ENTRY_ID, jobs=0, is_active=False),
             check=stored(kind, id=ENTRY_ID, is_active=False)),
        case(kind, "update_enables_row", "PUT", ROW, {"is_active": True},
             setup=add(kind, "apple", "Apple", is_active=False), status=200,
             body=changed(kind, "updated", ENTRY_ID, jobs=0, is_active=True),
             check=stored(kind, id=ENTRY_ID, is_active=True)),
        case(kind, "update_renames_and_disables_together", "PUT", ROW,
             {"name": "Pear", "is_active": False, "bogus": 1}, setup=moved, status=200,
             body=changed(kind, "updated", ENTRY_ID, jobs=2, slug="pear", name="Pear",
                          is_active=False),
             check=jobs_at(kind, {"pear": 2})),
        failing(kind, "update_rejects_text_plain", "PUT", ROW, {"name": "Pear"}, 400,
                CONTENT_TYPE_ERROR, setup=apple, content_type=TEXT),
        failing(kind, "update_checks_content_type_before_existence", "PUT", MISSING, {}, 400,
                CONTENT_TYPE_ERROR, content_type=TEXT),
        failing(kind, "update_reports_unknown_id", "PUT", MISSING, {"name": "Pear"}, 404,
                not_found(kind, MISSING_ID)),
        failing(kind, "update_checks_existence_before_parsing", "PUT", MISSING, NOTHING, 404,
                not_found(kind, MISSING_ID), raw=b"{"),
        failing(kind, "update_rejects_malformed_json", "PUT", ROW, NOTHING, 400, INVALID_JSON,
                setup=apple, raw=b"{name: 1}"),
        failing(kind, "update_rejects_non_object_body", "PUT", ROW, "Pear", 400, NOT_AN_OBJECT,
                setup=apple),
        *(failing(kind, f"update_rejects_{label}_name", "PUT", ROW, {"name": value}, 400,
                  INVALID_NAME, setup=apple)
          for label, value in (("null", None), ("blank", "  "), ("empty", ""))),
        failing(kind, "update_rejects_non_string_name", "PUT", ROW, {"name": 7}, 400,
                must_be("name", "a string"), setup=apple),
        failing(kind, "update_rejects_name_without_slug_characters", "PUT", ROW, {"name": "?!"},
                400, INVALID_SLUG, setup=moved),
        failing(kind, "update_rejects_rename_onto_taken_slug", "PUT", ROW, {"name": "kiwi"}, 409,
                duplicate(kind, "kiwi"),
                setup=both(moved, add(kind, "kiwi", "Kiwi", row_id=OTHER_ID))),
        *(failing(kind, f"update_rejects_slug_key_{label}", "PUT", ROW, {"slug": value}, 400,
                  SLUG_LOCKED, setup=apple)
          for label, value in (("new", "pear"), ("same", "apple"), ("null", None), ("int", 3))),
        failing(kind, "update_slug_key_undoes_rename_cascade", "PUT", ROW,
                {"name": "Green Apple", "slug": "green-apple"}, 400, SLUG_LOCKED, setup=moved),
        failing(kind, "update_checks_name_before_slug_key", "PUT", ROW, {"name": "", "slug": "x"},
                400, INVALID_NAME, setup=apple),
        failing(kind, "update_checks_slug_key_before_is_active", "PUT", ROW,
                {"slug": "x", "is_active": "no"}, 400, SLUG_LOCKED, setup=apple),
        failing(kind, "update_rejects_non_boolean_is_active_undoing_rename", "PUT", ROW,
                {"name": "Green Apple", "is_active": "yes"}, 400,
                must_be("is_active", "a boolean"), setup=moved),
        failing(kind, "update_rejects_null_is_active", "PUT", ROW, {"is_active": None}, 400,
                must_be("is_active", "a boolean"), setup=apple),
    ]  # fmt: skip


GENERAL_RENAME_CASES = [
    failing(CATEGORY, "update_refuses_to_rename_general", "PUT", GENERAL, {"name": "Misc"}, 400,
            GENERAL_LOCKED, setup=both(pin_general, add_jobs(CATEGORY, "general", 1))),
    failing(CATEGORY, "update_refuses_case_change_of_general", "PUT", GENERAL,
            {"name": "general"}, 400, GENERAL_LOCKED, setup=pin_general),
    failing(CATEGORY, "update_checks_empty_name_before_general_guard", "PUT", GENERAL,
            {"name": " "}, 400, INVALID_NAME, setup=pin_general),
    failing(CATEGORY, "update_checks_general_guard_before_slug_key", "PUT", GENERAL,
            {"name": "Misc", "slug": "misc"}, 400, GENERAL_LOCKED, setup=pin_general),
    case(CATEGORY, "update_accepts_general_with_its_own_name", "PUT", GENERAL,
         {"name": "  General ", "is_active": False}, setup=pin_general, status=200,
         body=changed(CATEGORY, "updated", GENERAL_ID, jobs=0, is_active=False),
         check=stored(CATEGORY, id=GENERAL_ID, slug="general", name="General", is_active=False)),
]  # fmt: skip

SLACK_HANDLE_UPDATE_CASES = [
    case(TEAM, "update_stores_trimmed_slack_handle", "PUT", ROW, {"slack_handle": " @ops "},
         setup=add(TEAM, "apple", "Apple"), status=200,
         body=changed(TEAM, "updated", ENTRY_ID, jobs=0, slack_handle="@ops"),
         check=stored(TEAM, id=ENTRY_ID, slack_handle="@ops")),
    *(failing(TEAM, f"update_rejects_{label}_slack_handle", "PUT", ROW,
              {"slack_handle": value}, 400, HANDLE_EMPTY, setup=add(TEAM, "apple", "Apple"))
      for label, value in (("null", None), ("blank", " "), ("empty", ""))),
    failing(TEAM, "update_rejects_non_string_slack_handle", "PUT", ROW, {"slack_handle": []},
            400, must_be("slack_handle", "a string"), setup=add(TEAM, "apple", "Apple")),
    failing(TEAM, "update_checks_is_active_before_slack_handle", "PUT", ROW,
            {"slack_handle": "", "is_active": 1}, 400, must_be("is_active", "a boolean"),
            setup=add(TEAM, "apple", "Apple")),
    failing(TEAM, "update_slack_handle_error_undoes_rename_and_is_active", "PUT", ROW,
            {"name": "Green Apple", "is_active": False, "slack_handle": ""}, 400, HANDLE_EMPTY,
            setup=renamed(TEAM)),
    case(TEAM, "update_renames_team_called_general", "PUT", ROW, {"name": "Misc"},
         setup=both(add(TEAM, "general", "General"), add_jobs(TEAM, "general", 1)), status=200,
         body=changed(TEAM, "updated", ENTRY_ID, jobs=1, slug="misc", name="Misc"),
         check=jobs_at(TEAM, {"general": 0, "misc": 1})),
]  # fmt: skip
