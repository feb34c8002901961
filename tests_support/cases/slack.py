"""Case tables for spec §4.9: the global Slack settings row.

The row is created on first access and that creation is kept even when the PUT is rejected, so
a failing PUT on a fresh database must leave exactly one row holding the defaults; a failing PUT
on an existing row must leave every table unchanged.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cronjobs.models import SlackSettings
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, NOTHING, Case, Check, Reply, Step
from tests_support.kit.contract import (
    ADMIN_ONLY,
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    JSON_SUFFIX,
    NO_HEADER,
    NOT_AN_OBJECT,
    TEXT,
    must_be,
)
from tests_support.kit.scenario import Setup
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import World

PATH = "/settings/slack"
ROW_ID = "5a000000-0000-4000-8000-000000000001"
LATER_ID = "5a000000-0000-4000-8000-000000000002"
HOOK = "https://hooks.slack.com/services/T0/B0/XYZ"
DEFAULTS = {"is_enabled": False, "webhook_url": None, "channel": None}
NEEDS_URL = {
    "error": "Invalid settings",
    "message": "webhook_url is required when Slack is enabled.",
}


def store(row_id: str = ROW_ID, created_at: datetime | None = None, **values: Any) -> Setup:
    """Insert a settings row with a fixed id (the defaults overridden by `values`)."""

    def setup(world: World) -> None:
        with world.session() as session:
            when = {"created_at": created_at} if created_at else {}
            session.add(SlackSettings(id=row_id, **(DEFAULTS | values), **when))
            session.commit()

    return setup


def settings_body(message: str | None = None, **values: Any) -> dict[str, Any]:
    """A body holding a settings row with these values (any id and timestamps)."""
    stamps = {"created_at": ANY_TIMESTAMP, "updated_at": ANY_TIMESTAMP}
    resource = {"id": ANY_ID, **DEFAULTS, **stamps} | values
    body: dict[str, Any] = {"slack_settings": resource}
    return body if message is None else {"message": message, **body}


def updated(**values: Any) -> dict[str, Any]:
    """The PUT success body."""
    return settings_body("Slack settings updated", **values)


def only_row(row_id: str | None = None, **values: Any) -> Check:
    """Exactly one settings row exists, holding the defaults overridden by `values`."""

    def check(world: World, reply: Reply) -> None:
        assert world.count(SlackSettings) == 1
        row = world.row(SlackSettings)
        assert {name: getattr(row, name) for name in DEFAULTS} == DEFAULTS | values
        if row_id is not None:
            assert row.id == row_id
        if reply.status == 200:
            assert reply.json()["slack_settings"]["id"] == row.id

    return check


def no_row(world: World, _reply: Reply) -> None:
    """No settings row was created."""
    assert world.count(SlackSettings) == 0


def get(name: str, **fields: Any) -> Case:
    """A GET /settings/slack case."""
    return Case(name=f"get_slack_{name}", method="GET", path=PATH, **fields)


def put(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A PUT /settings/slack case."""
    return Case(name=f"put_slack_{name}", method="PUT", path=PATH, json=payload, **fields)


def rejected_on_fresh_database(name: str, payload: Any, body: Any, **fields: Any) -> Case:
    """A PUT refused with 400 that still leaves the row created on first access."""
    return put(name, payload, status=400, body=body, check=only_row(), **fields)


def rejected_on_stored_row(name: str, payload: Any, body: Any, **values: Any) -> Case:
    """A PUT refused with 400 on an existing row, which stays as it was."""
    setup = recorded(store(**values))
    return put(name, payload, setup=setup, status=400, body=body, check=unchanged)


SLACK_GET_CASES = [
    get("creates_the_default_row_on_first_access", status=200, body=settings_body(),
        check=only_row(),
        then=(Step(method="GET", path=PATH, status=200, body=settings_body(), check=only_row()),)),
    get("returns_the_stored_row_with_plaintext_url", status=200,
        setup=store(is_enabled=True, webhook_url=HOOK, channel="#ops"),
        body=settings_body(id=ROW_ID, is_enabled=True, webhook_url=HOOK, channel="#ops"),
        check=only_row(ROW_ID, is_enabled=True, webhook_url=HOOK, channel="#ops")),
    get("returns_the_oldest_of_several_rows", status=200,
        setup=recorded(store(LATER_ID, datetime(2025, 2, 1), channel="#later"),
                       store(ROW_ID, datetime(2025, 1, 1), channel="#first")),
        body=settings_body(id=ROW_ID, channel="#first", created_at="2025-01-01T00:00:00"),
        check=unchanged),
    *(get(f"refuses_{actor}", actor=actor, status=403, body=ADMIN_ONLY, check=no_row)
      for actor in ("user", "viewer")),
    get("requires_token", actor=None, status=401, body=NO_HEADER, check=no_row),
]  # fmt: skip

