"""One load client: a user looping over reads and writes of jobs and categories, checking each.

Every request has one status it must get; anything else, or no answer, is a failure. Every body
is checked against what this client knows: the seeded job never changes, a job it created reads
back as the create answered, its own job shows its last update, and the lists contain what it
created. Names are unique per client and iteration, so the final census can count each write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from tests_support.kit.load.tally import Response, Tally

JOBS = "/api/jobs"
CATEGORIES = "/api/job-categories"
# Computed at the moment of reading (§4.2), so no two reads need agree on them.
VOLATILE_JOB_FIELDS = ("next_execution_at",)
NEVER_FIRES = "0 0 1 1 *"  # the scheduler is on, and must not run anything during the test
LIST_EVERY = 4  # iterations per full job list: it grows with every create, so it is the costly read
CATEGORY_EVERY = 5  # iterations per category create (admins only)


def stable(job: dict[str, Any]) -> dict[str, Any]:
    """Return a job's JSON without the fields that depend on the moment of reading."""
    return {name: value for name, value in job.items() if name not in VOLATILE_JOB_FIELDS}


def new_job_body(name: str, pic_team: str) -> dict[str, Any]:
    """The body of a job create that the spec accepts (§4.2)."""
    return {
        "name": name,
        "cron_expression": NEVER_FIRES,
        "end_date": (date.today() + timedelta(days=30)).isoformat(),
        "pic_team": pic_team,
        "target_url": f"http://127.0.0.1:9/{name}",
    }


@dataclass
class LoadWorld:
    """What setup made before the load: the seeded job as read then, and the PIC team's slug."""

    seeded_job: dict[str, Any]
    pic_team: str


@dataclass
class LoadClient:
    """One user's loop; `own_job` is the job only this client updates."""

    number: int
    client: httpx.AsyncClient
    own_job: str
    is_admin: bool
    world: LoadWorld
    tally: Tally
    last_target: str | None = None
    created_jobs: set[str] = field(default_factory=set)
    created_categories: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def run(self, until: float) -> None:
        """Loop over the request mix until the monotonic clock reaches `until`."""
        iteration = 0
        while time.monotonic() < until:
            await self.iterate(iteration)
            iteration += 1

    async def iterate(self, iteration: int) -> None:
        """One round of the mix; a failed step skips the checks that depend on it."""
        name = f"load-{self.number}-{iteration}"
        created = await self.create_job(name)
        if created is not None:
            await self.read_created_job(created)
        await self.update_own_job(iteration)
        await self.read_own_job()
        await self.read_seeded_job()
        if self.is_admin and iteration % CATEGORY_EVERY == 0:
            await self.create_category(f"Load {self.number} {iteration}")
        await self.read_categories()
        if iteration % LIST_EVERY == 0:
            await self.read_jobs()

    async def call(
        self, key: str, path: str, expected: int, body: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Send one request; record it; return its JSON, or None when it failed."""
        method = key.split(" ", 1)[0]
        started = time.perf_counter()
        try:
            reply = await self.client.request(method, path, json=body)
        except httpx.TransportError as error:
            self.tally.fail(f"{key} {path}: no answer ({error!r})")
            return None
        served = reply.headers.get("x-served-by", "none")
        self.tally.answered(Response(key, reply.status_code, served, time.perf_counter() - started))
        if reply.status_code != expected:
            self.tally.fail(f"{key} {path} via {served}: {reply.status_code} {reply.text[:300]}")
            return None
        answer: dict[str, Any] = reply.json()
        return answer

    def check(self, agrees: bool, what: str) -> None:
        """Record a wrong answer unless `agrees`."""
        if not agrees:
            self.tally.contradict(f"client {self.number}: {what}")

    async def create_job(self, name: str) -> dict[str, Any] | None:
        """POST a uniquely named job; return the job the create answered."""
        sent = new_job_body(name, self.world.pic_team)
        answer = await self.call("POST /api/jobs", JOBS, 201, sent)
        if answer is None:
            self.tally.unanswered["jobs"].append(name)
            return None
        job: dict[str, Any] = answer["job"]
        self.tally.created["jobs"].append(name)
        self.created_jobs.add(job["id"])
        shown = {key: job[key] for key in sent}  # the PIC team is sent as the slug it is stored as
        self.check(shown == sent, f"create of {name} answered {job}")
        return job

    async def read_created_job(self, created: dict[str, Any]) -> None:
        """GET a job just created: the create's answer plus the read-only fields."""
        answer = await self.call("GET /api/jobs/<job_id>", f"{JOBS}/{created['id']}", 200)
        if answer is not None:
            read = stable(answer["job"])
            expected = created | {"last_execution_at": None}
            self.check(read == expected, f"created job read back as {read}, not {expected}")

    async def update_own_job(self, iteration: int) -> None:
        """PUT a new target on this client's job; the answer must show it."""
        target = f"http://127.0.0.1:9/own-{self.number}/{iteration}"
        path = f"{JOBS}/{self.own_job}"
        answer = await self.call("PUT /api/jobs/<job_id>", path, 200, {"target_url": target})
        if answer is not None:
            self.last_target = target
            shown = answer["job"]["target_url"]
            self.check(shown == target, f"update answered target {shown}, not {target}")

    async def read_own_job(self) -> None:
        """GET this client's job: it shows the last target this client set."""
        answer = await self.call("GET /api/jobs/<job_id>", f"{JOBS}/{self.own_job}", 200)
        if answer is not None and self.last_target is not None:
            shown = answer["job"]["target_url"]
            self.check(shown == self.last_target, f"own job shows {shown}, not {self.last_target}")

    async def read_seeded_job(self) -> None:
        """GET the job setup made: it reads as it did before the load."""
        seeded = self.world.seeded_job
        answer = await self.call("GET /api/jobs/<job_id>", f"{JOBS}/{seeded['id']}", 200)
        if answer is not None:
            read = stable(answer["job"])
            self.check(read == seeded, f"seeded job read as {read}, not {seeded}")

    async def create_category(self, name: str) -> None:
        """POST a uniquely named category (admins only)."""
        answer = await self.call("POST /api/job-categories", CATEGORIES, 201, {"name": name})
        if answer is None:
            self.tally.unanswered["categories"].append(name)
            return
        category: dict[str, Any] = answer["category"]
        self.tally.created["categories"].append(name)
        self.created_categories[category["slug"]] = category
        self.check(category["name"] == name, f"category create answered {category}")

    async def read_categories(self) -> None:
        """GET the categories: every one this client created is listed as created."""
        answer = await self.call("GET /api/job-categories", CATEGORIES, 200)
        if answer is not None:
            listed = {category["slug"]: category for category in answer["categories"]}
            for slug, category in self.created_categories.items():
                shown = listed.get(slug)
                self.check(shown == category, f"category {slug} listed as {shown}")

    async def read_jobs(self) -> None:
        """GET every job: the list holds each job this client created, and the seeded one."""
        answer = await self.call("GET /api/jobs", JOBS, 200)
        if answer is not None:
            listed = {job["id"]: job for job in answer["jobs"]}
            missing = self.created_jobs - listed.keys()
            self.check(not missing, f"job list misses {len(missing)} of this client's jobs")
            self.check(answer["count"] == len(answer["jobs"]), "job list count is not its length")
            seeded = listed.get(self.world.seeded_job["id"])
            shown = stable(seeded) if seeded else None
            self.check(shown == self.world.seeded_job, f"listed seeded job is {shown}")
