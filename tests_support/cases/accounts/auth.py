"""Case tables for spec §4.1 (auth and users), §2.2 (JWT errors) and §4.10 (health).

Every validation row of §4.1 is a `Case`, with its exact status and JSON body; both stacks'
suites replay `ALL_CASES` (the `auth` table of `cases/registry.py`).
This module holds register, login, refresh, me, the §2.2 checks and health; the user,
preference and access tables live next to it. Cases start from `kit.worlds.base.World`:
the default admin (`admin`), a user (`user`, alice), a viewer (`viewer`, victor) and another
user (`other`, olga).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests_support.cases.accounts.access import ACCESS_CASES, PROTECTED_ROUTE_CASES
from tests_support.cases.accounts.preferences import (
    NOTIFICATION_PREFERENCE_CASES,
    UI_PREFERENCE_CASES,
)
from tests_support.cases.accounts.users import USER_DELETE_CASES, USER_READ_CASES, USER_UPDATE_CASES
from tests_support.kit.case import ANY_TIMESTAMP, ANY_TOKEN, NOTHING, Case, Step
from tests_support.kit.contract import (
    ACCESS_ONLY,
    ADMIN_ONLY,
    BAD_HEADER,
    BAD_LOGIN,
    CONTENT_TYPE_ERROR,
    HEALTHY,
    INVALID_JSON,
    INVALID_ROLE,
    JSON_SUFFIX,
    LOGIN_REQUIRED,
    LONG_PASSWORD,
    NEW,
    NO_BEARER,
    NO_HEADER,
    NOT_AN_OBJECT,
    REFRESH_ONLY,
    TEXT,
    USER_GONE,
    logged_in,
    must_be,
    new_user,
    user_body,
)
from tests_support.kit.scenario import (
    WRONG_SECRET,
    bearer,
    deactivate,
    login_step,
    login_tokens,
    no_user_added,
    refreshed_token,
    registered,
    remove_user,
    set_role,
    token_of,
    token_without,
)
from tests_support.kit.tokens import forge, sign_segment
from tests_support.kit.worlds.base import MISSING_ID, PASSWORD, World


def register(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A POST /auth/register case (as the admin unless `actor` says otherwise)."""
    return Case(
        name=f"register_{name}", method="POST", path="/auth/register", json=payload, **fields
    )


def register_fails(name: str, payload: Any, body: Any, status: int = 400, **fields: Any) -> Case:
    """A register case that fails and must store no user."""
    return register(name, payload, status=status, body=body, check=no_user_added, **fields)


