"""Rendering on the FastAPI stack: domain results and errors as the legacy JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


def legacy_json(content: Any) -> bytes:
    """Encode content exactly as Flask's `jsonify`: compact, sorted keys, ASCII, final newline."""
    return (json.dumps(content, sort_keys=True, separators=(",", ":")) + "\n").encode()


class LegacyJSONResponse(JSONResponse):
    """JSON byte-identical to Flask's `jsonify` (`legacy_json`)."""

    def render(self, content: Any) -> bytes:
        """Encode the content exactly as Flask's default JSON provider does."""
        return legacy_json(content)


def reply(result: dict[str, Any], status: int = 200) -> LegacyJSONResponse:
    """Render a domain result."""
    return LegacyJSONResponse(result, status_code=status)
