"""Rendering on the FastAPI stack: domain results and errors as the legacy JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


class LegacyJSONResponse(JSONResponse):
    """JSON rendered like Flask's `jsonify` output (compact, non-ASCII kept)."""

    def render(self, content: Any) -> bytes:
        """Encode the content as compact UTF-8 JSON."""
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()


def reply(result: dict[str, Any], status: int = 200) -> LegacyJSONResponse:
    """Render a domain result."""
    return LegacyJSONResponse(result, status_code=status)