def login(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A POST /auth/login case (no token unless `auth` says otherwise)."""
    fields.setdefault("actor", None)
    return Case(name=f"login_{name}", method="POST", path="/auth/login", json=payload, **fields)


def refresh(name: str, **fields: Any) -> Case:
    """A POST /auth/refresh case."""
    fields.setdefault("actor", None)
    return Case(name=f"refresh_{name}", method="POST", path="/auth/refresh", **fields)


def me(name: str, **fields: Any) -> Case:
    """A GET /auth/me case."""
    fields.setdefault("actor", None)
    return Case(name=name, method="GET", path="/auth/me", **fields)


# --- POST /auth/register ----------------------------------------------------------------------

REGISTER_CASES = [
    register("creates_viewer_by_default", NEW, status=201, body=new_user(),
             check=registered("newbie", email="newbie@example.com", role="viewer", is_active=True)),
    register("keeps_given_role", NEW | {"role": "user"}, status=201, body=new_user(role="user")),
    register("trims_username_and_lowercases_email",
             {"username": "  NewBie ", "email": "  NewBie@Example.COM ", "password": "newpass1"},
             status=201, body=new_user("NewBie", "newbie@example.com")),
    register("ignores_is_active_input", NEW | {"is_active": False}, status=201, body=new_user(),
             check=registered("newbie", is_active=True)),
    register("ignores_unknown_fields", NEW | {"nickname": 5}, status=201, body=new_user()),
    register("stores_a_password_the_user_can_log_in_with", NEW, status=201, body=new_user(),
             then=(login_step("newbie", "newpass1", 200), login_step("newbie", "newpass2", 401))),
    register("does_not_trim_the_password", NEW | {"password": "  ab  "}, status=201,
             body=new_user(), then=(login_step("newbie", "  ab  ", 200),)),
    register("accepts_json_suffix_media_type_with_charset", NEW, content_type=JSON_SUFFIX,
             status=201, body=new_user()),
    register("media_type_check_ignores_case", NEW, content_type="Application/JSON", status=201,
             body=new_user()),
    register_fails("rejects_text_plain", NEW, CONTENT_TYPE_ERROR, content_type=TEXT),
    register_fails("rejects_missing_content_type", NEW, CONTENT_TYPE_ERROR, content_type=None),
    register_fails("rejects_text_json", NEW, CONTENT_TYPE_ERROR, content_type="text/json"),
    register_fails("rejects_malformed_json", NOTHING, INVALID_JSON, raw=b'{"username": '),
    register_fails("rejects_empty_body", NOTHING, INVALID_JSON, raw=b""),
    register_fails("rejects_array_body", [NEW], NOT_AN_OBJECT),
    register_fails("rejects_null_body", None, NOT_AN_OBJECT),
    register_fails("rejects_string_body", "newbie", NOT_AN_OBJECT),
    register_fails("lists_every_missing_field_in_order", {},
                   {"error": "Missing required fields",
                    "missing": ["username", "email", "password"]}),
    register_fails("treats_empty_and_null_fields_as_missing",
                   {"username": "", "email": "n@example.com", "password": None},
                   {"error": "Missing required fields", "missing": ["username", "password"]}),
    register_fails("treats_zero_and_false_as_missing",
                   {"username": "newbie", "email": 0, "password": False},
                   {"error": "Missing required fields", "missing": ["email", "password"]}),
    register_fails("checks_presence_before_types", {"username": 123, "password": "newpass1"},
                   {"error": "Missing required fields", "missing": ["email"]}),
    register_fails("rejects_non_string_username", NEW | {"username": 123},
                   must_be("username", "a string")),
    register_fails("rejects_non_string_email", NEW | {"email": ["n@example.com"]},
                   must_be("email", "a string")),
    register_fails("rejects_non_string_password", NEW | {"password": 123456},
                   must_be("password", "a string")),
    register_fails("type_checks_username_before_email_and_password",
                   {"username": True, "email": 1, "password": 2}, must_be("username", "a string")),
    register_fails("type_checks_email_before_password", NEW | {"email": 1, "password": 2},
                   must_be("email", "a string")),
    register_fails("rejects_short_username_after_trim", NEW | {"username": "  ab  "},
                   {"error": "Username must be at least 3 characters long"}),
    register_fails("rejects_short_password", NEW | {"password": "12345"},
                   {"error": "Password must be at least 6 characters long"}),
    register_fails("checks_username_length_before_password_length",
                   NEW | {"username": "ab", "password": "1"},
                   {"error": "Username must be at least 3 characters long"}),
    # D22: at most 4096 bytes of UTF-8, checked right after the minimum length (§4.1 step 6).
    register("accepts_a_password_of_4096_bytes", NEW | {"password": "p" * 4096}, status=201,
             body=new_user(), then=(login_step("newbie", "p" * 4096, 200),)),
    register("accepts_4096_bytes_of_two_byte_characters", NEW | {"password": "é" * 2048},
             status=201, body=new_user(), then=(login_step("newbie", "é" * 2048, 200),)),
    register_fails("rejects_a_password_of_4097_bytes", NEW | {"password": "p" * 4097},
                   LONG_PASSWORD),
    register_fails("counts_password_bytes_not_characters", NEW | {"password": "é" * 2049},
                   LONG_PASSWORD),
    register_fails("checks_username_length_before_password_size",
                   NEW | {"username": "ab", "password": "p" * 4097},
                   {"error": "Username must be at least 3 characters long"}),
    register_fails("checks_password_size_before_role",
                   NEW | {"password": "p" * 4097, "role": "x"}, LONG_PASSWORD),
    register_fails("rejects_unknown_role", NEW | {"role": "superuser"}, INVALID_ROLE),
    register_fails("role_is_case_sensitive", NEW | {"role": "Admin"}, INVALID_ROLE),
    register_fails("rejects_null_role", NEW | {"role": None}, INVALID_ROLE),
    register_fails("rejects_empty_role", NEW | {"role": ""}, INVALID_ROLE),
    register_fails("rejects_non_string_role_as_invalid_role", NEW | {"role": 1}, INVALID_ROLE),
    register_fails("checks_password_length_before_role", NEW | {"password": "1", "role": "x"},
                   {"error": "Password must be at least 6 characters long"}),
    register_fails("checks_role_before_duplicates", NEW | {"username": "alice", "role": "x"},
                   INVALID_ROLE),
    register_fails("rejects_taken_username", NEW | {"username": "alice"},
                   {"error": "Username already exists"}, status=409),
    register_fails("matches_taken_username_after_trim", NEW | {"username": "  alice "},
                   {"error": "Username already exists"}, status=409),
    register("username_match_is_case_sensitive", NEW | {"username": "ALICE"}, status=201,
             body=new_user("ALICE")),
    register_fails("rejects_taken_email_after_trim_and_lowercase",
                   NEW | {"email": " ALICE@Example.com "}, {"error": "Email already exists"},
                   status=409),
    register_fails("checks_username_before_email",
                   NEW | {"username": "alice", "email": "alice@example.com"},
                   {"error": "Username already exists"}, status=409),
    register_fails("requires_admin_role_user", NEW, ADMIN_ONLY, status=403, actor="user"),
    register_fails("requires_admin_role_viewer", NEW, ADMIN_ONLY, status=403, actor="viewer"),
    register_fails("checks_role_before_content_type", NEW, ADMIN_ONLY, status=403,
                   actor="viewer", content_type=TEXT),
    register_fails("requires_a_token", NEW, NO_HEADER, status=401, actor=None),
    register_fails("checks_authentication_before_content_type", NEW, NO_HEADER, status=401,
                   actor=None, content_type=TEXT),
    register_fails("reads_role_from_database_not_token", NEW, ADMIN_ONLY, status=403,
                   auth=token_of("viewer", role="admin")),
    register("trusts_database_admin_role_over_token_claim", NEW, status=201, body=new_user(),
             auth=token_of("admin", role="viewer")),
    register_fails("rejects_deactivated_admin_before_role_check", NEW, USER_GONE, status=401,
                   setup=deactivate("admin")),
]  # fmt: skip

# --- POST /auth/login -------------------------------------------------------------------------

ALICE = {"username": "alice", "password": PASSWORD}

LOGIN_CASES = [
    login("by_username_returns_both_tokens_and_user", ALICE, status=200, body=logged_in("user"),
          check=login_tokens("user")),
    login("by_email", {"email": "alice@example.com", "password": PASSWORD}, status=200,
          body=logged_in("user")),
    login("matches_email_given_as_username",
          {"username": "alice@example.com", "password": PASSWORD}, status=200,
          body=logged_in("user")),
    login("falls_back_to_email_when_username_is_falsy",
          {"username": "", "email": "alice@example.com", "password": PASSWORD}, status=200,
          body=logged_in("user")),
    login("trims_the_identifier", {"username": "  alice  ", "password": PASSWORD}, status=200,
          body=logged_in("user")),
    login("default_admin_with_admin123", {"username": "admin", "password": "admin123"},
          status=200, body=logged_in("admin"), check=login_tokens("admin")),
    login("tokens_carry_role_from_database", ALICE, setup=set_role("user", "viewer"),
          status=200, body=logged_in("user", role="viewer", updated_at=ANY_TIMESTAMP),
          check=login_tokens("user", role="viewer")),
    login("ignores_the_authorization_header", ALICE, auth="Bearer not-a-jwt", status=200,
          body=logged_in("user")),
    login("accepts_json_suffix_media_type_with_charset", ALICE, content_type=JSON_SUFFIX,
          status=200, body=logged_in("user")),
    login("username_is_case_sensitive", {"username": "ALICE", "password": PASSWORD},
          status=401, body=BAD_LOGIN),
    login("email_is_case_sensitive", {"email": "ALICE@EXAMPLE.COM", "password": PASSWORD},
          status=401, body=BAD_LOGIN),
    login("does_not_trim_the_password", {"username": "alice", "password": f"{PASSWORD} "},
          status=401, body=BAD_LOGIN),
    login("rejects_wrong_password", {"username": "alice", "password": "wrong-pass"},
          status=401, body=BAD_LOGIN),
    login("rejects_unknown_user", {"username": "nobody", "password": PASSWORD}, status=401,
          body=BAD_LOGIN),
    login("rejects_a_password_over_4096_bytes_as_bad_credentials",
          {"username": "alice", "password": "p" * 4097}, status=401, body=BAD_LOGIN),
    login("rejects_an_unknown_user_with_a_password_over_4096_bytes",
          {"username": "nobody", "password": "p" * 4097}, status=401, body=BAD_LOGIN),
    login("rejects_inactive_user", ALICE, setup=deactivate("user"), status=401,
          body={"error": "Account is inactive. Contact administrator."}),
    login("reports_inactive_before_checking_password",
          {"username": "alice", "password": "wrong-pass"}, setup=deactivate("user"), status=401,
          body={"error": "Account is inactive. Contact administrator."}),
    login("rejects_text_plain", ALICE, content_type=TEXT, status=400, body=CONTENT_TYPE_ERROR),
    login("rejects_malformed_json", raw=b"{'username': 'alice'}", status=400, body=INVALID_JSON),
    login("rejects_non_object_body", "alice", status=400, body=NOT_AN_OBJECT),
    login("rejects_null_body", None, status=400, body=NOT_AN_OBJECT),
    login("rejects_empty_body", raw=b"", status=400, body=INVALID_JSON),
    login("requires_an_identifier", {"password": PASSWORD}, status=400, body=LOGIN_REQUIRED),
    login("requires_a_password", {"username": "alice"}, status=400, body=LOGIN_REQUIRED),
    login("treats_empty_password_as_missing", {"username": "alice", "password": ""},
          status=400, body=LOGIN_REQUIRED),
    login("checks_presence_before_types", {"username": 5}, status=400, body=LOGIN_REQUIRED),
    login("rejects_non_string_username", {"username": 123, "password": PASSWORD}, status=400,
          body=must_be("username", "a string")),
    login("rejects_non_string_email_when_username_is_falsy",
          {"username": 0, "email": ["alice@example.com"], "password": PASSWORD}, status=400,
          body=must_be("email", "a string")),
    login("rejects_non_string_password", {"username": "alice", "password": 123456},
          status=400, body=must_be("password", "a string")),
]  # fmt: skip

# --- POST /auth/refresh and GET /auth/me ------------------------------------------------------

SESSION_CASES = [
    refresh("returns_a_new_access_token", auth=token_of("user", "refresh"), status=200,
            body={"access_token": ANY_TOKEN}, check=refreshed_token("user")),
    refresh("reads_role_and_email_from_database_now", auth=token_of("user", "refresh"),
            setup=set_role("user", "viewer"), status=200, body={"access_token": ANY_TOKEN},
            check=refreshed_token("user", role="viewer")),
    refresh("new_access_token_works", auth=token_of("viewer", "refresh"), status=200,
            then=(Step(method="GET", path="/auth/me", status=200, body=user_body("viewer"),
                       auth=lambda world: bearer(world.last_reply.json()["access_token"])),)),
    refresh("ignores_any_body", auth=token_of("user", "refresh"), raw=b"not json",
            content_type=TEXT, status=200, body={"access_token": ANY_TOKEN}),
    refresh("rejects_access_token", auth=token_of("user"), status=422, body=REFRESH_ONLY),
    refresh("treats_token_without_type_as_access", auth=token_without("user", "type"),
            status=422, body=REFRESH_ONLY),
    refresh("requires_a_token", status=401, body=NO_HEADER),
    refresh("rejects_expired_refresh_token", status=401, body={"msg": "Token has expired"},
            auth=lambda world: bearer(world.token("user", "refresh", exp=1))),
    refresh("rejects_bad_signature", status=422, body={"msg": "Signature verification failed"},
            auth=lambda world: bearer(forge(WRONG_SECRET, type="refresh", sub=world.ids["user"]))),
    refresh("rejects_deleted_user", auth=token_of("other", "refresh"),
            setup=remove_user("other"), status=401, body=USER_GONE),
    refresh("rejects_deactivated_user", auth=token_of("other", "refresh"),
            setup=deactivate("other"), status=401, body=USER_GONE),
    me("me_returns_the_caller", actor="user", status=200, body=user_body("user")),
    me("me_works_for_a_viewer", actor="viewer", status=200, body=user_body("viewer")),
    me("me_accepts_token_without_type", auth=token_without("user", "type"), status=200,
       body=user_body("user")),
    me("me_accepts_token_without_optional_claims",
       auth=token_without("user", "fresh", "jti", "csrf", "nbf"), status=200,
       body=user_body("user")),
    me("me_accepts_token_with_only_a_subject",
       auth=token_without("user", "fresh", "iat", "jti", "type", "nbf", "csrf", "exp", "role",
                          "email"),
       status=200, body=user_body("user")),
    me("me_rejects_refresh_token", auth=token_of("user", "refresh"), status=422,
       body=ACCESS_ONLY),
]  # fmt: skip

# --- §2.2: authenticating a request, in check order (on GET /auth/me) -------------------------


def _jwt(name: str, auth: str | Callable[[World], str] | None, status: int, msg: str) -> Case:
    return me(f"jwt_{name}", auth=auth, status=status, body={"msg": msg})


def _forged(**claims: Any) -> Callable[[World], str]:
    return lambda world: bearer(forge(world.secret, **({"sub": world.ids["user"]} | claims)))


def _segment(
    payload: bytes, secret: str | None = None, algorithm: str = "HS256"
) -> Callable[[World], str]:
    return lambda world: bearer(sign_segment(payload, secret or world.secret, algorithm=algorithm))


NOT_A_JSON_OBJECT = "Invalid payload string: must be a json object"
NOT_JSON = "Invalid payload string: Expecting value: line 1 column 1 (char 0)"

TOKEN_CASES = [
    me("jwt_missing_header", status=401, body=NO_HEADER),
    me("jwt_empty_header", auth="", status=401, body=NO_HEADER),
    me("jwt_header_of_commas_and_spaces", auth=", ,", status=401, body=NO_HEADER),
    me("jwt_basic_scheme", auth="Basic x", status=401, body=NO_BEARER),
    me("jwt_no_scheme", auth="InvalidFormat", status=401, body=NO_BEARER),
    me("jwt_lowercase_bearer", auth=lambda w: f"bearer {w.token('user')}", status=401,
       body=NO_BEARER),
    me("jwt_two_bearer_credentials",
       auth=lambda w: f"Bearer {w.token('user')}, Bearer {w.token('user')}", status=401,
       body=NO_BEARER),
    me("jwt_bearer_alone", auth="Bearer", status=422, body=BAD_HEADER),
    me("jwt_bearer_with_two_words", auth="Bearer a b", status=422, body=BAD_HEADER),
    me("jwt_bearer_among_other_credentials", auth=lambda w: f"Basic x, Bearer {w.token('user')}",
       status=200, body=user_body("user")),
    me("jwt_blank_field_between_credentials_is_ignored",
       auth=lambda w: f"Bearer {w.token('user')},,Basic x", status=200, body=user_body("user")),
    me("jwt_header_trimmed_of_spaces_and_commas", auth=lambda w: f" ,Bearer {w.token('user')},",
       status=200, body=user_body("user")),
    _jwt("not_a_jwt", "Bearer not-a-jwt", 422, "Not enough segments"),
    _jwt("bad_header_padding", "Bearer a.b.c", 422, "Invalid header padding"),
    _jwt("header_not_json", "Bearer ..", 422,
         "Invalid header string: Expecting value: line 1 column 1 (char 0)"),
    _jwt("bad_signature", lambda w: bearer(forge(WRONG_SECRET, sub=w.ids["user"])), 422,
         "Signature verification failed"),
    # Flask-JWT-Extended decodes the payload before checking the signature or the algorithm.
    _jwt("array_payload_with_bad_signature", _segment(b"[1,2]", WRONG_SECRET), 422,
         NOT_A_JSON_OBJECT),
    _jwt("non_json_payload_with_bad_signature", _segment(b"not json", WRONG_SECRET), 422,
         NOT_JSON),
    _jwt("null_payload_with_bad_signature", _segment(b"null", WRONG_SECRET), 422,
         NOT_A_JSON_OBJECT),
    _jwt("empty_payload_with_bad_signature", _segment(b"", WRONG_SECRET), 422, NOT_JSON),
    _jwt("array_payload_with_disallowed_alg", _segment(b"[1,2]", WRONG_SECRET * 2, "HS512"), 422,
         NOT_A_JSON_OBJECT),
    _jwt("array_payload_with_good_signature", _segment(b"[1,2]"), 422, NOT_A_JSON_OBJECT),
    _jwt("non_json_payload_with_good_signature", _segment(b"not json"), 422, NOT_JSON),
    _jwt("object_payload_with_bad_signature", _segment(b'{"sub": 5}', WRONG_SECRET), 422,
         "Signature verification failed"),
    _jwt("hs512_token", _forged(algorithm="HS512"), 422, "The specified alg value is not allowed"),
    _jwt("unsigned_token", lambda w: bearer(forge("", algorithm="none", sub=w.ids["user"])), 422,
         "The specified alg value is not allowed"),
    _jwt("nbf_in_the_future", _forged(nbf=4_000_000_000), 422,
         "The token is not yet valid (nbf)"),
    _jwt("iat_in_the_future", _forged(iat=4_000_000_000), 422,
         "The token is not yet valid (iat)"),
    _jwt("non_integer_iat", _forged(iat="yesterday"), 422,
         "Issued At claim (iat) must be an integer."),
    _jwt("non_string_sub", lambda w: bearer(forge(w.secret, sub=42)), 422,
         "Subject must be a string"),
    _jwt("non_string_jti", _forged(jti=5), 422, "JWT ID must be a string"),
    _jwt("non_integer_exp", _forged(exp="soon"), 422,
         "Expiration Time claim (exp) must be an integer."),
    _jwt("expired", _forged(exp=1), 401, "Token has expired"),
    _jwt("not_yet_valid_before_expired", _forged(exp=1, nbf=4_000_000_000), 422,
         "The token is not yet valid (nbf)"),
    _jwt("expired_with_bad_signature",
         lambda w: bearer(forge(WRONG_SECRET, sub=w.ids["user"], exp=1)), 422,
         "Signature verification failed"),
    _jwt("no_sub", lambda w: bearer(forge(w.secret, omit=("sub",))), 422, "Missing claim: sub"),
    _jwt("expired_without_sub", lambda w: bearer(forge(w.secret, exp=1, omit=("sub",))), 401,
         "Token has expired"),
    _jwt("refresh_token_on_access_route", token_of("user", "refresh"), 422,
         ACCESS_ONLY["msg"]),
    me("jwt_checks_token_type_before_user", auth=token_of("other", "refresh"),
       setup=remove_user("other"), status=422, body=ACCESS_ONLY),
    me("jwt_unknown_sub", auth=_forged(sub=MISSING_ID), status=401, body=USER_GONE),
    me("jwt_deleted_user", auth=token_of("other"), setup=remove_user("other"), status=401,
       body=USER_GONE),
    me("jwt_deactivated_user", auth=token_of("other"), setup=deactivate("other"), status=401,
       body=USER_GONE),
    Case(name="jwt_deactivated_admin_is_401_before_role_check", method="GET",
         path="/auth/users", setup=deactivate("admin"), status=401, body=USER_GONE),
]  # fmt: skip

# --- GET /health ------------------------------------------------------------------------------

HEALTH_CASES = [
    Case(name="health_needs_no_token_and_reports_no_scheduler_under_testing", method="GET",
         path="/health", actor=None, status=200, body=HEALTHY),
    Case(name="health_ignores_a_bad_authorization_header", method="GET", path="/health",
         actor=None, auth="Bearer not-a-jwt", status=200, body=HEALTHY),
]  # fmt: skip

ALL_CASES = {
    "register": REGISTER_CASES,
    "login": LOGIN_CASES,
    "session": SESSION_CASES,
    "token": TOKEN_CASES,
    "user_read": USER_READ_CASES,
    "user_update": USER_UPDATE_CASES,
    "user_delete": USER_DELETE_CASES,
    "notification_preferences": NOTIFICATION_PREFERENCE_CASES,
    "ui_preferences": UI_PREFERENCE_CASES,
    "health": HEALTH_CASES,
    "access": ACCESS_CASES,
    "protected_routes": PROTECTED_ROUTE_CASES,
}

# Error cases that start from the plain world: replayed again, through `storing_nothing`, to
# prove errors store nothing (§1.2 "Nothing is stored when a request ends in an error").
ERROR_CASES = [
    case
    for table in ALL_CASES.values()
    for case in table
    if case.status >= 400 and case.setup is None and not case.then
]
