"""Composing the gateway: discover endpoints, resolve flags, wrap in cross-cutting middleware."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from wsgiref.types import WSGIApplication

from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Receive, Scope, Send
from werkzeug.routing import Map

from strangler.admin_api import Authorize, build_admin_api
from strangler.cors import CORSMiddleware
from strangler.dashboard import DashboardLogin, with_dashboard
from strangler.endpoints import Endpoint, discover
from strangler.flags import Flag, Mode, read_cutover_file, resolve_flags
from strangler.gateway import Backend, Gateway, Hook
from strangler.metrics import METRICS_PATH, GatewayMetrics, MetricsEndpoint
from strangler.override_store import OverrideStore
from strangler.request_id import RequestIdMiddleware
from strangler.rollback import AutoRollback, RollbackPolicy
from strangler.runtime import RuntimeCutover
from strangler.wsgi import WSGIBackend

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

    def __init__(self, gateway: Gateway, app: ASGIApp, runtime: RuntimeCutover | None) -> None:
        self.gateway = gateway
        self.runtime = runtime
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
    on_startup: Sequence[Hook] = (),
    on_shutdown: Sequence[Hook] = (),
    overrides: RuntimeOverrides | None = None,
    shadow_masks: Mapping[str, Iterable[str]] | None = None,
    dashboard: DashboardLogin | None = None,
) -> GatewayApp:
    """Mount the WSGI app through a2wsgi and put the gateway and its middleware in front.

    Every request is observed, and `/_gateway/metrics` serves the counts. With `overrides`, the
    gateway serves the store's overrides from the start, polls for changes while its lifespan
    runs, rolls failing endpoints back, and mounts the admin API under `/_gateway/api/`; with
    `dashboard` as well, the dashboard page at `/_gateway/` (it needs the API). `shadow_masks`
    names, per endpoint key, the volatile JSON fields shadow mode ignores when it compares answers.
    """
    if dashboard is not None and overrides is None:
        raise ValueError("the dashboard shows and changes run-time overrides: pass `overrides`")
    wsgi = WSGIBackend(legacy_wsgi, workers=wsgi_workers)
    starts: list[Hook] = [wsgi.start, *on_startup]
    gateway = Gateway(
        legacy=wsgi,
        modern=modern,
        legacy_map=legacy_map,
        flags=plan.flags,
        shadow_masks=shadow_masks,
    )
    stops: list[Hook] = [gateway.shadow.stop, *on_shutdown, wsgi.stop]
    runtime = None
    auto_rollbacks: Mapping[str, int] = {}
    if overrides is not None:
        runtime = RuntimeCutover(gateway, overrides.store, overrides.refresh_seconds)
        try:
            runtime.refresh()
        except SQLAlchemyError:
            log.exception(
                "cutover: overrides not loaded; serving the file's modes until a poll works"
            )
        admin: ASGIApp = build_admin_api(runtime, overrides.authorize)
        if dashboard is not None:
            admin = with_dashboard(admin, dashboard)
        gateway.admin = Backend("gateway", admin)
        rollback = AutoRollback(overrides.rollback, _flip_to_flask(runtime))
        gateway.guard.listeners.append(rollback.record)
        auto_rollbacks = rollback.rolled_back
        starts.append(runtime.start)
        stops[:0] = [rollback.wait, runtime.stop]
    metrics = MetricsEndpoint(GatewayMetrics(gateway, auto_rollbacks))
    gateway.own_paths[METRICS_PATH] = Backend("gateway", metrics)
    gateway.on_startup, gateway.on_shutdown = tuple(starts), tuple(stops)
    app: ASGIApp = CORSMiddleware(gateway, origins=cors_origins)
    app = RequestIdMiddleware(app)
    return GatewayApp(gateway, app, runtime)


def _flip_to_flask(runtime: RuntimeCutover) -> Callable[[str, str], object]:
    def flip(key: str, reason: str) -> object:
        return runtime.roll_back(key, who="gateway", reason=reason)

    return flip
