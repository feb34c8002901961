"""Execution history endpoints (spec §4.6) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response

from cronjobs.domain.executions import history as executions
from cronjobs.legacy.context import service
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed, query_args
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("executions", __name__, url_prefix="/api")
Reply = tuple[Response, int]


@blueprint.get("/jobs/<job_id>/executions")
@authenticated()
def job_executions(_user: User, job_id: str) -> Reply:
    """List a job's executions."""
    return committed(
        executions.job_executions(
            get_session(), job_id, query_args(), expose_details=service().expose_details
        )
    )


@blueprint.get("/jobs/<job_id>/executions/<execution_id>")
@authenticated()
def job_execution(_user: User, job_id: str, execution_id: str) -> Reply:
    """Return one execution of a job."""
    return committed(executions.job_execution(get_session(), job_id, execution_id))


@blueprint.get("/jobs/<job_id>/executions/stats")
@authenticated()
def job_execution_stats(_user: User, job_id: str) -> Reply:
    """Summarise a job's executions."""
    return committed(executions.job_execution_stats(get_session(), job_id))


@blueprint.get("/executions")
@authenticated()
def list_executions(_user: User) -> Reply:
    """Page through every job's executions."""
    return committed(
        executions.list_executions(
            get_session(), query_args(), expose_details=service().expose_details
        )
    )


@blueprint.get("/executions/<execution_id>")
@authenticated()
def get_execution(_user: User, execution_id: str) -> Reply:
    """Return one execution."""
    return committed(executions.get_execution(get_session(), execution_id))


@blueprint.get("/executions/statistics")
@authenticated()
def execution_statistics(_user: User) -> Reply:
    """Summarise executions, orphans included."""
    return committed(
        executions.execution_statistics(
            get_session(), query_args(), expose_details=service().expose_details
        )
    )
