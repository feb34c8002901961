"""Routing cases of spec §1.1 and D2, A10, run on both stacks before any authentication.

404 and 405 come from routing, so they answer without a token; OPTIONS needs none either; HEAD is
GET without the body; there are no trailing-slash redirects.
"""

from __future__ import annotations

from tests_support.kit.case import EMPTY, Case

NOT_FOUND = {"error": "Not found", "message": "The requested URL was not found on the server."}
METHOD_NOT_ALLOWED = {
    "error": "Method not allowed",
    "message": "The method is not allowed for the requested URL.",
}
HEALTH_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_METHODS = frozenset({"POST", "OPTIONS"})
USER_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
PREFERENCE_METHODS = frozenset({"GET", "HEAD", "PUT", "OPTIONS"})


def _route(name: str, method: str, path: str, status: int, **fields: object) -> Case:
    fields.setdefault("actor", None)
    return Case(name=name, method=method, path=path, status=status, **fields)  # type: ignore[arg-type]


ROUTING_CASES = [
    _route("unknown_url_is_a_json_404", "GET", "/no-such-thing", 404, body=NOT_FOUND),
    _route("unknown_url_under_auth_is_a_json_404", "GET", "/auth/nope", 404, body=NOT_FOUND),
    _route("unknown_url_is_404_before_authentication", "POST", "/auth/users/{user}/avatar", 404,
           auth="Bearer not-a-jwt", body=NOT_FOUND),
    _route("users_list_with_trailing_slash_is_404", "GET", "/auth/users/", 404, actor="admin",
           body=NOT_FOUND),
    _route("me_with_trailing_slash_is_404", "GET", "/auth/me/", 404, actor="admin",
           body=NOT_FOUND),
    _route("health_with_trailing_slash_is_404", "GET", "/health/", 404, body=NOT_FOUND),
    _route("encoded_slash_in_a_parameter_is_404", "GET", "/auth/users/a%2Fb", 404,
           actor="admin", body=NOT_FOUND),
    _route("doubled_slash_is_404", "GET", "/auth//me", 404, actor="admin", body=NOT_FOUND),
    _route("post_health_is_405_with_allow", "POST", "/health", 405, body=METHOD_NOT_ALLOWED,
           allow=HEALTH_METHODS),
    _route("get_login_is_405_with_allow", "GET", "/auth/login", 405, body=METHOD_NOT_ALLOWED,
           allow=LOGIN_METHODS),
    _route("patch_user_is_405_before_authentication", "PATCH", "/auth/users/{user}", 405,
           body=METHOD_NOT_ALLOWED, allow=USER_METHODS),
    _route("post_user_is_405_even_with_a_bad_token", "POST", "/auth/users/{user}", 405,
           auth="Bearer not-a-jwt", body=METHOD_NOT_ALLOWED, allow=USER_METHODS),
    _route("post_preferences_is_405_with_allow", "POST", "/auth/users/{user}/preferences", 405,
           body=METHOD_NOT_ALLOWED, allow=PREFERENCE_METHODS),
    _route("delete_me_is_405_with_allow", "DELETE", "/auth/me", 405, body=METHOD_NOT_ALLOWED,
           allow=HEALTH_METHODS),
    _route("put_users_list_is_405_with_allow", "PUT", "/auth/users", 405,
           body=METHOD_NOT_ALLOWED, allow=HEALTH_METHODS),
    _route("options_on_health_is_empty_200_with_allow", "OPTIONS", "/health", 200, body=EMPTY,
           allow=HEALTH_METHODS),
    _route("options_on_protected_url_needs_no_token", "OPTIONS", "/auth/users/{user}", 200,
           body=EMPTY, allow=USER_METHODS),
    _route("options_ignores_a_bad_token", "OPTIONS", "/auth/me", 200, auth="Bearer x y z",
           body=EMPTY, allow=HEALTH_METHODS),
    _route("options_on_login_lists_post", "OPTIONS", "/auth/login", 200, body=EMPTY,
           allow=LOGIN_METHODS),
    _route("options_on_unknown_url_is_404", "OPTIONS", "/no-such-thing", 404, body=NOT_FOUND),
    _route("head_on_health_is_200_without_body", "HEAD", "/health", 200, body=EMPTY),
    _route("head_on_protected_url_authenticates_like_get", "HEAD", "/auth/me", 401, body=EMPTY),
    _route("head_on_protected_url_with_token_is_200_without_body", "HEAD", "/auth/me", 200,
           actor="user", body=EMPTY),
    _route("head_on_post_only_url_is_405", "HEAD", "/auth/login", 405, body=EMPTY,
           allow=LOGIN_METHODS),
]  # fmt: skip
