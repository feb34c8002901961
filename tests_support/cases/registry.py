"""The case tables of each endpoint group, as every suite replays them (Flask, FastAPI, parity)."""

from __future__ import annotations

from tests_support.cases.bulk.aliases import ALIAS_CASES
from tests_support.cases.bulk.export import EXPORT_CASES
from tests_support.cases.bulk.forms import FORM_CASES
from tests_support.cases.bulk.requests import DRY_RUN_CASES, REQUEST_CASES
from tests_support.cases.bulk.rows import ROW_CHECK_CASES
from tests_support.cases.bulk.sheet import NORMALISATION_CASES, STORAGE_CASES
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
)

# §4.4 execute and §4.3 test-run, on an app started with `run_world.run_settings`.
EXECUTE_TABLE = EXECUTE_CASES + BODY_CASES + OVERRIDE_CASES + WEBHOOK_CASES + GITHUB_CASES
TESTRUN_TABLE = TESTRUN_CASES + TESTRUN_CALL_CASES
RUN_CASES = EXECUTE_TABLE + TESTRUN_TABLE
# The same with EXPOSE_ERROR_DETAILS=false.
RUN_HIDDEN_CASES = HIDDEN_DETAIL_CASES + TESTRUN_HIDDEN_CASES
