"""Every case table of both stacks' suites, through the gateway, all on Flask, then on FastAPI.

The tables are the ones `test/test_auth_endpoints.py` and `test/test_routing.py` replay on each
stack directly: spec §4.1, §2.2 and §4.10 (`ALL_CASES`), routing (`ROUTING_CASES`), §4.8
catalogue, §4.9 Slack settings and §4.3 cron tools. Here each
case runs on the composed service with CUTOVER_DEFAULT set to `stack`, and must pass its own
checks (status, exact JSON, database) with every endpoint reply served by `stack`.
"""

from __future__ import annotations

import pytest

from tests_support import catalog_cases, cron_cases, slack_cases
from tests_support.auth_cases import ALL_CASES
from tests_support.cases import Case, HttpRequest, Reply, ids
from tests_support.clients import AsyncSend
from tests_support.routing_cases import NOT_FOUND, ROUTING_CASES
from tests_support.world import World

CASES = [
    *(case for table in ALL_CASES.values() for case in table),
    *ROUTING_CASES,
    *catalog_cases.ALL_CASES,
    *slack_cases.ALL_CASES,
    *cron_cases.VALIDATE_CASES,
    *cron_cases.PREVIEW_CASES,
]


def served_by_routing(request: HttpRequest, reply: Reply) -> bool:
    """Tell whether no endpoint matched the request, so the gateway left it to Flask.

    That is OPTIONS (no endpoint declares it), a 405 (wrong method), and the routing 404 (unknown
    path), whatever the cutover. Replies an endpoint gives, its own 404s included, carry the stack.
    """
    return (
        request.method == "OPTIONS"
        or reply.status == 405
        or (reply.status == 404 and reply.content != b"" and reply.json() == NOT_FOUND)
    )


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
async def test_case(case: Case, world: World, send: AsyncSend, stack: str) -> None:
    for request, verify in case.exchanges(world):
        reply = await send(request)
        verify(reply)
        expected = "flask" if served_by_routing(request, reply) else stack
        assert reply.headers.get("x-served-by") == expected, f"{request.method} {request.path}"
