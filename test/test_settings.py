"""Configuration (spec §7.1, §7.2, §7.5; A12, A18, D20), read from a real environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cronjobs.settings import (
    DEFAULT_SECRET,
    ProductionConfigError,
    Settings,
    load_settings,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
SPEC_VARIABLES = (
    "ENVIRONMENT",
    "FLASK_ENV",
    "SECRET_KEY",
    "JWT_SECRET_KEY",
    "JWT_ACCESS_TOKEN_EXPIRES",
    "JWT_REFRESH_TOKEN_EXPIRES",
    "CORS_ORIGINS",
    "EXPOSE_ERROR_DETAILS",
    "ALLOW_DEFAULT_ADMIN",
    "DATABASE_URL",
    "FASTAPI_DATABASE_URL",
    "TESTING",
    "SCHEDULER_ENABLED",
    "SCHEDULER_TIMEZONE",
    "SCHEDULER_POLL_SECONDS",
    "GITHUB_TOKEN",
    "GITHUB_API_URL",
    "DEFAULT_GITHUB_OWNER",
    "FRONTEND_BASE_URL",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "MAIL_ENABLED",
    "SQL_ECHO",
    "FLASK_DEBUG",
    "CUTOVER_DEFAULT",
    "CUTOVER_FILE",
    "MAX_REQUEST_HEADERS",
    "MAX_REQUEST_HEADER_BYTES",
    "MAX_REQUEST_BODY_BYTES",
)
SECRET_MESSAGE = (
    "Invalid production config: set a strong SECRET_KEY (do not use the default dev value)."
)
JWT_MESSAGE = "Invalid production config: set a strong, distinct JWT_SECRET_KEY."
CORS_MESSAGE = (
    "Invalid production config: set CORS_ORIGINS to explicit frontend origin(s); "
    '"*" is not allowed.'
)
BOOLEAN_VARIABLES = (
    "TESTING",
    "MAIL_USE_TLS",
    "MAIL_ENABLED",
    "SQL_ECHO",
    "FLASK_DEBUG",
    "EXPOSE_ERROR_DETAILS",
    "ALLOW_DEFAULT_ADMIN",
)


@pytest.fixture(autouse=True)
def _no_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test from an environment that sets none of the spec's variables."""
    for name in SPEC_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def from_env(**overrides: Any) -> Settings:
    """Read settings from the process environment only (no `.env`), without the D20 check."""
    values: dict[str, Any] = {"_env_file": None, **overrides}
    return Settings(**values)


def load_from_env() -> Settings:
    """Read settings from the process environment only and run the D20 check."""
    return load_settings(_env_file=None)


def set_production(
    monkeypatch: pytest.MonkeyPatch,
    *,
    secret: str | None = "a-strong-secret",
    jwt_secret: str | None = "a-distinct-jwt-secret",
    cors: str | None = "https://app.example.com",
) -> None:
    """Switch on production mode with the given values (None leaves a variable unset)."""
    monkeypatch.setenv("ENVIRONMENT", "production")
    for name, value in (("SECRET_KEY", secret), ("JWT_SECRET_KEY", jwt_secret)):
        if value is not None:
            monkeypatch.setenv(name, value)
    if cors is not None:
        monkeypatch.setenv("CORS_ORIGINS", cors)


def refusal(monkeypatch: pytest.MonkeyPatch, **values: str | None) -> str:
    """Return the message production mode refuses to start with."""
    set_production(monkeypatch, **values)
    with pytest.raises(ProductionConfigError) as caught:
        load_from_env()
    return str(caught.value)


