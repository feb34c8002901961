"""The mixed run's story, last chapter: a bulk upload, Slack settings, and taking it all down.

Mira uploads a small CSV (dry run, then for real); the admin sets up Slack; mira deletes her
webhook job (its executions go, the broadcasts about it stay, unlinked: §4.2); the admin
disables the team and the category, and deletes mira, whose jobs stay without an owner (D7).
"""

from __future__ import annotations

from cronjobs.models import Job, JobExecution, Notification
from tests_support.cases.mixed.history import ON_RELEASE, page, totals
from tests_support.cases.mixed.jobs import RELEASE, WEBHOOK
from tests_support.cases.mixed.stacks import execution_json, match, notification_json
from tests_support.cases.mixed.story import (
    EMAIL,
    END,
    NO_RANGE,
    SEEDED_CATEGORIES,
    TEAM,
    Story,
    tokyo_time,
)
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP
from tests_support.kit.multipart import CONTENT_TYPE, multipart

BULK = "Bulk nightly"
UNKNOWN_TEAM = "Unknown PIC team. Create it in Settings → PIC Teams first."


async def bulk_upload(s: Story) -> None:
    """Mira uploads two rows: one job is valid, the other names a team that does not exist."""
    hook = f"{s.stub.url}/hooks/bulk"
    csv = (
        "Job Name,Cron schedule (JST),Status,End Date,PIC Team,Target URL,Request Body\r\n"
        f'{BULK},0 3 * * *,Enable,{END},QA Night Shift,{hook},"{{""suite"": ""smoke""}}"\r\n'
        f"Bulk orphan,0 4 * * *,Disable,{END},Night Owls,{hook},\r\n"
    ).encode()
    stats = {"original_column_count": 7, "original_row_count": 2, "removed_column_count": 0,
             "removed_empty_row_count": 0}  # fmt: skip
    error = {"row": 3, "job_name": "Bulk orphan", "error": "Invalid PIC team",
             "message": UNKNOWN_TEAM}  # fmt: skip
    outcome = {"stats": stats, "created_count": 1, "error_count": 1, "errors": [error]}
    planned = {"name": BULK, "is_active": True, "cron_expression": "0 3 * * *", "end_date": END,
               "pic_team": TEAM}  # fmt: skip
    checked = {"message": "CSV validated successfully", "dry_run": True, "jobs": [planned]}
    key = "POST /api/jobs/bulk-upload"
    form = multipart({"dry_run": " Yes "}, {"file": ("jobs.csv", csv)})
    await s.api.call(key, s.mira, content=form, content_type=CONTENT_TYPE, expect=checked | outcome)
    assert s.world.count(Job) == 2  # the dry run wrote nothing
    created = {"id": ANY_ID, "name": BULK, "is_active": True}
    done = {"message": "Bulk upload processed", "dry_run": False, "jobs": [created]}
    form = multipart({"dry_run": "no"}, {"file": ("jobs.csv", csv)})
    reply = await s.api.call(
        key, s.mira, content=form, content_type=CONTENT_TYPE, expect=done | outcome
    )
    job = s.new_job(BULK, id=reply["jobs"][0]["id"], cron_expression="0 3 * * *", target_url=hook,
                    metadata={"suite": "smoke"})  # fmt: skip
    shown = job | {"last_execution_at": None, "next_execution_at": tokyo_time("03:00")}
    at = {"job_id": job["id"]}
    reply = await s.api.call("GET /api/jobs/<job_id>", s.admin, at=at, expect={"job": shown})
    s.jobs[BULK] = {key: reply["job"][key] for key in job}
    count = {"unread_count": 0, "range": NO_RANGE}  # a bulk upload broadcasts nothing
    await s.api.call("GET /api/notifications/unread-count", s.mira, expect=count)


async def slack(s: Story) -> None:
    """The admin reads the Slack settings (created on first access) and enables them."""
    blank = {"id": ANY_ID, "is_enabled": False, "webhook_url": None, "channel": None,
             "created_at": ANY_TIMESTAMP, "updated_at": ANY_TIMESTAMP}  # fmt: skip
    reply = await s.api.call("GET /api/settings/slack", s.admin, expect={"slack_settings": blank})
    url = f"{s.stub.url}/slack/hook"  # stored only: nothing is sent to Slack here
    sent = {"is_enabled": True, "webhook_url": f" {url} ", "channel": " #qa-alerts "}
    changes = {"is_enabled": True, "webhook_url": url, "channel": "#qa-alerts",
               "updated_at": ANY_TIMESTAMP}  # fmt: skip
    done = {
        "message": "Slack settings updated",
        "slack_settings": reply["slack_settings"] | changes,
    }
    reply = await s.api.call("PUT /api/settings/slack", s.admin, json=sent, expect=done)
    stored = {"slack_settings": reply["slack_settings"]}
    await s.api.call("GET /api/settings/slack", s.admin, expect=stored)


