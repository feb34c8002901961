"""What a manual run sends and records (spec §6.4 outcome table, §6.6 broadcasts).

Each case runs the job through `POST /jobs/<job_id>/execute`, which answers 200 whatever the
outcome, and then checks the requests the stub received and the execution row. The app under
test uses a 0.5 s executor timeout, so the timeout cases wait half a second.
"""

from __future__ import annotations

from typing import Any

from cronjobs.models import Job
from tests_support.cases.runs.checks import (
    Sent,
    answer_observed,
    broadcast,
    checks,
    exception_text,
    execution,
    observed,
    sent,
)
from tests_support.cases.runs.execute import dispatch_path, execute
from tests_support.kit.servers.http_stub import closed_port_url
from tests_support.kit.worlds.runs import (
    DISPATCH,
    ENV_TOKEN,
    JOB_ID,
    WEBHOOK,
    answer,
    github_job,
    setups,
    stub_url,
    webhook_job,
)

YML = dispatch_path("acme", "deploy", "release.yml")
YAML = dispatch_path("acme", "deploy", "release.yaml")
SLOW = 2.0  # seconds the stub waits before answering: longer than the 0.5 s timeout
GITHUB_HEADERS = {
    "Authorization": f"Bearer {ENV_TOKEN}",
    "Accept": "application/vnd.github.v3+json",
    "Content-Type": "application/json",
}
EMPTY_INPUTS = {"ref": "master", "inputs": {}}


def dispatch(path: str = DISPATCH, json: Any = None, token: str = ENV_TOKEN) -> Sent:
    """A run's dispatch request (§6.4 step 5)."""
    return Sent(
        "POST",
        path,
        json=EMPTY_INPUTS if json is None else json,
        headers=GITHUB_HEADERS | {"Authorization": f"Bearer {token}"},
        absent=("X-GitHub-Api-Version",),
    )


def webhook_run(**recorded: Any) -> Any:
    """The execution of a webhook run on the stub's hook."""
    return execution(execution_type="webhook", target=stub_url(WEBHOOK), **recorded)


def github_run(target: str | None = "acme/deploy/release", **recorded: Any) -> Any:
    """The execution of a GitHub run."""
    return execution(execution_type="github_actions", target=target, **recorded)


def github_failed(status: int, response: str) -> Any:
    """A dispatch answered with a status other than 204."""
    message = f"GitHub Actions dispatch failed. Status: {status}, Response: {response}"
    return checks(
        github_run(status="failed", response_status=status, error_message=message, output=None),
        broadcast(False, message),
    )


def github_succeeded(ref: str = "master") -> Any:
    """A dispatch answered 204."""
    return checks(
        github_run(
            status="success",
            response_status=204,
            error_message=None,
            output=f"Workflow triggered successfully on branch {ref}",
        ),
        broadcast(True),
    )


def stored_target(world: Any) -> str:
    """Return the job's stored target_url."""
    return str(world.row(Job, id=JOB_ID).target_url)


WEBHOOK_CASES = [
    execute(
        "webhook_execution_is_committed_running_before_the_call",
        setup=setups(webhook_job(), answer_observed(WEBHOOK, 200, "pong")),
        check=observed(
            status="running",
            execution_type="webhook",
            target=stub_url(WEBHOOK),
            completed_at=None,
            write_lock_free=True,
        ),
    ),
    execute(
        "github_execution_is_committed_running_before_the_call",
        setup=setups(github_job(), answer_observed(DISPATCH, 204)),
        check=observed(
            status="running",
            execution_type="github_actions",
            target="acme/deploy/release",
            completed_at=None,
            write_lock_free=True,
        ),
    ),
    execute(
        "webhook_without_metadata_is_called_with_get",
        setup=setups(webhook_job(), answer(WEBHOOK, 200, "pong")),
        check=checks(
            sent(Sent("GET", WEBHOOK, absent=("Content-Type", "Authorization"))),
            webhook_run(status="success", response_status=200, error_message=None, output="pong"),
            broadcast(True),
        ),
    ),
    execute(
        "webhook_with_metadata_gets_it_posted_as_json",
        setup=setups(webhook_job(metadata={"env": "prod", "n": 1}), answer(WEBHOOK, 201, "ok")),
        check=checks(
            sent(
                Sent(
                    "POST",
                    WEBHOOK,
                    json={"env": "prod", "n": 1},
                    headers={"Content-Type": "application/json"},
                )
            ),
            webhook_run(status="success", response_status=201, error_message=None, output="ok"),
        ),
    ),
    execute(
        "webhook_metadata_that_is_not_an_object_makes_a_get",
        setup=setups(webhook_job(metadata="[1, 2]"), answer(WEBHOOK, 200, "pong")),
        check=sent(Sent("GET", WEBHOOK)),
    ),
    execute(
        "webhook_204_is_a_success_with_empty_output",
        setup=setups(webhook_job(), answer(WEBHOOK, 204)),
        check=webhook_run(status="success", response_status=204, error_message=None, output=""),
    ),
    execute(
        "webhook_error_status_fails_and_keeps_the_output",
        setup=setups(webhook_job(), answer(WEBHOOK, 500, "boom")),
        check=checks(
            webhook_run(
                status="failed",
                response_status=500,
                error_message="Webhook returned status 500",
                output="boom",
            ),
            broadcast(False, "Webhook returned status 500"),
        ),
    ),
    execute(
        "webhook_output_keeps_the_first_1000_characters",
        setup=setups(webhook_job(), answer(WEBHOOK, 200, "é" * 600 + "x" * 900)),
        check=webhook_run(
            status="success", response_status=200, error_message=None, output="é" * 600 + "x" * 400
        ),
    ),
    execute(
        "webhook_connection_refused_fails_without_status",
        setup=lambda world: webhook_job(target_url=closed_port_url())(world),
        check=checks(
            execution(
                status="failed",
                execution_type="webhook",
                target=stored_target,
                response_status=None,
                error_message=exception_text("Webhook call failed: "),
                output=None,
            ),
            sent(),
        ),
    ),
    execute(
        "webhook_timeout_fails_without_status",
        setup=setups(webhook_job(), answer(WEBHOOK, 200, "late", delay=SLOW)),
        check=webhook_run(
            status="failed",
            response_status=None,
            error_message=exception_text("Webhook call failed: "),
            output=None,
        ),
    ),
    execute(
        "webhook_url_without_scheme_is_a_transport_error",
        setup=webhook_job(target_url="hooks.example.com/run"),
        check=execution(
            status="failed",
            execution_type="webhook",
            target="hooks.example.com/run",
            response_status=None,
            error_message=exception_text("Webhook call failed: "),
            output=None,
        ),
    ),
    *[
        execute(
            f"webhook_url_with_{label}_is_a_transport_error",
            setup=webhook_job(target_url=url),
            check=execution(
                status="failed",
                execution_type="webhook",
                target=url,
                response_status=None,
                error_message=exception_text("Webhook call failed: "),
                output=None,
            ),
        )
        for label, url in [
            ("an_empty_host_label", "http://hooks..example.com/run"),
            ("a_malformed_idna_label", "http://xn--/run"),
        ]
    ],
    execute(
        "unexpected_error_fails_the_run_with_its_text",
        setup=setups(webhook_job(metadata='{"x": NaN}'), answer(WEBHOOK, 200, "pong")),
        check=checks(
            sent(),
            webhook_run(
                status="failed",
                response_status=None,
                error_message=exception_text("Unexpected error executing job 'Nightly sync': "),
                output=None,
            ),
        ),
    ),
]
