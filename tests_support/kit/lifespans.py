"""An app's lifespan in tests: startup on entry, shutdown on exit, each bounded against a hang.

asgi-lifespan's own bound is 5 s. Starting the service prepares its database (Alembic's checks,
adoption, the seed), which took longer than that on a CI machine whose two cores ran the whole
suite beside other work: the bound is there to stop a hang, not to time the startup.
"""

from __future__ import annotations

from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

LIFESPAN_SECONDS = 60.0


def lifespan(app: ASGIApp) -> LifespanManager:
    """Return a manager running `app`'s lifespan, with room for a slow machine."""
    return LifespanManager(app, startup_timeout=LIFESPAN_SECONDS, shutdown_timeout=LIFESPAN_SECONDS)
