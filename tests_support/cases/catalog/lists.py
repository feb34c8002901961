"""Case tables for spec §4.8: job categories and PIC teams (lists, create, delete, access).

The rules both catalogues share are written once per table and expanded for each kind; the
update tables live in `catalog_update_cases`. Every failing write is recorded with
`recorded`/`unchanged`, proving that it stored nothing.
"""

from __future__ import annotations

from tests_support.cases.catalog.update import (
    GENERAL_RENAME_CASES,
    SLACK_HANDLE_UPDATE_CASES,
    update_cases,
)
from tests_support.kit.case import NOTHING, Case
from tests_support.kit.contract import (
    ADMIN_ONLY,
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    JSON_SUFFIX,
    NO_HEADER,
    NOT_AN_OBJECT,
    TEXT,
    must_be,
)
from tests_support.kit.scenario import set_role
from tests_support.kit.worlds.base import MISSING_ID
from tests_support.kit.worlds.catalog import (
    CATEGORY,
    ENTRY_ID,
    GENERAL,
    GENERAL_ID,
    HANDLE_REQUIRED,
    INVALID_SLUG,
    KINDS,
    MISSING,
    NAME_REQUIRED,
    OTHER_ID,
    ROW,
    SEEDED,
    TEAM,
    Kind,
    Setup,
    add,
    all_of,
    both,
    case,
    changed,
    created,
    duplicate,
    failing,
    jobs_at,
    listed,
    not_found,
    pin_general,
    renamed,
    stored,
)

THIRD_ID = "c0000000-0000-4000-8000-000000000003"

# Active rows by lower(name) after `listed_rows`: "apple" is first only case-insensitively.
ACTIVE = {
    "category": ("apple", "backward-compatibility", "beta-ops", "dr-testing", "feature-testing",
                 "general", "prod-canary", "refund", "regression"),
    "team": ("apple", "beta-ops"),
}  # fmt: skip
TRUTHY = {"1": "1", "true": "true", "yes": "yes", "y": "y", "on": "on", "upper_true": "TRUE",
          "padded_on": "%20On%20"}  # fmt: skip
FALSY = {"0": "0", "false": "false", "no": "no", "empty": "", "2": "2", "off": "off"}


def listed_rows(kind: Kind) -> Setup:
    """Active "apple" and "Beta Ops", inactive "Zulu"."""
    return both(
        add(kind, "apple", "apple"),
        add(kind, "beta-ops", "Beta Ops", row_id=THIRD_ID),
        add(kind, "zulu", "Zulu", row_id=OTHER_ID, is_active=False),
    )


def list_cases(kind: Kind) -> list[Case]:
    """GET: active rows by lower(name); inactive ones only for an admin who asks."""
    active, every = ACTIVE[kind.key], (*ACTIVE[kind.key], "zulu")
    query = "?include_inactive="
    return [
        case(kind, "list_shows_active_rows_by_lower_name", "GET", setup=listed_rows(kind),
             status=200, body=listed(kind, *active)),
        *(case(kind, f"list_include_inactive_{label}_shows_every_row_to_admin", "GET",
               query + value, setup=listed_rows(kind), status=200, body=listed(kind, *every))
          for label, value in TRUTHY.items()),
        *(case(kind, f"list_include_inactive_{label}_keeps_inactive_hidden", "GET",
               query + value, setup=listed_rows(kind), status=200, body=listed(kind, *active))
          for label, value in FALSY.items()),
        case(kind, "list_reads_the_first_of_repeated_include_inactive", "GET",
             f"{query}1&include_inactive=0", setup=listed_rows(kind), status=200,
             body=listed(kind, *every)),
        *(case(kind, f"list_ignores_include_inactive_for_{actor}", "GET", query + "true",
               actor=actor, setup=listed_rows(kind), status=200, body=listed(kind, *active))
          for actor in ("user", "viewer")),
        case(kind, "list_reads_admin_role_from_database", "GET", query + "1", actor="user",
             setup=both(listed_rows(kind), set_role("user", "admin")), status=200,
             body=listed(kind, *every)),
        case(kind, "list_requires_token", "GET", actor=None, status=401, body=NO_HEADER),
    ]  # fmt: skip


