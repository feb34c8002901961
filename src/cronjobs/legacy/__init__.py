"""The legacy Flask stack: `create_app(settings)` builds the service existing clients know."""

from __future__ import annotations

import time

from flask import Flask, Response
from flask.typing import ResponseReturnValue

from cronjobs.domain.bulk.upload import MAX_FORM_FIELD_BYTES, MAX_FORM_PARTS
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.common.scheduling import JobScheduler, NoScheduler
from cronjobs.domain.common.transactions import rerun_pause
from cronjobs.domain.process.seed import startup_seed
from cronjobs.legacy.context import SERVICE_KEY
from cronjobs.legacy.database import (
    discard_session,
    dispose,
    init_database,
    session_committed,
)
from cronjobs.legacy.errors import init_error_handlers
from cronjobs.legacy.security import init_security
from cronjobs.legacy.uploads import UploadClosingRequest
from cronjobs.legacy.views import (
    auth,
    bulk,
    catalog,
    executions,
    health,
    jobs,
    notifications,
    runs,
    slack,
)
from cronjobs.settings import INSTANCE_DIR, Settings
from cronjobs.storage.engines import SyncSessions, create_sync_engine
from cronjobs.storage.prepare import prepare_database


class LegacyFlask(Flask):
    """Flask whose automatic OPTIONS answers carry the JSON media type like every response.

    A view whose uncommitted transaction the database undid (a MySQL deadlock victim) runs again
    on a new session, as `transactions.rerun_pause` allows (the FastAPI stack's rule too).
    """

    request_class = UploadClosingRequest

    def dispatch_request(self) -> ResponseReturnValue:
        """Run the request's view; run it again from its start when the database asks."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return super().dispatch_request()
            except Exception as error:
                pause = rerun_pause(error, committed=session_committed(), attempt=attempt)
                if pause is None:
                    raise
            discard_session()
            time.sleep(pause)

    def make_default_options_response(self) -> Response:
        """Answer OPTIONS with an empty body and the `Allow` header."""
        response = super().make_default_options_response()
        response.mimetype = "application/json"
        return response


def create_app(
    settings: Settings,
    *,
    prepare: bool = True,
    scheduler: JobScheduler | None = None,
) -> Flask:
    """Build the Flask app on `DATABASE_URL`; `prepare` runs the startup steps of §7.4."""
    app = LegacyFlask(__name__, instance_path=str(INSTANCE_DIR), static_folder=None)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        DEBUG=settings.flask_debug,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
        MAX_FORM_MEMORY_SIZE=MAX_FORM_FIELD_BYTES,
        MAX_FORM_PARTS=MAX_FORM_PARTS,
    )
    app.json.compact = True  # type: ignore[attr-defined]  # FLASK_DEBUG must not change bodies
    app.url_map.merge_slashes = False
    engine = create_sync_engine(
        settings.database_url, echo=settings.sql_echo, setup=install_text_checks
    )
    if prepare:
        prepare_database(engine, startup_seed, default_admin=settings.default_admin_allowed)
    init_database(app, SyncSessions(engine))
    init_security(app, settings)
    init_error_handlers(app, expose_details=settings.details_exposed)
    app.extensions[SERVICE_KEY] = Service(settings, scheduler or NoScheduler())
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(bulk.blueprint)
    app.register_blueprint(catalog.blueprint)
    app.register_blueprint(slack.blueprint)
    app.register_blueprint(executions.blueprint)
    app.register_blueprint(notifications.blueprint)
    app.register_blueprint(jobs.blueprint)
    app.register_blueprint(runs.blueprint)
    return app


__all__ = ["LegacyFlask", "create_app", "dispose"]
