"""The case tables of each endpoint group, as every suite replays them (Flask, FastAPI, parity)."""

from __future__ import annotations

from tests_support.bulk_alias_cases import ALIAS_CASES
from tests_support.bulk_cases import DRY_RUN_CASES, REQUEST_CASES
from tests_support.bulk_export import EXPORT_CASES
from tests_support.bulk_form_cases import FORM_CASES
from tests_support.bulk_row_cases import ROW_CHECK_CASES
from tests_support.bulk_sheet_cases import NORMALISATION_CASES, STORAGE_CASES
from tests_support.execute_body_cases import BODY_CASES
from tests_support.execute_cases import EXECUTE_CASES
from tests_support.execute_override_cases import HIDDEN_DETAIL_CASES, OVERRIDE_CASES
from tests_support.github_run_cases import GITHUB_CASES
from tests_support.job_cases import CREATE_CASES
from tests_support.job_read_cases import DELETE_CASES, READ_CASES
from tests_support.job_update_cases import UPDATE_CASES
from tests_support.run_outcome_cases import WEBHOOK_CASES
from tests_support.testrun_call_cases import TESTRUN_CALL_CASES, TESTRUN_HIDDEN_CASES
from tests_support.testrun_cases import TESTRUN_CASES

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
