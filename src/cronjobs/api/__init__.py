"""The FastAPI stack: every migrated endpoint at `/api/...` (cut-over traffic) and `/api/v2/...`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from cronjobs.api.errors import InternalErrorMiddleware, init_error_handlers
from cronjobs.api.middleware import HeadAsGet
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
from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.common.scheduling import JobScheduler, NoScheduler
from cronjobs.domain.process.seed import startup_seed
from cronjobs.settings import Settings
from cronjobs.storage.engines import (
    AsyncSessions,
    SyncSessions,
    create_async_db_engine,
    create_sync_engine,
)
from cronjobs.storage.prepare import prepare_async_database

LEGACY_PREFIX = "/api"
V2_PREFIX = "/api/v2"


def build_router() -> APIRouter:
    """Collect every endpoint of the service, relative to the API prefix."""
    router = APIRouter()
    router.include_router(auth.router)
    router.include_router(health.router)
    router.include_router(slack.router)
    router.include_router(catalog.router)
    # Fixed `/jobs/...` paths first: `/jobs/{job_id}` must not shadow them.
    router.include_router(cron_tools.router)
    router.include_router(runs.router)
    router.include_router(bulk.router)
    router.include_router(jobs.router)
    router.include_router(executions.router)
    router.include_router(notifications.router)
    return router


def create_app(settings: Settings, *, scheduler: JobScheduler | None = None) -> FastAPI:
    """Build the FastAPI app; its lifespan opens the database named by §7.5."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_async_db_engine(
            settings.api_database_url, echo=settings.sql_echo, setup=install_text_checks
        )
        await prepare_async_database(
            engine, startup_seed, default_admin=settings.default_admin_allowed
        )
        app.state.sessions = AsyncSessions(engine)
        # Runs happen in worker threads and commit step by step (§6.4): they need sync sessions.
        run_engine = create_sync_engine(
            settings.api_database_url, echo=settings.sql_echo, setup=install_text_checks
        )
        app.state.run_sessions = SyncSessions(run_engine).write
        try:
            yield
        finally:
            run_engine.dispose()
            await engine.dispose()

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
    router = build_router()
    app.include_router(router, prefix=LEGACY_PREFIX, include_in_schema=False)
    app.include_router(router, prefix=V2_PREFIX)
    # Operator endpoints of this project, not of the legacy contract: v2 only.
    app.include_router(scheduler_routes.router, prefix=V2_PREFIX)
    install_document(app)
    init_error_handlers(app)
    app.add_middleware(InternalErrorMiddleware, expose_details=settings.details_exposed)
    app.add_middleware(HeadAsGet)
    return app