# --- defaults (§7.1) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("environment", "development"),
        ("secret_key", "dev-secret-key-please-change-in-production"),
        ("jwt_secret_key", "dev-secret-key-please-change-in-production"),
        ("jwt_access_token_expires", 3600),
        ("jwt_refresh_token_expires", 2592000),
        ("cors_origins", "*"),
        ("expose_error_details", True),
        ("allow_default_admin", True),
        ("database_url", f"sqlite:///{REPO_ROOT / 'instance' / 'cron_jobs.db'}"),
        ("fastapi_database_url", ""),
        ("testing", False),
        ("scheduler_enabled", True),
        ("scheduler_timezone", "Asia/Tokyo"),
        ("scheduler_poll_seconds", 10),
        ("run_timeout_seconds", 10.0),
        ("cutover_refresh_seconds", 1.0),
        ("cutover_rollback_error_rate", 0.5),
        ("cutover_rollback_min_requests", 20),
        ("max_request_headers", 100),
        ("max_request_header_bytes", 32768),
        ("max_request_body_bytes", 10485760),
        ("github_token", ""),
        ("github_api_url", "https://api.github.com"),
        ("default_github_owner", ""),
        ("frontend_base_url", "http://localhost:5173"),
        ("mail_server", ""),
        ("mail_port", 587),
        ("mail_use_tls", True),
        ("mail_username", ""),
        ("mail_password", ""),
        ("mail_default_sender", "noreply@cronjobscheduler.local"),
        ("mail_enabled", True),
        ("sql_echo", False),
        ("flask_debug", False),
        ("gc_young_threshold", 50_000),
        ("drain_seconds", 0.0),
    ],
)
def test_default_of_every_variable(field: str, expected: object) -> None:
    assert getattr(from_env(), field) == expected


def test_values_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEDULER_TIMEZONE", "UTC")
    monkeypatch.setenv("MAIL_PORT", "2525")
    settings = from_env()
    assert (settings.scheduler_timezone, settings.mail_port) == ("UTC", 2525)


def test_dotenv_file_in_the_working_directory_is_loaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("SCHEDULER_TIMEZONE=Europe/Paris\n")
    monkeypatch.chdir(tmp_path)
    assert Settings().scheduler_timezone == "Europe/Paris"


def test_environment_variables_win_over_the_dotenv_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("SCHEDULER_TIMEZONE=Europe/Paris\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCHEDULER_TIMEZONE", "UTC")
    assert Settings().scheduler_timezone == "UTC"


def test_cors_origins_are_split_and_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", " https://a.example , ,https://b.example ")
    assert from_env().cors_origin_list == ["https://a.example", "https://b.example"]


# --- booleans (A18) --------------------------------------------------------------------------


