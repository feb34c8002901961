"""What a manual run of a GitHub Actions job sends and records (spec §6.4 step 5).

Only 204 is a success; a 404 is retried with `.yml`, then `.yaml`, unless the workflow id has a
dot or is numeric; the token is GITHUB_TOKEN as set when the request runs, unless overridden.
"""

from __future__ import annotations

from tests_support.cases.runs.checks import broadcast, checks, exception_text, sent
from tests_support.cases.runs.execute import dispatch_path, execute
from tests_support.cases.runs.outcome import (
    SLOW,
    YAML,
    YML,
    dispatch,
    github_failed,
    github_run,
    github_succeeded,
)
from tests_support.kit.worlds.runs import DISPATCH, answer, github_job, setups, without_github_token

NO_TOKEN = "GitHub token not configured. Cannot trigger workflow for job 'Nightly sync'"
BLANK = "Missing GitHub configuration for job 'Nightly sync'"

GITHUB_CASES = [
    execute(
        "github_204_is_a_success_on_master",
        setup=setups(github_job(), answer(DISPATCH, 204)),
        check=checks(sent(dispatch()), github_succeeded()),
    ),
    execute(
        "github_branch_details_is_the_ref_and_stays_in_the_inputs",
        setup=setups(
            github_job(metadata={"branchDetails": "develop", "suite": "smoke"}),
            answer(DISPATCH, 204),
        ),
        check=checks(
            sent(
                dispatch(
                    json={
                        "ref": "develop",
                        "inputs": {"branchDetails": "develop", "suite": "smoke"},
                    }
                )
            ),
            github_succeeded("develop"),
        ),
    ),
    execute(
        "github_201_is_a_failure",
        setup=setups(github_job(), answer(DISPATCH, 201, "created")),
        check=github_failed(201, "created"),
    ),
    execute(
        "github_error_keeps_the_whole_response_body",
        setup=setups(github_job(), answer(DISPATCH, 422, '{"message": "Unexpected inputs"}')),
        check=github_failed(422, '{"message": "Unexpected inputs"}'),
    ),
    execute(
        "github_404_is_retried_with_yml",
        setup=setups(github_job(), answer(DISPATCH, 404, "none"), answer(YML, 204)),
        check=checks(sent(dispatch(), dispatch(YML)), github_succeeded()),
    ),
    execute(
        "github_404_on_yml_is_retried_with_yaml",
        setup=setups(github_job(), answer(DISPATCH, 404), answer(YML, 404), answer(YAML, 204)),
        check=checks(sent(dispatch(), dispatch(YML), dispatch(YAML)), github_succeeded()),
    ),
    execute(
        "github_first_answer_other_than_404_replaces_the_original",
        setup=setups(github_job(), answer(DISPATCH, 404, "none"), answer(YML, 500, "down")),
        check=checks(sent(dispatch(), dispatch(YML)), github_failed(500, "down")),
    ),
    execute(
        "github_original_404_stands_when_both_retries_are_404",
        setup=setups(
            github_job(),
            answer(DISPATCH, 404, "original"),
            answer(YML, 404, "yml"),
            answer(YAML, 404, "yaml"),
        ),
        check=checks(
            sent(dispatch(), dispatch(YML), dispatch(YAML)), github_failed(404, "original")
        ),
    ),
    execute(
        "github_workflow_file_name_is_not_retried",
        setup=setups(github_job(github_workflow_name="release.yml"), answer(YML, 404, "none")),
        check=checks(
            sent(dispatch(YML)),
            github_run(
                target="acme/deploy/release.yml",
                status="failed",
                response_status=404,
                error_message="GitHub Actions dispatch failed. Status: 404, Response: none",
                output=None,
            ),
        ),
    ),
    execute(
        "github_numeric_workflow_id_is_not_retried",
        setup=setups(
            github_job(github_workflow_name="4242"),
            answer(dispatch_path("acme", "deploy", "4242"), 404, "none"),
        ),
        check=sent(dispatch(dispatch_path("acme", "deploy", "4242"))),
    ),
    execute(
        "github_values_are_trimmed",
        setup=setups(
            github_job(github_owner=" acme ", github_workflow_name="release "),
            answer(DISPATCH, 204),
        ),
        check=checks(sent(dispatch()), github_succeeded()),
    ),
    execute(
        "github_without_token_fails_without_a_call",
        setup=setups(github_job(), answer(DISPATCH, 204), without_github_token),
        check=checks(
            sent(),
            github_run(status="failed", response_status=None, error_message=NO_TOKEN, output=None),
            broadcast(False, NO_TOKEN),
        ),
    ),
    execute(
        "github_token_override_works_without_environment_token",
        setup=setups(github_job(), answer(DISPATCH, 204), without_github_token),
        json={"github_token": "ghp-override"},
        check=checks(sent(dispatch(token="ghp-override")), github_succeeded()),
    ),
    execute(
        "github_fields_blank_after_trimming_fail_without_target",
        setup=setups(github_job(github_repo="   "), answer(DISPATCH, 204)),
        check=checks(
            sent(),
            github_run(
                target=None, status="failed", response_status=None, error_message=BLANK, output=None
            ),
        ),
    ),
    execute(
        "github_timeout_is_a_transport_error",
        setup=setups(github_job(), answer(DISPATCH, 204, delay=SLOW)),
        check=github_run(
            status="failed",
            response_status=None,
            error_message=exception_text("GitHub Actions request failed: "),
            output=None,
        ),
    ),
]
