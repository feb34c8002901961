"""Authentication on every protected endpoint of the legacy service beyond auth and users.

Each route gets the cases of `protected_route_cases`: no token → 401, a deactivated or deleted
caller's valid token → 401 "User not found or inactive" (D4), a refresh token → 422. Paths name
an id no row has: authentication answers before any lookup (§2.2).
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.accounts.access import protected_route_cases
from tests_support.kit.case import NOTHING

JOB = "/jobs/{missing}"
NOTE = "/notifications/{missing}"

SERVICE_ROUTES: dict[str, tuple[str, str, Any]] = {
    "get_slack": ("GET", "/settings/slack", NOTHING),
    "put_slack": ("PUT", "/settings/slack", {}),
    "list_categories": ("GET", "/job-categories", NOTHING),
    "create_category": ("POST", "/job-categories", {"name": "Nightly"}),
    "update_category": ("PUT", "/job-categories/{missing}", {"name": "Nightly"}),
    "delete_category": ("DELETE", "/job-categories/{missing}", NOTHING),
    "list_teams": ("GET", "/pic-teams", NOTHING),
    "create_team": ("POST", "/pic-teams", {"name": "QA", "slack_handle": "@qa"}),
    "update_team": ("PUT", "/pic-teams/{missing}", {"name": "QA"}),
    "delete_team": ("DELETE", "/pic-teams/{missing}", NOTHING),
    "validate_cron": ("POST", "/jobs/validate-cron", {"expression": "* * * * *"}),
    "cron_preview": ("POST", "/jobs/cron-preview", {"expression": "* * * * *"}),
    "test_run": ("POST", "/jobs/test-run", {"target_url": "http://127.0.0.1:9"}),
    "create_job": ("POST", "/jobs", {}),
    "bulk_upload": ("POST", "/jobs/bulk-upload", NOTHING),
    "list_jobs": ("GET", "/jobs", NOTHING),
    "get_job": ("GET", JOB, NOTHING),
    "update_job": ("PUT", JOB, {}),
    "delete_job": ("DELETE", JOB, NOTHING),
    "execute_job": ("POST", f"{JOB}/execute", NOTHING),
    "job_executions": ("GET", f"{JOB}/executions", NOTHING),
    "job_execution": ("GET", f"{JOB}/executions/{{missing}}", NOTHING),
    "job_execution_stats": ("GET", f"{JOB}/executions/stats", NOTHING),
    "executions": ("GET", "/executions", NOTHING),
    "execution": ("GET", "/executions/{missing}", NOTHING),
    "execution_statistics": ("GET", "/executions/statistics", NOTHING),
    "notifications": ("GET", "/notifications", NOTHING),
    "unread_count": ("GET", "/notifications/unread-count", NOTHING),
    "mark_read": ("PUT", f"{NOTE}/read", NOTHING),
    "mark_all_read": ("PUT", "/notifications/read-all", NOTHING),
    "delete_notification": ("DELETE", NOTE, NOTHING),
    "delete_read": ("DELETE", "/notifications/delete-read", NOTHING),
}

SERVICE_ACCESS_CASES = protected_route_cases(SERVICE_ROUTES)
