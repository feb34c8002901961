"""The differential script, part 5: executions (§4.6) and notifications (§4.7).

Reads what the runs part left: executions of the script's jobs, with filters, paging, bad
parameters and statistics; then the notifications that job writes and runs broadcast: lists,
counts, marking read, deleting. Ends by deleting a job that has executions.
"""

from __future__ import annotations

from tests_support.cases.differential.cast import Cast
from tests_support.cases.differential.recorder import Session
from tests_support.kit.worlds.base import MISSING_ID

EXECUTIONS = "/api/executions"
NOTIFICATIONS = "/api/notifications"
DATE_QUERIES = (
    "from=2000-01-01&to=2099-12-31",
    "from=2000-01-01T00:00:00Z&to=2099-12-31T23:00:00%2B09:00",
    "from=2099-01-01",
    "to=2000-01-01",
    "from=%20&to=",
    "from=2099-12-31&to=2099-12-31",
    "from=2099-01-01&to=2000-01-01",
    "from=yesterday",
    "to=2099-13-01",
)


async def job_executions_story(s: Session, cast: Cast) -> tuple[str, str]:
    """Read one job's executions, detail and stats; return two execution ids of the hook job."""
    viewer = cast.tokens["bob"]
    hook, legacy = f"/api/jobs/{cast.ids['hook']}", f"/api/jobs/{cast.ids['legacy']}"
    listed = await s.send("GET", f"{hook}/executions", token=viewer)
    newest, oldest = listed["executions"][0]["id"], listed["executions"][-1]["id"]
    for query in (
        "limit=2",
        "limit=0",
        "limit=-3",
        "limit=500",
        "limit=two",
        "status=failed",
        "status=success,%20failed,,",
        "status=running",
        "trigger_type=manual&limit=1",
        "trigger_type=scheduled",
        *DATE_QUERIES,
    ):
        await s.send("GET", f"{hook}/executions?{query}", token=viewer)
    await s.send("GET", f"/api/jobs/{MISSING_ID}/executions", token=viewer)
    await s.send("GET", f"/api/jobs/{MISSING_ID}/executions?from=bad", token=viewer)
    await s.send("GET", f"{hook}/executions/{oldest}", token=viewer)
    await s.send("GET", f"{legacy}/executions/{oldest}", token=viewer)
    await s.send("GET", f"{hook}/executions/{MISSING_ID}", token=viewer)
    await s.send("GET", f"/api/jobs/{MISSING_ID}/executions/{oldest}", token=viewer)
    await s.send("GET", f"{hook}/executions/stats", token=viewer)
    await s.send("GET", f"/api/jobs/{cast.ids['deploy']}/executions/stats", token=viewer)
    await s.send("GET", f"{legacy}/executions/stats", token=viewer)
    failing = f"/api/jobs/{cast.ids['failing']}/executions/stats"
    await s.send("GET", failing, token=viewer)
    await s.send("GET", f"/api/jobs/{MISSING_ID}/executions/stats", token=viewer)
    return newest, oldest


async def executions_story(s: Session, cast: Cast, newest: str) -> None:
    """All executions: filters, paging, bad parameters, detail and statistics."""
    viewer = cast.tokens["bob"]
    for query in (
        "",
        "page=2&limit=3",
        "page=0&limit=0",
        "page=-1&limit=999",
        "page=x&limit=y",
        "page=99",
        "status=failed",
        "status=success,running",
        "trigger_type=manual",
        "execution_type=webhook",
        "execution_type=github_actions&limit=2",
        "execution_type=Webhook",
        f"job_id={cast.ids['deploy']}",
        f"job_id={MISSING_ID}",
        *DATE_QUERIES,
    ):
        await s.send("GET", f"{EXECUTIONS}?{query}", token=viewer)
    await s.send("GET", f"{EXECUTIONS}/{newest}", token=viewer)
    await s.send("HEAD", f"{EXECUTIONS}/{newest}", token=viewer)
    await s.send("GET", f"{EXECUTIONS}/{MISSING_ID}", token=viewer)
    for query in ("", f"job_id={cast.ids['hook']}", f"job_id={MISSING_ID}", *DATE_QUERIES):
        await s.send("GET", f"{EXECUTIONS}/statistics?{query}", token=viewer)


async def notifications_story(s: Session, cast: Cast) -> None:
    """Uma's notifications: lists, counts, marking read, deleting; another user's rows."""
    uma, admin = cast.tokens["uma"], cast.tokens["admin"]
    listed = await s.send("GET", NOTIFICATIONS, token=uma)
    mine = [row["id"] for row in listed["notifications"]]
    theirs = (await s.send("GET", f"{NOTIFICATIONS}?per_page=1", token=admin))["notifications"]
    for query in (
        "per_page=4&page=2",
        "per_page=0&page=0",
        "per_page=500&page=-2",
        "per_page=x&page=y",
        "page=999",
        "unread_only=TRUE&per_page=3",
        "unread_only=yes&per_page=3",
        *DATE_QUERIES,
    ):
        await s.send("GET", f"{NOTIFICATIONS}?{query}", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/unread-count", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/unread-count?from=2000-01-01&to=2099-12-31", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/unread-count?to=nope", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/{mine[0]}/read", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/{mine[0]}/read", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/{MISSING_ID}/read", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/{theirs[0]['id']}/read", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/unread-count", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/{mine[1]}", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/{mine[1]}", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/{theirs[0]['id']}", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/delete-read?from=2099-01-01", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/delete-read?from=bad", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/delete-read", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/read-all", token=uma)
    await s.send("PUT", f"{NOTIFICATIONS}/read-all", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/read-all", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/read-all", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}?unread_only=true", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/delete-read?to=2000-01-01", token=uma)
    await s.send("DELETE", f"{NOTIFICATIONS}/delete-read", token=uma)
    await s.send("GET", f"{NOTIFICATIONS}/unread-count", token=admin)
    await s.send("GET", f"{NOTIFICATIONS}?per_page=100", token=admin)


async def history_story(s: Session, cast: Cast) -> None:
    """Part 5 in order; the last requests delete a job with executions and look again."""
    newest, oldest = await job_executions_story(s, cast)
    await executions_story(s, cast, newest)
    await notifications_story(s, cast)
    await s.send("DELETE", f"/api/jobs/{cast.ids['hook']}", token=cast.tokens["uma"])
    await s.send("GET", f"{EXECUTIONS}/{oldest}", token=cast.tokens["uma"])
    await s.send("GET", f"{EXECUTIONS}/statistics", token=cast.tokens["uma"])
    await s.send("GET", f"{NOTIFICATIONS}?per_page=3", token=cast.tokens["admin"])
