"""Composing the gateway: discover endpoints, resolve flags, wrap in cross-cutting middleware."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from wsgiref.types import WSGIApplication

from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from werkzeug.routing import Map

from strangler.admin_api import Authorize, build_admin_api
from strangler.cors import CORSPolicy
from strangler.dashboard import DashboardLogin, with_dashboard
from strangler.endpoints import Endpoint, discover
from strangler.fallback import ModernGuard
from strangler.flags import Flag, Mode, read_cutover_file, resolve_flags
from strangler.gateway import Gateway, Hook
from strangler.limits import (
    DEFAULT_LIMITS,
    RenderRefusal,
    RequestLimits,
    RequestLimitsMiddleware,
    plain_refusal,
)
from strangler.metrics import METRICS_PATH, GatewayMetrics, MetricsEndpoint
from strangler.observation import RequestObserver
from strangler.override_store import OverrideStore
from strangler.paths import DEFAULT_PATHS, GatewayPaths
from strangler.readiness import (
    LIVE_PATH,
    READY_PATH,
    LiveEndpoint,
    Readiness,
    ReadinessCheck,
    ReadyEndpoint,
)
from strangler.request_id import RequestIdMiddleware
from strangler.rollback import AutoRollback, RollbackPolicy
from strangler.routing import RoutingTable
from strangler.runtime import RuntimeCutover
from strangler.shadow import ShadowRunner
from strangler.wsgi import DEFAULT_WORKERS, WSGIBackend

log = logging.getLogger(__name__)


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


@dataclass(frozen=True, slots=True)
class RuntimeOverrides:
    """What run-time overrides need: store, admin check, refresh interval, rollback policy."""

    store: OverrideStore
    authorize: Authorize
    refresh_seconds: float = 1.0
    rollback: RollbackPolicy = field(default_factory=RollbackPolicy)


class GatewayApp:
    """The ASGI root: middleware around the gateway, which stays reachable for operators."""

    def __init__(
        self,
        gateway: Gateway,
        app: ASGIApp,
        runtime: RuntimeCutover | None,
        readiness: Readiness,
    ) -> None:
        self.gateway = gateway
        self.runtime = runtime
        # `readiness.drain()` turns `/_gateway/ready` to 503 before the server stops.
        self.readiness = readiness
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection; while draining, close it after the answer."""
        # A coroutine function, as servers tell an ASGI 3 app by it (uvicorn's `interface="auto"`).
        if self.readiness.draining and scope["type"] == "http":
            send = _closing_after(send)
        await self._app(scope, receive, send)


