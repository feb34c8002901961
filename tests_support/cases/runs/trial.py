"""`POST /jobs/test-run` (spec §4.3, A7): access and every validation row, with exact bodies.

A test-run stores nothing, so every case here also checks that the database is unchanged and
that no request went out. The calls themselves are in `testrun_call_cases.py`.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.runs.checks import checks, sent
from tests_support.cases.runs.execute import ROLE_REQUIRED, must_be_string
from tests_support.kit.case import Case
from tests_support.kit.contract import CONTENT_TYPE_ERROR, INVALID_JSON, NO_HEADER, NOT_AN_OBJECT
from tests_support.kit.unchanged import recorded, unchanged

TEST_RUN = "/jobs/test-run"
HOOK = "/hooks/probe"
TARGET_FIELDS = ("target_url", "github_owner", "github_repo", "github_workflow_name")
TRIPLE = {"github_owner": "acme", "github_repo": "deploy", "github_workflow_name": "release"}
INVALID_METADATA = {"error": "Invalid metadata", "message": '"metadata" must be an object.'}
MISSING_TARGET = {
    "error": "Missing target configuration",
    "message": "Provide target_url or GitHub config "
    "(github_owner, github_repo, github_workflow_name).",
}
BAD_TIMEOUT = {"error": "Invalid payload", "message": '"timeout_seconds" must be a number.'}
BAD_URL = {
    "error": "Invalid target_url",
    "message": "Webhook URL must start with http:// or https://",
}
NOTHING_DONE = checks(sent(), unchanged)


def trial(name: str, **fields: Any) -> Case:
    """Return a test-run case: a user sends it; by default it is refused with a 400."""
    defaults: dict[str, Any] = {"method": "POST", "path": TEST_RUN, "actor": "user"}
    defaults |= {"status": 400, "setup": recorded(), "check": NOTHING_DONE}
    return Case(name=name, **(defaults | fields))


def to_hook(**body: Any) -> Any:
    """Return a request body aimed at the stub's hook, resolved against the world."""
    return lambda world: {"target_url": world.url(HOOK)} | body


TESTRUN_ACCESS_CASES = [
    trial("test_run_without_token_is_401", actor=None, json={}, status=401, body=NO_HEADER),
    trial("viewer_cannot_test_run", actor="viewer", json=to_hook(), status=403, body=ROLE_REQUIRED),
]

TESTRUN_BODY_CASES = [
    trial(
        "test_run_needs_a_json_content_type",
        raw=b"{}",
        content_type="text/plain",
        body=CONTENT_TYPE_ERROR,
    ),
    trial("test_run_without_body_needs_a_json_content_type", body=CONTENT_TYPE_ERROR),
    trial("test_run_malformed_json_is_400", raw=b"{nope", body=INVALID_JSON),
    trial(
        "test_run_empty_json_body_is_400",
        raw=b"",
        content_type="application/json",
        body=INVALID_JSON,
    ),
    trial("test_run_array_body_is_400", json=[TRIPLE], body=NOT_AN_OBJECT),
    trial("test_run_null_body_is_400", json=None, body=NOT_AN_OBJECT),
    *[
        trial(f"test_run_{field}_must_be_a_string", json={field: 1}, body=must_be_string(field))
        for field in TARGET_FIELDS
    ],
    trial(
        "test_run_fields_are_checked_in_order",
        json={"github_workflow_name": 1, "github_owner": [], "target_url": {}},
        body=must_be_string("target_url"),
    ),
    trial(
        "test_run_fields_are_checked_before_metadata",
        json={"metadata": [1], "github_repo": True},
        body=must_be_string("github_repo"),
    ),
    *[
        trial(
            f"test_run_metadata_{label}_is_400", json=to_hook(metadata=value), body=INVALID_METADATA
        )
        for label, value in [("list", [1]), ("string", "x"), ("number", 5), ("true", True)]
    ],
    trial(
        "test_run_metadata_is_checked_before_the_target",
        json={"metadata": ["x"]},
        body=INVALID_METADATA,
    ),
    *[
        trial(f"test_run_{label}_is_missing_a_target", json=payload, body=MISSING_TARGET)
        for label, payload in [
            ("empty_body", {}),
            ("blank_target_url", {"target_url": "   "}),
            ("null_fields", dict.fromkeys(TARGET_FIELDS)),
            ("incomplete_triple", {"github_owner": "acme", "github_repo": "deploy"}),
            ("blank_workflow", TRIPLE | {"github_workflow_name": " "}),
        ]
    ],
    trial(
        "test_run_target_is_checked_before_the_timeout",
        json={"timeout_seconds": "soon"},
        body=MISSING_TARGET,
    ),
    *[
        trial(
            f"test_run_timeout_{label}_is_400",
            json=to_hook(timeout_seconds=value),
            body=BAD_TIMEOUT,
        )
        for label, value in [
            ("word", "soon"),
            ("blank_string", "  "),
            ("true", True),
            ("list", [5]),
            ("object", {"s": 5}),
            ("infinite_string", "Infinity"),
            ("nan_string", "nan"),
        ]
    ],
    trial(
        "test_run_timeout_is_checked_before_the_scheme",
        json={"target_url": "ftp://example.com/hook", "timeout_seconds": "soon"},
        body=BAD_TIMEOUT,
    ),
    *[
        trial(
            f"test_run_target_url_{label}_is_400", json=TRIPLE | {"target_url": url}, body=BAD_URL
        )
        for label, url in [
            ("with_ftp_scheme", "ftp://example.com/hook"),
            ("without_scheme", "example.com/hook"),
            ("with_scheme_only", "http:/example.com"),
        ]
    ],
]

TESTRUN_CASES = TESTRUN_ACCESS_CASES + TESTRUN_BODY_CASES
