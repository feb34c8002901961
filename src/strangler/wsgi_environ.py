"""The WSGI environ of an ASGI HTTP request: the one a2wsgi 1.10 builds, with the body in memory.

Key for key and value for value what `a2wsgi.wsgi.build_environ` gives the Flask app, so the
legacy app sees nothing new, with two differences: the body is a `BytesIO` of the body read
ahead (a2wsgi reads it from the event loop as the app asks), and `QUERY_STRING` is decoded as
latin-1, as PEP 3333 and every WSGI server decode it, where a2wsgi's ASCII decode raised on a
raw non-ASCII byte (a 500). Repeated headers are joined in one pass into the comma-separated
value a2wsgi built by adding each value to the string so far (quadratic in the repeats).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from starlette.types import Scope

Headers = Sequence[tuple[bytes, bytes]]
_FILESYSTEM_ENCODING = sys.getfilesystemencoding()


def script_name_from_environment() -> str:
    """Return the process's `SCRIPT_NAME` as a WSGI string ("" when unset), as a2wsgi reads it."""
    value = os.environ.get("SCRIPT_NAME", "")
    return value.encode(_FILESYSTEM_ENCODING, "surrogateescape").decode("latin-1")


def _environ_name(name: str) -> str:
    if name == "content-length":
        return "CONTENT_LENGTH"
    if name == "content-type":
        return "CONTENT_TYPE"
    return f"HTTP_{name}".upper().replace("-", "_")


def add_headers(environ: dict[str, Any], headers: Headers) -> None:
    """Put the headers in the environ; those sharing a key become one, values comma-joined."""
    before = len(environ)
    for name, value in headers:
        environ[_environ_name(name.decode("latin-1"))] = value.decode("latin-1")
    if len(environ) - before == len(headers):
        return  # the common case: every header has a key of its own
    merged: dict[str, list[str]] = {}
    for name, value in headers:
        key = _environ_name(name.decode("latin-1"))
        merged.setdefault(key, []).append(value.decode("latin-1"))
    for key, values in merged.items():
        environ[key] = ",".join(values)


def build_environ(scope: Scope, body: bytes, script_name: str = "") -> dict[str, Any]:
    """Return the environ of the HTTP request `scope` with `body`; `script_name` overrides."""
    root = scope.get("root_path", "").encode("utf8").decode("latin-1")
    path = scope["path"].encode("utf8").decode("latin-1")
    if path.startswith(root):
        path = path[len(root) :]
    environ: dict[str, Any] = {
        "asgi.scope": scope,
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": script_name or root,
        "PATH_INFO": path,
        "QUERY_STRING": scope["query_string"].decode("latin-1"),
        "SERVER_PROTOCOL": f"HTTP/{scope['http_version']}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": BytesIO(body),
        "wsgi.errors": sys.stdout,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    server_name, server_port = scope.get("server") or ("localhost", 80)
    environ["SERVER_NAME"] = server_name
    environ["SERVER_PORT"] = str(server_port or 0)
    client = scope.get("client")
    if client is not None:
        environ["REMOTE_ADDR"], port = client
        environ["REMOTE_PORT"] = str(port)
    add_headers(environ, scope.get("headers", ()))
    return environ
