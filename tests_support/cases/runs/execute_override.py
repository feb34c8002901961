"""Overrides of a manual run (spec §4.4): dispatch_url, GitHub fields, token, target_url, metadata.

Overrides apply to one run and are never stored; which ones count depends on the job's kind.
"""

from __future__ import annotations

from tests_support.cases.runs.checks import Sent, exception_text, execution, sent
from tests_support.cases.runs.execute import (
    BAD_DISPATCH,
    GITHUB_204,
    NO_RUN,
    NO_TARGET,
    WEBHOOK_PONG,
    dispatch_path,
    dispatched,
    execute,
    pong_get,
)
from tests_support.kit.unchanged import recorded
from tests_support.kit.worlds.runs import (
    DISPATCH,
    GITHUB,
    WEBHOOK,
    answer,
    github_job,
    setups,
    stub_url,
    webhook_job,
)

OVERRIDE_CASES = [
    execute(
        "dispatch_url_with_host_sets_the_workflow",
        setup=setups(github_job(), answer(dispatch_path("o2", "r2", "w2.yml"), 204)),
        json={"dispatch_url": " https://github.com/o2/r2/actions/workflows/w2.yml "},
        check=dispatched(dispatch_path("o2", "r2", "w2.yml"), "o2/r2/w2.yml"),
    ),
    execute(
        "dispatch_url_path_with_extra_segments_sets_the_workflow",
        setup=setups(github_job(), answer(dispatch_path("o2", "r2", "w2"), 204)),
        json={"dispatch_url": "/o2/r2/actions/workflows/w2/runs?x=1"},
        check=dispatched(dispatch_path("o2", "r2", "w2"), "o2/r2/w2"),
    ),
    *[
        execute(
            f"dispatch_url_{label}_is_400",
            setup=recorded(GITHUB_204),
            json={"dispatch_url": url},
            status=400,
            body=BAD_DISPATCH,
            check=NO_RUN,
        )
        for label, url in [
            ("without_leading_slash", "o2/r2/actions/workflows/w2"),
            ("with_repos_prefix", "https://api.github.com/repos/o2/r2/actions/workflows/w2"),
            ("without_workflow", "https://github.com/o2/r2/actions/workflows"),
            ("with_other_segments", "https://github.com/o2/r2/actions/runs/w2"),
            ("with_bad_host", "http://[::1/o2/r2/actions/workflows/w2"),
        ]
    ],
    execute(
        "blank_dispatch_url_is_ignored",
        setup=GITHUB_204,
        json={"dispatch_url": "   "},
        check=dispatched(),
    ),
    execute(
        "dispatch_url_is_ignored_on_webhook_jobs",
        setup=WEBHOOK_PONG,
        json={"dispatch_url": "nonsense"},
        check=pong_get(),
    ),
    execute(
        "github_fields_override_the_dispatch_url",
        setup=setups(github_job(), answer(dispatch_path("o2", "r3", "w2"), 204)),
        json={"dispatch_url": "/o2/r2/actions/workflows/w2", "github_repo": " r3 "},
        check=dispatched(dispatch_path("o2", "r3", "w2"), "o2/r3/w2"),
    ),
    execute(
        "blank_github_fields_keep_the_jobs_values",
        setup=GITHUB_204,
        json={"github_owner": "  ", "github_repo": "", "github_workflow_name": " "},
        check=dispatched(),
    ),
    execute(
        "github_token_override_replaces_the_environment_token",
        setup=GITHUB_204,
        json={"github_token": " ghp-override "},
        check=dispatched(headers={"Authorization": "Bearer ghp-override"}),
    ),
    execute(
        "incomplete_github_job_is_400",
        setup=recorded(github_job(github_workflow_name=None)),
        status=400,
        body=NO_TARGET,
        check=NO_RUN,
    ),
    execute(
        "override_completes_the_github_triple",
        setup=setups(github_job(github_workflow_name=None), answer(DISPATCH, 204)),
        json={"github_workflow_name": "release"},
        check=dispatched(),
    ),
    execute(
        "target_url_is_ignored_on_github_jobs",
        setup=recorded(github_job(github_workflow_name=None)),
        json=lambda world: {"target_url": world.url(WEBHOOK)},
        status=400,
        body=NO_TARGET,
        check=NO_RUN,
    ),
    execute(
        "target_url_override_redirects_a_webhook_run",
        setup=setups(webhook_job(), answer("/hooks/other", 200, "pong")),
        json=lambda world: {"target_url": f" {world.url('/hooks/other')} "},
        check=pong_get("/hooks/other"),
    ),
    execute(
        "blank_target_url_keeps_the_jobs_url",
        setup=WEBHOOK_PONG,
        json={"target_url": " "},
        check=pong_get(),
    ),
    execute(
        "github_fields_are_ignored_on_webhook_jobs",
        setup=WEBHOOK_PONG,
        json={"github_owner": "o", "github_repo": "r", "github_workflow_name": "w"},
        check=pong_get(),
    ),
    execute(
        "job_with_url_and_github_triple_runs_github_with_webhook_overrides",
        setup=setups(webhook_job(**GITHUB), answer(DISPATCH, 204)),
        json={"github_token": "ignored", "github_workflow_name": "ignored"},
        check=dispatched(),
    ),
    execute(
        "metadata_override_replaces_the_jobs_metadata",
        setup=setups(webhook_job(metadata={"env": "prod"}), answer(WEBHOOK, 200, "pong")),
        json={"metadata": {"env": "staging"}},
        check=sent(Sent("POST", WEBHOOK, json={"env": "staging"})),
    ),
    execute(
        "empty_metadata_override_makes_a_get",
        setup=setups(webhook_job(metadata={"env": "prod"}), answer(WEBHOOK, 200, "pong")),
        json={"metadata": {}},
        check=pong_get(),
    ),
    execute(
        "null_metadata_keeps_the_jobs_metadata",
        setup=setups(webhook_job(metadata={"env": "prod"}), answer(WEBHOOK, 200, "pong")),
        json={"metadata": None},
        check=sent(Sent("POST", WEBHOOK, json={"env": "prod"})),
    ),
]

# Replayed with EXPOSE_ERROR_DETAILS=false (§1.3): only the dispatch_url message is hidden; an
# execution's error_message is not an answer, so it keeps the exception text.
HIDDEN_DETAIL_CASES = [
    execute(
        "dispatch_url_message_is_hidden",
        setup=recorded(GITHUB_204),
        json={"dispatch_url": "o2/r2/actions/workflows/w2"},
        status=400,
        body={"error": "Invalid payload", "message": "Invalid payload"},
        check=NO_RUN,
    ),
    execute(
        "run_error_keeps_the_exception_text_when_details_are_hidden",
        setup=setups(webhook_job(), answer(WEBHOOK, 200, "late", delay=2.0)),
        check=execution(
            status="failed",
            execution_type="webhook",
            target=stub_url(WEBHOOK),
            response_status=None,
            error_message=exception_text("Webhook call failed: "),
            output=None,
        ),
    ),
]
