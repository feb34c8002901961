"""`POST /jobs/test-run` calls (spec §4.3): webhook and GitHub modes, answers, transport errors.

Every case answers 200 and stores nothing. The timeout is clamped to 1..30 s, so the one case
that provokes a timeout waits a second.
"""

from __future__ import annotations

from typing import Any

from cronjobs.domain.common.body import invalid_json
from tests_support.cases.runs.checks import Sent, checks, sent
from tests_support.cases.runs.trial import HOOK, TRIPLE, to_hook, trial
from tests_support.kit.case import Matches
from tests_support.kit.servers.http_stub import closed_port_url
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.runs import DISPATCH, ENV_TOKEN, answer, without_github_token

INVALID_JSON = invalid_json().body()

WEBHOOK_OK = {"ok": True, "type": "webhook", "message": "Webhook test run succeeded."}
WEBHOOK_FAILED = {"ok": False, "type": "webhook", "message": "Webhook test run failed."}
GITHUB_OK = {"ok": True, "type": "github", "message": "GitHub workflow dispatch triggered."}
GITHUB_FAILED = {"ok": False, "type": "github", "message": "GitHub workflow dispatch failed."}
NO_TOKEN = {
    "ok": False,
    "type": "github",
    "error": "GitHub token not configured",
    "message": "Set GITHUB_TOKEN in backend .env to test-run GitHub workflows.",
}
GITHUB_HEADERS = {
    "Authorization": f"Bearer {ENV_TOKEN}",
    "Accept": "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
}


EXCEPTION_TEXT = Matches("exception text", ".+")


def request_failed(kind: str, message: Any = EXCEPTION_TEXT) -> dict[str, Any]:
    """Return the body of a transport error (message exposed by default)."""
    return {"ok": False, "type": kind, "error": "Request failed", "message": message}


def posted(json: Any) -> Any:
    """The hook got one POST with this JSON body, and nothing was stored."""
    return checks(sent(Sent("POST", HOOK, json=json)), unchanged)


def dispatched(json: Any) -> Any:
    """The workflow got one test-run dispatch with this JSON body, and nothing was stored."""
    return checks(sent(Sent("POST", DISPATCH, json=json, headers=GITHUB_HEADERS)), unchanged)


def call(name: str, **fields: Any) -> Any:
    """Return a test-run case that makes its call and answers 200."""
    return trial(name, status=200, **fields)


TESTRUN_WEBHOOK_CASES = [
    call(
        "test_run_posts_metadata_to_the_webhook",
        setup=recorded(answer(HOOK, 200, "pong")),
        json=to_hook(metadata={"env": "qa"}),
        body=WEBHOOK_OK | {"status_code": 200},
        check=posted({"env": "qa"}),
    ),
    call(
        "admin_can_test_run",
        actor="admin",
        setup=recorded(answer(HOOK, 204)),
        json=to_hook(),
        body=WEBHOOK_OK | {"status_code": 204},
        check=posted({}),
    ),
    *[
        call(
            f"test_run_falsy_metadata_{label}_posts_an_empty_object",
            setup=recorded(answer(HOOK, 202)),
            json=to_hook(metadata=value),
            body=WEBHOOK_OK | {"status_code": 202},
            check=posted({}),
        )
        for label, value in [("null", None), ("zero", 0), ("empty_string", ""), ("list", [])]
    ],
    call(
        "test_run_webhook_error_status_is_reported",
        setup=recorded(answer(HOOK, 503, "down")),
        json=to_hook(),
        body=WEBHOOK_FAILED | {"status_code": 503},
        check=posted({}),
    ),
    call(
        "test_run_target_url_wins_over_github_fields",
        setup=recorded(answer(HOOK, 200)),
        json=lambda world: TRIPLE | {"target_url": f"  {world.url(HOOK)} "},
        body=WEBHOOK_OK | {"status_code": 200},
        check=posted({}),
    ),
    call(
        "test_run_webhook_connection_refused_is_reported",
        json=lambda world: {"target_url": f"{closed_port_url()}/hook"},
        body=request_failed("webhook"),
    ),
    *[
        call(
            f"test_run_webhook_host_with_{label}_is_reported",
            json={"target_url": url},
            body=request_failed("webhook"),
        )
        for label, url in [
            ("an_empty_label", "http://hooks..example.com/run"),
            ("a_malformed_idna_label", "http://xn--/run"),
        ]
    ],
    # NaN and Infinity are not JSON (RFC 8259), though Python's parser takes them: D1's 400.
    trial(
        "test_run_metadata_with_nan_is_invalid_json",
        raw=b'{"target_url": "http://127.0.0.1:9/hook", "metadata": {"x": NaN}}',
        status=400,
        body=INVALID_JSON,
    ),
    call(
        "test_run_timeout_below_one_second_is_raised_to_one",
        setup=recorded(answer(HOOK, 200, delay=0.3)),
        json=to_hook(timeout_seconds="0.01"),
        body=WEBHOOK_OK | {"status_code": 200},
        check=posted({}),
    ),
    call(
        "test_run_zero_timeout_means_the_default",
        setup=recorded(answer(HOOK, 200, delay=0.3)),
        json=to_hook(timeout_seconds=0),
        body=WEBHOOK_OK | {"status_code": 200},
        check=posted({}),
    ),
]

