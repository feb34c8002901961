"""The database every case starts from, prepared once and copied for each test.

The template is a database that startup prepared (schema, category seed, default admin) plus
three users. Each test copies it and starts its app on the copy, so every test gets its own file
without paying for a fresh schema and the default admin's password hash. `prepare_world` builds
the same world on any database (a wiped PostgreSQL test database, which cannot be copied).
"""

from __future__ import annotations

import functools
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import jwt
from sqlalchemy import Engine, create_engine, func, make_url, select
from sqlalchemy.orm import Session

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import DEFAULT_ADMIN, startup_seed
from cronjobs.models import Base, User
from cronjobs.storage.engines import create_sync_engine, sync_url
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.case import Reply
from tests_support.kit.legacy import passlib_pbkdf2_sha256
from tests_support.kit.tokens import forge

# The JWT secret of apps that replay case tables: long enough for HS512 too, so forging an HS512
# token (§2.2 step 4) raises no short-key warning.
WORLD_SECRET = "case-tables-jwt-secret-0123456789-0123456789-0123456789-0123456789"
MISSING_ID = "00000000-0000-4000-8000-000000000000"
PASSWORD = "secret123"
DEFAULT_ADMIN_PASSWORD = DEFAULT_ADMIN["password"]  # created at startup outside production


@functools.cache
def password_hash() -> str:
    """Hash `PASSWORD` once, in the legacy format every stack must verify (D18)."""
    return passlib_pbkdf2_sha256(PASSWORD, salt=b"world-users-salt")


# The users every case starts with, besides the default admin created at startup.
WORLD_USERS = {"user": ("alice", "user"), "viewer": ("victor", "viewer"), "other": ("olga", "user")}


def prepare_world(database_url: str) -> None:
    """Prepare a database as startup does (schema, seed, default admin) and add the world users.

    Works on any database: the SQLite template below, or a freshly wiped PostgreSQL database.
    """
    engine = create_sync_engine(database_url, setup=install_text_checks)
    try:
        prepare_database(engine, startup_seed, default_admin=True)
        with Session(engine) as session:
            session.add_all(
                User(
                    username=username,
                    email=f"{username}@example.com",
                    password_hash=password_hash(),
                    role=role,
                    is_active=True,
                )
                for username, role in WORLD_USERS.values()
            )
            session.commit()
    finally:
        engine.dispose()


def build_world_template(folder: Path) -> Path:
    """Prepare a SQLite world database once (`prepare_world`); return its file.

    Each test copies this file (`copy_database`) instead of paying for a fresh schema and the
    default admin's password hash; the app under test still runs its own startup on the copy.
    """
    path = folder / "world.db"
    prepare_world(f"sqlite:///{path}")
    return path


def copy_database(source: Path, database_url: str) -> None:
    """Copy a SQLite database file to the file a SQLite URL names."""
    target = make_url(database_url).database
    assert target, database_url
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)


class World:
    """The database every case starts from: the default admin plus a user, a viewer, another user.

    Cases name users by key (`admin`, `user`, `viewer`, `other`); `users` keeps each one as it was
    when the world was loaded, so expected bodies never read back what the request under test
    wrote. On a database without the world users (a legacy file), only `admin` is known.
    """

    def __init__(self, database_url: str, secret: str) -> None:
        self.database_url = database_url
        self.secret = secret
        self.engine: Engine = create_engine(sync_url(database_url))
        self.last_reply: Reply | None = None
        usernames = {"admin": "admin"} | {key: name for key, (name, _) in WORLD_USERS.items()}
        with self.session() as session:
            found = {
                key: session.scalars(select(User).where(User.username == name)).one_or_none()
                for key, name in usernames.items()
            }
        self.users: dict[str, User] = {key: user for key, user in found.items() if user}

    def close(self) -> None:
        """Release the world's database connections."""
        self.engine.dispose()

    def session(self) -> Session:
        """Open a session on the world's database (objects stay loaded after commit)."""
        return Session(self.engine, expire_on_commit=False)

    @property
    def ids(self) -> dict[str, str]:
        """Return each user's id by key, plus `missing`, an id no user has."""
        return {key: user.id for key, user in self.users.items()} | {"missing": MISSING_ID}

    def token(
        self, key: str, kind: str = "access", *, omit: tuple[str, ...] = (), **claims: Any
    ) -> str:
        """Mint a token for a user as either stack would; `claims` override, `omit` removes."""
        user = self.users[key]
        values = {"sub": user.id, "type": kind, "role": user.role, "email": user.email}
        return forge(self.secret, omit=omit, **(values | claims))

    def user_json(self, key: str, **changes: Any) -> dict[str, Any]:
        """Return the `User` resource of a world user as loaded, with `changes` applied."""
        user = self.users[key]
        resource = {
            "id": user.id,
            "username": user.username,
            "email": user.email,
            "role": user.role,
            "is_active": user.is_active,
            "created_at": user.created_at.isoformat() if user.created_at else None,
            "updated_at": user.updated_at.isoformat() if user.updated_at else None,
        }
        return resource | changes

    def count(self, model: type[Base], **where: Any) -> int:
        """Count the rows of a table, optionally filtered by column values."""
        query = select(func.count()).select_from(model).filter_by(**where)
        with self.session() as session:
            return int(session.scalar(query) or 0)

    def row(self, model: type[Base], **where: Any) -> Any:
        """Return the only row matching the filter, or None."""
        with self.session() as session:
            return session.scalars(select(model).filter_by(**where)).one_or_none()

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Return every row of every table, to prove a request changed nothing."""
        with self.engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(row) for row in connection.execute(table.select())), key=repr
                )
                for table in Base.metadata.sorted_tables
            }

    def claims(self, token: str) -> dict[str, Any]:
        """Verify a token the service issued and return its claims."""
        return dict(jwt.decode(token, self.secret, algorithms=["HS256"]))