def create_cases(kind: Kind) -> list[Case]:
    """POST: name, slug (derived, unique), in the spec's order; nothing stored on error."""
    need, apple = kind.required, add(kind, "apple", "apple")
    return [
        case(kind, "create_trims_name_and_derives_slug", "POST", "",
             {"name": "  Smoke Tests  ", **need}, status=201,
             body=created(kind, "smoke-tests", "Smoke Tests"),
             check=stored(kind, slug="smoke-tests", name="Smoke Tests", is_active=True)),
        case(kind, "create_slugifies_given_slug", "POST", "",
             {"name": "Nightly", "slug": " My Slug! ", **need}, status=201,
             body=created(kind, "my-slug", "Nightly"), check=stored(kind, slug="my-slug")),
        *(case(kind, f"create_derives_slug_from_name_for_{label}_slug", "POST", "",
               {"name": "Prod/Canary 2", "slug": value, **need}, status=201,
               body=created(kind, "prod-canary-2", "Prod/Canary 2"))
          for label, value in (("blank", "   "), ("null", None))),
        case(kind, "create_is_active_and_ignores_unknown_fields", "POST", "",
             {"name": "X Ray", "is_active": False, "bogus": 1, **need}, status=201,
             body=created(kind, "x-ray", "X Ray"),
             check=stored(kind, slug="x-ray", is_active=True)),
        case(kind, "create_accepts_json_suffix_media_type", "POST", "", {"name": "Ops", **need},
             content_type=JSON_SUFFIX, status=201, body=created(kind, "ops", "Ops")),
        failing(kind, "create_rejects_text_plain", "POST", "", {"name": "Ops", **need}, 400,
                CONTENT_TYPE_ERROR, content_type=TEXT),
        failing(kind, "create_rejects_missing_content_type", "POST", "", {"name": "Ops", **need},
                400, CONTENT_TYPE_ERROR, content_type=None),
        failing(kind, "create_rejects_malformed_json", "POST", "", NOTHING, 400, INVALID_JSON,
                raw=b'{"name": }'),
        failing(kind, "create_rejects_empty_body", "POST", "", NOTHING, 400, INVALID_JSON,
                raw=b""),
        failing(kind, "create_rejects_non_object_body", "POST", "", ["Ops"], 400, NOT_AN_OBJECT),
        failing(kind, "create_rejects_null_body", "POST", "", None, 400, NOT_AN_OBJECT),
        failing(kind, "create_requires_name", "POST", "", {**need}, 400, NAME_REQUIRED),
        failing(kind, "create_treats_null_name_as_missing", "POST", "", {"name": None, **need},
                400, NAME_REQUIRED),
        failing(kind, "create_treats_blank_name_as_missing", "POST", "", {"name": " \t", **need},
                400, NAME_REQUIRED),
        failing(kind, "create_rejects_non_string_name", "POST", "", {"name": 5, **need}, 400,
                must_be("name", "a string")),
        failing(kind, "create_checks_name_before_slug", "POST", "", {"slug": 5, **need}, 400,
                NAME_REQUIRED),
        failing(kind, "create_rejects_non_string_slug", "POST", "",
                {"name": "Ops", "slug": ["ops"], **need}, 400, must_be("slug", "a string")),
        failing(kind, "create_checks_slug_type_before_deriving_it", "POST", "",
                {"name": "!!!", "slug": 5, **need}, 400, must_be("slug", "a string")),
        failing(kind, "create_rejects_name_without_slug_characters", "POST", "",
                {"name": "!!!", **need}, 400, INVALID_SLUG),
        failing(kind, "create_rejects_given_slug_without_slug_characters", "POST", "",
                {"name": "Ops", "slug": "---", **need}, 400, INVALID_SLUG),
        failing(kind, "create_rejects_slug_taken_by_name", "POST", "", {"name": "Apple", **need},
                409, duplicate(kind, "apple"), setup=apple),
        failing(kind, "create_rejects_slug_taken_by_given_slug", "POST", "",
                {"name": "Other", "slug": "APPLE", **need}, 409, duplicate(kind, "apple"),
                setup=apple),
        failing(kind, "create_rejects_slug_of_inactive_row", "POST", "", {"name": "zulu", **need},
                409, duplicate(kind, "zulu"),
                setup=add(kind, "zulu", "Zulu", is_active=False)),
    ]  # fmt: skip