@pytest.mark.parametrize("name", BOOLEAN_VARIABLES)
@pytest.mark.parametrize("value", ["yes", "1", "TRUE", "True", "YES"])
def test_boolean_variable_is_true_for_true_1_and_yes_in_any_case(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(from_env(), name.lower()) is True


@pytest.mark.parametrize("name", BOOLEAN_VARIABLES)
@pytest.mark.parametrize("value", ["no", "maybe", "0", "false", "on"])
def test_boolean_variable_is_false_for_anything_else(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(from_env(), name.lower()) is False


@pytest.mark.parametrize("value", ["false", "FALSE", "False"])
def test_scheduler_enabled_is_off_only_for_false_in_any_case(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SCHEDULER_ENABLED", value)
    assert from_env().scheduler_enabled is False


@pytest.mark.parametrize("value", ["no", "0", "off", "maybe", "true"])
def test_scheduler_enabled_stays_on_for_any_other_value(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SCHEDULER_ENABLED", value)
    assert from_env().scheduler_enabled is True


# --- SCHEDULER_POLL_SECONDS (D16, A12) -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 1), ("-5", 1), ("1", 1), ("45", 45), ("300", 300), ("301", 300), ("100000", 300)],
)
def test_scheduler_poll_seconds_is_clamped_to_1_through_300(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: int
) -> None:
    monkeypatch.setenv("SCHEDULER_POLL_SECONDS", value)
    assert from_env().scheduler_poll_seconds == expected


@pytest.mark.parametrize("value", ["abc", "2.5", "", "ten"])
def test_scheduler_poll_seconds_that_is_not_an_integer_means_10(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SCHEDULER_POLL_SECONDS", value)
    assert from_env().scheduler_poll_seconds == 10


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.5", 0.5), (" 7 ", 7.0), ("0", 0.1), ("-3", 0.1), ("301", 300.0), ("nan", 10.0)],
)
def test_run_timeout_seconds_is_clamped_to_a_tenth_through_300(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: float
) -> None:
    monkeypatch.setenv("RUN_TIMEOUT_SECONDS", value)
    assert from_env().run_timeout_seconds == expected


@pytest.mark.parametrize("value", ["abc", "", "ten"])
def test_run_timeout_seconds_that_is_not_a_number_means_10(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RUN_TIMEOUT_SECONDS", value)
    assert from_env().run_timeout_seconds == 10.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.25", 0.25), ("0", 0.1), ("-1", 0.1), ("61", 60.0), ("nan", 1.0), ("soon", 1.0)],
)
def test_cutover_refresh_seconds_is_clamped_to_a_tenth_through_60(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: float
) -> None:
    monkeypatch.setenv("CUTOVER_REFRESH_SECONDS", value)
    assert from_env().cutover_refresh_seconds == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("0.25", 0.25), ("0", 0.01), ("2", 1.0), ("nan", 0.5), ("x", 0.5)]
)
def test_cutover_rollback_error_rate_is_clamped_to_a_hundredth_through_one(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: float
) -> None:
    monkeypatch.setenv("CUTOVER_ROLLBACK_ERROR_RATE", value)
    assert from_env().cutover_rollback_error_rate == expected


def test_cutover_rollback_min_requests_below_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CUTOVER_ROLLBACK_MIN_REQUESTS", "0")
    with pytest.raises(ValueError, match="CUTOVER_ROLLBACK_MIN_REQUESTS"):
        from_env()


# The request limits of the gateway and the bulk upload's (D22): positive integers, each.
REQUEST_LIMITS = (
    "MAX_REQUEST_HEADERS",
    "MAX_REQUEST_HEADER_BYTES",
    "MAX_REQUEST_BODY_BYTES",
    "BULK_UPLOAD_MAX_ROWS",
    "BULK_UPLOAD_MAX_ERRORS",
)


def test_the_young_gc_threshold_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GC_YOUNG_THRESHOLD", "2000")
    assert from_env().gc_young_threshold == 2000


@pytest.mark.parametrize(("value", "seconds"), [("15", 15.0), ("-3", 0.0), ("3600", 600.0)])
def test_the_drain_is_read_and_clamped_to_ten_minutes(
    monkeypatch: pytest.MonkeyPatch, value: str, seconds: float
) -> None:
    monkeypatch.setenv("DRAIN_SECONDS", value)
    assert from_env().drain_seconds == seconds


def test_a_bulk_upload_has_at_most_10000_rows_by_default() -> None:
    assert from_env().bulk_upload_max_rows == 10_000


def test_a_bulk_upload_lists_at_most_100_errors_by_default() -> None:
    assert from_env().bulk_upload_max_errors == 100


@pytest.mark.parametrize("name", REQUEST_LIMITS)
def test_request_limit_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, " 4096 ")
    assert getattr(from_env(), name.lower()) == 4096


@pytest.mark.parametrize("name", REQUEST_LIMITS)
@pytest.mark.parametrize("value", ["", "many", "1.5"])
def test_request_limit_that_is_not_an_integer_means_its_default(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert getattr(from_env(), name.lower()) == getattr(Settings(_env_file=None), name.lower())


@pytest.mark.parametrize("name", REQUEST_LIMITS)
@pytest.mark.parametrize("value", ["0", "-1"])
def test_request_limit_below_one_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=f"{name} must be at least 1"):
        from_env()


