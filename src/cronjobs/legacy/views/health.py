"""GET /api/health (spec §4.10) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from cronjobs.domain.process.health import health
from cronjobs.legacy.context import service

blueprint = Blueprint("health", __name__, url_prefix="/api")


@blueprint.get("/health")
def get_health() -> Response:
    """Report liveness and this process's scheduler."""
    return jsonify(health(service().scheduler))
