"""Case tables for spec §4.2 reads and deletes: GET /jobs, GET /jobs/<job_id>, DELETE.

Reads are open to every role; the list is newest first with each job's last and next run;
delete cascades to the job's runs, unlinks notifications and broadcasts "Job Deleted". The
routing rules of §1.1 that involve the jobs paths are here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests_support.cases.jobs.checks import (
    broadcast,
    checks,
    first_listed,
    job_gone,
    runs_deleted_and_links_cleared,
)
from tests_support.cases.jobs.create import EMAIL, NEW, job_not_found
from tests_support.cases.routing import METHOD_NOT_ALLOWED, NOT_FOUND
from tests_support.kit.case import EMPTY, Case, Step
from tests_support.kit.contract import NO_HEADER
from tests_support.kit.scenario import deactivate
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.jobs import (
    JOB,
    SEEDS,
    add_runs,
    next_tuesday_nine,
    seed_jobs,
    stored_job,
    then,
)

# --- GET /jobs and GET /jobs/<job_id> ---------------------------------------------------------

NEWEST_FIRST = ("broken", "notify", "paused", "expired", "github", "olga", "alice")
NO_NEXT_RUN = frozenset({"paused", "broken"})  # inactive, or an invalid expression
LAST_RUN = {"alice": "2025-03-02T08:30:00", "olga": "2025-02-01T00:00:00.000005"}


def listed(world: World, key: str, *, with_runs: bool = True) -> dict[str, Any]:
    """A seeded job as the list and the detail render it (next run computed independently)."""
    last = LAST_RUN.get(key) if with_runs else None
    upcoming = None if key in NO_NEXT_RUN else next_tuesday_nine()
    return stored_job(world, key) | {"last_execution_at": last, "next_execution_at": upcoming}


def detail(key: str, with_runs: bool = True) -> Callable[[World], dict[str, Any]]:
    """The detail body of a seeded job."""
    return lambda world: {"job": listed(world, key, with_runs=with_runs)}


def get(name: str, path: str, method: str = "GET", **fields: Any) -> Case:
    """A GET case (as the viewer unless `actor` says otherwise: any role may read)."""
    fields.setdefault("actor", "viewer")
    fields.setdefault("setup", then(seed_jobs, add_runs))
    return Case(name=name, method=method, path=path, **fields)


READ_CASES = [
    get("list_returns_every_job_newest_first_with_last_and_next_runs", "/jobs", status=200,
        body=lambda w: {"count": 7, "jobs": [listed(w, key) for key in NEWEST_FIRST]}),
    get("list_is_empty_without_jobs", "/jobs", setup=None, status=200,
        body={"count": 0, "jobs": []}),
    get("list_requires_a_token", "/jobs", actor=None, status=401, body=NO_HEADER),
    get("list_shows_a_new_job_first", "/jobs", setup=seed_jobs, status=200,
        then=(Step(method="POST", path="/jobs", json=NEW, status=201),
              Step(method="GET", path="/jobs", status=200, check=first_listed("nightly")))),
    get("detail_returns_the_job_with_last_and_next_runs", f"/jobs/{JOB['alice']}", status=200,
        body=detail("alice")),
    get("detail_of_a_job_without_runs_has_no_last_run", f"/jobs/{JOB['github']}", status=200,
        body=detail("github")),
    get("detail_of_an_inactive_job_has_no_next_run", f"/jobs/{JOB['paused']}", status=200,
        body=detail("paused")),
    get("detail_of_an_invalid_expression_has_no_next_run", f"/jobs/{JOB['broken']}",
        status=200, body=detail("broken")),
    get("next_run_ignores_end_date", f"/jobs/{JOB['expired']}", status=200,
        body=detail("expired")),
    get("detail_reports_a_missing_job", "/jobs/{missing}", status=404,
        body=lambda w: job_not_found(w.ids["missing"])),
    get("get_validate_cron_is_a_job_lookup", "/jobs/validate-cron", status=404,
        body=job_not_found("validate-cron")),
    get("get_validate_cron_authenticates_first", "/jobs/validate-cron", actor=None, status=401,
        body=NO_HEADER),
    # routing (§1.1): fixed segments only win for their own method; no trailing slashes
    Case(name="put_cron_preview_is_a_job_update", method="PUT", path="/jobs/cron-preview",
         json={}, setup=seed_jobs, status=404, body=job_not_found("cron-preview")),
    Case(name="delete_validate_cron_is_a_job_delete", method="DELETE",
         path="/jobs/validate-cron", setup=seed_jobs, status=404,
         body=job_not_found("validate-cron")),
    get("jobs_with_a_trailing_slash_is_404", "/jobs/", status=404, body=NOT_FOUND),
    get("a_job_with_a_trailing_slash_is_404", f"/jobs/{JOB['alice']}/", status=404,
        body=NOT_FOUND),
    get("patch_jobs_is_405_before_authentication", "/jobs", method="PATCH", actor=None,
        status=405, body=METHOD_NOT_ALLOWED, allow=frozenset({"GET", "HEAD", "POST", "OPTIONS"})),
    get("post_to_a_job_is_405", f"/jobs/{JOB['alice']}", method="POST", status=405,
        body=METHOD_NOT_ALLOWED,
        allow=frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})),
    get("head_on_the_job_list_has_no_body", "/jobs", method="HEAD", status=200, body=EMPTY),
]  # fmt: skip

# --- DELETE /jobs/<job_id> --------------------------------------------------------------------

FORBIDDEN_DELETE = {
    "error": "Insufficient permissions",
    "message": "You can only delete your own jobs",
}


def delete(name: str, key: str, **fields: Any) -> Case:
    """A DELETE /jobs/<id> case on a seeded job (with runs and linked notifications)."""
    setup = then(seed_jobs, add_runs, *fields.pop("setups", ()))
    if fields.get("status", 200) != 200:
        fields.update(setup=recorded(setup), check=unchanged)
    fields.setdefault("setup", setup)
    path = f"/jobs/{JOB.get(key, key)}"
    return Case(name=f"delete_{name}", method="DELETE", path=path, **fields)


def deleted(key: str) -> dict[str, Any]:
    """The delete success body."""
    return {
        "message": "Job deleted successfully",
        "deleted_job": {"id": JOB[key], "name": SEEDS[key].name},
    }


def deletion_announced(key: str, actor: str) -> Any:
    """The job is gone with its runs, and "Job Deleted" was broadcast."""
    message = f'Job "{SEEDS[key].name}" was deleted by {EMAIL[actor]}.'
    return checks(job_gone(key), broadcast("Job Deleted", message, "warning"))


DELETE_CASES = [
    delete("admin_deletes_any_job_with_its_runs", "alice", status=200, body=deleted("alice"),
           check=checks(deletion_announced("alice", "admin"), runs_deleted_and_links_cleared),
           then=(Step(method="GET", path=f"/jobs/{JOB['alice']}", status=404,
                      body=job_not_found(JOB["alice"])),)),
    delete("user_deletes_own_job", "alice", actor="user", status=200, body=deleted("alice"),
           check=deletion_announced("alice", "user")),
    delete("admin_deletes_an_unowned_job", "broken", status=200, body=deleted("broken"),
           check=deletion_announced("broken", "admin")),
    delete("broadcasts_only_to_active_users", "olga", actor="other", status=200,
           setups=(deactivate("viewer"),), body=deleted("olga"),
           check=deletion_announced("olga", "other")),
    delete("user_cannot_delete_another_users_job", "olga", actor="user", status=403,
           body=FORBIDDEN_DELETE),
    delete("user_cannot_delete_an_unowned_job", "broken", actor="user", status=403,
           body=FORBIDDEN_DELETE),
    delete("viewer_cannot_delete_a_job", "alice", actor="viewer", status=403,
           body=FORBIDDEN_DELETE),
    delete("viewer_gets_404_before_403_for_a_missing_job", "{missing}", actor="viewer",
           status=404, body=lambda w: job_not_found(w.ids["missing"])),
    delete("reports_a_missing_job", "{missing}", status=404,
           body=lambda w: job_not_found(w.ids["missing"])),
    delete("requires_a_token", "alice", actor=None, status=401, body=NO_HEADER),
]  # fmt: skip
