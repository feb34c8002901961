"""What cases do around a request: forged Authorization values, database setups and checks.

Setups write straight to the database, as another client would; checks read it back after the
request, to prove what was (or was not) stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jwt

from cronjobs.models import (
    Base,
    Job,
    Notification,
    User,
    UserNotificationPreferences,
    UserUiPreferences,
)
from tests_support.kit.case import ANY_ID, Check, Reply, Step
from tests_support.kit.contract import NOTIFICATION_DEFAULTS
from tests_support.kit.worlds.base import World

Setup = Callable[[World], None]
WORLD_USER_COUNT = 4
ACCESS_LIFETIME = 3600
REFRESH_LIFETIME = 2592000
WRONG_SECRET = "not-the-secret-the-service-signs-with-0123456789"


def bearer(token: str) -> str:
    """Return an Authorization value carrying a token."""
    return f"Bearer {token}"


def token_of(key: str, kind: str = "access", **claims: Any) -> Callable[[World], str]:
    """Return an Authorization value for a world user's token (claims overridden)."""
    return lambda world: bearer(world.token(key, kind, **claims))


def token_without(key: str, *claims: str, kind: str = "access") -> Callable[[World], str]:
    """Return an Authorization value for a world user's token lacking some claims."""
    return lambda world: bearer(world.token(key, kind, omit=claims))


def login_step(username: str, password: str, status: int) -> Step:
    """A follow-up login, to prove which password a stored hash accepts."""
    payload = {"username": username, "password": password}
    return Step(method="POST", path="/auth/login", actor=None, json=payload, status=status)


def me_step(actor: str, status: int, body: Any) -> Step:
    """A follow-up GET /auth/me as a world user."""
    return Step(method="GET", path="/auth/me", actor=actor, status=status, body=body)


# --- setups -----------------------------------------------------------------------------------


def change_row(model: type[Base], row_id: str | Callable[[World], str], **values: Any) -> Setup:
    """Write column values onto one row, named by its id or by a function of the world."""

    def setup(world: World) -> None:
        key = row_id(world) if callable(row_id) else row_id
        with world.session() as session:
            row = session.get(model, key)
            assert row is not None, (model.__name__, key)
            for name, value in values.items():
                setattr(row, name, value)
            session.commit()

    return setup


def change_user(key: str, **values: Any) -> Setup:
    """Write column values onto a world user's row."""
    return change_row(User, lambda world: world.ids[key], **values)


def deactivate(key: str) -> Setup:
    """Mark a world user inactive."""
    return change_user(key, is_active=False)


def set_role(key: str, role: str) -> Setup:
    """Change a world user's role in the database (their tokens keep the old claim)."""
    return change_user(key, role=role)


def remove_user(key: str) -> Setup:
    """Delete a world user's row directly, as another client would."""

    def setup(world: World) -> None:
        with world.session() as session:
            user = session.get(User, world.ids[key])
            session.delete(user)
            session.commit()

    return setup


def store_notification_prefs(key: str, **flags: bool) -> Setup:
    """Insert a notification-preferences row: the D10 defaults overridden by `flags`."""

    def setup(world: World) -> None:
        with world.session() as session:
            values = NOTIFICATION_DEFAULTS | flags
            session.add(UserNotificationPreferences(user_id=world.ids[key], **values))
            session.commit()

    return setup


def store_ui_columns(key: str, text: str | None) -> Setup:
    """Insert a UI-preferences row holding `text` as its raw `jobs_table_columns`."""

    def setup(world: World) -> None:
        with world.session() as session:
            session.add(UserUiPreferences(user_id=world.ids[key], jobs_table_columns=text))
            session.commit()

    return setup


def add_personal_rows(*keys: str) -> Setup:
    """Give users both preference rows, two notifications and a job they created (for D7)."""

    def setup(world: World) -> None:
        with world.session() as session:
            for key in keys:
                user_id = world.ids[key]
                session.add(UserNotificationPreferences(user_id=user_id, **NOTIFICATION_DEFAULTS))
                session.add(UserUiPreferences(user_id=user_id, jobs_table_columns="{}"))
                job = Job(name=f"job of {key}", cron_expression="0 9 * * *", created_by=user_id)
                session.add(job)
                session.flush()
                for title in ("first", "second"):
                    session.add(
                        Notification(
                            user_id=user_id,
                            title=title,
                            message="hello",
                            type="info",
                            related_job_id=job.id,
                        )
                    )
            session.commit()

    return setup


# --- checks -----------------------------------------------------------------------------------