# --- Login throttling (D23) -------------------------------------------------------------------


def test_login_throttling_is_on_by_default_with_the_d23_thresholds() -> None:
    settings = from_env()
    assert (
        settings.login_throttle_enabled,
        settings.login_throttle_user_failures,
        settings.login_throttle_address_failures,
        settings.login_throttle_window_seconds,
    ) == (True, 10, 100, 900)


def test_login_throttling_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (("ENABLED", "no"), ("USER_FAILURES", "5"), ("ADDRESS_FAILURES", "50")):
        monkeypatch.setenv(f"LOGIN_THROTTLE_{name}", value)
    monkeypatch.setenv("LOGIN_THROTTLE_WINDOW_SECONDS", "60")
    settings = from_env()
    assert (
        settings.login_throttle_enabled,
        settings.login_throttle_user_failures,
        settings.login_throttle_address_failures,
        settings.login_throttle_window_seconds,
    ) == (False, 5, 50, 60)


def test_a_login_throttle_number_that_is_no_integer_means_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LOGIN_THROTTLE_USER_FAILURES", "many")
    assert from_env().login_throttle_user_failures == 10


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOGIN_THROTTLE_USER_FAILURES", "0"),
        ("LOGIN_THROTTLE_ADDRESS_FAILURES", "-1"),
        ("LOGIN_THROTTLE_WINDOW_SECONDS", "0"),
        ("LOGIN_THROTTLE_WINDOW_SECONDS", "86401"),
    ],
)
def test_a_login_throttle_number_out_of_range_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name):
        from_env()


# --- JWT_SECRET_KEY fallback (A18) -----------------------------------------------------------


@pytest.mark.parametrize("jwt_value", [None, "", "   "])
def test_empty_or_unset_jwt_secret_key_falls_back_to_secret_key(
    monkeypatch: pytest.MonkeyPatch, jwt_value: str | None
) -> None:
    monkeypatch.setenv("SECRET_KEY", "the-app-secret")
    if jwt_value is not None:
        monkeypatch.setenv("JWT_SECRET_KEY", jwt_value)
    assert from_env().jwt_secret_key == "the-app-secret"


def test_jwt_secret_key_when_set_is_used_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "the-app-secret")
    monkeypatch.setenv("JWT_SECRET_KEY", "the-jwt-secret")
    assert from_env().jwt_secret_key == "the-jwt-secret"


# --- defaults that depend on the environment (D20) -------------------------------------------


@pytest.mark.parametrize("field", ["expose_error_details", "allow_default_admin"])
def test_flag_defaults_to_false_in_production(monkeypatch: pytest.MonkeyPatch, field: str) -> None:
    set_production(monkeypatch)
    assert getattr(load_from_env(), field) is False


