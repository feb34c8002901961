"""What the FastAPI app serves: its (method, path) pairs, for the gateway and for 405s."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

RouteMethods = tuple[tuple[re.Pattern[str], frozenset[str]], ...]


def _compiled(app: FastAPI) -> RouteMethods:
    table: RouteMethods | None = getattr(app.state, "route_methods", None)
    if table is None:
        table = tuple(
            (route.path_regex, frozenset(route.methods or ()))
            for route in iter_route_contexts(app.routes)
            if getattr(route, "path_regex", None) is not None
        )
        app.state.route_methods = table
    return table


def methods_for_path(app: FastAPI, path: str) -> set[str]:
    """Return the union of the methods of every route matching the path."""
    methods: set[str] = set()
    for regex, route_methods in _compiled(app):
        if regex.match(path):
            methods |= route_methods
    return methods


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    """List every (method, path template) the app serves, e.g. ("GET", "/api/jobs/{job_id}")."""
    return sorted(
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if route.path is not None
        for method in route.methods or ()
    )