def no_user_added(world: World, _reply: Reply) -> None:
    """The failed request stored no user."""
    assert world.count(User) == WORLD_USER_COUNT


def stored_user(key: str, **values: Any) -> Check:
    """The user's row now holds these column values."""

    def check(world: World, _reply: Reply) -> None:
        row = world.row(User, id=world.ids[key])
        assert row is not None
        assert {name: getattr(row, name) for name in values} == values

    return check


def registered(username: str, **values: Any) -> Check:
    """A user row was stored with these values, and the hash is not the password."""

    def check(world: World, reply: Reply) -> None:
        row = world.row(User, username=username)
        assert row is not None
        assert row.id == reply.json()["user"]["id"]
        assert {name: getattr(row, name) for name in values} == values
        assert row.password_hash and "newpass" not in row.password_hash
        assert world.count(User) == WORLD_USER_COUNT + 1

    return check


def _token_claims(world: World, token: str, key: str, kind: str, role: str) -> None:
    user = world.users[key]
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    claims = world.claims(token)
    assert set(claims) == {
        "fresh", "iat", "jti", "type", "sub", "nbf", "csrf", "exp", "role", "email"
    }  # fmt: skip
    lifetime = ACCESS_LIFETIME if kind == "access" else REFRESH_LIFETIME
    assert claims["type"] == kind
    assert claims["sub"] == user.id
    assert claims["fresh"] is False
    assert claims["nbf"] == claims["iat"]
    assert claims["exp"] == claims["iat"] + lifetime
    assert claims["jti"] == ANY_ID
    assert claims["csrf"] == ANY_ID
    assert (claims["role"], claims["email"]) == (role, user.email)


def login_tokens(key: str, role: str | None = None) -> Check:
    """Both tokens carry §2.1's claims, with the user's current role and e-mail."""

    def check(world: World, reply: Reply) -> None:
        body = reply.json()
        expected_role = role or world.users[key].role
        _token_claims(world, body["access_token"], key, "access", expected_role)
        _token_claims(world, body["refresh_token"], key, "refresh", expected_role)

    return check


def refreshed_token(key: str, role: str | None = None) -> Check:
    """The new access token carries §2.1's claims, with the role read from the database now."""

    def check(world: World, reply: Reply) -> None:
        expected_role = role or world.users[key].role
        _token_claims(world, reply.json()["access_token"], key, "access", expected_role)

    return check


def user_deleted(key: str) -> Check:
    """The user's row is gone."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(User, id=world.ids[key]) == 0

    return check


def personal_rows_cascaded(world: World, _reply: Reply) -> None:
    """D7: olga's rows are gone, her job stays unowned; alice's rows are untouched."""
    olga, alice = world.ids["other"], world.ids["user"]
    assert world.count(UserNotificationPreferences, user_id=olga) == 0
    assert world.count(UserUiPreferences, user_id=olga) == 0
    assert world.count(Notification, user_id=olga) == 0
    job = world.row(Job, name="job of other")
    assert job is not None and job.created_by is None
    assert world.count(UserNotificationPreferences, user_id=alice) == 1
    assert world.count(UserUiPreferences, user_id=alice) == 1
    assert world.count(Notification, user_id=alice) == 2
    assert world.count(Job, created_by=alice) == 1


def stored_notification_prefs(key: str, **flags: bool) -> Check:
    """Exactly one preferences row exists for the user, holding D10 overridden by `flags`."""

    def check(world: World, reply: Reply) -> None:
        assert world.count(UserNotificationPreferences, user_id=world.ids[key]) == 1
        row = world.row(UserNotificationPreferences, user_id=world.ids[key])
        assert {flag: getattr(row, flag) for flag in NOTIFICATION_DEFAULTS} == (
            NOTIFICATION_DEFAULTS | flags
        )
        if reply.status == 200:
            assert reply.json()["preferences"]["id"] == row.id

    return check


def no_notification_prefs(key: str) -> Check:
    """No preferences row exists for the user (an error stored nothing)."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(UserNotificationPreferences, user_id=world.ids.get(key, key)) == 0

    return check


def stored_ui_columns(key: str, columns: dict[str, Any]) -> Check:
    """Exactly one UI-preferences row exists for the user, holding `columns` as JSON."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(UserUiPreferences, user_id=world.ids[key]) == 1
        row = world.row(UserUiPreferences, user_id=world.ids[key])
        assert json.loads(row.jobs_table_columns) == columns

    return check


def no_ui_prefs(key: str) -> Check:
    """No UI-preferences row exists for the user (an error stored nothing)."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(UserUiPreferences, user_id=world.ids.get(key, key)) == 0

    return check
