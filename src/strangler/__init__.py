"""strangler: a generic strangler-fig gateway from a WSGI app to an ASGI app, per endpoint."""

from strangler.app import build_gateway
from strangler.endpoints import Endpoint, discover, endpoint_key, template_path
from strangler.flags import CutoverError, Flag, Mode, read_cutover_file, resolve_flags
from strangler.gateway import Backend, Gateway

__all__ = [
    "Backend",
    "CutoverError",
    "Endpoint",
    "Flag",
    "Gateway",
    "Mode",
    "build_gateway",
    "discover",
    "endpoint_key",
    "read_cutover_file",
    "resolve_flags",
    "template_path",
]
