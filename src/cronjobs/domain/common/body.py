"""Request bodies as the domain sees them: media-type check, JSON parsing, field types (§1.2).

Both stacks hand the raw bytes and the Content-Type header to `RequestBody`; each endpoint calls
its checks at the step of its validation order where the spec puts them.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from cronjobs.domain.errors import InvalidInput

_MISSING = object()
MAX_JSON_DEPTH = 500  # arrays and objects, nested


def is_json_media_type(content_type: str | None) -> bool:
    """Tell whether a Content-Type is application/json or application/<anything>+json."""
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        return True
    kind, _, subtype = media_type.partition("/")
    return kind == "application" and subtype.endswith("+json")


def invalid_json() -> InvalidInput:
    """Return the D1 error for a body that is not JSON."""
    return InvalidInput("Invalid JSON", "Request body is not valid JSON.")


def not_an_object() -> InvalidInput:
    """Return the D1 error for a JSON body that is not an object."""
    return InvalidInput("Invalid payload", "JSON body must be an object.")


def wrong_type(field: str, kind: str) -> InvalidInput:
    """Return the D1 error for a field of the wrong type (`kind` is "a string", "an object"…)."""
    return InvalidInput("Invalid payload", f'"{field}" must be {kind}.')


def _not_json(constant: str) -> Any:
    # Python's parser takes NaN and Infinity; JSON (RFC 8259) does not, and they cannot be
    # sent on or rendered back as JSON, so they are "not valid JSON" (§1.2).
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    # 1e999 is JSON syntax, but Python reads it as infinity, which renders back as `Infinity`.
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is out of range")
    return value


def _check_depth(value: Any) -> None:
    # Python's parser stops only at its recursion limit, which depends on the caller's stack:
    # a value parsed just under it cannot be rendered back (a 500). One fixed bound, far below.
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels")
        pending.extend((child, depth + 1) for child in children)


def loads_json(data: str | bytes) -> Any:
    """Parse JSON text; NaN, infinity, lone surrogates and deep nesting raise ValueError."""
    value = json.loads(data, parse_constant=_not_json, parse_float=_finite)
    _check_depth(value)
    # A lone surrogate ("\ud800") decodes, but no UTF-8 column can store it: the write would
    # be a 500. Only an escape (a backslash) can carry one, or bytes that are not ASCII: json
    # decodes bytes with "surrogatepass", so UTF-8-encoded surrogates (ED A0 80) get through too.
    suspect = "\\" in data if isinstance(data, str) else b"\\" in data or not data.isascii()
    if suspect:
        json.dumps(value, ensure_ascii=False).encode()
    return value


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The raw body of a request and its declared media type."""

    data: bytes
    content_type: str | None

    def require_json_type(self) -> None:
        """Fail with the content-type error unless the request says it sends JSON."""
        if not is_json_media_type(self.content_type):
            raise InvalidInput("Content-Type must be application/json")

    def parse(self) -> Any:
        """Decode the body as JSON, failing with D1's "Invalid JSON" on anything else."""
        try:
            return loads_json(self.data)
        except (ValueError, UnicodeError, RecursionError):
            raise invalid_json() from None

    def parse_object(self) -> dict[str, Any]:
        """Decode the body as a JSON object, failing with the D1 errors otherwise."""
        value = self.parse()
        if not isinstance(value, dict):
            raise not_an_object()
        return value


def string_field(payload: dict[str, Any], field: str) -> str:
    """Return a present field that must be a string."""
    value = payload[field]
    if not isinstance(value, str):
        raise wrong_type(field, "a string")
    return value


def boolean_field(payload: dict[str, Any], field: str) -> bool:
    """Return a present field that must be a boolean."""
    value = payload[field]
    if not isinstance(value, bool):
        raise wrong_type(field, "a boolean")
    return value


def nullable_string(payload: dict[str, Any], field: str) -> str | None:
    """Return a "string or null" field; an absent key reads as null."""
    value = payload.get(field)
    if value is not None and not isinstance(value, str):
        raise wrong_type(field, "a string")
    return value


def trimmed_text(payload: dict[str, Any], field: str) -> str:
    """Return a "string or null" field trimmed; absent and null read as ""."""
    return (nullable_string(payload, field) or "").strip()
