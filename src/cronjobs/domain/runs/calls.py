"""The call part of one run and the results it records (spec §6.4 steps 4–7, outcome table)."""

from __future__ import annotations

from typing import Any

import httpx

from cronjobs.domain.common.outbound import TRANSPORT_ERRORS, exception_text, is_success
from cronjobs.domain.runs.github import dispatch_with_retry, run_headers
from cronjobs.domain.runs.outcome import Outcome, RunResult

OUTPUT_LIMIT = 1000


def no_target(name: str) -> RunResult:
    """Fail a run whose job has neither a GitHub triple nor a webhook URL."""
    return RunResult(
        Outcome.NO_TARGET,
        error_message=(
            f"Job '{name}' has invalid configuration (neither GitHub Actions nor webhook URL)"
        ),
    )


def github_blank(name: str) -> RunResult:
    """Fail a run whose GitHub owner, repo or workflow is blank after trimming."""
    return RunResult(
        Outcome.GITHUB_BLANK, error_message=f"Missing GitHub configuration for job '{name}'"
    )


def no_token(name: str) -> RunResult:
    """Fail a GitHub run without a token."""
    return RunResult(
        Outcome.NO_TOKEN,
        error_message=f"GitHub token not configured. Cannot trigger workflow for job '{name}'",
    )


def unexpected(name: str, exc: Exception) -> RunResult:
    """Fail a run on an error outside the call's own failure modes."""
    return RunResult(
        Outcome.UNEXPECTED,
        error_message=f"Unexpected error executing job '{name}': {exception_text(exc)}",
    )


def github_ref(metadata: dict[str, Any]) -> Any:
    """Return the ref of a run's dispatch: `metadata["branchDetails"]` when present."""
    return metadata.get("branchDetails", "master")


def call_github(
    client: httpx.Client,
    base: str,
    owner: str,
    repo: str,
    workflow: str,
    *,
    token: str,
    metadata: dict[str, Any],
) -> RunResult:
    """Dispatch the workflow; only 204 is a success."""
    ref = github_ref(metadata)
    try:
        response = dispatch_with_retry(
            client,
            base,
            owner,
            repo,
            workflow,
            headers=run_headers(token),
            payload={"ref": ref, "inputs": metadata},
        )
    except TRANSPORT_ERRORS as exc:
        return RunResult(
            Outcome.GITHUB_TRANSPORT,
            error_message=f"GitHub Actions request failed: {exception_text(exc)}",
        )
    code = response.status_code
    if code == 204:
        return RunResult(
            Outcome.GITHUB_SUCCESS,
            response_status=code,
            output=f"Workflow triggered successfully on branch {ref}",
        )
    return RunResult(
        Outcome.GITHUB_STATUS,
        response_status=code,
        error_message=f"GitHub Actions dispatch failed. Status: {code}, Response: {response.text}",
    )


def call_webhook(client: httpx.Client, url: str, metadata: dict[str, Any]) -> RunResult:
    """Call the webhook: POST the metadata when there is any, else GET; 2xx is a success."""
    try:
        response = client.post(url, json=metadata) if metadata else client.get(url)
    except TRANSPORT_ERRORS as exc:
        return RunResult(
            Outcome.WEBHOOK_TRANSPORT, error_message=f"Webhook call failed: {exception_text(exc)}"
        )
    code = response.status_code
    output = response.text[:OUTPUT_LIMIT]
    if is_success(code):
        return RunResult(Outcome.WEBHOOK_SUCCESS, response_status=code, output=output)
    return RunResult(
        Outcome.WEBHOOK_STATUS,
        response_status=code,
        error_message=f"Webhook returned status {code}",
        output=output,
    )
