"""The mixed run's story, first chapter: accounts and the catalogue, and what every chapter shares.

Each phase writes through the stack its endpoints were drawn for and reads the result back
through the endpoints that show it, which may be served by the other stack. Expected values are
the spec's; a value the service generates (ids, timestamps) is matched by pattern when it first
appears and is then required verbatim from every later reply, whichever stack sends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from cronjobs.models import JobExecution
from tests_support.cases.mixed.stacks import MixedApi
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, ANY_TOKEN, Matches
from tests_support.kit.contract import HEALTHY, NOTIFICATION_DEFAULTS, UI_DEFAULTS
from tests_support.kit.servers.http_stub import HttpStub
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.runs import tokyo_today

END = (tokyo_today() + timedelta(days=30)).isoformat()
EMAIL = "mira.ops@example.com"  # mira's address once she has changed it: the actor of her events
PASSWORD = "mixed-pass"
TEAM = "qa-night-shift"
# Seeded categories, ordered by lower(name) as the list is (§4.8).
SEEDED_CATEGORIES = ["backward-compatibility", "dr-testing", "feature-testing", "general",
                     "prod-canary", "refund", "regression"]  # fmt: skip
NO_RANGE = {"from": None, "to": None}
Event = tuple[str, str, str, str | None, str | None]  # title, message, type, job id, execution id


def created(**values: Any) -> dict[str, Any]:
    """Return a resource the service just created: a new id, `values`, fresh timestamps."""
    return {"id": ANY_ID, **values, "created_at": ANY_TIMESTAMP, "updated_at": ANY_TIMESTAMP}


def tokyo_time(clock: str, day: str = r"\d\d-\d\d") -> Matches:
    """Match a `next_execution_at`: a fire time at `clock` (HH:MM) on `day` (MM-DD), Tokyo."""
    return Matches(f"{clock} JST", rf"\d{{4}}-{day}T{clock}:00\+09:00")


@dataclass
class Story:
    """What the scenario has learnt so far: tokens, and each resource as last returned."""

    api: MixedApi
    world: World
    stub: HttpStub
    admin: str = ""
    mira: str = ""
    user: dict[str, Any] = field(default_factory=dict)
    team: dict[str, Any] = field(default_factory=dict)
    category: dict[str, Any] = field(default_factory=dict)
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)  # `Job` resources by name
    runs: dict[str, JobExecution] = field(default_factory=dict)  # stored rows by outcome
    events: list[Event] = field(default_factory=list)  # broadcasts so far, oldest first

    def job(self, name: str) -> dict[str, str]:
        """Return the path parameters naming a job."""
        return {"job_id": self.jobs[name]["id"]}

    def me(self) -> dict[str, str]:
        """Return the path parameters naming mira."""
        return {"user_id": self.user["id"]}

    def new_job(self, name: str, **values: Any) -> dict[str, Any]:
        """Return the `Job` resource of a job mira just created: the defaults, then `values`."""
        return created(
            name=name, cron_expression="0 9 * * *", target_url=None, github_owner=None,
            github_repo=None, github_workflow_name=None, metadata={}, category="general",
            end_date=END, pic_team=TEAM, enable_email_notifications=False,
            notification_emails=[], notify_on_success=False, created_by=self.user["id"],
            is_active=True,
        ) | values  # fmt: skip

    def broadcast(
        self, title: str, verb: str, kind: str, name: str, run: JobExecution | None = None
    ) -> None:
        """Note the broadcast (§6.6) the last request sent to every active user."""
        job = self.jobs[name]["id"] if name in self.jobs else None
        self.events.append((title, f'Job "{name}" {verb}', kind, job, run.id if run else None))


async def accounts(s: Story) -> None:
    """Admin logs in and registers mira (role user), who logs in and tends her account."""
    logged_in = {"message": "Login successful", "access_token": ANY_TOKEN,
                 "refresh_token": ANY_TOKEN}  # fmt: skip
    admin = {"username": "admin", "password": "admin123"}
    reply = await s.api.call(
        "POST /api/auth/login", json=admin, expect=logged_in | {"user": s.world.user_json("admin")}
    )
    s.admin = reply["access_token"]
    await s.api.call("GET /api/health", expect=HEALTHY)
    new = {"username": "mira", "email": " Mira@Example.com", "password": PASSWORD, "role": "user"}
    mira = created(username="mira", email="mira@example.com", role="user", is_active=True)
    done = {"message": "User registered successfully", "user": mira}
    reply = await s.api.call("POST /api/auth/register", s.admin, json=new, status=201, expect=done)
    s.user = reply["user"]
    login = {"email": "mira@example.com", "password": PASSWORD}
    reply = await s.api.call(
        "POST /api/auth/login", json=login, expect=logged_in | {"user": s.user}
    )
    fresh = {"access_token": ANY_TOKEN}
    reply = await s.api.call("POST /api/auth/refresh", reply["refresh_token"], expect=fresh)
    s.mira = reply["access_token"]
    await s.api.call("GET /api/auth/me", s.mira, expect={"user": s.user})
    changed = s.user | {"email": EMAIL, "updated_at": ANY_TIMESTAMP}
    done = {"message": "User updated successfully", "updated_fields": ["email"], "user": changed}
    email = {"email": " Mira.Ops@Example.com "}
    reply = await s.api.call(
        "PUT /api/auth/users/<user_id>", s.mira, at=s.me(), json=email, expect=done
    )
    s.user = reply["user"]
    await s.api.call("GET /api/auth/users/<user_id>", s.admin, at=s.me(), expect={"user": s.user})
    listed = await s.api.call("GET /api/auth/users", s.admin)
    assert listed["count"] == 5 and s.user in listed["users"], listed
    await preferences(s)


async def preferences(s: Story) -> None:
    """Mira stores both kinds of preferences and reads them back."""
    flags = {"daily_digest": True, "weekly_report": False}
    prefs = created(user_id=s.user["id"], **(NOTIFICATION_DEFAULTS | flags))
    path = "/api/auth/users/<user_id>/preferences"
    done = {"message": "Notification preferences updated successfully", "preferences": prefs}
    reply = await s.api.call(f"PUT {path}", s.mira, at=s.me(), json=flags, expect=done)
    read = {"message": "Notification preferences retrieved successfully"}
    stored = read | {"preferences": reply["preferences"]}
    await s.api.call(f"GET {path}", s.mira, at=s.me(), expect=stored)
    columns = {"jobs_table_columns": UI_DEFAULTS | {"pic_team": False, "target_url": True}}
    sent = {"jobs_table_columns": {"target_url": 1, "pic_team": 0, "bogus": True}}
    path = "/api/auth/users/<user_id>/ui-preferences"
    await s.api.call(f"PUT {path}", s.mira, at=s.me(), json=sent, expect={"preferences": columns})
    await s.api.call(f"GET {path}", s.mira, at=s.me(), expect={"preferences": columns})


async def catalogue(s: Story) -> None:
    """Admin creates a PIC team and a category; mira sees them listed."""
    team = created(slug=TEAM, name="QA Night Shift", slack_handle="@qa-night", is_active=True)
    sent = {"name": "QA Night Shift", "slack_handle": " @qa-night "}
    done = {"message": "PIC team created", "pic_team": team}
    reply = await s.api.call("POST /api/pic-teams", s.admin, json=sent, status=201, expect=done)
    s.team = reply["pic_team"]
    category = created(slug="smoke-tests", name="Smoke Tests", is_active=True)
    done = {"message": "Category created", "category": category}
    sent = {"name": "Smoke Tests"}
    key = "POST /api/job-categories"
    reply = await s.api.call(key, s.admin, json=sent, status=201, expect=done)
    s.category = reply["category"]
    await s.api.call("GET /api/pic-teams", s.mira, expect={"pic_teams": [s.team]})
    listed = (await s.api.call("GET /api/job-categories", s.mira))["categories"]
    assert [row["slug"] for row in listed] == [*SEEDED_CATEGORIES, "smoke-tests"], listed
    assert listed[-1] == s.category
