"""Data factories: users written straight to a database, as another client would have."""

from __future__ import annotations

import itertools

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.passwords import hash_password
from cronjobs.models import User
from cronjobs.storage.engines import sync_url

DEFAULT_PASSWORD = "secret123"
_counter = itertools.count(1)


def make_user(
    database_url: str,
    *,
    username: str | None = None,
    email: str | None = None,
    role: str = "user",
    password: str = DEFAULT_PASSWORD,
    is_active: bool = True,
    password_hash: str | None = None,
) -> User:
    """Insert a user and return it (detached, attributes loaded)."""
    number = next(_counter)
    username = username or f"{role}{number}"
    engine = create_engine(sync_url(database_url))
    try:
        with Session(engine, expire_on_commit=False) as session:
            user = User(
                username=username,
                email=email or f"{username}@example.com",
                password_hash=password_hash or hash_password(password),
                role=role,
                is_active=is_active,
            )
            session.add(user)
            session.commit()
            return user
    finally:
        engine.dispose()
