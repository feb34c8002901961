"""Who may do what (spec §2.3): roles always read from the database (D5)."""

from __future__ import annotations

from collections.abc import Collection

from cronjobs.domain.errors import Forbidden
from cronjobs.models import Job, User

ROLES = ("admin", "user", "viewer")
ADMIN = ("admin",)
ADMIN_OR_USER = ("admin", "user")


def require_role(user: User, roles: Collection[str]) -> None:
    """Fail with 403 unless the user's current role is one of `roles` (§2.2 step 9)."""
    if user.role not in roles:
        raise Forbidden(
            "Insufficient permissions",
            f"This endpoint requires one of the following roles: {', '.join(roles)}",
        )


def is_admin(user: User) -> bool:
    """Tell whether the user's current role is admin."""
    return user.role == "admin"


def is_self_or_admin(user: User, user_id: str) -> bool:
    """Tell whether the caller is the path user or an admin."""
    return user.id == user_id or is_admin(user)


def can_modify_job(user: User, job: Job) -> bool:
    """Tell whether the user may change or run the job: admins always, users their own (§2.3)."""
    if user.role == "admin":
        return True
    return user.role == "user" and job.created_by == user.id
