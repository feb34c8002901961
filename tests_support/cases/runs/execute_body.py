"""The optional body of `POST /jobs/<job_id>/execute` (spec §4.4 steps 5–7, A2, D1).

Only a non-empty body with a JSON media type is read; JSON `null` means no overrides. Every
field is type-checked, whatever the job's kind, before any override is applied.
"""

from __future__ import annotations

from tests_support.cases.runs.execute import (
    GITHUB_204,
    METADATA_NOT_OBJECT,
    NO_RUN,
    STRING_FIELDS,
    WEBHOOK_PONG,
    dispatched,
    execute,
    must_be_string,
    pong_get,
)
from tests_support.kit.contract import INVALID_JSON, NOT_AN_OBJECT
from tests_support.kit.unchanged import recorded

BODY_CASES = [
    execute(
        "malformed_json_body_is_400",
        setup=recorded(WEBHOOK_PONG),
        raw=b"{not json",
        status=400,
        body=INVALID_JSON,
        check=NO_RUN,
    ),
    execute(
        "whitespace_json_body_is_400",
        setup=recorded(WEBHOOK_PONG),
        raw=b"  ",
        status=400,
        body=INVALID_JSON,
        check=NO_RUN,
    ),
    execute(
        "array_body_is_400",
        setup=recorded(WEBHOOK_PONG),
        json=[1],
        status=400,
        body=NOT_AN_OBJECT,
        check=NO_RUN,
    ),
    execute(
        "vendor_json_media_type_is_read",
        setup=recorded(WEBHOOK_PONG),
        raw=b'"text"',
        content_type="application/vnd.api+json; charset=utf-8",
        status=400,
        body=NOT_AN_OBJECT,
        check=NO_RUN,
    ),
    execute("null_body_means_no_overrides", setup=WEBHOOK_PONG, json=None, check=pong_get()),
    execute(
        "empty_json_body_means_no_overrides",
        setup=WEBHOOK_PONG,
        raw=b"",
        content_type="application/json",
        check=pong_get(),
    ),
    execute(
        "body_of_another_media_type_is_ignored",
        setup=WEBHOOK_PONG,
        raw=b"{not json",
        content_type="text/plain",
        check=pong_get(),
    ),
    execute(
        "metadata_list_is_400",
        setup=recorded(WEBHOOK_PONG),
        json={"metadata": [1]},
        status=400,
        body=METADATA_NOT_OBJECT,
        check=NO_RUN,
    ),
    execute(
        "metadata_string_is_400",
        setup=recorded(WEBHOOK_PONG),
        json={"metadata": "x"},
        status=400,
        body=METADATA_NOT_OBJECT,
        check=NO_RUN,
    ),
    execute(
        "metadata_is_checked_before_the_string_fields",
        setup=recorded(WEBHOOK_PONG),
        json={"github_token": 1, "metadata": 5},
        status=400,
        body=METADATA_NOT_OBJECT,
        check=NO_RUN,
    ),
    *[
        execute(
            f"{field}_must_be_a_string",
            setup=recorded(GITHUB_204),
            json={field: 7},
            status=400,
            body=must_be_string(field),
            check=NO_RUN,
        )
        for field in STRING_FIELDS
    ],
    execute(
        "github_fields_are_type_checked_on_webhook_jobs",
        setup=recorded(WEBHOOK_PONG),
        json={"github_repo": False},
        status=400,
        body=must_be_string("github_repo"),
        check=NO_RUN,
    ),
    execute(
        "string_fields_are_checked_in_order",
        setup=recorded(GITHUB_204),
        json={"github_workflow_name": 1, "target_url": [], "github_token": {}},
        status=400,
        body=must_be_string("github_token"),
        check=NO_RUN,
    ),
    execute(
        "null_fields_mean_no_override",
        setup=GITHUB_204,
        json=dict.fromkeys((*STRING_FIELDS, "metadata")),
        check=dispatched(),
    ),
]