def delete_cases(kind: Kind) -> list[Case]:
    """DELETE: soft delete; jobs keep the slug."""
    return [
        case(kind, "delete_disables_row_and_keeps_jobs", "DELETE", ROW, setup=renamed(kind),
             status=200, body=changed(kind, "disabled", ENTRY_ID, is_active=False),
             check=all_of(stored(kind, id=ENTRY_ID, is_active=False),
                          jobs_at(kind, {"apple": 2}))),
        case(kind, "delete_of_disabled_row_succeeds", "DELETE", ROW,
             setup=add(kind, "apple", "Apple", is_active=False), status=200,
             body=changed(kind, "disabled", ENTRY_ID, is_active=False)),
        failing(kind, "delete_reports_unknown_id", "DELETE", MISSING, NOTHING, 404,
                not_found(kind, MISSING_ID)),
    ]  # fmt: skip


def access_cases(kind: Kind) -> list[Case]:
    """Writes need a token and the admin role (read from the database), before anything else."""
    writes = (
        ("create", "POST", "", {"name": "Ops", **kind.required}),
        ("update", "PUT", ROW, {"name": "Pear"}),
        ("delete", "DELETE", ROW, NOTHING),
    )
    apple = add(kind, "apple", "Apple")
    return [
        *(failing(kind, f"{verb}_refuses_{actor}", method, suffix, payload, 403, ADMIN_ONLY,
                  setup=apple, actor=actor)
          for verb, method, suffix, payload in writes for actor in ("user", "viewer")),
        *(failing(kind, f"{verb}_requires_token", method, suffix, payload, 401, NO_HEADER,
                  setup=apple, actor=None)
          for verb, method, suffix, payload in writes),
        failing(kind, "update_checks_role_before_content_type_and_existence", "PUT", MISSING,
                NOTHING, 403, ADMIN_ONLY, actor="viewer", raw=b"{", content_type=TEXT),
        failing(kind, "create_reads_role_from_database", "POST", "", {"name": "Ops"}, 403,
                ADMIN_ONLY, setup=set_role("admin", "viewer")),
    ]  # fmt: skip


def shared_cases(kind: Kind) -> list[Case]:
    """Every behaviour categories and PIC teams share, for one kind."""
    tables = (list_cases, create_cases, update_cases, delete_cases, access_cases)
    return [each for table in tables for each in table(kind)]


CATEGORY_ONLY_CASES = [
    case(CATEGORY, "delete_disables_general", "DELETE", GENERAL, setup=pin_general, status=200,
         body=changed(CATEGORY, "disabled", GENERAL_ID, is_active=False),
         check=stored(CATEGORY, id=GENERAL_ID, is_active=False)),
    case(CATEGORY, "list_shows_the_seed", "GET", status=200,
         body=listed(CATEGORY, *SEEDED)),
]  # fmt: skip

TEAM_ONLY_CASES = [
    case(TEAM, "create_stores_trimmed_slack_handle", "POST", "",
         {"name": "Ops", "slack_handle": "  <!subteam^S01>  "}, status=201,
         body=created(TEAM, "ops", "Ops", slack_handle="<!subteam^S01>"),
         check=stored(TEAM, slug="ops", slack_handle="<!subteam^S01>")),
    failing(TEAM, "create_requires_slack_handle", "POST", "", {"name": "Ops"}, 400,
            HANDLE_REQUIRED),
    *(failing(TEAM, f"create_treats_{label}_slack_handle_as_missing", "POST", "",
              {"name": "Ops", "slack_handle": value}, 400, HANDLE_REQUIRED)
      for label, value in (("null", None), ("blank", "   "))),
    failing(TEAM, "create_rejects_non_string_slack_handle", "POST", "",
            {"name": "Ops", "slack_handle": 5}, 400, must_be("slack_handle", "a string")),
    failing(TEAM, "create_checks_duplicate_before_slack_handle", "POST", "", {"name": "Apple"},
            409, duplicate(TEAM, "apple"), setup=add(TEAM, "apple", "Apple")),
    failing(TEAM, "create_checks_slug_before_slack_handle", "POST", "", {"name": "!"}, 400,
            INVALID_SLUG),
    case(TEAM, "list_is_empty_on_a_fresh_database", "GET", "?include_inactive=1", status=200,
         body={"pic_teams": []}),
]  # fmt: skip

ALL_CASES = [
    *(each for kind in KINDS for each in shared_cases(kind)),
    *CATEGORY_ONLY_CASES,
    *GENERAL_RENAME_CASES,
    *TEAM_ONLY_CASES,
    *SLACK_HANDLE_UPDATE_CASES,
]
