"""A token verified once is taken again without re-decoding, and still expires on time."""

from __future__ import annotations

import time

import pytest

from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.errors import TokenError
from cronjobs.models import User


@pytest.fixture
def codec() -> TokenCodec:
    return TokenCodec(secret="reuse-secret-" + "x" * 32, access_seconds=1, refresh_seconds=60)


@pytest.fixture
def user() -> User:
    return User(id="user-1", username="reuse", email="reuse@example.com", role="viewer")


def test_a_reused_token_expires_on_time(codec: TokenCodec, user: User) -> None:
    token = codec.issue(user, "access", int(time.time()))
    assert codec.decode(token, refresh=False)["sub"] == "user-1"
    time.sleep(1.05)
    with pytest.raises(TokenError) as refused:
        codec.decode(token, refresh=False)
    assert (refused.value.status, refused.value.msg) == (401, "Token has expired")


def test_a_reused_access_token_is_still_refused_where_a_refresh_token_is_needed(
    codec: TokenCodec, user: User
) -> None:
    token = codec.issue(user, "access", int(time.time()))
    codec.decode(token, refresh=False)
    with pytest.raises(TokenError) as refused:
        codec.decode(token, refresh=True)
    assert (refused.value.status, refused.value.msg) == (422, "Only refresh tokens are allowed")


def test_a_reused_token_answers_the_claims_it_carries(codec: TokenCodec, user: User) -> None:
    token = codec.issue(user, "access", int(time.time()))
    first = codec.decode(token, refresh=False)
    first["sub"] = "someone-else"
    assert codec.decode(token, refresh=False)["sub"] == "user-1"


def test_a_token_signed_with_another_secret_is_refused_after_a_good_one(
    codec: TokenCodec, user: User
) -> None:
    now = int(time.time())
    good = codec.issue(user, "access", now)
    forged = TokenCodec("other-secret-" + "y" * 32, 1, 60).issue(user, "access", now)
    codec.decode(good, refresh=False)
    with pytest.raises(TokenError) as refused:
        codec.decode(forged, refresh=False)
    assert (refused.value.status, refused.value.msg) == (422, "Signature verification failed")
