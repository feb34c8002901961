"""Every world case table of both stacks' suites, through the gateway, on Flask, then on FastAPI.

The tables each stack's suite replays directly: spec §4.1, §2.2 and §4.10 (`ALL_CASES`), routing,
§2.2 on every service endpoint, §4.2 jobs, §4.3 cron tools, §4.5 bulk upload, §4.6 executions,
§4.7 notifications, §4.8 catalogue and §4.9 Slack settings. Each case runs on the composed service
with CUTOVER_DEFAULT set to `stack`, and must pass its own checks (status, exact JSON, database)
with every endpoint reply served by `stack`. The run tables (test-run, execute) are in
`test_parity_runs.py`, the cases that start the app differently in `test_parity_app_cases.py`.
"""

from __future__ import annotations

import pytest

from tests_support.cases import cron as cron_cases
from tests_support.cases import notifications as notification_cases
from tests_support.cases import slack as slack_cases
from tests_support.cases.accounts import service_access as service_access_cases
from tests_support.cases.accounts.auth import ALL_CASES
from tests_support.cases.catalog import lists as catalog_cases
from tests_support.cases.executions import every_job as execution_global_cases
from tests_support.cases.executions import per_job as execution_cases
from tests_support.cases.registry import BULK_CASES, JOB_CASES
from tests_support.cases.routing import ROUTING_CASES
from tests_support.kit.case import Case, ids
from tests_support.kit.clients import AsyncSend
from tests_support.kit.parity import replay
from tests_support.kit.worlds.base import World

CASES = [
    *(case for table in ALL_CASES.values() for case in table),
    *ROUTING_CASES,
    *service_access_cases.SERVICE_ACCESS_CASES,
    *catalog_cases.ALL_CASES,
    *slack_cases.ALL_CASES,
    *cron_cases.VALIDATE_CASES,
    *cron_cases.PREVIEW_CASES,
    *JOB_CASES,
    *BULK_CASES,
    *execution_cases.JOB_CASES,
    *execution_global_cases.GLOBAL_CASES,
    *notification_cases.NOTIFICATION_CASES,
]
HIDDEN_DETAIL_CASES = [
    *execution_global_cases.HIDDEN_DETAIL_CASES,
    *notification_cases.HIDDEN_DETAIL_CASES,
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
async def test_case(case: Case, world: World, send: AsyncSend, stack: str) -> None:
    await replay(case, world, send, stack)


@pytest.mark.parametrize("expose_details", [False], indirect=True)
@pytest.mark.parametrize("case", HIDDEN_DETAIL_CASES, ids=ids(HIDDEN_DETAIL_CASES))
async def test_case_with_details_hidden(
    case: Case, world: World, send: AsyncSend, stack: str
) -> None:
    await replay(case, world, send, stack)
