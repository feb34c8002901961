"""The differential script, part 3: jobs CRUD (spec §4.2), every kind of validation error.

Creates the jobs the runs part triggers (ids in the cast): `hook` (uma's webhook job on the
stub), `deploy` (the admin's GitHub job), `failing` (otto's webhook job on a failing hook),
`legacy` (a GitHub job whose workflow needs the `.yml` retry) and `doomed`, deleted here.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.differential.cast import FAR_END, JSON_TYPE, PAST_END, TEXT_TYPE, Cast
from tests_support.cases.differential.recorder import Session
from tests_support.kit.worlds.base import MISSING_ID

JOBS = "/api/jobs"
GITHUB = {"github_owner": "acme", "github_repo": "deploy"}


def new_job(name: Any, **fields: Any) -> dict[str, Any]:
    """Return a valid create body (a webhook job of qa-team), with `fields` changed."""
    body = {
        "name": name,
        "cron_expression": "0 9 * * 1",
        "end_date": FAR_END,
        "pic_team": "qa-team",
        "target_url": "https://example.test/hook",
    }
    return body | fields


async def create_errors(s: Session, cast: Cast) -> None:
    """Every refusal of POST /jobs, in the order of the spec's table."""
    uma = cast.tokens["uma"]
    await s.send("POST", JOBS, token=cast.tokens["bob"], json=new_job("Viewer job"))
    await s.send("POST", JOBS, token=uma, content=b"{}", headers=TEXT_TYPE)
    await s.send("POST", JOBS, token=uma, content=b'{"name": "x",}', headers=JSON_TYPE)
    await s.send("POST", JOBS, token=uma, json=[new_job("Listed")])
    for body in (
        {},
        {"name": "Half", "end_date": None},
        new_job(5),
        new_job("Typed cron", cron_expression=["0", "9"]),
        new_job("   "),
        new_job("Bad cron", cron_expression="61 9 * * 1"),
        new_job("Short cron", cron_expression="0 9 * *"),
        new_job("Url", target_url=5),
        new_job("Url null", target_url=None),
        new_job("Owner", github_owner=None),
        new_job("Category type", category=5),
        new_job("Category", category="Nope"),
        new_job("Metadata", metadata=["branch"]),
        new_job("Email flag", enable_email_notifications="yes"),
        new_job("Emails", notification_emails="a@x.io"),
        new_job("Email items", notification_emails=["a@x.io", 1]),
        new_job("Success flag", notify_on_success=1),
        new_job("End type", end_date=20991231),
        new_job("End format", end_date="31/12/2099"),
        new_job("End null", end_date=None),
        new_job("End blank", end_date="  "),
        new_job("End past", end_date=PAST_END),
        new_job("Team type", pic_team=5),
        new_job("Team null", pic_team=None),
        new_job("Team unknown", pic_team="Nobody"),
        new_job("Team disabled", pic_team="Retired"),
        new_job("No target", target_url=" ", github_repo="deploy", github_workflow_name="x"),
    ):
        await s.send("POST", JOBS, token=uma, json=body)


async def create_jobs(s: Session, cast: Cast) -> None:
    """Create the script's jobs; then a duplicate name."""
    admin, uma, otto = cast.tokens["admin"], cast.tokens["uma"], cast.tokens["otto"]
    hook = new_job(
        " Nightly webhook ",
        pic_team="QA Team",
        pic_team_slug="ignored",
        category="Smoke Suite",
        target_url=f" {cast.hook('ok')} ",
        metadata={"env": "prod", "retries": 2},
        enable_email_notifications=True,
        notification_emails=["a@x.io", " b@x.io "],
        notify_on_success=True,
    )
    deploy = new_job(
        "Deploy",
        cron_expression="30 18 * * fri",
        end_date="2099-06-30",
        pic_team=None,
        pic_team_slug="ops-crew",
        category="dr-testing",
        target_url="",
        github_workflow_name=" release ",
        metadata={"branchDetails": "main"},
        notification_emails=None,
        notify_on_success=True,
        **GITHUB,
    )
    failing = new_job("Failing hook", target_url=cast.hook("fail"), metadata={}, category=None)
    legacy = new_job(
        "Legacy",
        cron_expression="0 6 1 * 0",
        target_url="",
        github_workflow_name="legacy",
        **GITHUB,
    )
    doomed = new_job("Doomed", cron_expression="15 7 * * tue", category="DR Testing")
    for key, token, body in (
        ("hook", uma, hook),
        ("deploy", admin, deploy),
        ("failing", otto, failing),
        ("legacy", admin, legacy),
        ("doomed", uma, doomed),
    ):
        created = await s.send("POST", JOBS, token=token, json=body)
        cast.ids[key] = created["job"]["id"]
    await s.send("POST", JOBS, token=otto, json=new_job("Deploy"))
    await s.send("POST", JOBS, token=otto, json=new_job("deploy"))


