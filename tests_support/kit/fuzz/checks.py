"""What the contract's checks share: schemathesis's own checks by name, and a response's parts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

from schemathesis import Case, CheckContext, Response
from schemathesis.checks import CHECKS, load_all_checks

Check = Callable[[CheckContext, Response, Case], Any]


def builtin(name: str) -> Check:
    """Return one of schemathesis's registered checks by name."""
    load_all_checks()
    check: Check = CHECKS.get_one(name)
    return check


def body_of(response: Response) -> Any:
    """Return a response's JSON body, or None."""
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def path_of(response: Response) -> str:
    """Return the decoded path a response answered."""
    return unquote(urlsplit(response.request.url or "").path)
