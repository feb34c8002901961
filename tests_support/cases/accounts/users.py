"""Case tables for spec §4.1 user management: list, get, update and delete (with D7)."""

from __future__ import annotations

from typing import Any

from tests_support.kit.case import ANY_TIMESTAMP, NOTHING, Case, Step, Unordered
from tests_support.kit.contract import (
    ADMIN_ONLY,
    CONTENT_TYPE_ERROR,
    EMAIL_TAKEN,
    FORBIDDEN_UPDATE,
    FORBIDDEN_VIEW,
    INVALID_JSON,
    INVALID_ROLE,
    JSON_SUFFIX,
    LONG_PASSWORD,
    NOT_AN_OBJECT,
    NOTHING_TO_UPDATE,
    SHORT_PASSWORD,
    TEXT,
    USER_GONE,
    USER_NOT_FOUND,
    must_be,
    updated,
)
from tests_support.kit.scenario import (
    WORLD_USER_COUNT,
    add_personal_rows,
    deactivate,
    login_step,
    me_step,
    personal_rows_cascaded,
    stored_user,
    user_deleted,
)
from tests_support.kit.worlds.base import PASSWORD, World


def put_user(name: str, target: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A PUT /auth/users/<id> case."""
    path = f"/auth/users/{{{target}}}"
    return Case(name=f"update_user_{name}", method="PUT", path=path, json=payload, **fields)


# --- GET /auth/users and GET /auth/users/<id> -------------------------------------------------

USER_READ_CASES = [
    Case(name="list_users_returns_every_user", method="GET", path="/auth/users", status=200,
         body=lambda w: {"count": WORLD_USER_COUNT,
                         "users": Unordered([w.user_json(key) for key in w.users])}),
    Case(name="list_users_includes_inactive_users", method="GET", path="/auth/users",
         setup=deactivate("other"), status=200,
         body=lambda w: {"count": WORLD_USER_COUNT, "users": Unordered(
             [w.user_json(key) for key in ("admin", "user", "viewer")]
             + [w.user_json("other", is_active=False, updated_at=ANY_TIMESTAMP)])}),
    Case(name="get_user_checks_permission_before_existence", method="GET",
         path="/auth/users/{missing}", actor="user", status=403, body=FORBIDDEN_VIEW),
    Case(name="get_user_reports_missing_user_to_admin", method="GET",
         path="/auth/users/{missing}", status=404, body=USER_NOT_FOUND),
]  # fmt: skip

# --- PUT /auth/users/<id> ---------------------------------------------------------------------

ROLES_ADMIN_ONLY = {"error": "Only admins can change user roles"}
ACTIVE_ADMIN_ONLY = {"error": "Only admins can change user active status"}

USER_UPDATE_CASES = [
    put_user("trims_and_lowercases_email", "user", {"email": "  Alice.New@Example.COM "},
             actor="user", status=200,
             body=updated("user", ["email"], email="alice.new@example.com"),
             check=stored_user("user", email="alice.new@example.com")),
    put_user("keeps_own_email_without_conflict", "user", {"email": "alice@example.com"},
             actor="user", status=200, body=updated("user", ["email"])),
    put_user("changes_password", "user", {"password": "brandnew1"}, actor="user", status=200,
             body=updated("user", ["password"]),
             then=(login_step("alice", "brandnew1", 200), login_step("alice", PASSWORD, 401))),
    put_user("admin_sets_every_field_listed_in_spec_order", "other",
             {"is_active": False, "role": "viewer", "password": "brandnew1",
              "email": "olga2@example.com"}, status=200,
             body=updated("other", ["email", "password", "role", "is_active"],
                          email="olga2@example.com", role="viewer", is_active=False),
             check=stored_user("other", email="olga2@example.com", role="viewer",
                               is_active=False)),
    put_user("admin_may_deactivate_self_then_token_is_rejected", "admin", {"is_active": False},
             status=200, body=updated("admin", ["is_active"], is_active=False),
             then=(me_step("admin", 401, USER_GONE),)),
    put_user("admin_may_demote_self_then_role_checks_use_new_role", "admin", {"role": "user"},
             status=200, body=updated("admin", ["role"], role="user"),
             then=(Step(method="GET", path="/auth/users", status=403, body=ADMIN_ONLY),)),
    put_user("ignores_username", "user", {"username": "alicia", "email": "alice2@example.com"},
             actor="user", status=200,
             body=updated("user", ["email"], email="alice2@example.com"),
             check=stored_user("user", username="alice")),
    put_user("with_only_username_updates_nothing", "user", {"username": "alicia"},
             actor="user", status=400, body=NOTHING_TO_UPDATE),
    put_user("with_empty_object_updates_nothing", "user", {}, actor="user", status=400,
             body=NOTHING_TO_UPDATE),
    put_user("skips_falsy_email_and_password", "user", {"email": "", "password": None},
             actor="user", status=400, body=NOTHING_TO_UPDATE),
    put_user("accepts_json_suffix_media_type_with_charset", "user",
             {"email": "alice2@example.com"}, actor="user", content_type=JSON_SUFFIX,
             status=200, body=updated("user", ["email"], email="alice2@example.com")),
    put_user("rejects_text_plain", "user", {"email": "alice2@example.com"}, actor="user",
             content_type=TEXT, status=400, body=CONTENT_TYPE_ERROR),
    put_user("checks_content_type_before_permission", "other", {"email": "x@example.com"},
             actor="user", content_type=TEXT, status=400, body=CONTENT_TYPE_ERROR),
    put_user("checks_permission_before_existence", "missing", {"email": "x@example.com"},
             actor="user", status=403, body=FORBIDDEN_UPDATE),
    put_user("reports_missing_user", "missing", {"email": "x@example.com"}, status=404,
             body=USER_NOT_FOUND),
    put_user("checks_existence_before_parsing_body", "missing", raw=b"{", status=404,
             body=USER_NOT_FOUND),
    put_user("rejects_malformed_json", "user", raw=b"{", actor="user", status=400,
             body=INVALID_JSON),
    put_user("rejects_non_object_body", "user", [{"email": "a@example.com"}], actor="user",
             status=400, body=NOT_AN_OBJECT),
    put_user("rejects_non_string_email", "user", {"email": 123}, actor="user", status=400,
             body=must_be("email", "a string")),
    put_user("rejects_email_of_another_user_after_lowercasing", "user",
             {"email": " OLGA@Example.com"}, actor="user", status=409, body=EMAIL_TAKEN,
             check=stored_user("user", email="alice@example.com")),
    put_user("rejects_non_string_password", "user", {"password": 123456}, actor="user",
             status=400, body=must_be("password", "a string")),
    put_user("rejects_short_password", "user", {"password": "12345"}, actor="user",
             status=400, body=SHORT_PASSWORD),
    # D22: at most 4096 bytes of UTF-8, checked right after the minimum length (§4.1 step 6).
    put_user("accepts_a_password_of_4096_bytes", "user", {"password": "p" * 4096},
             actor="user", status=200, body=updated("user", ["password"]),
             then=(login_step("alice", "p" * 4096, 200),)),
    put_user("rejects_a_password_of_4097_bytes", "user", {"password": "p" * 4097},
             actor="user", status=400, body=LONG_PASSWORD,
             then=(login_step("alice", PASSWORD, 200),)),
    put_user("counts_password_bytes_not_characters", "other", {"password": "é" * 2049},
             status=400, body=LONG_PASSWORD, then=(login_step("olga", PASSWORD, 200),)),
    put_user("checks_email_before_password_size", "user",
             {"password": "p" * 4097, "email": "olga@example.com"}, actor="user", status=409,
             body=EMAIL_TAKEN),
    put_user("checks_password_size_before_role_permission", "user",
             {"password": "p" * 4097, "role": "admin"}, actor="user", status=400,
             body=LONG_PASSWORD),
    put_user("checks_email_before_password", "user",
             {"password": "1", "email": "olga@example.com"}, actor="user", status=409,
             body=EMAIL_TAKEN),
    put_user("forbids_role_change_by_non_admin", "user", {"role": "user"}, actor="user",
             status=403, body=ROLES_ADMIN_ONLY),
    put_user("forbids_null_role_key_for_non_admin", "user", {"role": None}, actor="user",
             status=403, body=ROLES_ADMIN_ONLY),
    put_user("checks_password_before_role_permission", "user",
             {"password": "1", "role": "admin"}, actor="user", status=400, body=SHORT_PASSWORD),
    put_user("rejects_unknown_role", "other", {"role": "root"}, status=400, body=INVALID_ROLE),
    put_user("rejects_null_role", "other", {"role": None}, status=400, body=INVALID_ROLE),
    put_user("rejects_non_string_role_as_invalid_role", "other", {"role": ["admin"]},
             status=400, body=INVALID_ROLE),
    put_user("forbids_active_flag_change_by_non_admin", "user", {"is_active": True},
             actor="user", status=403, body=ACTIVE_ADMIN_ONLY),
    put_user("checks_role_permission_before_active_permission", "user",
             {"is_active": True, "role": "user"}, actor="user", status=403,
             body=ROLES_ADMIN_ONLY),
    put_user("rejects_string_is_active", "other", {"is_active": "false"}, status=400,
             body=must_be("is_active", "a boolean")),
    put_user("rejects_integer_is_active", "other", {"is_active": 0}, status=400,
             body=must_be("is_active", "a boolean")),
    put_user("rejects_null_is_active", "other", {"is_active": None}, status=400,
             body=must_be("is_active", "a boolean")),
    put_user("checks_role_before_is_active", "other", {"is_active": "x", "role": "root"},
             status=400, body=INVALID_ROLE),
    put_user("stores_nothing_when_a_later_field_is_forbidden", "user",
             {"email": "alice.new@example.com", "role": "admin"}, actor="user", status=403,
             body=ROLES_ADMIN_ONLY, check=stored_user("user", email="alice@example.com")),
    put_user("stores_nothing_when_a_later_field_is_invalid", "other",
             {"email": "olga.new@example.com", "password": "brandnew1", "is_active": "no"},
             status=400, body=must_be("is_active", "a boolean"),
             check=stored_user("other", email="olga@example.com", is_active=True)),
]  # fmt: skip

# --- DELETE /auth/users/<id> ------------------------------------------------------------------


def _olga_deleted(world: World) -> dict[str, Any]:
    deleted = {"id": world.ids["other"], "username": "olga"}
    return {"message": "User deleted successfully", "deleted_user": deleted}


USER_DELETE_CASES = [
    Case(name="delete_user_removes_the_user", method="DELETE", path="/auth/users/{other}",
         status=200, body=_olga_deleted, check=user_deleted("other")),
    Case(name="delete_user_cascades_personal_rows_and_keeps_jobs_unowned", method="DELETE",
         path="/auth/users/{other}", setup=add_personal_rows("other", "user"), status=200,
         body=_olga_deleted, check=personal_rows_cascaded),
    Case(name="delete_user_then_their_token_is_rejected", method="DELETE",
         path="/auth/users/{other}", status=200,
         then=(me_step("other", 401, USER_GONE),)),
    Case(name="delete_user_refuses_own_account", method="DELETE", path="/auth/users/{admin}",
         status=400, body={"error": "Cannot delete your own account"},
         check=stored_user("admin", is_active=True)),
    Case(name="delete_user_reports_missing_user", method="DELETE",
         path="/auth/users/{missing}", status=404, body=USER_NOT_FOUND),
    Case(name="delete_user_own_account_as_non_admin_is_a_role_error", method="DELETE",
         path="/auth/users/{user}", actor="user", status=403, body=ADMIN_ONLY),
]  # fmt: skip
