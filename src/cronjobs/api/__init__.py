"""The FastAPI stack: every migrated endpoint at `/api/...` (cut-over traffic) and `/api/v2/...`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from sqlalchemy import make_url

from cronjobs.api.errors import InternalErrorMiddleware, init_error_handlers
from cronjobs.api.flat_routes import add_flat
from cronjobs.api.middleware import HeadAsGet, RerunUndone, WatchClient
from cronjobs.api.openapi import install_document
from cronjobs.api.routers import (
    auth,
    bulk,
    catalog,
    cron_tools,
    executions,
    health,
    jobs,
    notifications,
    runs,
    slack,
)
from cronjobs.api.routers import (
    scheduler as scheduler_routes,
)
from cronjobs.api.sessions import STEP_THREADS, StepThreads
from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.common.scheduling import JobScheduler, NoScheduler
from cronjobs.domain.process.seed import startup_seed
from cronjobs.settings import Settings
from cronjobs.storage import mysql
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from cronjobs.storage.prepare import prepare_database

LEGACY_PREFIX = "/api"
V2_PREFIX = "/api/v2"


def api_routers() -> list[APIRouter]:
    """Every router of the service, its paths relative to the API prefix, in matching order."""
    return [
        auth.router,
        health.router,
        slack.router,
        catalog.router,
        # Fixed `/jobs/...` paths first: `/jobs/{job_id}` must not shadow them.
        cron_tools.router,
        runs.router,
        bulk.router,
        jobs.router,
        executions.router,
        notifications.router,
    ]


def create_app(settings: Settings, *, scheduler: JobScheduler | None = None) -> FastAPI:
    """Build the FastAPI app; its lifespan opens the database named by §7.5."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_sync_engine(
            settings.api_database_url, echo=settings.sql_echo, setup=install_text_checks
        )
        await asyncio.to_thread(
            prepare_database, engine, startup_seed, default_admin=settings.default_admin_allowed
        )
        threads = StepThreads(STEP_THREADS)
        app.state.step_threads = threads
        app.state.sessions = SyncSessions(engine)
        # Runs happen in worker threads and commit step by step (§6.4), on sessions of their own.
        app.state.run_sessions = app.state.sessions.write
        try:
            yield
        finally:
            threads.close()
            engine.dispose()

    app = FastAPI(
        title="cron-jobs API",
        version="2",
        summary="The cron-job scheduler service; /api/v2 is the documented, migrated surface.",
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = Service(settings, scheduler or NoScheduler())
    app.state.tokens = TokenCodec(
        secret=settings.jwt_secret_key,
        access_seconds=settings.jwt_access_token_expires,
        refresh_seconds=settings.jwt_refresh_token_expires,
    )
    add_flat(app, api_routers(), LEGACY_PREFIX, include_in_schema=False)
    # Operator endpoints of this project, not of the legacy contract: v2 only.
    add_flat(app, [*api_routers(), scheduler_routes.router], V2_PREFIX)
    install_document(app)
    init_error_handlers(app)
    if mysql.is_mysql(make_url(settings.api_database_url).get_backend_name()):
        # Only MySQL asks for reruns (`storage.conflicts`): the other databases' requests skip
        # the layer. Inside the body read ahead (handed to each run again) and the 500 renderer.
        app.add_middleware(RerunUndone)
    # Inside the 500 renderer: a request left undone because its client left is no error.
    app.add_middleware(WatchClient)
    app.add_middleware(InternalErrorMiddleware, expose_details=settings.details_exposed)
    app.add_middleware(HeadAsGet)
    return app
