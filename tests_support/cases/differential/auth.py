"""The differential script, part 1: auth and users (spec §2, §4.1), good and bad input.

Registers alice (user), bob (user, then viewer) and victor (viewer); ends with alice deleted,
victor deactivated, and the admin's token in the cast for the parts that follow.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.differential.cast import JSON_TYPE, TEXT_TYPE, Cast
from tests_support.cases.differential.recorder import Session
from tests_support.kit.worlds.base import MISSING_ID


async def auth_story(s: Session, cast: Cast) -> None:
    """Every auth and user endpoint, with good and bad input; leaves the admin's token."""
    json_type, text_type = JSON_TYPE, TEXT_TYPE

    await s.send("GET", "/api/health")
    await s.send("HEAD", "/api/health")
    await s.send("GET", "/api/auth/me")
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Basic YWRtaW4="})
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Bearer"})
    await s.send("GET", "/api/auth/me", headers={"Authorization": "Bearer abc"})
    await s.send("GET", "/api/auth/me", headers={"Authorization": ", ,"})
    await s.send("POST", "/api/auth/login", content=b'{"username":"admin"}', headers=text_type)
    await s.send("POST", "/api/auth/login", content=b'{"username":', headers=json_type)
    await s.send("POST", "/api/auth/login", json=[])
    await s.send("POST", "/api/auth/login", json={})
    await s.send("POST", "/api/auth/login", json={"username": 5, "password": "x"})
    await s.send("POST", "/api/auth/login", json={"username": "admin", "password": "wrong"})
    await s.send("POST", "/api/auth/login", json={"username": "nobody", "password": "x"})
    admin = await s.send(
        "POST", "/api/auth/login", json={"username": "admin", "password": "admin123"}
    )
    admin_token, admin_refresh = admin["access_token"], admin["refresh_token"]
    await s.send("GET", "/api/auth/me", token=admin_token)
    await s.send("GET", "/api/auth/me", token=admin_refresh)
    await s.send("POST", "/api/auth/refresh", token=admin_token)
    refreshed = await s.send("POST", "/api/auth/refresh", token=admin_refresh)
    await s.send("GET", "/api/auth/me", token=refreshed["access_token"])

    register = "/api/auth/register"

    async def admin_registers(**payload: Any) -> Any:
        return await s.send("POST", register, token=admin_token, json=payload)

    await s.send("POST", register, json={"username": "alice"})
    await s.send("POST", register, token=admin_token, content=b"{}", headers=text_type)
    await admin_registers()
    await admin_registers(username=12, email="a@x.io", password="secret1")
    await admin_registers(username=" al ", email="a@x.io", password="secret1")
    await admin_registers(username="alice", email="a@x.io", password="12345")
    await admin_registers(username="alice", email="a@x.io", password="secret1", role=None)
    alice = (
        await admin_registers(
            username=" alice ", email=" Alice@X.io", password="secret1", role="user"
        )
    )["user"]
    bob = (
        await admin_registers(username="bob", email="bob@x.io", password="secret1", role="user")
    )["user"]
    victor = (await admin_registers(username="victor", email="victor@x.io", password="secret1"))[
        "user"
    ]
    await admin_registers(username="alice", email="other@x.io", password="secret1")
    await admin_registers(username="alice2", email="BOB@x.io", password="secret1")
    alice_token = (
        await s.send("POST", "/api/auth/login", json={"email": "alice@x.io", "password": "secret1"})
    )["access_token"]
    bob_token = (
        await s.send("POST", "/api/auth/login", json={"username": "bob", "password": "secret1"})
    )["access_token"]
    victor_login = await s.send(
        "POST", "/api/auth/login", json={"username": "victor", "password": "secret1"}
    )
    victor_token, victor_refresh = victor_login["access_token"], victor_login["refresh_token"]
    carol = {"username": "carol", "email": "c@x.io", "password": "secret1"}
    await s.send("POST", register, token=alice_token, json=carol)

    users = "/api/auth/users"
    await s.send("GET", users, token=admin_token)
    await s.send("GET", users, token=alice_token)
    await s.send("GET", f"{users}/{alice['id']}", token=alice_token)
    await s.send("GET", f"{users}/{bob['id']}", token=alice_token)
    await s.send("GET", f"{users}/{MISSING_ID}", token=admin_token)
    await s.send("GET", f"{users}/{alice['id']}", token=admin_token)
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": " Alice.New@X.io "}
    )
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": "bob@x.io"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"password": "123"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"role": "admin"})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"is_active": False})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={})
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"email": 3})
    await s.send("PUT", f"{users}/{bob['id']}", token=alice_token, json={"email": "x@x.io"})
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, content=b"{}", headers=text_type
    )
    await s.send(
        "PUT", f"{users}/{alice['id']}", token=alice_token, content=b"{", headers=json_type
    )
    await s.send("PUT", f"{users}/{MISSING_ID}", token=admin_token, json={"role": "user"})
    await s.send("PUT", f"{users}/{alice['id']}", token=admin_token, json={"role": "chief"})
    await s.send("PUT", f"{users}/{alice['id']}", token=admin_token, json={"is_active": "no"})
    await s.send(
        "PUT",
        f"{users}/{bob['id']}",
        token=admin_token,
        json={"is_active": True, "role": "viewer", "password": "secret2", "email": ""},
    )
    await s.send("PUT", f"{users}/{alice['id']}", token=alice_token, json={"password": "secret3"})
    await s.send("POST", "/api/auth/login", json={"username": "alice", "password": "secret1"})
    alice_token = (
        await s.send("POST", "/api/auth/login", json={"username": "alice", "password": "secret3"})
    )["access_token"]

    prefs = f"{users}/{alice['id']}/preferences"
    await s.send("GET", prefs, token=alice_token)
    await s.send("GET", prefs, token=alice_token)
    await s.send("GET", f"{users}/{bob['id']}/preferences", token=alice_token)
    await s.send(
        "PUT", prefs, token=alice_token, json={"daily_digest": True, "weekly_report": False}
    )
    await s.send("PUT", prefs, token=alice_token, json={"browser_notifications": "off"})
    await s.send("PUT", prefs, token=alice_token, content=b"{}", headers=text_type)
    await s.send("PUT", prefs, token=alice_token, json=[])
    await s.send("GET", f"{users}/{MISSING_ID}/preferences", token=admin_token)
    await s.send("GET", f"{users}/{bob['id']}/preferences", token=admin_token)

    ui = f"{users}/{alice['id']}/ui-preferences"
    await s.send("GET", ui, token=alice_token)
    await s.send(
        "PUT",
        ui,
        token=alice_token,
        json={"jobs_table_columns": {"pic_team": 0, "target_url": "y", "x": 1}},
    )
    await s.send("PUT", ui, token=alice_token, json={"jobs_table_columns": None})
    await s.send("PUT", ui, token=alice_token, json={"jobs_table_columns": ["pic_team"]})
    await s.send("PUT", ui, token=alice_token, content=b"{,}", headers=json_type)
    await s.send("PUT", ui, token=alice_token, json="columns")
    await s.send("GET", ui, token=alice_token)
    await s.send(
        "PUT",
        f"{users}/{bob['id']}/ui-preferences",
        token=alice_token,
        json={"jobs_table_columns": {}},
    )
    await s.send("GET", f"{users}/{victor['id']}/ui-preferences", token=victor_token)

    await s.send("PUT", f"{users}/{victor['id']}", token=admin_token, json={"is_active": False})
    await s.send("GET", "/api/auth/me", token=victor_token)
    await s.send("POST", "/api/auth/login", json={"username": "victor", "password": "secret1"})
    await s.send("POST", "/api/auth/refresh", token=victor_refresh)
    await s.send("DELETE", f"{users}/{admin['user']['id']}", token=admin_token)
    await s.send("DELETE", f"{users}/{bob['id']}", token=alice_token)
    await s.send("DELETE", f"{users}/{MISSING_ID}", token=admin_token)
    await s.send("DELETE", f"{users}/{alice['id']}", token=admin_token)
    await s.send("GET", "/api/auth/me", token=alice_token)
    await s.send("GET", f"{users}/{alice['id']}", token=admin_token)
    await s.send("GET", users, token=admin_token)
    await s.send("GET", "/api/auth/me", token=bob_token)
    await s.send("HEAD", "/api/auth/me", token=admin_token)
    cast.tokens["admin"] = admin_token
    cast.ids["admin"] = admin["user"]["id"]