def _closing_after(send: Send) -> Send:
    # `Connection: close` makes the server close the connection once the answer is out, so a
    # balancer stops reusing it: when the drain ends and the server stops, no idle keep-alive
    # connection is left for a request to be sent on and lost.
    async def send_closing(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [*message.get("headers", ()), (b"connection", b"close")]
            message = {**message, "headers": headers}
        await send(message)

    return send_closing


def build_gateway(
    *,
    legacy_wsgi: WSGIApplication,
    legacy_map: Map,
    modern: ASGIApp,
    plan: CutoverPlan,
    cors_origins: Iterable[str],
    wsgi_workers: int = DEFAULT_WORKERS,
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    overrides: RuntimeOverrides | None = None,
    shadow_masks: Mapping[str, Iterable[str]] | None = None,
    dashboard: DashboardLogin | None = None,
    limits: RequestLimits = DEFAULT_LIMITS,
    render_refusal: RenderRefusal = plain_refusal,
    middleware: Sequence[Callable[[ASGIApp], ASGIApp]] = (),
    ready_checks: Sequence[ReadinessCheck] = (),
    paths: GatewayPaths = DEFAULT_PATHS,
) -> GatewayApp:
    """Mount the WSGI app on its worker threads and put the gateway and its middleware in front.

    Every request is observed, and `/_gateway/metrics` serves the counts. With `overrides`, the
    gateway serves the store's overrides from the start, polls for changes while its lifespan
    runs, rolls failing endpoints back, and mounts the admin API under `/_gateway/api/`; with
    `dashboard` as well, the dashboard page at `/_gateway/` (it needs the API). `shadow_masks`
    names, per endpoint key, the volatile JSON fields shadow mode ignores when it compares answers.
    A request over `limits` is refused (431 or 413, its body from `render_refusal`) before any
    part of the gateway or a stack sees it.
    `middleware` wraps the gateway, the first innermost, inside CORS and the request id, so the
    answers it gives itself carry both. `/_gateway/live` answers while the process serves;
    `/_gateway/ready` while it is not draining, its overrides are fresh and `ready_checks` pass.
    `paths` says which paths are routed by flag and which always go to `modern`.
    """
    if dashboard is not None and overrides is None:
        raise ValueError("the dashboard shows and changes run-time overrides: pass `overrides`")
    # Each part is built complete, after what it needs: the run-time cutover applies flags to the
    # routing table, auto-rollback flips through the cutover, the guard reports to auto-rollback,
    # the admin API and the metrics read the parts, and the gateway serves with all of them.
    wsgi = WSGIBackend(legacy_wsgi, workers=wsgi_workers)
    routes = RoutingTable(wsgi, modern, plan.flags)
    shadow = ShadowRunner(routes.legacy, routes.modern, shadow_masks)
    observer = RequestObserver()
    starts: list[Hook] = [wsgi.start, *on_startup]
    stops: list[Hook] = [shadow.stop, *on_shutdown, wsgi.stop]
    runtime: RuntimeCutover | None = None
    rollback: AutoRollback | None = None
    if overrides is not None:
        runtime = RuntimeCutover(routes, overrides.store, overrides.refresh_seconds)
        try:
            runtime.refresh()
        except SQLAlchemyError:
            log.exception(
                "cutover: overrides not loaded; serving the file's modes until a poll works"
            )
        rollback = AutoRollback(overrides.rollback, _flip_to_flask(runtime))
        starts.append(runtime.start)
        stops[:0] = [rollback.wait, runtime.stop]
    guard = ModernGuard(routes.legacy, routes.modern, [rollback.record] if rollback else [])
    admin: ASGIApp | None = None
    if runtime is not None and overrides is not None:
        admin = build_admin_api(runtime, overrides.authorize, guard, shadow, observer)
        if dashboard is not None:
            admin = with_dashboard(admin, dashboard)
    auto_rollbacks: Mapping[str, int] = rollback.rolled_back if rollback else {}
    metrics = GatewayMetrics(routes, guard, shadow, observer, auto_rollbacks)
    readiness = Readiness([*([runtime.staleness] if runtime else []), *ready_checks])
    gateway = Gateway(
        routes,
        legacy_map=legacy_map,
        guard=guard,
        shadow=shadow,
        observer=observer,
        admin=admin,
        own_paths={
            METRICS_PATH: MetricsEndpoint(metrics),
            LIVE_PATH: LiveEndpoint(),
            READY_PATH: ReadyEndpoint(readiness),
        },
        paths=paths,
        on_startup=starts,
        on_shutdown=stops,
    )
    app: ASGIApp = gateway
    for wrap in middleware:
        app = wrap(app)
    # The limits sit outside the extra middleware and just inside the request id and CORS:
    # a refused request reaches nothing else, and its refusal still carries both (a browser
    # can read the 413 of an upload too large).
    app = RequestLimitsMiddleware(app, limits, render_refusal, observer=observer)
    # One middleware adds CORS and the request id to the answer, in one response wrapper.
    app = RequestIdMiddleware(app, cors=CORSPolicy(origins=cors_origins))
    return GatewayApp(gateway, app, runtime, readiness)


def _flip_to_flask(runtime: RuntimeCutover) -> Callable[[str, str], object]:
    def flip(key: str, reason: str) -> object:
        return runtime.roll_back(key, who="gateway", reason=reason)

    return flip
