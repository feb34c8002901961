"""Notification and UI preferences (spec §4.1, D10, §5.7, §5.8), the same on both stacks."""

from __future__ import annotations

from typing import Any

import pytest

from tests_fastapi.parity.support import ANY_ID, TIMESTAMP, Api, Person

NOTIFICATION_DEFAULTS = {
    "email_on_job_success": True,
    "email_on_job_failure": True,
    "email_on_job_disabled": False,
    "browser_notifications": True,
    "daily_digest": False,
    "weekly_report": True,
}
UI_DEFAULTS = {
    "pic_team": True,
    "end_date": True,
    "cron_expression": False,
    "target_url": False,
    "last_execution_at": False,
}
CANNOT_ACCESS = {"error": "Forbidden: Cannot access other users preferences"}
CANNOT_UPDATE = {"error": "Forbidden: Cannot update other users preferences"}
CONTENT_TYPE = {"error": "Content-Type must be application/json"}
INVALID_JSON = {"error": "Invalid JSON", "message": "Request body is not valid JSON."}
NOT_AN_OBJECT = {"error": "Invalid payload", "message": "JSON body must be an object."}
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def prefs_url(person: Person | str) -> str:
    return f"/api/auth/users/{person if isinstance(person, str) else person.id}/preferences"


def ui_url(person: Person | str) -> str:
    return f"/api/auth/users/{person if isinstance(person, str) else person.id}/ui-preferences"


def notification_prefs(person: Person, message: str, **flags: bool) -> dict[str, Any]:
    return {
        "message": f"Notification preferences {message} successfully",
        "preferences": {
            "id": ANY_ID,
            "user_id": person.id,
            **NOTIFICATION_DEFAULTS,
            **flags,
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
        },
    }


def ui_prefs(**columns: bool) -> dict[str, Any]:
    return {"preferences": {"jobs_table_columns": {**UI_DEFAULTS, **columns}}}


# --- notification preferences -------------------------------------------------------------------


async def test_first_read_of_notification_preferences_gives_the_defaults(
    api: Api, alice: Person
) -> None:
    await api.expect(
        "GET",
        prefs_url(alice),
        200,
        notification_prefs(alice, "retrieved"),
        token=await api.token(alice),
    )


async def test_notification_preferences_row_is_created_once(api: Api, alice: Person) -> None:
    token = await api.token(alice)
    first = await api.call("GET", prefs_url(alice), token=token)
    second = await api.call("GET", prefs_url(alice), token=token)
    assert first.json()["preferences"]["id"] == second.json()["preferences"]["id"]


