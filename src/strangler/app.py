"""Composing the gateway: discover endpoints, resolve flags, wrap in cross-cutting middleware."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from wsgiref.types import WSGIApplication

from starlette.types import ASGIApp, Receive, Scope, Send
from werkzeug.routing import Map

from strangler.cors import CORSMiddleware
from strangler.endpoints import Endpoint, discover
from strangler.flags import Flag, Mode, read_cutover_file, resolve_flags
from strangler.gateway import Gateway
from strangler.request_id import RequestIdMiddleware
from strangler.wsgi import WSGIBackend


@dataclass(frozen=True, slots=True)
class CutoverPlan:
    """Every legacy endpoint with the mode in force for it."""

    endpoints: dict[str, Endpoint]
    flags: dict[str, Flag]


def plan_cutover(
    legacy_map: Map,
    modern_routes: Iterable[tuple[str, str]],
    *,
    cutover_file: str | Path,
    default: str,
) -> CutoverPlan:
    """Match the two stacks' routes and resolve each endpoint's mode; raise on a bad cutover."""
    endpoints = discover(legacy_map, modern_routes)
    flags = resolve_flags(endpoints, read_cutover_file(cutover_file), Mode(default))
    return CutoverPlan(endpoints, flags)


class GatewayApp:
    """The ASGI root: middleware around the gateway, which stays reachable for operators."""

    def __init__(self, gateway: Gateway, app: ASGIApp) -> None:
        self.gateway = gateway
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection."""
        await self._app(scope, receive, send)


def build_gateway(
    *,
    legacy_wsgi: WSGIApplication,
    legacy_map: Map,
    modern: ASGIApp,
    plan: CutoverPlan,
    cors_origins: Iterable[str],
    wsgi_workers: int = 10,
    on_startup: Sequence[Callable[[], None]] = (),
    on_shutdown: Sequence[Callable[[], None]] = (),
) -> GatewayApp:
    """Mount the WSGI app through a2wsgi and put the gateway and its middleware in front."""
    wsgi = WSGIBackend(legacy_wsgi, workers=wsgi_workers)
    gateway = Gateway(
        legacy=wsgi,
        modern=modern,
        legacy_map=legacy_map,
        flags=plan.flags,
        on_startup=[wsgi.start, *on_startup],
        on_shutdown=[*on_shutdown, wsgi.stop],
    )
    app: ASGIApp = CORSMiddleware(gateway, origins=cors_origins)
    app = RequestIdMiddleware(app)
    return GatewayApp(gateway, app)