async def delete_job(s: Story) -> None:
    """Mira deletes her webhook job: it and its executions are gone from every listing."""
    webhook = s.jobs.pop(WEBHOOK)
    at = {"job_id": webhook["id"]}
    done = {"message": "Job deleted successfully",
            "deleted_job": {"id": webhook["id"], "name": WEBHOOK}}  # fmt: skip
    await s.api.call("DELETE /api/jobs/<job_id>", s.mira, at=at, expect=done)
    s.broadcast("Job Deleted", f"was deleted by {EMAIL}.", "warning", WEBHOOK)
    gone = {"error": "Job not found", "message": f"No job found with ID: {webhook['id']}"}
    await s.api.call("GET /api/jobs/<job_id>", s.admin, at=at, status=404, expect=gone)
    key = "GET /api/jobs/<job_id>/executions/stats"
    await s.api.call(key, s.mira, at=at, status=404, expect=gone)
    failed = s.runs["failed"]
    missing = {"error": "Execution not found",
               "message": f"No execution found with ID: {failed.id}"}  # fmt: skip
    at = {"execution_id": failed.id}
    key = "GET /api/executions/<execution_id>"
    await s.api.call(key, s.mira, at=at, status=404, expect=missing)
    assert s.world.count(JobExecution, job_id=webhook["id"]) == 0
    github = s.runs["github"]
    left = page([execution_json(github, **ON_RELEASE)], 1)
    await s.api.call("GET /api/executions", s.admin, expect=left)
    counted = await s.api.call("GET /api/executions/statistics", s.mira)
    match(counted, totals([github]), "statistics after the delete")
    # The admin has read nothing: every broadcast is there, those about the job unlinked from it.
    unlinked = [
        (title, text, kind, None, None) if job == webhook["id"] else (title, text, kind, job, run)
        for title, text, kind, job, run in reversed(s.events)
    ]
    feed = [notification_json(s.world.ids["admin"], *event) for event in unlinked]
    everything = {"notifications": feed, "total": 9, "page": 1, "per_page": 100,
                  "total_pages": 1, "range": NO_RANGE}  # fmt: skip
    query = {"per_page": "100"}
    await s.api.call("GET /api/notifications", s.admin, query=query, expect=everything)


async def teardown(s: Story) -> None:
    """The admin disables the team and the category, then deletes mira; her jobs stay (D7)."""
    at = {"team_id": s.team["id"]}
    off = {"is_active": False, "updated_at": ANY_TIMESTAMP}
    done = {"message": "PIC team disabled", "pic_team": s.team | off}
    reply = await s.api.call("DELETE /api/pic-teams/<team_id>", s.admin, at=at, expect=done)
    at = {"category_id": s.category["id"]}
    done = {"message": "Category disabled", "category": s.category | off}
    await s.api.call("DELETE /api/job-categories/<category_id>", s.admin, at=at, expect=done)
    await s.api.call("GET /api/pic-teams", s.mira, expect={"pic_teams": []})
    query, disabled = {"include_inactive": "yes"}, {"pic_teams": [reply["pic_team"]]}
    await s.api.call("GET /api/pic-teams", s.admin, query=query, expect=disabled)
    listed = (await s.api.call("GET /api/job-categories", s.mira))["categories"]
    assert [row["slug"] for row in listed] == SEEDED_CATEGORIES
    deleted = {"id": s.user["id"], "username": "mira"}
    done = {"message": "User deleted successfully", "deleted_user": deleted}
    await s.api.call("DELETE /api/auth/users/<user_id>", s.admin, at=s.me(), expect=done)
    unowned = {"created_by": None, "updated_at": ANY_TIMESTAMP}  # the delete updated them
    last_run = s.runs["github"].started_at.isoformat()
    orphans = [
        s.jobs[BULK] | unowned | {"last_execution_at": None,
                                  "next_execution_at": tokyo_time("03:00")},
        s.jobs[RELEASE] | unowned | {"last_execution_at": last_run,
                                     "next_execution_at": tokyo_time("09:00", "01-01")},
    ]  # fmt: skip
    await s.api.call("GET /api/jobs", s.admin, expect={"count": 2, "jobs": orphans})
    gone = {"msg": "User not found or inactive"}
    await s.api.call("GET /api/auth/me", s.mira, status=401, expect=gone)
    assert s.world.count(Notification, user_id=s.user["id"]) == 0
