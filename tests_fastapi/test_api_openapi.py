"""The v2 documentation: `/openapi.json` validates as OpenAPI 3 and describes every operation.

Every one of the 45 endpoints appears under `/api/v2` with its success body, its error responses
(with the bearer-token requirement where a token is needed) and, for writes, its request body.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from cronjobs.main import plan_for
from cronjobs.settings import Settings

# Writes whose request carries no body: the token, or the path, says everything.
BODYLESS_WRITES = {
    ("POST", "/api/v2/auth/refresh"),
    ("POST", "/api/v2/scheduler/resync"),
    ("PUT", "/api/v2/notifications/{}/read"),
    ("PUT", "/api/v2/notifications/read-all"),
}
METHODS = {"get", "post", "put", "delete", "patch"}
# The project's own operator endpoints, beyond the legacy contract (v2 only).
OPERATOR_OPERATIONS = {("GET", "/api/v2/scheduler/status"), ("POST", "/api/v2/scheduler/resync")}


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    """The OpenAPI document the app serves."""
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every documented operation by (method, path with parameters as `{}`)."""
    return {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path)): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


def v2_operation(endpoint_key: str) -> tuple[str, str]:
    """The v2 operation of a legacy endpoint key such as `GET /api/jobs/<job_id>`."""
    method, path = endpoint_key.split(" ", 1)
    return method, re.sub(r"<[^>]+>", "{}", path).replace("/api/", "/api/v2/", 1)


async def test_document_validates_as_openapi_3(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.")


async def test_every_endpoint_is_documented_under_v2_and_nothing_else(
    document: dict[str, Any], settings: Settings
) -> None:
    keys = plan_for(settings).flags
    assert len(keys) == 45
    expected = {v2_operation(key) for key in keys} | OPERATOR_OPERATIONS
    assert set(operations(document)) == expected


async def test_every_operation_describes_its_json_success_body(document: dict[str, Any]) -> None:
    for name, operation in operations(document).items():
        successes = [code for code in operation["responses"] if code.startswith("2")]
        assert len(successes) == 1, name
        content = operation["responses"][successes[0]]["content"]
        assert content["application/json"]["schema"], name


async def test_every_operation_needing_a_token_says_so_with_its_errors(
    document: dict[str, Any],
) -> None:
    schemes = document["components"]["securitySchemes"]
    assert {schemes[name]["scheme"] for name in ("bearerAuth", "refreshToken")} == {"bearer"}
    open_operations = set()
    for name, operation in operations(document).items():
        responses = operation["responses"]
        if "security" not in operation:
            open_operations.add(name)
            continue
        scheme = "refreshToken" if name == ("POST", "/api/v2/auth/refresh") else "bearerAuth"
        assert operation["security"] == [{scheme: []}], name
        assert {"401", "422"} <= set(responses), name
        for code, response in responses.items():
            if not code.startswith("2"):
                assert response["content"]["application/json"]["schema"], (name, code)
    assert open_operations == {("GET", "/api/v2/health"), ("POST", "/api/v2/auth/login")}


async def test_every_operation_documents_the_request_limits(document: dict[str, Any]) -> None:
    for name, operation in operations(document).items():
        assert {"413", "431"} <= set(operation["responses"]), name


async def test_login_documents_its_throttling_with_retry_after(document: dict[str, Any]) -> None:
    throttled = {
        name for name, operation in operations(document).items() if "429" in operation["responses"]
    }
    assert throttled == {("POST", "/api/v2/auth/login")}
    answer = operations(document)[("POST", "/api/v2/auth/login")]["responses"]["429"]
    assert answer["headers"]["Retry-After"]["schema"]["type"] == "integer"


async def test_list_operations_document_their_query_parameters(document: dict[str, Any]) -> None:
    documented = {
        name: {
            parameter["name"]
            for parameter in operation.get("parameters", ())
            if parameter["in"] == "query"
        }
        for name, operation in operations(document).items()
    }
    window = {"from", "to"}
    assert {name: names for name, names in documented.items() if names} == {
        ("GET", "/api/v2/jobs/{}/executions"): {"limit", "status", "trigger_type"} | window,
        ("GET", "/api/v2/executions"): {
            "page",
            "limit",
            "job_id",
            "status",
            "trigger_type",
            "execution_type",
        }
        | window,
        ("GET", "/api/v2/executions/statistics"): {"job_id"} | window,
        ("GET", "/api/v2/notifications"): {"page", "per_page", "unread_only"} | window,
        ("GET", "/api/v2/notifications/unread-count"): window,
        ("DELETE", "/api/v2/notifications/delete-read"): window,
        ("GET", "/api/v2/job-categories"): {"include_inactive"},
        ("GET", "/api/v2/pic-teams"): {"include_inactive"},
    }


async def test_every_write_documents_its_request_body(document: dict[str, Any]) -> None:
    bodyless = set()
    for name, operation in operations(document).items():
        if name[0] in {"POST", "PUT"}:
            if "requestBody" not in operation:
                bodyless.add(name)
                continue
            content = operation["requestBody"]["content"]
            assert set(content) <= {"application/json", "multipart/form-data"}, name
    assert bodyless == BODYLESS_WRITES


async def test_bulk_upload_documents_its_multipart_form(document: dict[str, Any]) -> None:
    body = operations(document)[("POST", "/api/v2/jobs/bulk-upload")]["requestBody"]
    schema = body["content"]["multipart/form-data"]["schema"]
    assert set(schema["properties"]) == {"file", "default_github_owner", "dry_run"}
    assert schema["required"] == ["file"]


async def test_docs_page_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert "swagger-ui" in response.text
