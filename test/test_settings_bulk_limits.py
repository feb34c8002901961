"""The bulk upload's limits (spec D22) as settings: defaults, the environment, refused values."""

from __future__ import annotations

import pytest

from cronjobs.settings import Settings

VARIABLES = ("BULK_UPLOAD_MAX_ROWS", "BULK_UPLOAD_MAX_ERRORS")


def from_env() -> Settings:
    """Read settings from the process environment only (no `.env`)."""
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_at_most_10000_rows_by_default() -> None:
    assert from_env().bulk_upload_max_rows == 10_000


def test_at_most_100_errors_listed_by_default() -> None:
    assert from_env().bulk_upload_max_errors == 100


@pytest.mark.parametrize("variable", VARIABLES)
def test_limit_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    monkeypatch.setenv(variable, " 25 ")
    assert getattr(from_env(), variable.lower()) == 25


@pytest.mark.parametrize(
    ("variable", "default"), [("BULK_UPLOAD_MAX_ROWS", 10_000), ("BULK_UPLOAD_MAX_ERRORS", 100)]
)
@pytest.mark.parametrize("value", ["", "many", "2.5"])
def test_limit_that_is_not_an_integer_means_the_default(
    monkeypatch: pytest.MonkeyPatch, variable: str, default: int, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert getattr(from_env(), variable.lower()) == default


@pytest.mark.parametrize("variable", VARIABLES)
@pytest.mark.parametrize("value", ["0", "-1"])
def test_limit_below_one_is_refused(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=f"{variable} must be at least 1"):
        from_env()
