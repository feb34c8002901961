"""Manual execute (spec §4.4) and test-run (§4.3) on the Flask stack.

Both make an outbound call of up to 10 s (30 s for a test-run) inside the request, so the
request's transaction is committed before the call (`committed_then`): on SQLite a write
transaction holds the database's write lock, and the run commits its own steps on other
sessions of the same database (`session_factory`, A16).
"""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.accounts.access import ADMIN_OR_USER
from cronjobs.domain.runs.manual import perform_manual_run, prepare_manual_run
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.domain.runs.trial import perform_test_run
from cronjobs.legacy.context import service
from cronjobs.legacy.database import get_session, session_factory
from cronjobs.legacy.http import committed_then, request_body
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("runs", __name__, url_prefix="/api/jobs")
Reply = tuple[Response, int]


@blueprint.post("/test-run")
@authenticated(*ADMIN_OR_USER)
def test_run(_user: User) -> Reply:
    """Call a webhook or dispatch a workflow once, storing nothing."""
    body = request_body()
    return committed_then(lambda: perform_test_run(service(), body))


@blueprint.post("/<job_id>/execute")
@authenticated(*ADMIN_OR_USER)
def execute(user: User, job_id: str) -> Reply:
    """Run a job now, synchronously; 200 whatever the run's outcome."""
    context = service()
    run = prepare_manual_run(get_session(), context, user, job_id, request_body())
    runner = JobRunner(session_factory(), context)
    return committed_then(lambda: perform_manual_run(run, context, runner))