async def read_jobs(s: Session, cast: Cast) -> None:
    """List and read jobs as a viewer; unknown ids and the validate-cron routing quirk."""
    bob = cast.tokens["bob"]
    await s.send("GET", JOBS, token=bob)
    await s.send("GET", f"{JOBS}/{cast.ids['hook']}", token=bob)
    await s.send("GET", f"{JOBS}/{MISSING_ID}", token=bob)
    await s.send("GET", f"{JOBS}/validate-cron", token=bob)
    await s.send("GET", f"{JOBS}/", token=bob)
    await s.send("HEAD", f"{JOBS}/{cast.ids['deploy']}", token=bob)


async def update_jobs(s: Session, cast: Cast) -> None:
    """Every refusal of PUT /jobs/<id>, then updates that change fields, pause and resume."""
    uma, otto, admin = cast.tokens["uma"], cast.tokens["otto"], cast.tokens["admin"]
    hook = f"{JOBS}/{cast.ids['hook']}"
    await s.send("PUT", f"{JOBS}/{MISSING_ID}", token=cast.tokens["bob"], json={})
    await s.send("PUT", hook, token=cast.tokens["bob"], json={})
    await s.send("PUT", hook, token=otto, json={"name": "Stolen"})
    await s.send("PUT", hook, token=uma, content=b'{"name":"x"}', headers=TEXT_TYPE)
    await s.send("PUT", hook, token=uma, content=b"{'name': 'x'}", headers=JSON_TYPE)
    await s.send("PUT", hook, token=uma, json=True)
    for body in (
        {"name": 7},
        {"name": "  "},
        {"name": "Deploy"},
        {"cron_expression": "0 25 * * *"},
        {"cron_expression": None},
        {"target_url": 5},
        {"github_repo": ["deploy"]},
        {"metadata": "branch=main"},
        {"category": 3},
        {"category": "unknown"},
        {"end_date": None},
        {"end_date": "2099-02-30"},
        {"end_date": PAST_END},
        {"end_date": 2099},
        {"pic_team": "Retired"},
        {"pic_team": None, "pic_team_slug": "nobody"},
        {"pic_team_slug": 4},
        {"enable_email_notifications": "no"},
        {"notification_emails": 5},
        {"notify_on_success": "yes"},
        {"is_active": 0},
        {"target_url": " "},
    ):
        await s.send("PUT", hook, token=uma, json=body)
    await s.send("PUT", hook, token=uma, json={})
    await s.send(
        "PUT",
        hook,
        token=uma,
        json={"name": "Nightly webhook v2", "notification_emails": "c@x.io, d@x.io ,"},
    )
    await s.send("PUT", hook, token=uma, json={"is_active": False})
    await s.send("PUT", hook, token=uma, json={"is_active": False, "cron_expression": "0 8 * * 2"})
    await s.send("PUT", hook, token=admin, json={"is_active": True})
    await s.send("PUT", hook, token=uma, json={"enable_email_notifications": False})
    await s.send(
        "PUT",
        f"{JOBS}/{cast.ids['deploy']}",
        token=admin,
        json={"github_owner": " ", "metadata": {}, "pic_team": "QA Team"},
    )
    await s.send(
        "PUT",
        f"{JOBS}/{cast.ids['deploy']}",
        token=admin,
        json={"metadata": None, "end_date": " 2099-07-01 ", "category": None},
    )


async def rename_catalog(s: Session, cast: Cast) -> None:
    """Rename a category and a PIC team that jobs use: the jobs follow the new slugs."""
    admin = cast.tokens["admin"]
    await s.send(
        "PUT", f"/api/job-categories/{cast.ids['smoke-suite']}", token=admin, json={"name": "X"}
    )
    await s.send("PUT", f"/api/pic-teams/{cast.ids['qa-team']}", token=admin, json={"name": "QA"})
    await s.send("GET", JOBS, token=cast.tokens["otto"])


async def delete_jobs(s: Session, cast: Cast) -> None:
    """Refused deletes (unknown, not the owner, a viewer), then the owner's delete."""
    doomed = f"{JOBS}/{cast.ids['doomed']}"
    await s.send("DELETE", f"{JOBS}/{MISSING_ID}", token=cast.tokens["uma"])
    await s.send("DELETE", doomed, token=cast.tokens["otto"])
    await s.send("DELETE", doomed, token=cast.tokens["bob"])
    await s.send("DELETE", doomed, token=cast.tokens["uma"])
    await s.send("DELETE", doomed, token=cast.tokens["uma"])
    await s.send("GET", doomed, token=cast.tokens["uma"])


async def jobs_story(s: Session, cast: Cast) -> None:
    """Part 3 in order."""
    await create_errors(s, cast)
    await create_jobs(s, cast)
    await read_jobs(s, cast)
    await update_jobs(s, cast)
    await rename_catalog(s, cast)
    await delete_jobs(s, cast)