TESTRUN_GITHUB_CASES = [
    call(
        "test_run_github_without_token_makes_no_call",
        setup=recorded(answer(DISPATCH, 204), without_github_token),
        json=TRIPLE,
        body=NO_TOKEN,
    ),
    call(
        "test_run_dispatches_on_main_without_inputs",
        setup=recorded(answer(DISPATCH, 204)),
        json=TRIPLE,
        body=GITHUB_OK | {"status_code": 204},
        check=dispatched({"ref": "main"}),
    ),
    call(
        "test_run_github_201_is_a_success",
        setup=recorded(answer(DISPATCH, 201)),
        json=TRIPLE,
        body=GITHUB_OK | {"status_code": 201},
        check=dispatched({"ref": "main"}),
    ),
    call(
        "test_run_github_404_is_not_retried",
        setup=recorded(answer(DISPATCH, 404)),
        json=TRIPLE,
        body=GITHUB_FAILED | {"status_code": 404},
        check=dispatched({"ref": "main"}),
    ),
    call(
        "test_run_github_fields_are_trimmed",
        setup=recorded(answer(DISPATCH, 204)),
        json={
            "github_owner": " acme ",
            "github_repo": "deploy ",
            "github_workflow_name": " release",
            "target_url": None,
        },
        body=GITHUB_OK | {"status_code": 204},
        check=dispatched({"ref": "main"}),
    ),
    *[
        call(
            f"test_run_ref_{label}",
            setup=recorded(answer(DISPATCH, 204)),
            json=TRIPLE | {"metadata": metadata},
            body=GITHUB_OK | {"status_code": 204},
            check=dispatched({"ref": ref, "inputs": metadata}),
        )
        for label, metadata, ref in [
            (
                "comes_from_metadata_ref_trimmed",
                {"ref": " feature/x ", "branch": "dev"},
                "feature/x",
            ),
            ("falls_back_to_branch", {"ref": "  ", "branch": "dev", "suite": "smoke"}, "dev"),
            ("ignores_a_non_string_ref", {"ref": 5, "branch": "dev"}, "dev"),
            ("defaults_to_main", {"branch": ["dev"], "suite": "smoke"}, "main"),
        ]
    ],
    trial(
        "test_run_github_metadata_with_infinity_is_invalid_json",
        setup=recorded(answer(DISPATCH, 204)),
        raw=b'{"github_owner": "acme", "github_repo": "deploy", '
        b'"github_workflow_name": "release", "metadata": {"n": Infinity}}',
        status=400,
        body=INVALID_JSON,
        check=checks(sent(), unchanged),
    ),
    call(
        "test_run_github_timeout_is_reported",
        setup=recorded(answer(DISPATCH, 204, delay=1.5)),
        json=TRIPLE | {"timeout_seconds": 1},
        body=request_failed("github"),
        check=checks(sent(Sent("POST", DISPATCH, json={"ref": "main"})), unchanged),
    ),
]

# Replayed with EXPOSE_ERROR_DETAILS=false (§1.3): "Request failed" carries no exception text.
TESTRUN_HIDDEN_CASES = [
    call(
        "test_run_webhook_failure_text_is_hidden",
        json=lambda world: {"target_url": f"{closed_port_url()}/hook"},
        body=request_failed("webhook", "Request failed"),
    ),
    call(
        "test_run_github_failure_text_is_hidden",
        setup=recorded(answer(DISPATCH, 204, delay=1.5)),
        json=TRIPLE | {"timeout_seconds": 1},
        body=request_failed("github", "Request failed"),
        check=unchanged,
    ),
]

TESTRUN_CALL_CASES = TESTRUN_WEBHOOK_CASES + TESTRUN_GITHUB_CASES
