"""Authentication failures (spec §2.2, D3, D4): the Flask-JWT-Extended bodies on both stacks."""

from __future__ import annotations

import time

import jwt
import pytest

from tests_fastapi.parity.support import Api, Person
from tests_support.tokens import DEV_SECRET, forge

ME = "/api/auth/me"
MISSING_BEARER = (
    "Missing 'Bearer' type in 'Authorization' header. Expected 'Authorization: Bearer <JWT>'"
)
BAD_HEADER = "Bad Authorization header. Expected 'Authorization: Bearer <JWT>'"
WRONG_SECRET = "a-secret-that-is-not-the-one-the-service-uses"
LONG_SECRET = "x" * 64


@pytest.mark.parametrize(
    ("header", "status", "msg"),
    [
        ("", 401, "Missing Authorization Header"),
        ("  ", 401, "Missing Authorization Header"),
        (",", 401, "Missing Authorization Header"),
        (" , ", 401, "Missing Authorization Header"),
        (", ,", 401, "Missing Authorization Header"),
        (" ,\t, ", 401, "Missing Authorization Header"),
        ("Basic x, , ", 401, MISSING_BEARER),
        ("Basic YWRtaW46YWRtaW4xMjM=", 401, MISSING_BEARER),
        ("InvalidFormat", 401, MISSING_BEARER),
        ("bearer abc.def.ghi", 401, MISSING_BEARER),
        ("Bearer a.b.c, Bearer d.e.f", 401, MISSING_BEARER),
        ("Bearer", 422, BAD_HEADER),
        ("Bearer a b", 422, BAD_HEADER),
        ("Bearer abc", 422, "Not enough segments"),
        ("Bearer a.b.c", 422, "Invalid header padding"),
        ("Bearer ..", 422, "Invalid header string: Expecting value: line 1 column 1 (char 0)"),
    ],
    ids=repr,
)
async def test_malformed_authorization_header_is_refused(
    api: Api, header: str, status: int, msg: str
) -> None:
    await api.expect("GET", ME, status, {"msg": msg}, headers={"Authorization": header})


async def test_request_without_an_authorization_header_is_refused(api: Api) -> None:
    await api.expect("GET", ME, 401, {"msg": "Missing Authorization Header"})


@pytest.mark.parametrize(
    "template",
    ["Basic abc, Bearer {token}", "  Bearer {token} ,", ", , Bearer {token}", "Bearer {token},, ,"],
)
async def test_bearer_among_other_fields_is_accepted(
    api: Api, alice: Person, template: str
) -> None:
    header = template.format(token=forge(sub=alice.id))
    await api.expect("GET", ME, 200, {"user": alice.json()}, headers={"Authorization": header})


def _now() -> int:
    return int(time.time())


@pytest.mark.parametrize(
    ("make_token", "status", "msg"),
    [
        (lambda sub: forge(WRONG_SECRET, sub=sub), 422, "Signature verification failed"),
        (
            lambda sub: forge(LONG_SECRET, sub=sub, algorithm="HS512"),
            422,
            "The specified alg value is not allowed",
        ),
        (lambda sub: forge(sub=sub, exp=_now() - 5), 401, "Token has expired"),
        (lambda sub: forge(sub=sub, nbf=_now() + 600), 422, "The token is not yet valid (nbf)"),
        (lambda sub: forge(sub=sub, iat=_now() + 600), 422, "The token is not yet valid (iat)"),
        (
            lambda sub: forge(sub=sub, exp=_now() - 5, nbf=_now() + 600),
            422,
            "The token is not yet valid (nbf)",
        ),
        (lambda sub: forge(omit=("sub",)), 422, "Missing claim: sub"),
        (lambda sub: forge(sub=123), 422, "Subject must be a string"),
        (lambda sub: forge(sub=sub, jti=5), 422, "JWT ID must be a string"),
        (
            lambda sub: forge(sub=sub, exp="soon"),
            422,
            "Expiration Time claim (exp) must be an integer.",
        ),
        (lambda sub: forge(sub=sub, type="refresh"), 422, "Only non-refresh tokens are allowed"),
        (lambda sub: forge(sub="no-such-user"), 401, "User not found or inactive"),
    ],
    ids=[
        "wrong-secret",
        "hs512",
        "expired",
        "nbf-in-future",
        "iat-in-future",
        "expired-and-not-yet-valid",
        "no-sub",
        "numeric-sub",
        "numeric-jti",
        "text-exp",
        "refresh-token",
        "unknown-user",
    ],
)
async def test_bad_token_is_refused(
    api: Api, alice: Person, make_token: object, status: int, msg: str
) -> None:
    assert callable(make_token)
    await api.expect("GET", ME, status, {"msg": msg}, token=make_token(alice.id))


async def test_unsigned_token_is_refused(api: Api, alice: Person) -> None:
    header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"  # {"alg":"none","typ":"JWT"}
    payload = jwt.utils.base64url_encode(f'{{"sub":"{alice.id}"}}'.encode()).decode()
    await api.expect(
        "GET",
        ME,
        422,
        {"msg": "The specified alg value is not allowed"},
        token=f"{header}.{payload}.",
    )


async def test_token_without_a_type_is_an_access_token(api: Api, alice: Person) -> None:
    await api.expect(
        "GET", ME, 200, {"user": alice.json()}, token=forge(sub=alice.id, omit=("type",))
    )


async def test_token_with_only_a_subject_is_accepted(api: Api, alice: Person) -> None:
    token = jwt.encode({"sub": alice.id}, DEV_SECRET, algorithm="HS256")
    await api.expect("GET", ME, 200, {"user": alice.json()}, token=token)


async def test_token_without_a_type_is_refused_on_refresh(api: Api, alice: Person) -> None:
    await api.expect(
        "POST",
        "/api/auth/refresh",
        422,
        {"msg": "Only refresh tokens are allowed"},
        token=forge(sub=alice.id, omit=("type",)),
    )


async def test_token_of_a_deleted_user_is_refused(api: Api, admin: Person, alice: Person) -> None:
    token = await api.token(alice)
    await api.call("DELETE", f"/api/auth/users/{alice.id}", token=await api.token(admin))
    await api.expect("GET", ME, 401, {"msg": "User not found or inactive"}, token=token)


async def test_token_of_a_deactivated_user_is_refused(
    api: Api, admin: Person, alice: Person
) -> None:
    token = await api.token(alice)
    await api.call(
        "PUT",
        f"/api/auth/users/{alice.id}",
        token=await api.token(admin),
        json={"is_active": False},
    )
    await api.expect("GET", ME, 401, {"msg": "User not found or inactive"}, token=token)


async def test_role_check_reads_the_database_not_the_token(
    api: Api, admin: Person, alice: Person
) -> None:
    token = forge(sub=alice.id, role="admin")
    await api.expect(
        "GET",
        "/api/auth/users",
        403,
        {
            "error": "Insufficient permissions",
            "message": "This endpoint requires one of the following roles: admin",
        },
        token=token,
    )


async def test_authentication_runs_before_the_content_type_check(api: Api) -> None:
    await api.expect(
        "POST",
        "/api/auth/register",
        401,
        {"msg": "Missing Authorization Header"},
        content=b"x",
        headers={"Content-Type": "text/plain"},
    )
