"""GET /auth/me and the users endpoints with their RBAC rules (spec §2.3, §4.1), on both stacks."""

from __future__ import annotations

from typing import Any

import pytest

from tests_fastapi.parity.support import TIMESTAMP, Api, Person, any_order

ADMIN_ONLY = {
    "error": "Insufficient permissions",
    "message": "This endpoint requires one of the following roles: admin",
}
USER_NOT_FOUND = {"error": "User not found"}
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def updated(person: Person, fields: list[str], **changes: Any) -> dict[str, Any]:
    return {
        "message": "User updated successfully",
        "updated_fields": fields,
        "user": person.json(**changes),
    }


def users_url(person: Person | str) -> str:
    return f"/api/auth/users/{person if isinstance(person, str) else person.id}"


# --- /auth/me ---------------------------------------------------------------------------------


async def test_me_returns_the_caller(api: Api, victor: Person) -> None:
    await api.expect(
        "GET", "/api/auth/me", 200, {"user": victor.json()}, token=await api.token(victor)
    )


async def test_me_with_a_refresh_token_is_refused(api: Api, victor: Person) -> None:
    _, refresh = await api.login(victor)
    await api.expect(
        "GET", "/api/auth/me", 422, {"msg": "Only non-refresh tokens are allowed"}, token=refresh
    )


async def test_head_on_me_answers_without_a_body(api: Api, victor: Person) -> None:
    response = await api.call("HEAD", "/api/auth/me", token=await api.token(victor))
    assert (response.status_code, response.content) == (200, b"")


# --- GET /auth/users ----------------------------------------------------------------------------


async def test_admin_lists_every_user_active_or_not(
    api: Api, admin: Person, alice: Person, victor: Person
) -> None:
    token = await api.token(admin)
    await api.call("PUT", users_url(victor), token=token, json={"is_active": False})
    body = await api.expect(
        "GET",
        "/api/auth/users",
        200,
        {"count": 3, "users": any_order(admin.json(), alice.json(), victor.json(is_active=False))},
        token=token,
    )
    assert body["count"] == 3


@pytest.mark.parametrize("role_fixture", ["alice", "victor"])
async def test_non_admin_may_not_list_users(
    api: Api, role_fixture: str, request: pytest.FixtureRequest
) -> None:
    person: Person = request.getfixturevalue(role_fixture)
    await api.expect("GET", "/api/auth/users", 403, ADMIN_ONLY, token=await api.token(person))


# --- GET /auth/users/<id> -----------------------------------------------------------------------


async def test_user_reads_their_own_profile(api: Api, alice: Person) -> None:
    await api.expect(
        "GET", users_url(alice), 200, {"user": alice.json()}, token=await api.token(alice)
    )


async def test_admin_reads_another_profile(api: Api, admin: Person, alice: Person) -> None:
    await api.expect(
        "GET", users_url(alice), 200, {"user": alice.json()}, token=await api.token(admin)
    )


async def test_user_may_not_read_another_profile(api: Api, alice: Person, bob: Person) -> None:
    await api.expect(
        "GET",
        users_url(bob),
        403,
        {"error": "Forbidden. You can only view your own profile."},
        token=await api.token(alice),
    )


async def test_forbidden_comes_before_not_found_on_read(api: Api, alice: Person) -> None:
    await api.expect(
        "GET",
        users_url(MISSING_ID),
        403,
        {"error": "Forbidden. You can only view your own profile."},
        token=await api.token(alice),
    )


async def test_admin_reading_an_unknown_user_gets_404(api: Api, admin: Person) -> None:
    await api.expect(
        "GET", users_url(MISSING_ID), 404, USER_NOT_FOUND, token=await api.token(admin)
    )


# --- PUT /auth/users/<id> -----------------------------------------------------------------------


async def test_user_changes_their_own_email_trimmed_and_lowercased(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        200,
        updated(alice, ["email"], email="alice.new@example.com"),
        token=await api.token(alice),
        json={"email": "  Alice.New@Example.com "},
    )


