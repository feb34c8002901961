"""Routing as §1.1 (A10) answers it, in place of `allow_header_conformance` and
`unsupported_method` on the paths a parameterised route also matches.

Those checks expect a path's `Allow` to list its own methods and any other method to get 405. The
contract lists the union of the methods of every route matching the path, and a method only the
parameterised route has is served by it: `GET /api/v2/jobs/validate-cron` is a job lookup.
"""

from __future__ import annotations

import re
from typing import Any

from schemathesis import Case, CheckContext, Response

from tests_support.kit.fuzz.checks import Check, body_of, path_of

METHOD_NOT_ALLOWED = {
    "error": "Method not allowed",
    "message": "The method is not allowed for the requested URL.",
}
# Fixed paths a parameterised route also matches with other methods (§1.1): `/jobs/{job_id}`
# (GET, PUT, DELETE) and `/notifications/{notification_id}` (DELETE).
SHADOWED_PATHS = {
    "/api/v2/jobs/validate-cron",
    "/api/v2/jobs/cron-preview",
    "/api/v2/jobs/test-run",
    "/api/v2/jobs/bulk-upload",
    "/api/v2/notifications/unread-count",
    "/api/v2/notifications/read-all",
}


class Routes:
    """The document's paths, matched as the service routes them (§1.1)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.paths = [
            (re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", path) + "$"), path, set(item))
            for path, item in document["paths"].items()
        ]

    def methods(self, path: str) -> set[str]:
        """Return the union of the methods of every documented path matching `path`."""
        found = {
            method.upper()
            for pattern, _, methods in self.paths
            if pattern.match(path)
            for method in methods
        }
        return found | {"OPTIONS"} | ({"HEAD"} if "GET" in found else set())

    def shadowed(self) -> set[str]:
        """Return the documented paths whose matching routes bring methods of their own."""
        return {
            path
            for _, path, methods in self.paths
            if "{" not in path
            and self.methods(path) - {"OPTIONS", "HEAD"} != {method.upper() for method in methods}
        }


def routing_as_specified(routes: Routes) -> Check:
    """Return a check of OPTIONS and of undeclared methods against §1.1's union rule."""

    def routing_union(ctx: CheckContext, response: Response, case: Case) -> None:
        method = str(response.request.method)
        if method == case.operation.method.upper():
            return
        path = path_of(response)
        allowed = routes.methods(path)
        allow = {token.strip() for token in ",".join(response.headers.get("allow", [])).split(",")}
        where = f"{method} {path}: {response.status_code}, Allow {sorted(allow - {''})}"
        if method == "OPTIONS":
            assert (response.status_code, allow) == (200, allowed), f"{where}; want {allowed}"
        elif method in allowed:
            assert response.status_code != 405, f"{where}; another route serves {method} (§1.1)"
        else:
            got = (response.status_code, allow, body_of(response))
            assert got == (405, allowed, METHOD_NOT_ALLOWED), f"{where}; want 405, {allowed}"

    return routing_union
