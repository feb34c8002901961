"""Login and refresh (spec §2.1, §4.1), the same on both stacks."""

from __future__ import annotations

import jwt

from tests_fastapi.parity.support import TOKEN, Api, Person, claims

LOGIN = "/api/auth/login"
INVALID = {"error": "Invalid email/username or password"}
REQUIRED = {"error": "Email/Username and password are required"}


async def test_login_with_username_returns_both_tokens_and_the_user(
    api: Api, admin: Person
) -> None:
    await api.expect(
        "POST",
        LOGIN,
        200,
        {
            "message": "Login successful",
            "access_token": TOKEN,
            "refresh_token": TOKEN,
            "user": admin.json(),
        },
        json={"username": "admin", "password": "admin123"},
    )


async def test_login_with_email_returns_the_user(api: Api, alice: Person) -> None:
    body = await api.expect(
        "POST",
        LOGIN,
        200,
        {
            "message": "Login successful",
            "access_token": TOKEN,
            "refresh_token": TOKEN,
            "user": alice.json(),
        },
        json={"email": alice.email, "password": alice.password},
    )
    assert body["user"]["id"] == alice.id


async def test_login_trims_the_identifier(api: Api, alice: Person) -> None:
    body = await api.expect(
        "POST",
        LOGIN,
        200,
        {
            "message": "Login successful",
            "access_token": TOKEN,
            "refresh_token": TOKEN,
            "user": alice.json(),
        },
        json={"username": "  alice\t", "password": alice.password},
    )
    assert body["user"]["username"] == "alice"


async def test_access_token_carries_the_flask_jwt_extended_claims(api: Api, alice: Person) -> None:
    access, _ = await api.login(alice)
    payload = claims(access)
    assert (
        sorted(payload),
        payload["type"],
        payload["fresh"],
        payload["sub"],
        payload["role"],
        payload["email"],
        payload["nbf"] == payload["iat"],
        payload["exp"] - payload["iat"],
    ) == (
        ["csrf", "email", "exp", "fresh", "iat", "jti", "nbf", "role", "sub", "type"],
        "access",
        False,
        alice.id,
        "user",
        alice.email,
        True,
        3600,
    )


async def test_refresh_token_carries_the_flask_jwt_extended_claims(api: Api, alice: Person) -> None:
    _, refresh = await api.login(alice)
    payload = claims(refresh)
    assert (
        sorted(payload),
        payload["type"],
        payload["sub"],
        payload["exp"] - payload["iat"],
    ) == (
        ["csrf", "email", "exp", "fresh", "iat", "jti", "nbf", "role", "sub", "type"],
        "refresh",
        alice.id,
        2592000,
    )


async def test_tokens_use_hs256(api: Api, alice: Person) -> None:
    access, refresh = await api.login(alice)
    assert [jwt.get_unverified_header(token) for token in (access, refresh)] == [
        {"alg": "HS256", "typ": "JWT"}
    ] * 2


async def test_login_with_a_wrong_password_is_refused(api: Api, alice: Person) -> None:
    await api.expect(
        "POST", LOGIN, 401, INVALID, json={"username": "alice", "password": "wrong-one"}
    )


async def test_login_of_an_unknown_user_is_refused(api: Api) -> None:
    await api.expect("POST", LOGIN, 401, INVALID, json={"username": "ghost", "password": "x"})


async def test_login_matches_the_email_case_sensitively(api: Api, admin: Person) -> None:
    await api.expect(
        "POST", LOGIN, 401, INVALID, json={"email": "ADMIN@example.com", "password": "admin123"}
    )


async def test_login_of_an_inactive_user_is_refused_before_the_password_check(
    api: Api, admin: Person, alice: Person
) -> None:
    admin_token = await api.token(admin)
    await api.call(
        "PUT", f"/api/auth/users/{alice.id}", token=admin_token, json={"is_active": False}
    )
    await api.expect(
        "POST",
        LOGIN,
        401,
        {"error": "Account is inactive. Contact administrator."},
        json={"username": "alice", "password": "not-even-right"},
    )


async def test_login_without_a_password_is_refused(api: Api) -> None:
    await api.expect("POST", LOGIN, 400, REQUIRED, json={"username": "admin"})


