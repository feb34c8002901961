"""The composition root: settings → Flask app → FastAPI app → gateway."""

from __future__ import annotations

import logging

from cronjobs import api, legacy
from cronjobs.api.routes import route_table
from cronjobs.settings import Settings, load_settings
from strangler import build_gateway
from strangler.app import CutoverPlan, GatewayApp, plan_cutover

log = logging.getLogger(__name__)


def plan_for(settings: Settings) -> CutoverPlan:
    """Resolve the cutover of both stacks without touching any database (for the ledger)."""
    flask_app = legacy.create_app(settings, prepare=False)
    fastapi_app = api.create_app(settings)
    return plan_cutover(
        flask_app.url_map,
        route_table(fastapi_app),
        cutover_file=settings.cutover_file,
        default=settings.cutover_default,
    )


def create_app(settings: Settings | None = None) -> GatewayApp:
    """Build the whole service; reads the environment now when no settings are given."""
    settings = settings or load_settings()
    flask_app = legacy.create_app(settings)
    fastapi_app = api.create_app(settings)
    plan = plan_cutover(
        flask_app.url_map,
        route_table(fastapi_app),
        cutover_file=settings.cutover_file,
        default=settings.cutover_default,
    )
    log.info(
        "gateway: %d endpoints, %d served by fastapi, database mode %s",
        len(plan.flags),
        sum(flag.mode == "fastapi" for flag in plan.flags.values()),
        settings.database_mode,
    )
    return build_gateway(
        legacy_wsgi=flask_app,
        legacy_map=flask_app.url_map,
        modern=fastapi_app,
        plan=plan,
        cors_origins=settings.cors_origin_list,
    )
