"""Startup data (spec §2.4, §5.5): the category seed and the default admin."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronjobs.domain.accounts.passwords import hash_password
from cronjobs.models import JobCategory, User

log = logging.getLogger(__name__)

DEFAULT_CATEGORIES = (
    ("general", "General"),
    ("regression", "Regression"),
    ("dr-testing", "DR Testing"),
    ("feature-testing", "Feature Testing"),
    ("prod-canary", "Prod/Canary"),
    ("refund", "Refund"),
    ("backward-compatibility", "Backward Compatibility"),
)
DEFAULT_ADMIN = {"username": "admin", "email": "admin@example.com", "password": "admin123"}


def seed_categories(session: Session) -> bool:
    """Insert the seven categories when `job_categories` is empty; tell whether it did."""
    if session.scalars(select(JobCategory.id).limit(1)).first() is not None:
        return False
    session.add_all(JobCategory(slug=slug, name=name) for slug, name in DEFAULT_CATEGORIES)
    session.flush()
    return True


def ensure_default_admin(session: Session) -> bool:
    """Create `admin`/`admin123` when no user named admin exists; tell whether it did."""
    if session.scalars(select(User.id).where(User.username == "admin")).first() is not None:
        return False
    session.add(
        User(
            username=DEFAULT_ADMIN["username"],
            email=DEFAULT_ADMIN["email"],
            password_hash=hash_password(DEFAULT_ADMIN["password"]),
            role="admin",
            is_active=True,
        )
    )
    session.flush()
    return True


def startup_seed(*, default_admin: bool) -> dict[str, Callable[[Session], bool]]:
    """Return the startup steps by name: the categories, then the default admin when allowed."""
    steps: dict[str, Callable[[Session], bool]] = {"category seed": seed_categories}
    if default_admin:
        steps["default admin"] = ensure_default_admin
    return steps
