"""strangler: a generic strangler-fig gateway from a WSGI app to an ASGI app, per endpoint."""

from strangler.admin_api import AdminDenied
from strangler.app import RuntimeOverrides, build_gateway
from strangler.dashboard import DashboardLogin
from strangler.endpoints import Endpoint, discover, endpoint_key, template_path
from strangler.flags import (
    CutoverError,
    Flag,
    Mode,
    Setting,
    UnknownEndpoint,
    read_cutover_file,
    resolve_flags,
)
from strangler.gateway import Gateway
from strangler.limits import RequestLimits
from strangler.override_store import OverrideStore
from strangler.paths import GatewayPaths
from strangler.readiness import Readiness, ReadinessCheck
from strangler.routing import Backend, RoutingTable

__all__ = [
    "AdminDenied",
    "Backend",
    "CutoverError",
    "DashboardLogin",
    "Endpoint",
    "Flag",
    "Gateway",
    "GatewayPaths",
    "Mode",
    "OverrideStore",
    "Readiness",
    "ReadinessCheck",
    "RequestLimits",
    "RoutingTable",
    "RuntimeOverrides",
    "Setting",
    "UnknownEndpoint",
    "build_gateway",
    "discover",
    "endpoint_key",
    "read_cutover_file",
    "resolve_flags",
    "template_path",
]