async def test_login_with_an_empty_identifier_is_refused(api: Api) -> None:
    await api.expect("POST", LOGIN, 400, REQUIRED, json={"username": "", "password": "x"})


async def test_login_with_an_empty_body_object_is_refused(api: Api) -> None:
    await api.expect("POST", LOGIN, 400, REQUIRED, json={})


async def test_login_with_a_non_string_username_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid payload", "message": '"username" must be a string.'},
        json={"username": 42, "password": "admin123"},
    )


async def test_login_with_a_non_string_email_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid payload", "message": '"email" must be a string.'},
        json={"email": ["admin@example.com"], "password": "admin123"},
    )


async def test_login_with_a_non_string_password_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid payload", "message": '"password" must be a string.'},
        json={"username": "admin", "password": 123456},
    )


async def test_login_without_a_json_content_type_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Content-Type must be application/json"},
        content=b'{"username": "admin", "password": "admin123"}',
        headers={"Content-Type": "text/plain"},
    )


async def test_login_accepts_a_json_suffix_media_type_with_parameters(
    api: Api, admin: Person
) -> None:
    response = await api.call(
        "POST",
        LOGIN,
        content=b'{"username": "admin", "password": "admin123"}',
        headers={"Content-Type": "Application/Vnd.Api+JSON; charset=utf-8"},
    )
    assert response.status_code == 200


async def test_login_with_malformed_json_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid JSON", "message": "Request body is not valid JSON."},
        content=b'{"username": ',
        headers={"Content-Type": "application/json"},
    )


async def test_login_with_an_empty_body_is_refused_as_invalid_json(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid JSON", "message": "Request body is not valid JSON."},
        content=b"",
        headers={"Content-Type": "application/json"},
    )


async def test_login_with_a_json_array_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid payload", "message": "JSON body must be an object."},
        json=["admin", "admin123"],
    )


async def test_login_with_json_null_is_refused(api: Api) -> None:
    await api.expect(
        "POST",
        LOGIN,
        400,
        {"error": "Invalid payload", "message": "JSON body must be an object."},
        content=b"null",
        headers={"Content-Type": "application/json"},
    )


async def test_refresh_returns_a_new_access_token(api: Api, alice: Person) -> None:
    _, refresh = await api.login(alice)
    body = await api.expect(
        "POST", "/api/auth/refresh", 200, {"access_token": TOKEN}, token=refresh
    )
    payload = claims(body["access_token"])
    assert (payload["type"], payload["sub"], payload["role"], payload["email"]) == (
        "access",
        alice.id,
        "user",
        alice.email,
    )


async def test_refreshed_access_token_opens_me(api: Api, alice: Person) -> None:
    _, refresh = await api.login(alice)
    response = await api.call("POST", "/api/auth/refresh", token=refresh)
    await api.expect(
        "GET", "/api/auth/me", 200, {"user": alice.json()}, token=response.json()["access_token"]
    )


async def test_refresh_reads_the_role_from_the_database_now(
    api: Api, admin: Person, alice: Person
) -> None:
    _, refresh = await api.login(alice)
    await api.call(
        "PUT", f"/api/auth/users/{alice.id}", token=await api.token(admin), json={"role": "viewer"}
    )
    response = await api.call("POST", "/api/auth/refresh", token=refresh)
    assert claims(response.json()["access_token"])["role"] == "viewer"


async def test_refresh_with_an_access_token_is_refused(api: Api, alice: Person) -> None:
    access, _ = await api.login(alice)
    await api.expect(
        "POST", "/api/auth/refresh", 422, {"msg": "Only refresh tokens are allowed"}, token=access
    )


async def test_refresh_for_a_deactivated_user_is_refused(
    api: Api, admin: Person, alice: Person
) -> None:
    _, refresh = await api.login(alice)
    await api.call(
        "PUT",
        f"/api/auth/users/{alice.id}",
        token=await api.token(admin),
        json={"is_active": False},
    )
    await api.expect(
        "POST", "/api/auth/refresh", 401, {"msg": "User not found or inactive"}, token=refresh
    )


async def test_refresh_without_a_token_is_refused(api: Api) -> None:
    await api.expect("POST", "/api/auth/refresh", 401, {"msg": "Missing Authorization Header"})
