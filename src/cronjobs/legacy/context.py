"""The service context (settings, scheduler) of the current Flask app."""

from __future__ import annotations

from flask import current_app

from cronjobs.domain.common.context import Service

SERVICE_KEY = "cronjobs.service"


def service() -> Service:
    """Return the current app's service context."""
    context: Service = current_app.extensions[SERVICE_KEY]
    return context
