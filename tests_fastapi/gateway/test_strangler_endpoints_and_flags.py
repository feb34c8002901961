"""Pure unit tests of the generic gateway's endpoint identity and cutover flags (no cronjobs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.routing import Map, Rule

from strangler import CutoverError, Mode, discover, endpoint_key, read_cutover_file, resolve_flags
from strangler.endpoints import template_path

LEGACY_MAP = Map(
    [
        Rule("/api/items", methods=["GET", "POST"], endpoint="items"),
        Rule("/api/items/<item_id>", methods=["GET", "PUT"], endpoint="item"),
        Rule("/api/items/<int:number>/parts", methods=["GET"], endpoint="parts"),
        Rule("/api/only-legacy", methods=["DELETE"], endpoint="only_legacy"),
    ]
)
MODERN_ROUTES = [
    ("GET", "/api/items"),
    ("POST", "/api/items"),
    ("GET", "/api/items/{item_id}"),
    ("GET", "/api/items/{number}/parts"),
    ("DELETE", "/api/elsewhere"),
]
ENDPOINTS = discover(LEGACY_MAP, MODERN_ROUTES)


def test_endpoint_key_reads_like_the_legacy_rule() -> None:
    assert endpoint_key("PUT", "/api/jobs/<job_id>") == "PUT /api/jobs/<job_id>"


@pytest.mark.parametrize(
    ("rule", "template"),
    [
        ("/api/jobs", "/api/jobs"),
        ("/api/jobs/<job_id>", "/api/jobs/{job_id}"),
        ("/api/jobs/<string:job_id>/runs/<int:run>", "/api/jobs/{job_id}/runs/{run}"),
    ],
)
def test_template_path_writes_rule_parameters_in_braces(rule: str, template: str) -> None:
    assert template_path(rule) == template


def test_discover_lists_every_method_of_every_legacy_rule() -> None:
    assert set(ENDPOINTS) == {
        "GET /api/items",
        "POST /api/items",
        "GET /api/items/<item_id>",
        "PUT /api/items/<item_id>",
        "GET /api/items/<int:number>/parts",
        "DELETE /api/only-legacy",
    }


def test_discover_marks_endpoints_the_new_stack_serves_with_the_same_method_and_path() -> None:
    implemented = {key for key, endpoint in ENDPOINTS.items() if endpoint.implemented}
    assert implemented == {
        "GET /api/items",
        "POST /api/items",
        "GET /api/items/<item_id>",
        "GET /api/items/<int:number>/parts",
    }


def test_discover_does_not_count_the_same_path_with_another_method() -> None:
    assert ENDPOINTS["PUT /api/items/<item_id>"].implemented is False


def test_endpoint_names_the_stacks_that_implement_it() -> None:
    assert (
        ENDPOINTS["GET /api/items"].implemented_in,
        ENDPOINTS["DELETE /api/only-legacy"].implemented_in,
    ) == (("flask", "fastapi"), ("flask",))


def test_missing_cutover_file_declares_nothing(tmp_path: Path) -> None:
    assert read_cutover_file(tmp_path / "absent.toml") == {}


def test_cutover_file_declares_modes_per_key(tmp_path: Path) -> None:
    file = tmp_path / "cutover.toml"
    file.write_text('[endpoints]\n"GET /api/items" = "fastapi"\n"POST /api/items" = "flask"\n')
    assert read_cutover_file(file) == {
        "GET /api/items": Mode.FASTAPI,
        "POST /api/items": Mode.FLASK,
    }


def test_cutover_file_without_an_endpoints_table_declares_nothing(tmp_path: Path) -> None:
    file = tmp_path / "cutover.toml"
    file.write_text("# nothing yet\n")
    assert read_cutover_file(file) == {}


def test_unknown_mode_is_refused_naming_the_file_the_key_and_the_modes(tmp_path: Path) -> None:
    file = tmp_path / "cutover.toml"
    file.write_text('[endpoints]\n"GET /api/items" = "nginx"\n')
    with pytest.raises(CutoverError) as refused:
        read_cutover_file(file)
    assert str(refused.value) == (
        f"{file}: 'GET /api/items': unknown mode 'nginx' (expected one of: flask, fastapi)"
    )


def test_every_endpoint_takes_the_default_mode_when_nothing_is_declared() -> None:
    flags = resolve_flags(ENDPOINTS, {}, Mode.FLASK)
    assert {(flag.mode, flag.source) for flag in flags.values()} == {(Mode.FLASK, "default")}


def test_declared_mode_wins_over_the_default() -> None:
    flags = resolve_flags(ENDPOINTS, {"GET /api/items": Mode.FASTAPI}, Mode.FLASK)
    assert (flags["GET /api/items"].mode, flags["GET /api/items"].source) == (
        Mode.FASTAPI,
        "file",
    )


def test_declared_flask_wins_over_a_fastapi_default() -> None:
    flags = resolve_flags(ENDPOINTS, {"GET /api/items": Mode.FLASK}, Mode.FASTAPI)
    assert flags["GET /api/items"].mode is Mode.FLASK


def test_fastapi_default_sends_implemented_endpoints_to_fastapi() -> None:
    flags = resolve_flags(ENDPOINTS, {}, Mode.FASTAPI)
    on_fastapi = {key for key, flag in flags.items() if flag.mode is Mode.FASTAPI}
    assert on_fastapi == {key for key, endpoint in ENDPOINTS.items() if endpoint.implemented}


def test_fastapi_default_leaves_unimplemented_endpoints_on_flask_and_says_why() -> None:
    flag = resolve_flags(ENDPOINTS, {}, Mode.FASTAPI)["DELETE /api/only-legacy"]
    assert (flag.mode, flag.source) == (Mode.FLASK, "default (not implemented)")


def test_declaring_unknown_endpoints_is_refused_naming_them() -> None:
    declared = {"GET /api/nope": Mode.FLASK, "GET /api/items/{item_id}": Mode.FASTAPI}
    with pytest.raises(
        CutoverError,
        match=re.escape("['GET /api/items/{item_id}', 'GET /api/nope']"),
    ):
        resolve_flags(ENDPOINTS, declared, Mode.FLASK)


def test_sending_unimplemented_endpoints_to_fastapi_is_refused_naming_them() -> None:
    declared = {"DELETE /api/only-legacy": Mode.FASTAPI, "PUT /api/items/<item_id>": Mode.FASTAPI}
    with pytest.raises(CutoverError) as refused:
        resolve_flags(ENDPOINTS, declared, Mode.FLASK)
    reason, _, keys = str(refused.value).partition(": ")
    assert (reason, set(keys.split(", "))) == (
        "cannot send these endpoints to fastapi, which does not implement them",
        {"DELETE /api/only-legacy", "PUT /api/items/<item_id>"},
    )


def test_declaring_flask_for_an_unimplemented_endpoint_is_accepted() -> None:
    flags = resolve_flags(ENDPOINTS, {"DELETE /api/only-legacy": Mode.FLASK}, Mode.FLASK)
    assert flags["DELETE /api/only-legacy"].source == "file"