async def test_user_changes_their_own_password_and_logs_in_with_it(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        200,
        updated(alice, ["password"]),
        token=await api.token(alice),
        json={"password": "brand-new-secret"},
    )
    renewed = Person(alice.id, alice.username, alice.email, "brand-new-secret", alice.role)
    await api.expect(
        "GET", "/api/auth/me", 200, {"user": alice.json()}, token=await api.token(renewed)
    )


async def test_update_lists_updated_fields_in_the_spec_order(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        200,
        updated(
            alice,
            ["email", "password", "role", "is_active"],
            email="a2@example.com",
            role="viewer",
            is_active=False,
        ),
        token=await api.token(admin),
        json={
            "is_active": False,
            "role": "viewer",
            "password": "secret99",
            "email": "a2@example.com",
        },
    )


async def test_update_skips_falsy_email_and_password(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        200,
        updated(alice, ["role"], role="admin"),
        token=await api.token(admin),
        json={"email": "", "password": None, "role": "admin"},
    )


async def test_update_ignores_the_username(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "No valid fields to update"},
        token=await api.token(alice),
        json={"username": "alice2"},
    )


@pytest.mark.parametrize("payload", [{}, {"email": "", "password": ""}], ids=["empty", "falsy"])
async def test_update_with_nothing_to_change_is_refused(
    api: Api, alice: Person, payload: dict[str, Any]
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "No valid fields to update"},
        token=await api.token(alice),
        json=payload,
    )


async def test_update_to_a_taken_email_is_refused(api: Api, alice: Person, bob: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        409,
        {"error": "Email already exists"},
        token=await api.token(alice),
        json={"email": bob.email.upper()},
    )


async def test_update_to_ones_own_email_is_accepted(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        200,
        updated(alice, ["email"]),
        token=await api.token(alice),
        json={"email": alice.email},
    )


async def test_update_with_a_short_password_is_refused(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "Password must be at least 6 characters long"},
        token=await api.token(alice),
        json={"password": "12345"},
    )


@pytest.mark.parametrize(("field", "value"), [("email", 7), ("password", ["x" * 8])])
async def test_update_with_a_non_string_field_is_refused(
    api: Api, alice: Person, field: str, value: object
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "Invalid payload", "message": f'"{field}" must be a string.'},
        token=await api.token(alice),
        json={field: value},
    )


async def test_non_admin_may_not_change_their_role(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        403,
        {"error": "Only admins can change user roles"},
        token=await api.token(alice),
        json={"role": "admin"},
    )


async def test_non_admin_may_not_change_their_active_flag(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        403,
        {"error": "Only admins can change user active status"},
        token=await api.token(alice),
        json={"is_active": True},
    )


async def test_role_check_on_update_comes_after_the_email_check(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        409,
        {"error": "Email already exists"},
        token=await api.token(alice),
        json={"email": bob.email, "role": "admin"},
    )


@pytest.mark.parametrize("role", ["root", None, 3], ids=repr)
async def test_admin_setting_an_invalid_role_is_refused(
    api: Api, admin: Person, alice: Person, role: object
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "Invalid role", "message": "Role must be one of: admin, user, viewer"},
        token=await api.token(admin),
        json={"role": role},
    )


@pytest.mark.parametrize("value", ["false", 0, None], ids=repr)
async def test_admin_setting_a_non_boolean_active_flag_is_refused(
    api: Api, admin: Person, alice: Person, value: object
) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "Invalid payload", "message": '"is_active" must be a boolean.'},
        token=await api.token(admin),
        json={"is_active": value},
    )


async def test_user_may_not_update_another_profile(api: Api, alice: Person, bob: Person) -> None:
    await api.expect(
        "PUT",
        users_url(bob),
        403,
        {"error": "Forbidden. You can only update your own profile."},
        token=await api.token(alice),
        json={"email": "x@example.com"},
    )