SLACK_PUT_CASES = [
    put("enables_with_trimmed_url_and_channel", {"is_enabled": True, "webhook_url": f"  {HOOK} ",
        "channel": " #ops "}, status=200,
        body=updated(is_enabled=True, webhook_url=HOOK, channel="#ops"),
        check=only_row(is_enabled=True, webhook_url=HOOK, channel="#ops"),
        then=(Step(method="GET", path=PATH, status=200,
                   body=settings_body(is_enabled=True, webhook_url=HOOK, channel="#ops")),)),
    put("with_empty_body_creates_and_keeps_defaults", {}, status=200, body=updated(),
        check=only_row()),
    put("updates_the_stored_row", {"channel": "#alerts"},
        setup=store(is_enabled=True, webhook_url=HOOK), status=200,
        body=updated(id=ROW_ID, is_enabled=True, webhook_url=HOOK, channel="#alerts"),
        check=only_row(ROW_ID, is_enabled=True, webhook_url=HOOK, channel="#alerts")),
    put("does_not_validate_the_url", {"is_enabled": True, "webhook_url": "not a url"},
        status=200, body=updated(is_enabled=True, webhook_url="not a url"),
        check=only_row(is_enabled=True, webhook_url="not a url")),
    put("clears_blank_and_null_values", {"webhook_url": "   ", "channel": None},
        setup=store(webhook_url=HOOK, channel="#ops"), status=200, body=updated(id=ROW_ID),
        check=only_row(ROW_ID)),
    put("disables_and_clears_url_together", {"is_enabled": False, "webhook_url": None},
        setup=store(is_enabled=True, webhook_url=HOOK), status=200, body=updated(id=ROW_ID),
        check=only_row(ROW_ID)),
    put("enables_with_the_stored_url", {"is_enabled": True}, setup=store(webhook_url=HOOK),
        status=200, body=updated(id=ROW_ID, is_enabled=True, webhook_url=HOOK)),
    put("accepts_json_suffix_media_type", {"channel": "#x"}, content_type=JSON_SUFFIX,
        status=200, body=updated(channel="#x")),
    rejected_on_fresh_database("keeps_created_row_after_content_type_error",
                               {"is_enabled": False}, CONTENT_TYPE_ERROR, content_type=TEXT),
    rejected_on_fresh_database("keeps_created_row_after_malformed_json", NOTHING, INVALID_JSON,
                               raw=b"{is_enabled: true}"),
    rejected_on_fresh_database("keeps_created_row_after_empty_body", NOTHING, INVALID_JSON,
                               raw=b""),
    rejected_on_fresh_database("keeps_created_row_after_non_object_body", [True],
                               NOT_AN_OBJECT),
    rejected_on_fresh_database("keeps_created_row_after_enabling_without_url",
                               {"is_enabled": True, "channel": "#ops"}, NEEDS_URL),
    rejected_on_fresh_database("keeps_created_row_after_type_error",
                               {"channel": "#ops", "is_enabled": "true"},
                               must_be("is_enabled", "a boolean")),
    rejected_on_stored_row("rejects_non_boolean_is_enabled", {"is_enabled": 1},
                           must_be("is_enabled", "a boolean")),
    rejected_on_stored_row("rejects_null_is_enabled", {"is_enabled": None},
                           must_be("is_enabled", "a boolean")),
    rejected_on_stored_row("rejects_non_string_webhook_url", {"webhook_url": 5},
                           must_be("webhook_url", "a string")),
    rejected_on_stored_row("rejects_non_string_channel", {"channel": ["#ops"]},
                           must_be("channel", "a string")),
    rejected_on_stored_row("checks_is_enabled_before_webhook_url",
                           {"webhook_url": 5, "is_enabled": "on"},
                           must_be("is_enabled", "a boolean")),
    rejected_on_stored_row("checks_webhook_url_before_channel", {"channel": 1, "webhook_url": 2},
                           must_be("webhook_url", "a string")),
    rejected_on_stored_row("checks_types_before_the_url_rule",
                           {"is_enabled": True, "channel": False},
                           must_be("channel", "a string")),
    rejected_on_stored_row("rejects_enabling_without_url", {"is_enabled": True}, NEEDS_URL),
    rejected_on_stored_row("rejects_blank_url_while_enabled", {"webhook_url": "  "}, NEEDS_URL,
                           is_enabled=True, webhook_url=HOOK),
    rejected_on_stored_row("rejects_null_url_on_enable", {"is_enabled": True, "webhook_url": None},
                           NEEDS_URL, webhook_url=HOOK),
    *(put(f"refuses_{actor}", {"channel": "#x"}, actor=actor, status=403, body=ADMIN_ONLY,
          check=no_row)
      for actor in ("user", "viewer")),
    put("requires_token", {"channel": "#x"}, actor=None, status=401, body=NO_HEADER,
        check=no_row),
    put("checks_role_before_content_type", raw=b"{", content_type=TEXT, actor="viewer",
        status=403, body=ADMIN_ONLY, check=no_row),
]  # fmt: skip

ALL_CASES = [*SLACK_GET_CASES, *SLACK_PUT_CASES]
