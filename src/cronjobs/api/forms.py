"""Reading a bulk upload's multipart form on the FastAPI stack as the Flask stack reads it.

Werkzeug (behind Flask) reads a malformed or non-multipart body as an empty form, and takes the
first value of a repeated field; a part with a `filename` is a file, any other part a field. It
answers 413 for a field over `MAX_FORM_FIELD_BYTES` or more than `MAX_FORM_PARTS` parts, and keeps
at most 500 KiB of a file in memory before spooling it to disk. Starlette raises on malformed
bodies, keeps the last value and spools at 1 MiB, so the differences are settled here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from cronjobs.domain.bulk.upload import (
    MAX_FORM_FIELD_BYTES,
    MAX_FORM_PARTS,
    BulkUpload,
    form_too_large,
)
from cronjobs.domain.common.headers import joined

OVER_LIMIT_MESSAGES = ("Part exceeded maximum size", "Too many files", "Too many fields")


class LegacyMultiPartParser(MultiPartParser):
    """Starlette's parser spooling file parts to disk past 500 KiB, as werkzeug does."""

    spool_max_size = 500 * 1024


async def _multipart(request: Request, content_type: str) -> FormData:
    parser = LegacyMultiPartParser(
        Headers({"content-type": content_type}),
        request.stream(),
        max_files=MAX_FORM_PARTS,
        max_fields=MAX_FORM_PARTS,
        max_part_size=MAX_FORM_FIELD_BYTES,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        if exc.message.startswith(OVER_LIMIT_MESSAGES):
            raise form_too_large() from exc
        return FormData()
    # Starlette leaves the file of an unterminated part open: close what the form dropped.
    kept = {id(item.file) for _, item in form.multi_items() if isinstance(item, UploadFile)}
    for spooled in parser._files_to_close_on_error:
        if id(spooled) not in kept:
            spooled.close()
    if len(form.multi_items()) > MAX_FORM_PARTS:
        await form.close()
        raise form_too_large()
    return form


def _first_field(form: FormData, name: str) -> str | None:
    return next((value for value in form.getlist(name) if isinstance(value, str)), None)


@asynccontextmanager
async def bulk_upload_form(request: Request) -> AsyncIterator[BulkUpload]:
    """Yield the `file` part and the form fields of a bulk upload (spec §4.5).

    The file stays open, to be read lazily, until the block ends.
    """
    content_type = joined(request.headers.getlist("content-type")) or ""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type != "multipart/form-data":
        # Only multipart carries files: any other body has no `file` part.
        yield BulkUpload(source=None, filename=None)
        return
    form = await _multipart(request, content_type)
    try:
        file = next((item for item in form.getlist("file") if isinstance(item, UploadFile)), None)
        yield BulkUpload(
            source=file.file if file is not None else None,
            filename=file.filename if file is not None else None,
            default_github_owner=_first_field(form, "default_github_owner"),
            dry_run=_first_field(form, "dry_run"),
        )
    finally:
        await form.close()
