"""Every failed login spends one password verification, whoever the username names (D23).

A login for an unknown username used to answer without hashing anything (2.9 ms against 11.2 ms
for a wrong password), so usernames could be enumerated by timing. The proof here is structural,
not timed: a profiler hook records each PBKDF2 computation the request makes in this thread, with
its rounds (read from passlib's calling frame), and an unknown or inactive user must cost exactly
what a wrong password for a known user costs.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests_support.kit.contract import BAD_LOGIN
from tests_support.kit.flask_fixtures import world_settings_fixture  # noqa: F401  (a fixture)
from tests_support.kit.scenario import deactivate
from tests_support.kit.worlds.base import World

INACTIVE = {"error": "Account is inactive. Contact administrator."}


@contextmanager
def pbkdf2_rounds() -> Iterator[list[Any]]:
    """Record the rounds of every `hashlib.pbkdf2_hmac` call made in this thread meanwhile."""
    calls: list[Any] = []

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "c_call" and arg is hashlib.pbkdf2_hmac:
            calls.append(frame.f_locals.get("rounds"))

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


def failed_login_cost(client: FlaskClient, username: str, body: dict[str, str]) -> list[Any]:
    """Log in with a wrong password; return the PBKDF2 rounds the request computed."""
    with pbkdf2_rounds() as rounds:
        reply = client.post("/api/auth/login", json={"username": username, "password": "nope!!"})
    assert (reply.status_code, reply.get_json()) == (401, body)
    return rounds


@pytest.fixture
def wrong_password_cost(client: FlaskClient, world: World) -> list[Any]:
    """What a wrong password for a known, active user costs."""
    return failed_login_cost(client, "alice", BAD_LOGIN)


def test_a_wrong_password_costs_one_pbkdf2_verification(wrong_password_cost: list[Any]) -> None:
    assert wrong_password_cost == [29000]


def test_an_unknown_username_costs_what_a_wrong_password_costs(
    client: FlaskClient, wrong_password_cost: list[Any]
) -> None:
    assert failed_login_cost(client, "nobody", BAD_LOGIN) == wrong_password_cost


def test_an_inactive_user_costs_what_a_wrong_password_costs(
    client: FlaskClient, world: World, wrong_password_cost: list[Any]
) -> None:
    deactivate("other")(world)
    assert failed_login_cost(client, "olga", INACTIVE) == wrong_password_cost
