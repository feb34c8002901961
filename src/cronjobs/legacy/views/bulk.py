"""Bulk job upload from a CSV file (spec §4.5) on the Flask stack."""

from __future__ import annotations

from flask import Blueprint, Response, request

from cronjobs.domain.accounts.access import ADMIN_OR_USER
from cronjobs.domain.bulk.upload import BulkUpload, finish_upload, process_upload, read_upload
from cronjobs.legacy.context import service
from cronjobs.legacy.database import get_session
from cronjobs.legacy.http import committed_then
from cronjobs.legacy.security import authenticated
from cronjobs.models import User

blueprint = Blueprint("bulk", __name__, url_prefix="/api/jobs")


@blueprint.post("/bulk-upload")
@authenticated(*ADMIN_OR_USER)
def bulk_upload(user: User) -> tuple[Response, int]:
    """Create jobs from the rows of an uploaded CSV (or only validate them on a dry run)."""
    file = request.files.get("file")
    upload = BulkUpload(
        # The part's spooled file, read lazily (werkzeug closes it when the request ends).
        source=file.stream if file is not None else None,
        filename=file.filename if file is not None else None,
        default_github_owner=request.form.get("default_github_owner"),
        dry_run=request.form.get("dry_run"),
    )
    session, context = get_session(), service()
    outcome = process_upload(session, context, user, upload, read_upload(context, upload))
    # The new jobs are scheduled only once every valid row is committed (§4.5).
    return committed_then(lambda: finish_upload(session, context, outcome))
