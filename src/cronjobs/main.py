"""The composition root: settings → Flask app → FastAPI app → gateway."""

from __future__ import annotations

import logging
from functools import partial

from fastapi import FastAPI
from flask import Flask

from cronjobs import api, legacy
from cronjobs.api.routes import route_table
from cronjobs.settings import Settings, load_settings
from strangler import build_gateway
from strangler.app import CutoverPlan, GatewayApp, plan_cutover

log = logging.getLogger(__name__)


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


def _warn_about_split_writes(settings: Settings, plan: CutoverPlan) -> None:
    split = [
        key
        for key, flag in plan.flags.items()
        if flag.mode == "fastapi" and flag.endpoint.method not in {"GET", "HEAD"}
    ]
    if settings.database_mode == "separate" and split:
        log.warning(
            "separate databases: %d write endpoints are served by fastapi (%s); their writes land "
            "only in FASTAPI_DATABASE_URL's database. See MIGRATION.md, 'Database modes'.",
            len(split),
            ", ".join(split),
        )


def create_app(settings: Settings | None = None) -> GatewayApp:
    """Build the whole service; reads the environment now when no settings are given."""
    settings = settings or load_settings()
    flask_app = legacy.create_app(settings)
    fastapi_app = api.create_app(settings)
    plan = _plan(settings, flask_app, fastapi_app)
    log.info(
        "gateway: %d endpoints, %d served by fastapi, database mode %s",
        len(plan.flags),
        sum(flag.mode == "fastapi" for flag in plan.flags.values()),
        settings.database_mode,
    )
    _warn_about_split_writes(settings, plan)
    return build_gateway(
        legacy_wsgi=flask_app,
        legacy_map=flask_app.url_map,
        modern=fastapi_app,
        plan=plan,
        cors_origins=settings.cors_origin_list,
        on_shutdown=[partial(legacy.dispose, flask_app)],
    )
