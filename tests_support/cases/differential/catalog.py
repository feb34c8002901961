"""The differential script, part 2: categories, PIC teams (§4.8), Slack (§4.9), cron tools (§4.3).

Registers uma and otto (users) and logs bob (a viewer since part 1) back in. Leaves the
categories `smoke-suite` (disabled) and the PIC teams `qa-team`, `ops-crew`, `retired`
(disabled) for the jobs part; their ids are in the cast.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.differential.cast import JSON_TYPE, TEXT_TYPE, Cast, login, register
from tests_support.cases.differential.recorder import Session
from tests_support.kit.worlds.base import MISSING_ID

CATEGORIES = "/api/job-categories"
TEAMS = "/api/pic-teams"
SLACK = "/api/settings/slack"
# validate-cron bodies: wrong types, then every rule of §1.8.
VALIDATIONS: list[dict[str, Any]] = [
    {"expression": 5},
    {"expression": None, "cron_expression": []},
    {},
    {"expression": "0 9 * * *"},
    {"expression": "", "cron_expression": " 0 9 1 * mon "},
    {"cron_expression": "61 * * * *"},
    {"expression": "* * * *"},
    {"expression": "0 9 * * 7"},
    {"expression": "a b c d e"},
    {"expression": "0 9 L * *"},
    {"expression": "*/0 * * * *"},
    {"expression": "0 9 * * 6-0"},
    {"expression": "@daily"},
]
# Every `count` form of A8, on a Tuesday 09:00 expression unless the cron part is tested.
PREVIEWS: list[dict[str, Any]] = [
    {"expression": "0 9 * * 1"},
    {"cron_expression": "30 18 * * fri", "count": 3},
    {"expression": "0 9 1 * 0", "count": "2"},
    {"expression": "0 9 * * 1", "count": 2.0},
    {"expression": "0 9 * * 1", "count": -1},
    {"expression": "0 9 * * 1", "count": 50},
    {"expression": "0 9 * * 1", "count": 0},
    {"expression": "0 9 * * 1", "count": False},
    {"expression": "0 9 * * 1", "count": True},
    {"expression": "0 9 * * 1", "count": ""},
    {"expression": "0 9 * * 1", "count": "x"},
    {"expression": "0 9 * * 1", "count": 1.5},
    {"expression": "0 9 * * 1", "count": [1]},
    {"expression": "61 9 * * 1", "count": "x"},
    {"expression": 7},
    {},
]


async def category_story(s: Session, cast: Cast) -> None:
    """List, create, rename, disable categories; duplicates, bad bodies, roles."""
    admin, uma = cast.tokens["admin"], cast.tokens["uma"]
    listed = await s.send("GET", CATEGORIES, token=uma)
    general = next(c["id"] for c in listed["categories"] if c["slug"] == "general")
    await s.send("GET", f"{CATEGORIES}?include_inactive=yes", token=admin)
    await s.send("POST", CATEGORIES, token=uma, json={"name": "Mine"})
    await s.send("POST", CATEGORIES, token=admin, content=b'{"name":"x"}', headers=TEXT_TYPE)
    await s.send("POST", CATEGORIES, token=admin, content=b'{"name":', headers=JSON_TYPE)
    await s.send("POST", CATEGORIES, token=admin, json=["Nightly"])
    await s.send("POST", CATEGORIES, token=admin, json={})
    await s.send("POST", CATEGORIES, token=admin, json={"name": 5})
    await s.send("POST", CATEGORIES, token=admin, json={"name": "!!!"})
    await s.send("POST", CATEGORIES, token=admin, json={"name": "Nightly Checks"})
    await s.send("POST", CATEGORIES, token=admin, json={"name": "Other", "slug": "Nightly Checks"})
    await s.send("POST", CATEGORIES, token=admin, json={"name": "Smoke", "slug": 3})
    smoke = await s.send(
        "POST", CATEGORIES, token=admin, json={"name": " Smoke Tests ", "slug": " smoke "}
    )
    smoke_id = smoke["category"]["id"]
    await s.send("PUT", f"{CATEGORIES}/{MISSING_ID}", token=admin, json={"name": "x"})
    await s.send("PUT", f"{CATEGORIES}/{MISSING_ID}", token=admin, content=b"{}", headers=TEXT_TYPE)
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=uma, json={"name": "Mine"})
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=admin, json="Smoke")
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=admin, json={"name": " "})
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=admin, json={"name": "Nightly checks"})
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=admin, json={"slug": "smokey"})
    await s.send("PUT", f"{CATEGORIES}/{smoke_id}", token=admin, json={"is_active": "no"})
    await s.send("PUT", f"{CATEGORIES}/{general}", token=admin, json={"name": "Generic"})
    await s.send("PUT", f"{CATEGORIES}/{general}", token=admin, json={"name": "General"})
    await s.send(
        "PUT",
        f"{CATEGORIES}/{smoke_id}",
        token=admin,
        json={"name": "Smoke Suite", "is_active": False},
    )
    await s.send("GET", f"{CATEGORIES}?include_inactive=1", token=uma)
    await s.send("DELETE", f"{CATEGORIES}/{MISSING_ID}", token=admin)
    await s.send("DELETE", f"{CATEGORIES}/{general}", token=uma)
    regression = next(c["id"] for c in listed["categories"] if c["slug"] == "regression")
    await s.send("DELETE", f"{CATEGORIES}/{regression}", token=admin)
    await s.send("GET", f"{CATEGORIES}?include_inactive= On ", token=admin)
    cast.ids["smoke-suite"] = smoke_id


async def team_story(s: Session, cast: Cast) -> None:
    """List, create, rename, disable PIC teams; duplicates, bad bodies, roles."""
    admin, uma = cast.tokens["admin"], cast.tokens["uma"]
    await s.send("GET", TEAMS, token=uma)
    qa = await s.send("POST", TEAMS, token=admin, json={"name": "QA Team", "slack_handle": "@qa"})
    await s.send("POST", TEAMS, token=admin, json={"name": "QA team"})
    await s.send("POST", TEAMS, token=admin, json={"name": "Ops"})
    await s.send("POST", TEAMS, token=admin, json={"name": "Ops", "slack_handle": 5})
    await s.send("POST", TEAMS, token=admin, json={"name": None, "slack_handle": "@x"})
    await s.send("POST", TEAMS, token=uma, json={"name": "Mine", "slack_handle": "@me"})
    await s.send("POST", TEAMS, token=admin, content=b"[", headers=JSON_TYPE)
    ops = await s.send(
        "POST", TEAMS, token=admin, json={"name": "Ops Team", "slack_handle": " @ops "}
    )
    retired = await s.send(
        "POST", TEAMS, token=admin, json={"name": "Retired", "slack_handle": "<!subteam^R1>"}
    )
    ops_id, retired_id = ops["pic_team"]["id"], retired["pic_team"]["id"]
    await s.send("PUT", f"{TEAMS}/{ops_id}", token=admin, json={"slack_handle": " "})
    await s.send("PUT", f"{TEAMS}/{ops_id}", token=admin, json={"slug": "ops"})
    await s.send("PUT", f"{TEAMS}/{ops_id}", token=admin, json={"name": "QA Team"})
    await s.send("PUT", f"{TEAMS}/{ops_id}", token=admin, json={"is_active": None})
    await s.send("PUT", f"{TEAMS}/{MISSING_ID}", token=admin, json={"name": "x"})
    await s.send("PUT", f"{TEAMS}/{ops_id}", token=admin, content=b"{}", headers=TEXT_TYPE)
    await s.send(
        "PUT",
        f"{TEAMS}/{ops_id}",
        token=admin,
        json={"name": "Ops Crew", "slack_handle": " @crew ", "is_active": True},
    )
    await s.send("DELETE", f"{TEAMS}/{retired_id}", token=uma)
    await s.send("DELETE", f"{TEAMS}/{retired_id}", token=admin)
    await s.send("DELETE", f"{TEAMS}/{MISSING_ID}", token=admin)
    await s.send("GET", TEAMS, token=uma)
    await s.send("GET", f"{TEAMS}?include_inactive=true", token=admin)
    cast.ids |= {"qa-team": qa["pic_team"]["id"], "ops-crew": ops_id}


async def slack_story(s: Session, cast: Cast) -> None:
    """Read and change the Slack settings; bad bodies and values, roles."""
    admin = cast.tokens["admin"]
    await s.send("GET", SLACK, token=cast.tokens["uma"])
    await s.send("GET", SLACK, token=admin)
    await s.send("PUT", SLACK, token=admin, content=b'{"is_enabled":false}', headers=TEXT_TYPE)
    await s.send("PUT", SLACK, token=admin, json=[])
    await s.send("PUT", SLACK, token=admin, json={"is_enabled": "yes"})
    await s.send("PUT", SLACK, token=admin, json={"is_enabled": True})
    await s.send("PUT", SLACK, token=admin, json={"webhook_url": 5})
    await s.send("PUT", SLACK, token=admin, json={"channel": ["#ops"]})
    await s.send(
        "PUT",
        SLACK,
        token=admin,
        json={
            "is_enabled": True,
            "webhook_url": " https://hooks.slack.test/T1 ",
            "channel": "#ops",
        },
    )
    await s.send("PUT", SLACK, token=admin, json={"channel": " ", "webhook_url": None})
    await s.send("PUT", SLACK, token=admin, json={"is_enabled": False, "webhook_url": None})
    await s.send("GET", SLACK, token=admin)


async def cron_story(s: Session, cast: Cast) -> None:
    """Validate and preview cron expressions: good, bad, wrong types (any role)."""
    bob = cast.tokens["bob"]
    validate, preview = "/api/jobs/validate-cron", "/api/jobs/cron-preview"
    await s.send("POST", validate, token=bob, content=b'{"expression":"* * * * *"}')
    await s.send("POST", validate, token=bob, content=b"{", headers=JSON_TYPE)
    await s.send("POST", validate, token=bob, json=None)
    for body in VALIDATIONS:
        await s.send("POST", validate, token=bob, json=body)
    await s.send("POST", preview, token=bob, content=b"{}", headers=TEXT_TYPE)
    await s.send("POST", preview, token=bob, json=["0 9 * * 1"])
    for body in PREVIEWS:
        await s.send("POST", preview, token=bob, json=body)


async def catalog_story(s: Session, cast: Cast) -> None:
    """Part 2 in order: the cast, then categories, teams, Slack and the cron tools."""
    await register(s, cast, "uma", "user")
    await register(s, cast, "otto", "user")
    await login(s, cast, "bob", "secret2")
    await category_story(s, cast)
    await team_story(s, cast)
    await slack_story(s, cast)
    await cron_story(s, cast)
