"""Rendering on the FastAPI stack: domain results and errors as the legacy JSON."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, ParamSpec

from fastapi.responses import JSONResponse

P = ParamSpec("P")


def legacy_json(content: Any) -> bytes:
    """Encode content exactly as Flask's `jsonify`: compact, sorted keys, ASCII, final newline."""
    return (json.dumps(content, sort_keys=True, separators=(",", ":")) + "\n").encode()


def rendered(step: Callable[P, Any]) -> Callable[P, bytes]:
    """The step, its result encoded by `legacy_json` in the thread that ran it.

    A step's result goes straight into the reply, and encoding a long list (a bulk upload's
    preview of 5,000 rows: 14-26 ms) on the event loop would hold every other request.
    """

    @functools.wraps(step)
    def step_then_render(*args: P.args, **kwargs: P.kwargs) -> bytes:
        return legacy_json(step(*args, **kwargs))

    return step_then_render


class LegacyJSONResponse(JSONResponse):
    """JSON byte-identical to Flask's `jsonify` (`legacy_json`); bytes are sent as they are."""

    def render(self, content: Any) -> bytes:
        """Encode the content as Flask's default JSON provider does, unless `rendered` did."""
        return content if isinstance(content, bytes) else legacy_json(content)


def reply(result: dict[str, Any] | bytes, status: int = 200) -> LegacyJSONResponse:
    """Render a domain result (or send one a step has `rendered`)."""
    return LegacyJSONResponse(result, status_code=status)
