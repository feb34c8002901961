"""The case tables of each endpoint group, as every suite replays them (Flask, FastAPI, parity).

`TABLES` names each table with what it needs (`kit/tables.py`); `test/test_case_tables.py` and
`tests_fastapi/test_api_case_tables.py` replay every one, so adding a table is one line there.
"""

from __future__ import annotations

from tests_support.cases import cron, notifications, routing, slack
from tests_support.cases.accounts import auth, service_access
from tests_support.cases.bulk.aliases import ALIAS_CASES
from tests_support.cases.bulk.app import BULK_APP_CASES
from tests_support.cases.bulk.export import EXPORT_CASES
from tests_support.cases.bulk.forms import FORM_CASES
from tests_support.cases.bulk.limits import LIMIT_CASES
from tests_support.cases.bulk.requests import DRY_RUN_CASES, REQUEST_CASES
from tests_support.cases.bulk.rows import ROW_CHECK_CASES
from tests_support.cases.bulk.sheet import NORMALISATION_CASES, STORAGE_CASES
from tests_support.cases.catalog import lists as catalog
from tests_support.cases.executions import every_job, per_job
from tests_support.cases.jobs.app import APP_CASES
from tests_support.cases.jobs.create import CREATE_CASES
from tests_support.cases.jobs.read import DELETE_CASES, READ_CASES
from tests_support.cases.jobs.update import UPDATE_CASES
from tests_support.cases.runs.execute import EXECUTE_CASES
from tests_support.cases.runs.execute_body import BODY_CASES
from tests_support.cases.runs.execute_override import HIDDEN_DETAIL_CASES, OVERRIDE_CASES
from tests_support.cases.runs.github import GITHUB_CASES
from tests_support.cases.runs.outcome import WEBHOOK_CASES
from tests_support.cases.runs.trial import TESTRUN_CASES
from tests_support.cases.runs.trial_calls import TESTRUN_CALL_CASES, TESTRUN_HIDDEN_CASES
from tests_support.kit.tables import CaseTable, Needs
from tests_support.kit.unchanged import storing_nothing

# §4.2 jobs CRUD on the world database.
JOB_CASES = CREATE_CASES + READ_CASES + UPDATE_CASES + DELETE_CASES

# §4.5 bulk upload on the world database.
BULK_CASES = (
    REQUEST_CASES
    + FORM_CASES
    + ROW_CHECK_CASES
    + NORMALISATION_CASES
    + DRY_RUN_CASES
    + STORAGE_CASES
    + ALIAS_CASES
    + EXPORT_CASES
    + LIMIT_CASES
)

# §4.4 execute and §4.3 test-run, on an app started with `run_world.run_settings`.
EXECUTE_TABLE = EXECUTE_CASES + BODY_CASES + OVERRIDE_CASES + WEBHOOK_CASES + GITHUB_CASES
TESTRUN_TABLE = TESTRUN_CASES + TESTRUN_CALL_CASES
RUN_CASES = EXECUTE_TABLE + TESTRUN_TABLE
# The same with EXPOSE_ERROR_DETAILS=false.
RUN_HIDDEN_CASES = HIDDEN_DETAIL_CASES + TESTRUN_HIDDEN_CASES

# Every table both stacks' suites replay, with what it needs (`Needs.WORLD` unless it says).
TABLES = (
    # §4.1 auth and users, §2.2 JWT errors, §4.10 health.
    CaseTable("auth", [case for table in auth.ALL_CASES.values() for case in table]),
    # §1.2: a request that ends in an error stores nothing.
    CaseTable("errors_store_nothing", storing_nothing(auth.ERROR_CASES)),
    # §2.2 on every protected endpoint of the service.
    CaseTable("service_access", service_access.SERVICE_ACCESS_CASES),
    # §1.1, D2, A10: 404, 405 + Allow, OPTIONS, HEAD, no trailing slashes.
    CaseTable("routing", routing.ROUTING_CASES),
    # §4.8 job categories and PIC teams, §4.9 Slack settings.
    CaseTable("catalog", catalog.ALL_CASES),
    CaseTable("slack_settings", slack.ALL_CASES),
    # §4.3 cron tools; the timezone cases start an app with another SCHEDULER_TIMEZONE.
    CaseTable("cron_tools", cron.VALIDATE_CASES + cron.PREVIEW_CASES),
    CaseTable("cron_preview_timezone", cron.ZONE_CASES, Needs.OWN_APP),
    # §4.2 and §4.5; their app variants start an app with other settings, a recording scheduler
    # (§6.5), or environment variables set after startup (read at request time).
    CaseTable("jobs", JOB_CASES),
    CaseTable("jobs_app_variants", APP_CASES, Needs.OWN_APP),
    CaseTable("bulk_upload", BULK_CASES),
    CaseTable("bulk_upload_app_variants", BULK_APP_CASES, Needs.OWN_APP),
    # §4.6 executions (lists, details, statistics, D8, D9, D11), §4.7 notifications.
    CaseTable("executions", per_job.JOB_CASES + every_job.GLOBAL_CASES),
    CaseTable("executions_details_hidden", every_job.HIDDEN_DETAIL_CASES, expose_details=False),
    CaseTable("notifications", notifications.NOTIFICATION_CASES),
    CaseTable(
        "notifications_details_hidden", notifications.HIDDEN_DETAIL_CASES, expose_details=False
    ),
    # §4.4 execute and §4.3 test-run, calling the run world's HTTP stub.
    CaseTable("execute", EXECUTE_TABLE, Needs.RUN_WORLD),
    CaseTable("execute_details_hidden", HIDDEN_DETAIL_CASES, Needs.RUN_WORLD, expose_details=False),
    CaseTable("test_run", TESTRUN_TABLE, Needs.RUN_WORLD),
    CaseTable(
        "test_run_details_hidden", TESTRUN_HIDDEN_CASES, Needs.RUN_WORLD, expose_details=False
    ),
)
