"""Rendering on the FastAPI stack: domain results and errors as the legacy JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


class LegacyJSONResponse(JSONResponse):
    """JSON byte-identical to Flask's `jsonify`: compact, sorted keys, ASCII, trailing newline."""

    def render(self, content: Any) -> bytes:
        """Encode the content exactly as Flask's default JSON provider does."""
        return (json.dumps(content, sort_keys=True, separators=(",", ":")) + "\n").encode()


def reply(result: dict[str, Any], status: int = 200) -> LegacyJSONResponse:
    """Render a domain result."""
    return LegacyJSONResponse(result, status_code=status)