async def test_admin_reads_another_users_notification_preferences(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect(
        "GET",
        prefs_url(alice),
        200,
        notification_prefs(alice, "retrieved"),
        token=await api.token(admin),
    )


async def test_user_may_not_read_another_users_notification_preferences(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect("GET", prefs_url(bob), 403, CANNOT_ACCESS, token=await api.token(alice))


async def test_notification_preferences_of_an_unknown_user_are_not_found(
    api: Api, admin: Person
) -> None:
    await api.expect(
        "GET", prefs_url(MISSING_ID), 404, {"error": "User not found"}, token=await api.token(admin)
    )


async def test_update_applies_the_flags_present(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        prefs_url(alice),
        200,
        notification_prefs(alice, "updated", daily_digest=True, email_on_job_success=False),
        token=await api.token(alice),
        json={"daily_digest": True, "email_on_job_success": False, "unknown": "ignored"},
    )


async def test_updated_notification_preferences_are_read_back(api: Api, alice: Person) -> None:
    token = await api.token(alice)
    await api.call("PUT", prefs_url(alice), token=token, json={"weekly_report": False})
    await api.expect(
        "GET",
        prefs_url(alice),
        200,
        notification_prefs(alice, "retrieved", weekly_report=False),
        token=token,
    )


async def test_update_with_an_empty_object_creates_the_defaults(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        prefs_url(alice),
        200,
        notification_prefs(alice, "updated"),
        token=await api.token(alice),
        json={},
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email_on_job_success": "yes"}, "email_on_job_success"),
        ({"weekly_report": 1}, "weekly_report"),
        ({"daily_digest": None}, "daily_digest"),
        ({"weekly_report": "x", "email_on_job_failure": 0}, "email_on_job_failure"),
    ],
    ids=["string", "number", "null", "first-in-spec-order"],
)
async def test_update_with_a_non_boolean_flag_is_refused(
    api: Api, alice: Person, payload: dict[str, Any], field: str
) -> None:
    await api.expect(
        "PUT",
        prefs_url(alice),
        400,
        {"error": "Invalid payload", "message": f'"{field}" must be a boolean.'},
        token=await api.token(alice),
        json=payload,
    )


async def test_refused_update_changes_nothing(api: Api, alice: Person) -> None:
    token = await api.token(alice)
    await api.call(
        "PUT", prefs_url(alice), token=token, json={"daily_digest": True, "weekly_report": 5}
    )
    await api.expect(
        "GET", prefs_url(alice), 200, notification_prefs(alice, "retrieved"), token=token
    )


async def test_user_may_not_update_another_users_notification_preferences(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect(
        "PUT",
        prefs_url(bob),
        403,
        CANNOT_UPDATE,
        token=await api.token(alice),
        content=b"not json",
        headers={"Content-Type": "text/plain"},
    )


async def test_notification_update_without_a_json_content_type_is_refused(
    api: Api, alice: Person
) -> None:
    await api.expect(
        "PUT",
        prefs_url(alice),
        400,
        CONTENT_TYPE,
        token=await api.token(alice),
        content=b'{"daily_digest": true}',
        headers={"Content-Type": "text/plain"},
    )


async def test_notification_update_of_an_unknown_user_is_not_found_before_parsing(
    api: Api, admin: Person
) -> None:
    await api.expect(
        "PUT",
        prefs_url(MISSING_ID),
        404,
        {"error": "User not found"},
        token=await api.token(admin),
        content=b"[",
        headers={"Content-Type": "application/json"},
    )


async def test_notification_update_with_a_non_object_body_is_refused(
    api: Api, alice: Person
) -> None:
    await api.expect(
        "PUT", prefs_url(alice), 400, NOT_AN_OBJECT, token=await api.token(alice), json=[True]
    )


# --- UI preferences ------------------------------------------------------------------------------


async def test_first_read_of_ui_preferences_gives_the_defaults(api: Api, alice: Person) -> None:
    await api.expect("GET", ui_url(alice), 200, ui_prefs(), token=await api.token(alice))


async def test_admin_reads_another_users_ui_preferences(
    api: Api, admin: Person, alice: Person
) -> None:
    await api.expect("GET", ui_url(alice), 200, ui_prefs(), token=await api.token(admin))


async def test_user_may_not_read_another_users_ui_preferences(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect("GET", ui_url(bob), 403, CANNOT_ACCESS, token=await api.token(alice))


async def test_ui_preferences_of_an_unknown_user_are_not_found(api: Api, admin: Person) -> None:
    await api.expect(
        "GET", ui_url(MISSING_ID), 404, {"error": "User not found"}, token=await api.token(admin)
    )


async def test_ui_update_normalises_by_truthiness_and_drops_unknown_keys(
    api: Api, alice: Person
) -> None:
    await api.expect(
        "PUT",
        ui_url(alice),
        200,
        ui_prefs(pic_team=False, cron_expression=True, target_url=True, end_date=False),
        token=await api.token(alice),
        json={
            "jobs_table_columns": {
                "pic_team": 0,
                "cron_expression": "yes",
                "target_url": [1],
                "end_date": "",
                "mystery": True,
            }
        },
    )


async def test_updated_ui_preferences_are_read_back(api: Api, alice: Person) -> None:
    token = await api.token(alice)
    await api.call(
        "PUT", ui_url(alice), token=token, json={"jobs_table_columns": {"last_execution_at": True}}
    )
    await api.expect("GET", ui_url(alice), 200, ui_prefs(last_execution_at=True), token=token)


@pytest.mark.parametrize("payload", [{}, {"jobs_table_columns": None}], ids=["absent", "null"])
async def test_ui_update_without_columns_is_refused(
    api: Api, alice: Person, payload: dict[str, Any]
) -> None:
    await api.expect(
        "PUT",
        ui_url(alice),
        400,
        {"error": "Missing required fields", "message": '"jobs_table_columns" is required.'},
        token=await api.token(alice),
        json=payload,
    )


@pytest.mark.parametrize("columns", [[], "pic_team", 1, False], ids=repr)
async def test_ui_update_with_non_object_columns_is_refused(
    api: Api, alice: Person, columns: object
) -> None:
    await api.expect(
        "PUT",
        ui_url(alice),
        400,
        {"error": "Invalid payload", "message": '"jobs_table_columns" must be an object.'},
        token=await api.token(alice),
        json={"jobs_table_columns": columns},
    )


async def test_ui_update_with_malformed_json_is_refused(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        ui_url(alice),
        400,
        INVALID_JSON,
        token=await api.token(alice),
        content=b'{"jobs_table_columns": {',
        headers={"Content-Type": "application/json"},
    )


async def test_ui_update_with_a_non_object_body_is_refused(api: Api, alice: Person) -> None:
    await api.expect("PUT", ui_url(alice), 400, NOT_AN_OBJECT, token=await api.token(alice), json=1)


async def test_ui_update_without_a_json_content_type_is_refused(api: Api, alice: Person) -> None:
    await api.expect(
        "PUT",
        ui_url(alice),
        400,
        CONTENT_TYPE,
        token=await api.token(alice),
        content=b'{"jobs_table_columns": {}}',
        headers={"Content-Type": "text/json"},
    )


async def test_user_may_not_update_another_users_ui_preferences(
    api: Api, alice: Person, bob: Person
) -> None:
    await api.expect(
        "PUT",
        ui_url(bob),
        403,
        CANNOT_UPDATE,
        token=await api.token(alice),
        json={"jobs_table_columns": {}},
    )


async def test_viewer_updates_their_own_ui_preferences(api: Api, victor: Person) -> None:
    await api.expect(
        "PUT",
        ui_url(victor),
        200,
        ui_prefs(),
        token=await api.token(victor),
        json={"jobs_table_columns": {}},
    )
