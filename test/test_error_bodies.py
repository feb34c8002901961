"""The 500 body (spec §1.3): exception text only when details are exposed, never SQL."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from cronjobs.domain.errors import internal_error_body

STATEMENT_ERROR = IntegrityError(
    "INSERT INTO users (password_hash) VALUES (%(password_hash)s)",
    {"password_hash": "$pbkdf2-sha256$29000$secret"},
    Exception("duplicate key value violates unique constraint"),
)


def test_a_database_error_exposes_only_the_driver_message() -> None:
    assert internal_error_body(STATEMENT_ERROR, expose_details=True) == {
        "error": "Internal server error",
        "message": "duplicate key value violates unique constraint",
    }


def test_hidden_details_give_the_fixed_message() -> None:
    assert internal_error_body(STATEMENT_ERROR, expose_details=False) == {
        "error": "Internal server error",
        "message": "Internal server error",
    }


def test_an_exception_without_text_is_named_by_its_class() -> None:
    assert internal_error_body(KeyError(), expose_details=True)["message"] == "KeyError"
