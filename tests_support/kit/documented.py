"""Every JSON answer of the FastAPI stack checked against what its `/openapi.json` documents.

The response models of `cronjobs.api.schemas` are documentation only: the domain builds each
answer and the app sends it as JSON, so `/docs` could drift from the contract unnoticed.
`DocumentedReplies` reads the app's OpenAPI document (what `/docs` shows), finds the operation a
request reached, at `/api/...` or `/api/v2/...`, and the schema documented for the reply's status,
and validates the body against it (JSON Schema 2020-12, the dialect of OpenAPI 3.1).

Documented objects are read as closed: a key the docs do not name is drift too. HEAD and OPTIONS
answers have no body (spec §1.1), and a request no operation matches was answered by routing (its
404 or 405), which no operation documents.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any
from urllib.parse import unquote, urlsplit

from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from starlette.types import ASGIApp

from strangler.app import GatewayApp
from strangler.flags import Mode
from strangler.observation import SERVED_BY
from tests_support.kit.case import HttpRequest, Reply

Check = Callable[[HttpRequest, Reply], None]
DOCUMENT = "urn:cronjobs:openapi"
NO_BODY = frozenset({"HEAD", "OPTIONS"})
MAX_ERRORS = 10
# Keywords whose value is one subschema, a list of them, or a mapping of names to them.
ONE_SCHEMA = ("items", "not", "additionalProperties", "contains", "propertyNames")
SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
SCHEMA_MAPS = ("properties", "$defs", "patternProperties")


def closed(schema: Any) -> None:
    """Forbid undocumented keys in every object schema that lists its properties, in place."""
    if not isinstance(schema, dict):
        return
    if "properties" in schema:
        schema.setdefault("additionalProperties", False)
    for keyword in ONE_SCHEMA:
        closed(schema.get(keyword))
    for keyword in SCHEMA_LISTS:
        for item in schema.get(keyword, ()):
            closed(item)
    for keyword in SCHEMA_MAPS:
        for item in schema.get(keyword, {}).values():
            closed(item)


def _closed_document(app: FastAPI) -> dict[str, Any]:
    document = copy.deepcopy(app.openapi())
    for schema in document.get("components", {}).get("schemas", {}).values():
        closed(schema)
    for item in document["paths"].values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                for media in response.get("content", {}).values():
                    closed(media.get("schema"))
    return document


def _api_routes(app: FastAPI) -> list[RouteContext]:
    # The app's endpoints in the order it matches them, included routers flattened.
    return [
        route
        for route in iter_route_contexts(app.routes)
        if isinstance(route.original_route, APIRoute)
    ]


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


class DocumentedReplies:
    """An app's documented operations, with a validator per operation and status, made once."""

    def __init__(self, app: FastAPI) -> None:
        self.document = _closed_document(app)
        self.registry: Registry[Any] = Registry().with_resource(
            DOCUMENT, DRAFT202012.create_resource(self.document)
        )
        routes = _api_routes(app)
        assert routes, "the app serves no API route: no reply would be checked"
        # `/api/...` and `/api/v2/...` serve the same endpoints; only the latter are documented.
        documented = {
            (route.endpoint, method): route.path_format
            for route in routes
            if route.include_in_schema
            for method in route.methods or ()
        }
        self.routes = [
            (route, {method: documented.get((route.endpoint, method)) for method in route.methods})
            for route in routes
            if route.methods
        ]
        self.validators: dict[tuple[str, str, int], Draft202012Validator] = {}

    def operation(self, method: str, path: str) -> tuple[str, str | None] | None:
        """Return the route a request reaches and its documented path, or None for routing's."""
        for route, documented in self.routes:
            # As Starlette does: the first route matching both path and method serves it.
            if method in documented and route.path_regex.match(path):
                return str(route.path_format), documented[method]
        return None

    def validator(self, method: str, path: str, status: int) -> Draft202012Validator:
        """Return the validator of an operation's replies with this status (LookupError: none)."""
        key = (method, path, status)
        if key not in self.validators:
            reference = {"$ref": f"{DOCUMENT}#{self._schema_pointer(method, path, status)}"}
            self.validators[key] = Draft202012Validator(reference, registry=self.registry)
        return self.validators[key]

    def _schema_pointer(self, method: str, path: str, status: int) -> str:
        responses = self.document["paths"][path][method.lower()].get("responses", {})
        code = next(
            (code for code in (str(status), f"{status // 100}XX", "default") if code in responses),
            None,
        )
        if code is None:
            raise LookupError(f"no response documented for {status} (only {', '.join(responses)})")
        if "application/json" not in responses[code].get("content", {}):
            raise LookupError(f"response {code} documents no application/json body")
        media = ("content", "application/json", "schema")
        return _pointer("paths", path, method.lower(), "responses", code, *media)

    def check(self, request: HttpRequest, reply: Reply) -> None:
        """Assert that a reply's body is JSON as documented for its operation and status."""
        if request.method in NO_BODY:
            return
        found = self.operation(request.method, unquote(urlsplit(request.path).path))
        if found is None:
            return
        route, documented = found
        where = f"{request.method} {request.path} answered {reply.status}"
        assert documented is not None, f"{where}: its route {route} is not in the OpenAPI document"
        where = f"{where} (documented as {request.method} {documented})"
        try:
            validator = self.validator(request.method, documented, reply.status)
        except LookupError as missing:
            raise AssertionError(f"{where}: {missing}; body {reply.content!r}") from None
        try:
            body = reply.json()
        except ValueError:
            raise AssertionError(f"{where}: the body is not JSON: {reply.content!r}") from None
        errors = sorted(validator.iter_errors(body), key=lambda error: error.json_path)
        assert not errors, f"{where}: the body does not match the documented schema:\n" + "\n".join(
            f"  at {error.json_path}: {error.message}" for error in errors[:MAX_ERRORS]
        )


_BY_FAMILY: dict[Hashable, DocumentedReplies] = {}


def documented_replies(app: FastAPI) -> DocumentedReplies:
    """Return the checker of an app's replies, shared by the apps its factory builds."""
    # The apps one factory builds differ in settings, not in routes, so they share one document
    # and one route table (a test that changed an app's routes after building it would need a key
    # of its own; none does). Keying on every route would compile every route of every app
    # (~150 ms, as building the document does), which tests building an app per case would pay.
    family = (
        type(app),
        app.title,
        app.version,
        app.openapi_url,
        tuple((type(route), getattr(route, "path", None)) for route in app.routes),
    )
    if family not in _BY_FAMILY:
        _BY_FAMILY[family] = DocumentedReplies(app)
    return _BY_FAMILY[family]


def reply_check(app: ASGIApp) -> Check:
    """Return the check of a FastAPI app's replies, or of those a gateway's FastAPI app gives."""
    if isinstance(app, FastAPI):
        return documented_replies(app).check
    if isinstance(app, GatewayApp):
        modern = app.gateway.modern.app
        assert isinstance(modern, FastAPI), modern
        replies = documented_replies(modern)
        header = SERVED_BY.decode()

        def check_fastapi_replies(request: HttpRequest, reply: Reply) -> None:
            # Flask's replies, and the gateway's own, are not what the OpenAPI document describes.
            if reply.headers.get(header) == Mode.FASTAPI.value:
                replies.check(request, reply)

        return check_fastapi_replies
    raise TypeError(f"no documented replies for a {type(app).__name__}: serve FastAPI or a gateway")
