"""Before and after the flip-under-load run: users, rows and tokens to start from; the census.

Setup goes through the gateway while every endpoint is on its file mode (Flask): a PIC team, a
seeded job read back as the reference every client compares with, and one user per client, each
with a job of its own. Users alternate admin and user roles, and each client has its own token,
so canary endpoints split the clients between the stacks by their token's subject.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from tests_support.kit.load.clients import JOBS, LoadWorld, new_job_body, stable
from tests_support.kit.servers.gateway_processes import log_in

CATEGORIES_ALL = "/api/job-categories?include_inactive=1"
PASSWORD = "load-password"
ADMIN_EVERY = 2  # every second client is an admin, who also creates categories


@dataclass(frozen=True, slots=True)
class Loader:
    """One client's user: its bearer header, whether it is an admin, and the job it owns."""

    number: int
    headers: dict[str, str]
    is_admin: bool
    own_job: str


def created(reply: httpx.Response) -> dict[str, Any]:
    """Return a setup create's JSON, failing the test if it did not answer 201."""
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body


def seed_world(client: httpx.Client, admin: dict[str, str]) -> LoadWorld:
    """Create the PIC team and the seeded job; read the job back as the clients' reference."""
    team = created(
        client.post(
            "/api/pic-teams", json={"name": "Load team", "slack_handle": "@load"}, headers=admin
        )
    )
    slug = team["pic_team"]["slug"]
    job = created(client.post(JOBS, json=new_job_body("load-seeded", slug), headers=admin))
    reply = client.get(f"{JOBS}/{job['job']['id']}", headers=admin)
    assert reply.status_code == 200, reply.text
    return LoadWorld(seeded_job=stable(reply.json()["job"]), pic_team=slug)


def add_loader(
    client: httpx.Client, admin: dict[str, str], world: LoadWorld, number: int
) -> Loader:
    """Register client `number`'s user, log it in and give it a job of its own."""
    username = f"loader{number}"
    is_admin = number % ADMIN_EVERY == 0
    user = {
        "username": username,
        "email": f"{username}@example.com",
        "password": PASSWORD,
        "role": "admin" if is_admin else "user",
    }
    created(client.post("/api/auth/register", json=user, headers=admin))
    headers = log_in(client, username, PASSWORD)
    body = new_job_body(f"load-own-{number}", world.pic_team)
    job = created(client.post(JOBS, json=body, headers=headers))
    return Loader(number, headers, is_admin, job["job"]["id"])


@dataclass(frozen=True, slots=True)
class Census:
    """The rows the database holds, by name: jobs and categories."""

    jobs: Counter[str]
    categories: Counter[str]
    targets: dict[str, str | None]

    def count(self, kind: str) -> int:
        """Count the rows of one kind ("jobs" or "categories")."""
        return sum(self.of(kind).values())

    def of(self, kind: str) -> Counter[str]:
        """The names of one kind of row, each with how many rows carry it."""
        return self.jobs if kind == "jobs" else self.categories


def take_census(client: httpx.Client, admin: dict[str, str]) -> Census:
    """Read every job and every category (inactive too) as the admin."""
    jobs = client.get(JOBS, headers=admin)
    categories = client.get(CATEGORIES_ALL, headers=admin)
    assert jobs.status_code == 200, jobs.text
    assert categories.status_code == 200, categories.text
    listed = jobs.json()["jobs"]
    return Census(
        jobs=Counter(job["name"] for job in listed),
        categories=Counter(category["name"] for category in categories.json()["categories"]),
        targets={job["id"]: job["target_url"] for job in listed},
    )
