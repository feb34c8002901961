"""Bulk upload's form as §4.5 reads it, in place of `negative_data_rejection` on that operation.

Every part of a multipart form is text: a value schemathesis means as another type (null, a
number, an object, a list item) reaches the service as text, which the contract takes for
`default_github_owner` and `dry_run` (and repeated, the first counts). What the contract refuses
is a form without its file, with 400 `Missing file`; this check wants exactly that.
"""

from __future__ import annotations

import re

from schemathesis import Case, CheckContext, Response

from tests_support.kit.fuzz.checks import body_of

FILE_PART = re.compile(rb'name="file"; filename="[^"]+"')


def file_part_required(ctx: CheckContext, response: Response, case: Case) -> None:
    """Want 400 `Missing file` for a bulk upload whose form has no named file part."""
    request = response.request
    if request.method != "POST" or not str(request.url).endswith("/jobs/bulk-upload"):
        return
    sent = request.body if isinstance(request.body, bytes) else str(request.body or "").encode()
    if FILE_PART.search(sent):
        return
    body = body_of(response)
    label = body.get("error") if isinstance(body, dict) else None
    assert (response.status_code, label) == (400, "Missing file"), (
        f"a bulk upload without its file answered {response.status_code} {body}"
    )