async def test_content_type_check_comes_before_the_profile_check(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect(
        "PUT",
        users_url(bob),
        400,
        {"error": "Content-Type must be application/json"},
        token=await api.token(alice),
        content=b"{}",
        headers={"Content-Type": "text/plain"},
    )


async def test_admin_updating_an_unknown_user_gets_404_before_the_body_is_read(
    api: Api, admin: Person
) -> None:
    await api.expect(
        "PUT",
        users_url(MISSING_ID),
        404,
        USER_NOT_FOUND,
        token=await api.token(admin),
        content=b"not json",
        headers={"Content-Type": "application/json"},
    )


async def test_update_with_malformed_json_is_refused(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        users_url(alice),
        400,
        {"error": "Invalid JSON", "message": "Request body is not valid JSON."},
        token=await api.token(alice),
        content=b"{",
        headers={"Content-Type": "application/json"},
    )


async def test_admin_deactivating_themselves_loses_access(api: Api, admin: Person) -> None:
    token = await api.token(admin)
    await api.expect(
        "PUT",
        users_url(admin),
        200,
        updated(admin, ["is_active"], is_active=False),
        token=token,
        json={"is_active": False},
    )
    await api.expect("GET", "/api/auth/me", 401, {"msg": "User not found or inactive"}, token=token)


async def test_demoted_admin_loses_admin_rights_with_the_same_token(
    api: Api, admin: Person, alice: Person
) -> None:
    alice_token = await api.token(alice)
    await api.call("PUT", users_url(alice), token=await api.token(admin), json={"role": "admin"})
    await api.expect(
        "GET",
        "/api/auth/users",
        200,
        {
            "count": 2,
            "users": any_order(admin.json(), alice.json(role="admin", updated_at=TIMESTAMP)),
        },
        token=alice_token,
    )


# --- DELETE /auth/users/<id> --------------------------------------------------------------------


async def test_admin_deletes_a_user(api: Api, admin: Person, alice: Person) -> None:
    await api.expect(
        "DELETE",
        users_url(alice),
        200,
        {
            "message": "User deleted successfully",
            "deleted_user": {"id": alice.id, "username": "alice"},
        },
        token=await api.token(admin),
    )


async def test_deleted_user_is_gone(api: Api, admin: Person, alice: Person) -> None:
    token = await api.token(admin)
    await api.call("DELETE", users_url(alice), token=token)
    await api.expect("GET", users_url(alice), 404, USER_NOT_FOUND, token=token)


async def test_deleted_user_can_no_longer_log_in(api: Api, admin: Person, alice: Person) -> None:
    await api.call("DELETE", users_url(alice), token=await api.token(admin))
    await api.expect(
        "POST",
        "/api/auth/login",
        401,
        {"error": "Invalid email/username or password"},
        json={"username": "alice", "password": alice.password},
    )


async def test_deleting_a_user_with_preferences_succeeds(
    api: Api, admin: Person, alice: Person
) -> None:
    alice_token = await api.token(alice)
    await api.call("GET", f"{users_url(alice)}/preferences", token=alice_token)
    await api.call(
        "PUT",
        f"{users_url(alice)}/ui-preferences",
        token=alice_token,
        json={"jobs_table_columns": {"pic_team": False}},
    )
    response = await api.call("DELETE", users_url(alice), token=await api.token(admin))
    assert response.status_code == 200


async def test_admin_may_not_delete_themselves(api: Api, admin: Person) -> None:
    await api.expect(
        "DELETE",
        users_url(admin),
        400,
        {"error": "Cannot delete your own account"},
        token=await api.token(admin),
    )


async def test_deleting_an_unknown_user_gets_404(api: Api, admin: Person) -> None:
    await api.expect(
        "DELETE", users_url(MISSING_ID), 404, USER_NOT_FOUND, token=await api.token(admin)
    )


@pytest.mark.parametrize("role_fixture", ["alice", "victor"])
async def test_non_admin_may_not_delete_users(
    api: Api, bob: Person, role_fixture: str, request: pytest.FixtureRequest
) -> None:
    person: Person = request.getfixturevalue(role_fixture)
    await api.expect("DELETE", users_url(bob), 403, ADMIN_ONLY, token=await api.token(person))


async def test_non_admin_deleting_themselves_is_forbidden_by_role(api: Api, alice: Person) -> None:
    await api.expect("DELETE", users_url(alice), 403, ADMIN_ONLY, token=await api.token(alice))
