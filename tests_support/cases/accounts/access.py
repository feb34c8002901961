"""Access tables for §4.1: the RBAC grid of §2.3, and §2.2/D4 failures on every protected route.

Generated from two small route tables, so every route meets every role (admin, user, viewer),
on their own account and on somebody else's, and every protected route meets no token, a
deactivated or deleted caller, and the wrong kind of token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from tests_support.kit.case import ANY_TOKEN, NOTHING, Case, Unordered
from tests_support.kit.contract import (
    ACCESS_ONLY,
    ADMIN_ONLY,
    CANNOT_ACCESS_PREFS,
    CANNOT_UPDATE_PREFS,
    FORBIDDEN_UPDATE,
    FORBIDDEN_VIEW,
    NEW,
    NO_HEADER,
    REFRESH_ONLY,
    UI_DEFAULTS,
    USER_GONE,
    new_user,
    notification_prefs,
    ui_prefs,
    updated,
    user_body,
)
from tests_support.kit.scenario import WORLD_USER_COUNT, deactivate, remove_user, token_of

if TYPE_CHECKING:
    from tests_support.kit.worlds.base import World


class SelfOrAdminRoute(NamedTuple):
    """A route on `/auth/users/<id>…` that only the user themselves or an admin may use."""

    method: str
    path: str  # `%s` is the target's world key
    payload: Callable[[str], Any]  # of the target's key
    success: Callable[[str], Any]  # the success body, of the target's key
    forbidden: dict[str, str]  # the 403 body


def _email_of(target: str) -> str:
    return f"changed.{target}@example.com"


SELF_OR_ADMIN_ROUTES = {
    "get_user": SelfOrAdminRoute(
        "GET", "/auth/users/{%s}", lambda t: NOTHING, user_body, FORBIDDEN_VIEW
    ),
    "update_user": SelfOrAdminRoute(
        "PUT",
        "/auth/users/{%s}",
        lambda t: {"email": _email_of(t)},
        lambda t: updated(t, ["email"], email=_email_of(t)),
        FORBIDDEN_UPDATE,
    ),
    "get_prefs": SelfOrAdminRoute(
        "GET",
        "/auth/users/{%s}/preferences",
        lambda t: NOTHING,
        lambda t: notification_prefs(t, "retrieved"),
        CANNOT_ACCESS_PREFS,
    ),
    "put_prefs": SelfOrAdminRoute(
        "PUT",
        "/auth/users/{%s}/preferences",
        lambda t: {"daily_digest": True},
        lambda t: notification_prefs(t, "updated", daily_digest=True),
        CANNOT_UPDATE_PREFS,
    ),
    "get_ui_prefs": SelfOrAdminRoute(
        "GET",
        "/auth/users/{%s}/ui-preferences",
        lambda t: NOTHING,
        lambda t: ui_prefs(UI_DEFAULTS),
        CANNOT_ACCESS_PREFS,
    ),
    "put_ui_prefs": SelfOrAdminRoute(
        "PUT",
        "/auth/users/{%s}/ui-preferences",
        lambda t: {"jobs_table_columns": {"target_url": True}},
        lambda t: ui_prefs(UI_DEFAULTS | {"target_url": True}),
        CANNOT_UPDATE_PREFS,
    ),
}

# (actor, target, allowed): every role on themselves and on somebody else.
SELF_OR_ADMIN_GRID = [
    ("admin", "admin", True),
    ("admin", "other", True),
    ("user", "user", True),
    ("user", "other", False),
    ("viewer", "viewer", True),
    ("viewer", "admin", False),
]


def _self_or_admin_cases() -> list[Case]:
    cases = []
    for name, route in SELF_OR_ADMIN_ROUTES.items():
        for actor, target, allowed in SELF_OR_ADMIN_GRID:
            whose = "self" if actor == target else "another_user"
            verdict = "allowed" if allowed else "forbidden"
            cases.append(
                Case(
                    name=f"rbac_{name}_{actor}_on_{whose}_{verdict}",
                    method=route.method,
                    path=route.path % target,
                    actor=actor,
                    json=route.payload(target),
                    status=200 if allowed else 403,
                    body=route.success(target) if allowed else route.forbidden,
                )
            )
    return cases


def _olga_deleted(world: World) -> dict[str, Any]:
    deleted = {"id": world.ids["other"], "username": "olga"}
    return {"message": "User deleted successfully", "deleted_user": deleted}


def _everyone(world: World) -> dict[str, Any]:
    users = Unordered([world.user_json(key) for key in world.users])
    return {"count": WORLD_USER_COUNT, "users": users}


# route: (method, path, payload, the admin's status, the admin's body)
ADMIN_ONLY_ROUTES: dict[str, tuple[str, str, Any, int, Any]] = {
    "register": ("POST", "/auth/register", NEW, 201, new_user()),
    "list_users": ("GET", "/auth/users", NOTHING, 200, _everyone),
    "delete_user": ("DELETE", "/auth/users/{other}", NOTHING, 200, _olga_deleted),
}


def _admin_only_cases() -> list[Case]:
    cases = []
    for name, (method, path, payload, status, body) in ADMIN_ONLY_ROUTES.items():
        request: dict[str, Any] = {"method": method, "path": path, "json": payload}
        cases.append(Case(name=f"rbac_{name}_admin_allowed", status=status, body=body, **request))
        for actor in ("user", "viewer"):
            cases.append(
                Case(
                    name=f"rbac_{name}_{actor}_forbidden",
                    actor=actor,
                    status=403,
                    body=ADMIN_ONLY,
                    **request,
                )
            )
    return cases


def _any_role_cases() -> list[Case]:
    cases = []
    for actor in ("admin", "user", "viewer"):
        cases.append(
            Case(
                name=f"rbac_me_{actor}_allowed",
                method="GET",
                path="/auth/me",
                actor=actor,
                status=200,
                body=user_body(actor),
            )
        )
        cases.append(
            Case(
                name=f"rbac_refresh_{actor}_allowed",
                method="POST",
                path="/auth/refresh",
                auth=token_of(actor, "refresh"),
                status=200,
                body={"access_token": ANY_TOKEN},
            )
        )
    return cases


ACCESS_CASES = _self_or_admin_cases() + _admin_only_cases() + _any_role_cases()

# route: (method, path, a body that would otherwise be valid)
PROTECTED_ROUTES: dict[str, tuple[str, str, Any]] = {
    "register": ("POST", "/auth/register", NEW),
    "refresh": ("POST", "/auth/refresh", NOTHING),
    "me": ("GET", "/auth/me", NOTHING),
    "list_users": ("GET", "/auth/users", NOTHING),
    "get_user": ("GET", "/auth/users/{other}", NOTHING),
    "update_user": ("PUT", "/auth/users/{other}", {"email": "x@example.com"}),
    "delete_user": ("DELETE", "/auth/users/{other}", NOTHING),
    "get_prefs": ("GET", "/auth/users/{other}/preferences", NOTHING),
    "put_prefs": ("PUT", "/auth/users/{other}/preferences", {}),
    "get_ui_prefs": ("GET", "/auth/users/{other}/ui-preferences", NOTHING),
    "put_ui_prefs": ("PUT", "/auth/users/{other}/ui-preferences", {"jobs_table_columns": {}}),
}


def protected_route_cases(routes: dict[str, tuple[str, str, Any]]) -> list[Case]:
    """Expand routes into the §2.2 cases every protected route shares (no token, D4, type)."""
    cases = []
    for name, (method, path, payload) in routes.items():
        kind, wrong, wrong_body = (
            ("refresh", "access", REFRESH_ONLY)
            if name == "refresh"
            else ("access", "refresh", ACCESS_ONLY)
        )
        request: dict[str, Any] = {"method": method, "path": path, "json": payload}
        cases += [
            Case(name=f"auth_{name}_requires_a_token", actor=None, status=401, body=NO_HEADER,
                 **request),
            Case(name=f"auth_{name}_rejects_a_deactivated_caller", auth=token_of("admin", kind),
                 setup=deactivate("admin"), status=401, body=USER_GONE, **request),
            Case(name=f"auth_{name}_rejects_a_deleted_caller", auth=token_of("viewer", kind),
                 setup=remove_user("viewer"), status=401, body=USER_GONE, **request),
            Case(name=f"auth_{name}_rejects_{wrong}_token", auth=token_of("admin", wrong),
                 status=422, body=wrong_body, **request),
        ]  # fmt: skip
    return cases


PROTECTED_ROUTE_CASES = protected_route_cases(PROTECTED_ROUTES)
