"""POST /api/auth/register (spec §4.1), the same on both stacks."""

from __future__ import annotations

from typing import Any

import pytest

from tests_fastapi.parity.support import ANY_ID, TIMESTAMP, Api, Person

REGISTER = "/api/auth/register"
INVALID_ROLE = {"error": "Invalid role", "message": "Role must be one of: admin, user, viewer"}


def registered(username: str, email: str, role: str = "viewer") -> dict[str, Any]:
    return {
        "message": "User registered successfully",
        "user": {
            "id": ANY_ID,
            "username": username,
            "email": email,
            "role": role,
            "is_active": True,
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
        },
    }


async def test_admin_registers_a_viewer_by_default(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("carol", "carol@example.com"),
        token=await api.token(admin),
        json={"username": "carol", "email": "carol@example.com", "password": "secret1"},
    )


@pytest.mark.parametrize("role", ["admin", "user", "viewer"])
async def test_admin_registers_a_user_with_a_role(api: Api, admin: Person, role: str) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("carol", "carol@example.com", role),
        token=await api.token(admin),
        json={
            "username": "carol",
            "email": "carol@example.com",
            "password": "secret1",
            "role": role,
        },
    )


async def test_register_trims_the_username_and_lowercases_the_email(
    api: Api, admin: Person
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("Carol", "carol@example.com"),
        token=await api.token(admin),
        json={"username": "  Carol ", "email": " Carol@Example.COM ", "password": "secret1"},
    )


async def test_register_ignores_is_active(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("carol", "carol@example.com"),
        token=await api.token(admin),
        json={
            "username": "carol",
            "email": "carol@example.com",
            "password": "secret1",
            "is_active": False,
        },
    )


async def test_registered_user_can_log_in(api: Api, admin: Person) -> None:
    body = await api.expect(
        "POST",
        REGISTER,
        201,
        registered("carol", "carol@example.com", "user"),
        token=await api.token(admin),
        json={
            "username": "carol",
            "email": "carol@example.com",
            "password": "secret1",
            "role": "user",
        },
    )
    carol = Person(body["user"]["id"], "carol", "carol@example.com", "secret1", "user")
    await api.expect(
        "GET", "/api/auth/me", 200, {"user": carol.json()}, token=await api.token(carol)
    )


@pytest.mark.parametrize(
    ("payload", "missing"),
    [
        ({}, ["username", "email", "password"]),
        ({"username": "carol"}, ["email", "password"]),
        ({"username": "", "email": "c@x.io", "password": "secret1"}, ["username"]),
        ({"username": "carol", "email": None, "password": 0}, ["email", "password"]),
    ],
    ids=["nothing", "username-only", "empty-username", "null-email-zero-password"],
)
async def test_register_lists_the_missing_fields_in_order(
    api: Api, admin: Person, payload: dict[str, Any], missing: list[str]
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Missing required fields", "missing": missing},
        token=await api.token(admin),
        json=payload,
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": 123, "email": 5, "password": "secret1"}, "username"),
        ({"username": "carol", "email": ["c@x.io"], "password": "secret1"}, "email"),
        ({"username": "carol", "email": "c@x.io", "password": 1234567}, "password"),
        ({"username": "carol", "email": "c@x.io", "password": True}, "password"),
    ],
    ids=["username", "email", "password", "boolean-password"],
)
async def test_register_with_a_non_string_field_is_refused(
    api: Api, admin: Person, payload: dict[str, Any], field: str
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Invalid payload", "message": f'"{field}" must be a string.'},
        token=await api.token(admin),
        json=payload,
    )


async def test_register_with_a_short_trimmed_username_is_refused(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Username must be at least 3 characters long"},
        token=await api.token(admin),
        json={"username": "  ab  ", "email": "ab@x.io", "password": "secret1"},
    )


async def test_register_with_a_short_password_is_refused(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Password must be at least 6 characters long"},
        token=await api.token(admin),
        json={"username": "carol", "email": "c@x.io", "password": "12345"},
    )


async def test_register_does_not_trim_the_password(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("carol", "c@x.io"),
        token=await api.token(admin),
        json={"username": "carol", "email": "c@x.io", "password": "  12  "},
    )


@pytest.mark.parametrize("role", ["Admin", "superuser", "", None, 1, ["admin"]], ids=repr)
async def test_register_with_an_invalid_role_is_refused(
    api: Api, admin: Person, role: object
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        INVALID_ROLE,
        token=await api.token(admin),
        json={"username": "carol", "email": "c@x.io", "password": "secret1", "role": role},
    )


async def test_register_with_a_taken_username_is_refused(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        409,
        {"error": "Username already exists"},
        token=await api.token(admin),
        json={"username": " alice ", "email": "new@x.io", "password": "secret1"},
    )


async def test_register_username_check_is_case_sensitive(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        201,
        registered("Alice", "new@x.io"),
        token=await api.token(admin),
        json={"username": "Alice", "email": "new@x.io", "password": "secret1"},
    )


async def test_register_with_a_taken_email_is_refused(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "POST",
        REGISTER,
        409,
        {"error": "Email already exists"},
        token=await api.token(admin),
        json={"username": "carol", "email": alice.email.upper(), "password": "secret1"},
    )


async def test_register_by_a_non_admin_is_forbidden(api: Api, alice: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        403,
        {
            "error": "Insufficient permissions",
            "message": "This endpoint requires one of the following roles: admin",
        },
        token=await api.token(alice),
        json={"username": "carol", "email": "c@x.io", "password": "secret1"},
    )


async def test_register_without_a_json_content_type_is_refused(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Content-Type must be application/json"},
        token=await api.token(admin),
        content=b'{"username": "carol", "email": "c@x.io", "password": "secret1"}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )


async def test_register_with_malformed_json_is_refused(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Invalid JSON", "message": "Request body is not valid JSON."},
        token=await api.token(admin),
        content=b"{'username': 'carol'}",
        headers={"Content-Type": "application/json"},
    )


async def test_register_with_a_non_object_body_is_refused(api: Api, admin: Person) -> None:
    await api.expect(
        "POST",
        REGISTER,
        400,
        {"error": "Invalid payload", "message": "JSON body must be an object."},
        token=await api.token(admin),
        json="carol",
    )


async def test_refused_registration_stores_nothing(api: Api, admin: Person) -> None:
    token = await api.token(admin)
    await api.call(
        "POST",
        REGISTER,
        token=token,
        json={"username": "carol", "email": "c@x.io", "password": "secret1", "role": "boss"},
    )
    await api.expect(
        "GET",
        "/api/auth/users",
        200,
        {"count": 1, "users": [admin.json()]},
        token=token,
    )
