"""Service configuration: every variable of spec §7.1, read once and validated."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
INSTANCE_DIR = REPOSITORY_ROOT / "instance"
DEFAULT_SECRET = "dev-secret-key-please-change-in-production"
DEFAULT_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'cron_jobs.db'}"
SEPARATE_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'fastapi_cron_jobs.db'}"
TEST_DATABASE_URL = f"sqlite:///{INSTANCE_DIR / 'fastapi_test.db'}"
MODES = ("flask", "fastapi")
# Limits that must be positive; a value below 1 stops startup (D22).
AT_LEAST_ONE = (
    "max_request_headers",
    "max_request_header_bytes",
    "max_request_body_bytes",
    "bulk_upload_max_rows",
    "bulk_upload_max_errors",
)
# Login throttling's numbers (D23); LOGIN_THROTTLE_ENABLED=false switches it off, not a zero.
THROTTLE_BOUNDS = (
    ("login_throttle_user_failures", 1, 1_000_000),
    ("login_throttle_address_failures", 1, 1_000_000),
    ("login_throttle_window_seconds", 1, 86_400),
)
# The executor's timeout for one outbound call (spec §6.4); RUN_TIMEOUT_SECONDS overrides it.
DEFAULT_RUN_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_REQUEST_HEADERS = 100
DEFAULT_MAX_REQUEST_HEADER_BYTES = 32 * 1024
DEFAULT_MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024
DEFAULT_BULK_UPLOAD_MAX_ROWS = 10_000
DEFAULT_BULK_UPLOAD_MAX_ERRORS = 100
# Container allocations between young GC passes in a serving process (`cronjobs.gc_tuning`).
DEFAULT_YOUNG_THRESHOLD = 50_000


class ProductionConfigError(RuntimeError):
    """Raised when production mode is asked for with unsafe settings (spec D20)."""


def parse_env_bool(value: Any) -> bool:
    """Read a boolean the way both stacks do (A18): true, 1, yes in any case."""
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"true", "1", "yes"}


def _parse_optional_bool(value: Any) -> bool | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    return parse_env_bool(value)


def _parse_enabled(value: Any) -> bool:
    # SCHEDULER_ENABLED is on unless it says "false" (A18).
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() != "false"


def _parse_poll_seconds(value: Any) -> int:
    try:
        seconds = int(str(value).strip())
    except ValueError:
        return 10
    return min(max(seconds, 1), 300)


def _parse_clamped_float(default: float, low: float, high: float) -> BeforeValidator:
    def parse(value: Any) -> float:
        try:
            number = float(str(value).strip())
        except ValueError:
            return default
        if number != number:  # NaN
            return default
        return min(max(number, low), high)

    return BeforeValidator(parse)


def _parse_int(default: int) -> BeforeValidator:
    def parse(value: Any) -> int:
        try:
            return int(str(value).strip())
        except ValueError:
            return default

    return BeforeValidator(parse)


EnvBool = Annotated[bool, BeforeValidator(parse_env_bool)]
OptionalEnvBool = Annotated[bool | None, BeforeValidator(_parse_optional_bool)]


class Settings(BaseSettings):
    """The whole configuration of one process, from the environment and `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    environment: str = "development"
    secret_key: str = DEFAULT_SECRET
    jwt_secret_key: str = ""
    jwt_access_token_expires: Annotated[int, _parse_int(3600)] = 3600
    jwt_refresh_token_expires: Annotated[int, _parse_int(2592000)] = 2592000
    cors_origins: str = "*"
    expose_error_details: OptionalEnvBool = None
    allow_default_admin: OptionalEnvBool = None
    database_url: str = DEFAULT_DATABASE_URL
    fastapi_database_url: str = ""
    testing: EnvBool = False
    scheduler_enabled: Annotated[bool, BeforeValidator(_parse_enabled)] = True
    scheduler_timezone: str = "Asia/Tokyo"
    scheduler_poll_seconds: Annotated[int, BeforeValidator(_parse_poll_seconds)] = 10
    run_timeout_seconds: Annotated[
        float, _parse_clamped_float(DEFAULT_RUN_TIMEOUT_SECONDS, 0.1, 300.0)
    ] = DEFAULT_RUN_TIMEOUT_SECONDS
    github_token: str = ""
    github_api_url: str = "https://api.github.com"
    default_github_owner: str = ""
    frontend_base_url: str = "http://localhost:5173"
    mail_server: str = ""
    mail_port: Annotated[int, _parse_int(587)] = 587
    mail_use_tls: EnvBool = True
    mail_username: str = ""
    mail_password: str = ""
    mail_default_sender: str = "noreply@cronjobscheduler.local"
    mail_enabled: EnvBool = True
    sql_echo: EnvBool = False
    # A line per request on stdout from `python -m cronjobs serve` (uvicorn's access log);
    # `--access-log` / `--no-access-log` override it.
    access_log: EnvBool = True
    # On SIGTERM, seconds `serve` keeps serving while reporting not ready, before it stops
    # (`cronjobs.serving`); 0 stops at once. Up to ten minutes.
    drain_seconds: Annotated[float, _parse_clamped_float(0.0, 0.0, 600.0)] = 0.0
    # Container allocations between the garbage collector's young passes in a serving process
    # (`cronjobs.gc_tuning`); 0 keeps Python's 700.
    gc_young_threshold: Annotated[int, _parse_int(DEFAULT_YOUNG_THRESHOLD)] = (
        DEFAULT_YOUNG_THRESHOLD
    )
    flask_debug: EnvBool = False
    cutover_default: str = "flask"
    cutover_file: str = str(REPOSITORY_ROOT / "cutover.toml")
    # How often each gateway looks for run-time cutover changes; a tenth of a second to a minute.
    cutover_refresh_seconds: Annotated[float, _parse_clamped_float(1.0, 0.1, 60.0)] = 1.0
    # Auto-rollback: an endpoint whose FastAPI requests fail (5xx or exception) at this rate over
    # the last 60 s, with at least this many requests there, is flipped back to flask.
    cutover_rollback_error_rate: Annotated[float, _parse_clamped_float(0.5, 0.01, 1.0)] = 0.5
    cutover_rollback_min_requests: Annotated[int, _parse_int(20)] = 20
    # Requests the gateway refuses before either stack sees them (D22): more header fields or
    # header bytes (names and values) → 431; a larger body → 413. The body limit fits the largest
    # legitimate request, a bulk upload.
    max_request_headers: Annotated[int, _parse_int(DEFAULT_MAX_REQUEST_HEADERS)] = (
        DEFAULT_MAX_REQUEST_HEADERS
    )
    max_request_header_bytes: Annotated[int, _parse_int(DEFAULT_MAX_REQUEST_HEADER_BYTES)] = (
        DEFAULT_MAX_REQUEST_HEADER_BYTES
    )
    max_request_body_bytes: Annotated[int, _parse_int(DEFAULT_MAX_REQUEST_BODY_BYTES)] = (
        DEFAULT_MAX_REQUEST_BODY_BYTES
    )
    # Login throttling (D23): failed logins per username and per client address within the
    # window, counted by every gateway on DATABASE_URL together, before logins answer 429.
    login_throttle_enabled: EnvBool = True
    login_throttle_user_failures: Annotated[int, _parse_int(10)] = 10
    login_throttle_address_failures: Annotated[int, _parse_int(100)] = 100
    login_throttle_window_seconds: Annotated[int, _parse_int(900)] = 900
    # Bulk upload limits (D22): data rows after the header (blank ones count, as in `stats`)
    # beyond which an upload is a 413, and error entries listed in a response (all are counted).
    bulk_upload_max_rows: Annotated[int, _parse_int(DEFAULT_BULK_UPLOAD_MAX_ROWS)] = (
        DEFAULT_BULK_UPLOAD_MAX_ROWS
    )
    bulk_upload_max_errors: Annotated[int, _parse_int(DEFAULT_BULK_UPLOAD_MAX_ERRORS)] = (
        DEFAULT_BULK_UPLOAD_MAX_ERRORS
    )

    @model_validator(mode="after")
    def _resolve(self) -> Settings:
        if not self.jwt_secret_key.strip():
            self.jwt_secret_key = self.secret_key or DEFAULT_SECRET
        if self.expose_error_details is None:
            self.expose_error_details = not self.is_production
        if self.allow_default_admin is None:
            self.allow_default_admin = not self.is_production
        if self.cutover_default not in MODES:
            raise ValueError(f"CUTOVER_DEFAULT must be one of {', '.join(MODES)}")
        if self.cutover_rollback_min_requests < 1:
            raise ValueError("CUTOVER_ROLLBACK_MIN_REQUESTS must be at least 1")
        for name in AT_LEAST_ONE:
            if getattr(self, name) < 1:
                raise ValueError(f"{name.upper()} must be at least 1")
        for name, low, high in THROTTLE_BOUNDS:
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"{name.upper()} must be between {low} and {high}")
        return self

    @property
    def is_production(self) -> bool:
        """Tell whether production mode (D20) is on."""
        return self.environment.strip().lower() == "production"

    @property
    def runs_scheduler(self) -> bool:
        """Tell whether this process competes for the scheduler lease (§6.1)."""
        return self.scheduler_enabled and not self.testing

    @property
    def cors_origin_list(self) -> list[str]:
        """Return the allowed CORS origins, trimmed, blanks dropped."""
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def details_exposed(self) -> bool:
        """Tell whether error messages may carry exception text (§1.3)."""
        return bool(self.expose_error_details)

    @property
    def default_admin_allowed(self) -> bool:
        """Tell whether startup creates the default admin (§2.4)."""
        return bool(self.allow_default_admin)

    @property
    def api_database_url(self) -> str:
        """Return the database the FastAPI stack serves requests from (§7.5)."""
        if self.fastapi_database_url.strip():
            return self.fastapi_database_url.strip()
        if self.testing:
            return TEST_DATABASE_URL
        return self.database_url

    @property
    def database_mode(self) -> str:
        """Name the database mode: shared, separate or test (DESIGN §5)."""
        separate = self.fastapi_database_url.strip()
        if separate:
            return "shared" if separate == self.database_url.strip() else "separate"
        return "test" if self.testing else "shared"

    def check_production(self) -> None:
        """Refuse unsafe production settings with the spec's messages (§7.2)."""
        if not self.is_production:
            return
        secret = self.secret_key.strip()
        if not secret or secret == DEFAULT_SECRET:
            raise ProductionConfigError(
                "Invalid production config: set a strong SECRET_KEY (do not use the default "
                "dev value)."
            )
        jwt_secret = self.jwt_secret_key.strip()
        if not jwt_secret or jwt_secret in (DEFAULT_SECRET, secret):
            raise ProductionConfigError(
                "Invalid production config: set a strong, distinct JWT_SECRET_KEY."
            )
        origins = self.cors_origin_list
        if not origins or "*" in origins:
            raise ProductionConfigError(
                "Invalid production config: set CORS_ORIGINS to explicit frontend origin(s); "
                '"*" is not allowed.'
            )


def load_settings(**overrides: Any) -> Settings:
    """Read the environment now, apply overrides, and run the production check."""
    settings = Settings(**overrides)
    settings.check_production()
    return settings


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings, read once."""
    return load_settings()
