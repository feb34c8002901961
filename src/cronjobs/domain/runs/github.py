"""GitHub's workflow-dispatch API as runs and test-runs call it (spec §4.3, §6.4, D15).

Both send `POST <GITHUB_API_URL>/repos/<owner>/<repo>/actions/workflows/<workflow>/dispatches`
with a bearer token; they differ in the `Accept` header, in the body's `ref`, and in that only
a run retries a 404 with the `.yml` and `.yaml` file names.
"""

from __future__ import annotations

from typing import Any

import httpx

from cronjobs.domain.common.context import Service

RUN_ACCEPT = "application/vnd.github.v3+json"
TEST_RUN_ACCEPT = "application/vnd.github+json"
API_VERSION = "2022-11-28"


def api_base(service: Service) -> str:
    """Return `GITHUB_API_URL` without its trailing slashes."""
    return service.settings.github_api_url.rstrip("/")


def dispatch_url(base: str, owner: str, repo: str, workflow: str) -> str:
    """Return the dispatch endpoint of one workflow."""
    return f"{base}/repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches"


def run_headers(token: str) -> dict[str, str]:
    """Return the headers of a run's dispatch (§6.4 step 5)."""
    return {
        "Authorization": f"Bearer {token}",
        "Accept": RUN_ACCEPT,
        "Content-Type": "application/json",
    }


def headers_for_test_run(token: str) -> dict[str, str]:
    """Return the headers of a test-run's dispatch (§4.3)."""
    return {
        "Authorization": f"Bearer {token}",
        "Accept": TEST_RUN_ACCEPT,
        "X-GitHub-Api-Version": API_VERSION,
    }


def retry_names(workflow: str) -> tuple[str, ...]:
    """Return the file names a run tries after a 404: none for `x.yml` or a numeric id."""
    if "." in workflow or workflow.isdigit():
        return ()
    return (f"{workflow}.yml", f"{workflow}.yaml")


def dispatch_with_retry(
    client: httpx.Client,
    base: str,
    owner: str,
    repo: str,
    workflow: str,
    *,
    headers: dict[str, str],
    payload: dict[str, Any],
) -> httpx.Response:
    """Dispatch a run's workflow; on 404 try `.yml`, then `.yaml`, keeping the first non-404."""
    response = client.post(dispatch_url(base, owner, repo, workflow), headers=headers, json=payload)
    if response.status_code != 404:
        return response
    for name in retry_names(workflow):
        retry = client.post(dispatch_url(base, owner, repo, name), headers=headers, json=payload)
        if retry.status_code != 404:
            return retry
    return response
