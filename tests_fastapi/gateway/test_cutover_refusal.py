"""The service refuses to start on a cutover it cannot honour (DESIGN §3, §4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import jsonify
from pydantic import ValidationError

from cronjobs import api, legacy
from cronjobs.api.routes import route_table
from cronjobs.main import create_app
from cronjobs.settings import Settings
from strangler import CutoverError
from strangler.app import plan_cutover


def test_cutover_sending_an_endpoint_fastapi_lacks_is_refused(
    make_settings: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = make_settings()
    flask_app = legacy.create_app(settings, prepare=False)
    flask_app.add_url_rule("/api/only-in-flask", "only_in_flask", lambda: jsonify(ok=True))
    cutover_file = tmp_path / "only-in-flask.toml"
    cutover_file.write_text('[endpoints]\n"GET /api/only-in-flask" = "fastapi"\n')
    with pytest.raises(
        CutoverError,
        match=re.escape(
            "cannot send these endpoints to fastapi, which does not implement them: "
            "GET /api/only-in-flask"
        ),
    ):
        plan_cutover(
            flask_app.url_map,
            route_table(api.create_app(settings)),
            cutover_file=cutover_file,
            default="flask",
        )


def test_fastapi_default_leaves_an_endpoint_fastapi_lacks_on_flask(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings()
    flask_app = legacy.create_app(settings, prepare=False)
    flask_app.add_url_rule("/api/only-in-flask", "only_in_flask", lambda: jsonify(ok=True))
    plan = plan_cutover(
        flask_app.url_map,
        route_table(api.create_app(settings)),
        cutover_file=settings.cutover_file,
        default="fastapi",
    )
    flag = plan.flags["GET /api/only-in-flask"]
    assert (flag.mode.value, flag.source) == ("flask", "default (not implemented)")


def _write(settings: Settings, text: str) -> None:
    Path(settings.cutover_file).write_text(text, encoding="utf-8")


def test_cutover_naming_an_unknown_endpoint_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, '[endpoints]\n"GET /api/nope" = "fastapi"\n')
    with pytest.raises(CutoverError, match=re.escape("'GET /api/nope'")):
        create_app(settings)


def test_cutover_key_in_fastapi_path_syntax_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, '[endpoints]\n"GET /api/auth/users/{user_id}" = "fastapi"\n')
    with pytest.raises(CutoverError, match="does not have"):
        create_app(settings)


def test_cutover_key_for_head_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, '[endpoints]\n"HEAD /api/health" = "fastapi"\n')
    with pytest.raises(CutoverError, match=re.escape("'HEAD /api/health'")):
        create_app(settings)


@pytest.mark.parametrize("mode", ["django", "FastAPI", "canary", ""])
def test_cutover_with_an_unknown_mode_is_refused_at_startup(settings: Settings, mode: str) -> None:
    _write(settings, f'[endpoints]\n"GET /api/health" = "{mode}"\n')
    with pytest.raises(CutoverError, match=re.escape(f"'GET /api/health': unknown mode {mode!r}")):
        create_app(settings)


def test_cutover_with_a_non_string_mode_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, '[endpoints]\n"GET /api/health" = true\n')
    with pytest.raises(CutoverError, match="unknown mode"):
        create_app(settings)


def test_cutover_that_is_not_toml_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, "[endpoints\n")
    with pytest.raises(CutoverError, match="not valid TOML"):
        create_app(settings)


def test_cutover_whose_endpoints_is_not_a_table_is_refused_at_startup(settings: Settings) -> None:
    _write(settings, 'endpoints = "fastapi"\n')
    with pytest.raises(CutoverError, match=re.escape("[endpoints] must be a table")):
        create_app(settings)


def test_missing_cutover_file_declares_nothing(settings: Settings) -> None:
    Path(settings.cutover_file).unlink()
    gateway = create_app(settings).gateway
    assert {flag.mode.value for flag in gateway.routes.flags.values()} == {"flask"}


def test_unknown_cutover_default_is_refused(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(ValidationError, match="CUTOVER_DEFAULT must be one of flask, fastapi"):
        make_settings(cutover_default="shadowy")


def test_cutover_default_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, make_settings: Callable[..., Settings]
) -> None:
    monkeypatch.setenv("CUTOVER_DEFAULT", "fastapi")
    assert make_settings().cutover_default == "fastapi"


def test_repository_cutover_file_is_accepted(make_settings: Callable[..., Settings]) -> None:
    repository_cutover = Path(__file__).resolve().parents[2] / "cutover.toml"
    create_app(make_settings(cutover_file=str(repository_cutover)))
