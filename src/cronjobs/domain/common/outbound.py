"""Outbound HTTP for runs and test-runs (spec §4.3, §6.4): one client setup, one error family.

Runs and test-runs call GitHub or a webhook with a sync httpx client. The legacy service used
`requests`, which follows redirects and treats a malformed URL as a request error; the client
here does the same, so a moved webhook or a bad URL ends the same way it always did.
"""

from __future__ import annotations

import httpx

DEFAULT_TIMEOUT_SECONDS = 10.0

# What the spec calls a transport error: connection failures, timeouts and invalid URLs. A host
# the idna codec refuses (an empty or over-long label, a malformed `xn--` label) escapes httpx as
# a bare `UnicodeError`, from URL parsing or from the socket's name lookup.
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (
    httpx.RequestError,
    httpx.InvalidURL,
    UnicodeError,
)


def outbound_client(timeout: float) -> httpx.Client:
    """Open a client for one run or test-run, with `timeout` seconds for every phase."""
    return httpx.Client(timeout=timeout, follow_redirects=True)


def exception_text(exc: BaseException) -> str:
    """Return the text of an exception for a message (A17), its type when the text is empty."""
    return str(exc) or type(exc).__name__


def is_success(status: int) -> bool:
    """Tell whether an HTTP status is 2xx."""
    return 200 <= status < 300