@pytest.mark.parametrize("field", ["expose_error_details", "allow_default_admin"])
def test_flag_set_explicitly_applies_in_production(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    set_production(monkeypatch)
    monkeypatch.setenv(field.upper(), "true")
    assert getattr(load_from_env(), field) is True


@pytest.mark.parametrize("field", ["expose_error_details", "allow_default_admin"])
def test_flag_set_explicitly_applies_outside_production(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    monkeypatch.setenv(field.upper(), "false")
    assert getattr(from_env(), field) is False


def test_environment_production_switches_on_production_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    assert from_env().is_production


def test_flask_env_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLASK_ENV", "production")
    settings = load_from_env()
    assert (settings.is_production, settings.allow_default_admin) == (False, True)


# --- database selection (§7.5, DESIGN §5) ----------------------------------------------------


def test_nothing_set_means_shared_mode_on_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/main.db")
    settings = from_env()
    assert (settings.database_mode, settings.api_database_url) == (
        "shared",
        "sqlite:////srv/main.db",
    )


def test_fastapi_database_url_means_separate_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTAPI_DATABASE_URL", "sqlite:////srv/fastapi.db")
    settings = from_env()
    assert (settings.database_mode, settings.api_database_url) == (
        "separate",
        "sqlite:////srv/fastapi.db",
    )


def test_separate_mode_keeps_database_url_for_the_main_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:////srv/main.db")
    monkeypatch.setenv("FASTAPI_DATABASE_URL", "sqlite:////srv/fastapi.db")
    assert from_env().database_url == "sqlite:////srv/main.db"


def test_testing_without_fastapi_database_url_means_test_mode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TESTING", "true")
    settings = from_env()
    assert (settings.database_mode, settings.api_database_url) == (
        "test",
        f"sqlite:///{REPO_ROOT / 'instance' / 'fastapi_test.db'}",
    )


def test_fastapi_database_url_wins_over_testing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESTING", "yes")
    monkeypatch.setenv("FASTAPI_DATABASE_URL", "sqlite:////srv/fastapi.db")
    settings = from_env()
    assert (settings.database_mode, settings.api_database_url) == (
        "separate",
        "sqlite:////srv/fastapi.db",
    )


def test_falsy_testing_keeps_shared_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESTING", "no")
    assert from_env().database_mode == "shared"


# --- production refusals (D20, §7.2) ---------------------------------------------------------


def test_production_refuses_the_default_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, secret=DEFAULT_SECRET) == SECRET_MESSAGE


def test_production_refuses_an_unset_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, secret=None) == SECRET_MESSAGE


def test_production_refuses_a_blank_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, secret="   ") == SECRET_MESSAGE


def test_production_refuses_an_unset_jwt_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, jwt_secret=None) == JWT_MESSAGE


def test_production_refuses_an_empty_jwt_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, jwt_secret="") == JWT_MESSAGE


def test_production_refuses_the_default_jwt_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, jwt_secret=DEFAULT_SECRET) == JWT_MESSAGE


def test_production_refuses_a_jwt_secret_key_equal_to_secret_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert refusal(monkeypatch, secret="same-value", jwt_secret="same-value") == JWT_MESSAGE


def test_production_refuses_the_default_wildcard_cors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, cors=None) == CORS_MESSAGE


def test_production_refuses_cors_containing_a_wildcard(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, cors="https://app.example.com, *") == CORS_MESSAGE


def test_production_refuses_cors_without_a_non_blank_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert refusal(monkeypatch, cors=" , ") == CORS_MESSAGE


def test_production_checks_secret_key_first(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, secret=None, jwt_secret=None, cors="*") == SECRET_MESSAGE


def test_production_checks_jwt_secret_key_before_cors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert refusal(monkeypatch, jwt_secret="a-strong-secret", cors="*") == JWT_MESSAGE


def test_production_accepts_strong_distinct_secrets_and_explicit_origins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_production(monkeypatch, cors="https://a.example, https://b.example")
    assert load_from_env().is_production


def test_check_production_refuses_settings_built_in_code() -> None:
    settings = from_env(environment="production", secret_key="s1", jwt_secret_key="s2")
    with pytest.raises(ProductionConfigError, match="CORS_ORIGINS"):
        settings.check_production()


def test_development_accepts_the_default_secrets_and_wildcard_cors() -> None:
    assert not load_from_env().is_production


def test_cli_exits_non_zero_with_the_d20_message_in_production(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if name not in SPEC_VARIABLES}
    env["ENVIRONMENT"] = "production"
    result = subprocess.run(
        [sys.executable, "-m", "cronjobs", "ledger"],
        cwd=tmp_path,  # no `.env` here
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert SECRET_MESSAGE in result.stderr
    assert result.stdout == ""


def test_fastapi_database_url_equal_to_database_url_is_shared_mode() -> None:
    url = "sqlite:////tmp/one.db"
    settings = Settings(database_url=url, fastapi_database_url=url, _env_file=None)
    assert (settings.database_mode, settings.api_database_url) == ("shared", url)
