"""The composition root: settings → Flask app → FastAPI app → gateway."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from fastapi import FastAPI
from flask import Flask
from sqlalchemy import Engine
from starlette.types import ASGIApp

from cronjobs import api, legacy
from cronjobs.api.responses import legacy_json
from cronjobs.api.routes import route_table
from cronjobs.cutover.access import AdminCheck
from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.common.scheduling import JobScheduler
from cronjobs.domain.errors import request_limit_body
from cronjobs.domain.runs.smtp import SmtpMailer
from cronjobs.gc_tuning import collect_young_every
from cronjobs.scheduler import ProcessScheduler
from cronjobs.settings import Settings, load_settings
from cronjobs.storage.engines import create_sync_engine, unreachable, writer
from cronjobs.throttle import LoginAttempts, LoginThrottle, ThrottleLimits
from strangler import DashboardLogin, Mode, RequestLimits, build_gateway
from strangler.app import CutoverPlan, GatewayApp, RuntimeOverrides, plan_cutover
from strangler.override_store import OverrideStore
from strangler.rollback import RollbackPolicy

log = logging.getLogger(__name__)
# Fields of GET answers that depend on the moment or the process that reads, not on the rows both
# stacks share, so shadow mode ignores them. Stored timestamps and ids are compared on purpose:
# both stacks read the same rows, so a difference there is a real one (format, wrong row).
SHADOW_VOLATILE_FIELDS = ("next_execution_at", "scheduler_running", "scheduled_jobs_count")
# The dashboard signs in like any client of the legacy contract (§4.1 login).
DASHBOARD_LOGIN = DashboardLogin(path="/api/auth/login", token_field="access_token")


def _plan(settings: Settings, flask_app: Flask, fastapi_app: FastAPI) -> CutoverPlan:
    return plan_cutover(
        flask_app.url_map,
        route_table(fastapi_app),
        cutover_file=settings.cutover_file,
        default=settings.cutover_default,
    )


def plan_for(settings: Settings) -> CutoverPlan:
    """Resolve the cutover of both stacks without touching any database (for the ledger)."""
    return _plan(settings, legacy.create_app(settings, prepare=False), api.create_app(settings))


def override_store(engine: Engine, plan: CutoverPlan) -> OverrideStore:
    """Open the run-time overrides kept in the database of `engine`, over the plan's flags."""
    return OverrideStore(engine, plan.flags, writer=writer(engine))


def _runtime_overrides(
    settings: Settings, plan: CutoverPlan, engine: Engine, tokens: TokenCodec
) -> RuntimeOverrides:
    # Overrides live with the legacy tables in DATABASE_URL, which every gateway shares in every
    # database mode; the admin check reads users there too, where /api/auth/login finds them.
    return RuntimeOverrides(
        store=override_store(engine, plan),
        authorize=AdminCheck(tokens, engine),
        refresh_seconds=settings.cutover_refresh_seconds,
        rollback=RollbackPolicy(
            error_rate=settings.cutover_rollback_error_rate,
            min_requests=settings.cutover_rollback_min_requests,
        ),
    )


def _login_throttle(settings: Settings, engine: Engine) -> list[Callable[[ASGIApp], ASGIApp]]:
    # In front of the routing, so a login is throttled alike whichever stack a flag sends it to;
    # its counts live in DATABASE_URL, which every gateway of a cluster shares (D23).
    if not settings.login_throttle_enabled:
        return []
    limits = ThrottleLimits(
        user_failures=settings.login_throttle_user_failures,
        address_failures=settings.login_throttle_address_failures,
        window_seconds=settings.login_throttle_window_seconds,
    )
    return [partial(LoginThrottle, attempts=LoginAttempts(engine, limits), render=legacy_json)]


def shadow_masks(plan: CutoverPlan) -> dict[str, tuple[str, ...]]:
    """Name the volatile fields shadow mode ignores, for every read endpoint."""
    return {key: SHADOW_VOLATILE_FIELDS for key in plan.flags if key.startswith("GET ")}


def _warn_about_split_writes(settings: Settings, plan: CutoverPlan) -> None:
    split = [
        key
        for key, flag in plan.flags.items()
        if flag.mode is Mode.FASTAPI and flag.endpoint.method not in {"GET", "HEAD"}
    ]
    if settings.database_mode == "separate" and split:
        log.warning(
            "separate databases: %d write endpoints are served by fastapi (%s); their writes land "
            "only in FASTAPI_DATABASE_URL's database. See MIGRATION.md, 'Database modes'.",
            len(split),
            ", ".join(split),
        )


def request_limits(settings: Settings) -> RequestLimits:
    """Return the request limits the gateway enforces in front of both stacks (D22)."""
    return RequestLimits(
        max_header_count=settings.max_request_headers,
        max_header_bytes=settings.max_request_header_bytes,
        max_body_bytes=settings.max_request_body_bytes,
    )


def render_refusal(status: int, reason: str) -> bytes:
    """Render a refused request in the legacy envelope, as either stack renders its errors."""
    return legacy_json(request_limit_body(status, reason))


def build_scheduler(settings: Settings) -> ProcessScheduler | None:
    """Build this process's scheduler, or None when it must not run one (§6.1)."""
    if not settings.runs_scheduler:
        return None
    return ProcessScheduler(settings, mailer=SmtpMailer(settings))


def create_app(
    settings: Settings | None = None, *, scheduler: JobScheduler | None = None
) -> GatewayApp:
    """Build the whole service; reads the environment now when no settings are given.

    Without a given scheduler, the process runs its own when §6.1 allows. A `ProcessScheduler`,
    built here or given, is started and stopped (lease released) by the gateway's lifespan.
    """
    settings = settings or load_settings()
    if scheduler is None:
        scheduler = build_scheduler(settings)
    owned = scheduler if isinstance(scheduler, ProcessScheduler) else None
    flask_app = legacy.create_app(settings, scheduler=scheduler)
    fastapi_app = api.create_app(settings, scheduler=scheduler)
    plan = _plan(settings, flask_app, fastapi_app)
    log.info(
        "gateway: %d endpoints, %d served by fastapi, database mode %s",
        len(plan.flags),
        sum(flag.mode is Mode.FASTAPI for flag in plan.flags.values()),
        settings.database_mode,
    )
    _warn_about_split_writes(settings, plan)
    # The Flask factory above prepared this database.
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    return build_gateway(
        legacy_wsgi=flask_app,
        legacy_map=flask_app.url_map,
        modern=fastapi_app,
        plan=plan,
        cors_origins=settings.cors_origin_list,
        on_startup=[
            partial(collect_young_every, settings.gc_young_threshold),
            *([owned.start] if owned else []),
        ],
        on_shutdown=[
            *([owned.stop] if owned else []),
            partial(legacy.dispose, flask_app),
            engine.dispose,
        ],
        overrides=_runtime_overrides(settings, plan, engine, fastapi_app.state.tokens),
        shadow_masks=shadow_masks(plan),
        dashboard=DASHBOARD_LOGIN,
        limits=request_limits(settings),
        render_refusal=render_refusal,
        middleware=_login_throttle(settings, engine),
        ready_checks=[partial(unreachable, engine)],
    )
