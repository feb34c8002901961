"""Endpoint identity: every (method, legacy rule) pair, and whether the new stack serves it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from werkzeug.routing import Map

# Methods every WSGI/ASGI framework answers by itself; they are not endpoints of their own.
IMPLICIT_METHODS = frozenset({"HEAD", "OPTIONS"})
_RULE_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def endpoint_key(method: str, rule: str) -> str:
    """Name an endpoint as operators write it: `PUT /api/jobs/<job_id>`."""
    return f"{method} {rule}"


def template_path(rule: str) -> str:
    """Write a legacy rule in the new stack's template syntax: `<job_id>` → `{job_id}`."""
    return _RULE_PARAMETER.sub(r"{\1}", rule)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One legacy endpoint and whether the new stack implements the same method and path."""

    key: str
    method: str
    rule: str
    implemented: bool

    @property
    def implemented_in(self) -> tuple[str, ...]:
        """Name the stacks that serve this endpoint."""
        return ("flask", "fastapi") if self.implemented else ("flask",)


def discover(legacy_map: Map, modern_routes: Iterable[tuple[str, str]]) -> dict[str, Endpoint]:
    """List the legacy endpoints from Flask's url_map and mark those the new stack serves too."""
    modern = {(method, path) for method, path in modern_routes}
    endpoints: dict[str, Endpoint] = {}
    for rule in legacy_map.iter_rules():
        for method in sorted((rule.methods or set()) - IMPLICIT_METHODS):
            key = endpoint_key(method, rule.rule)
            implemented = (method, template_path(rule.rule)) in modern
            endpoints[key] = Endpoint(key, method, rule.rule, implemented)
    return dict(sorted(endpoints.items(), key=lambda item: (item[1].rule, item[1].method)))
