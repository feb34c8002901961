"""The differential script, part 4: test-run (§4.3), execute (§4.4), bulk upload (§4.5).

Runs call the HttpStub (webhooks and GitHub, `differential_cast.STUB_ANSWERS`) and a closed port;
GITHUB_TOKEN is set and unset in the environment, which the service reads at call time. The
executions and notifications these runs leave are what the history part reads.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.differential.cast import GITHUB_TOKEN, JSON_TYPE, TEXT_TYPE, Cast
from tests_support.cases.differential.recorder import Session
from tests_support.kit.multipart import CONTENT_TYPE, multipart
from tests_support.kit.worlds.base import MISSING_ID

TEST_RUN = "/api/jobs/test-run"
BULK = "/api/jobs/bulk-upload"
RELEASE = {"github_owner": "acme", "github_repo": "deploy", "github_workflow_name": "release"}


async def test_run_story(s: Session, cast: Cast) -> None:
    """One-off calls: refusals, then webhooks and GitHub dispatches that succeed and fail."""
    uma, ok = cast.tokens["uma"], cast.hook("ok")
    await s.send("POST", TEST_RUN, token=cast.tokens["bob"], json={"target_url": ok})
    await s.send("POST", TEST_RUN, token=uma, content=b"{}", headers=TEXT_TYPE)
    await s.send("POST", TEST_RUN, token=uma, content=b"{]", headers=JSON_TYPE)
    for body in (
        "target",
        {"target_url": 5},
        {"target_url": None, "github_repo": ["deploy"]},
        {"target_url": ok, "metadata": "ref=main"},
        {},
        RELEASE | {"github_repo": " "},
        {"target_url": ok, "timeout_seconds": "abc"},
        {"target_url": ok, "timeout_seconds": [1]},
        {"target_url": "ftp://files.test/x"},
        {"target_url": ok, "metadata": {"a": 1}, "timeout_seconds": "2.5"},
        {"target_url": f" {ok} ", "metadata": 0, "timeout_seconds": 0},
        {"target_url": cast.hook("fail"), **RELEASE},
        {"target_url": f"{cast.closed}/nowhere", "timeout_seconds": -5},
        RELEASE | {"metadata": {"ref": " dev ", "branch": "x"}},
        RELEASE | {"github_workflow_name": "preview", "metadata": {"ref": 5, "branch": "b"}},
        RELEASE | {"github_workflow_name": "broken"},
        RELEASE | {"github_workflow_name": "legacy"},
    ):
        await s.send("POST", TEST_RUN, token=uma, json=body)
    cast.env.delenv("GITHUB_TOKEN", raising=False)
    await s.send("POST", TEST_RUN, token=uma, json=RELEASE)
    cast.env.setenv("GITHUB_TOKEN", f" {GITHUB_TOKEN} ")


async def execute_story(s: Session, cast: Cast) -> None:
    """Manual runs: refusals, bodies, overrides, and every outcome of a webhook or GitHub run."""
    uma, admin = cast.tokens["uma"], cast.tokens["admin"]

    def execute(job: str) -> str:
        return f"/api/jobs/{cast.ids.get(job, job)}/execute"

    hook, deploy = execute("hook"), execute("deploy")
    await s.send("POST", execute(MISSING_ID), token=uma)
    await s.send("POST", hook, token=cast.tokens["bob"])
    await s.send("POST", hook, token=cast.tokens["otto"])
    await s.send("POST", hook, token=uma)
    await s.send("POST", hook, token=uma, content=b"{", headers=JSON_TYPE)
    await s.send("POST", hook, token=uma, json=[])
    await s.send("POST", hook, token=uma, json={"metadata": "x"})
    await s.send("POST", hook, token=uma, json={"target_url": 5})
    await s.send("POST", hook, token=uma, json={"github_token": 5})
    await s.send("POST", hook, token=uma, json=None)
    await s.send("POST", hook, token=uma, content=b"not json", headers=TEXT_TYPE)
    await s.send("POST", hook, token=uma, json={"target_url": cast.hook("created"), "metadata": {}})
    await s.send("POST", hook, token=uma, json={"target_url": f"{cast.closed}/x"})
    await s.send("POST", hook, token=uma, json={"dispatch_url": "nonsense", "target_url": " "})
    await s.send("POST", deploy, token=admin)
    for body in (
        {"dispatch_url": "acme/deploy/actions/workflows/release"},
        {"dispatch_url": "https://github.com/repos/acme/deploy/actions/workflows/release"},
        {"dispatch_url": "https://github.com/acme/deploy/actions/workflows/broken"},
        {"dispatch_url": " /acme/deploy/actions/workflows/preview/runs "},
        {"github_workflow_name": "legacy", "github_token": " ghp-override "},
        {"metadata": {"branchDetails": "dev", "x": 1}, "target_url": "ignored"},
    ):
        await s.send("POST", deploy, token=admin, json=body)
    cast.env.delenv("GITHUB_TOKEN", raising=False)
    await s.send("POST", deploy, token=admin)
    cast.env.setenv("GITHUB_TOKEN", GITHUB_TOKEN)
    await s.send("POST", execute("legacy"), token=admin)
    await s.send("POST", execute("failing"), token=cast.tokens["otto"])
    await s.send("PUT", f"/api/jobs/{cast.ids['failing']}", token=admin, json={"is_active": False})
    await s.send("POST", execute("failing"), token=admin)


SHEET = """Job Name,Repo,Workflow Name,Branch,Cron schedule (JST),Status,End Date,PIC Team,\
Request Body,Category,Target URL, \r
Bulk deploy,acme/deploy,release,main,0 9 * * 1,Enable,2099-12-31,QA,"{""env"": ""stg""}",,,x\r
Bulk paused,deploy,release,,15 7 * * tue,Disable,2099-12-31,ops-crew,,regression,\r
Bulk hook,,,,0 12 * * wed,,2099-12-31,Ops Crew,"{
  ""a"": 1
}",,<stub>/hooks/ok
Bad category,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,,nope,
Bad end,acme/deploy,release,,0 9 * * 1,,2099/12/31,QA,,,
No end,acme/deploy,release,,0 9 * * 1,,,QA,,,
Past end,acme/deploy,release,,0 9 * * 1,,2000-01-01,QA,,,
Unknown team,acme/deploy,release,,0 9 * * 1,,2099-12-31,Nobody,,,
Retired team,acme/deploy,release,,0 9 * * 1,,2099-12-31,Retired,,,
,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,,,
,,,,,,,,,,,
Bulk deploy,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,,,
Deploy,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,,,
Bad cron,acme/deploy,release,,61 9 * * 1,,2099-12-31,QA,,,
Quoted body,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,{'a': 1},,
List body,acme/deploy,release,,0 9 * * 1,,2099-12-31,QA,[1],,
No target,,,,0 9 * * 1,off,2099-12-31,QA,,,
"""


async def bulk_story(s: Session, cast: Cast) -> None:
    """Refused uploads, a dry run, a real run, and the same file again."""
    uma = cast.tokens["uma"]
    sheet = SHEET.replace("<stub>", cast.stub).encode()
    form = {"Content-Type": CONTENT_TYPE}

    async def upload(token: str, body: bytes) -> Any:
        return await s.send("POST", BULK, token=token, content=body, headers=form)

    await upload(cast.tokens["bob"], multipart(files={"file": ("jobs.csv", sheet)}))
    await s.send("POST", BULK, token=uma, json={"file": "jobs.csv"})
    await upload(uma, multipart({"dry_run": "true"}))
    await upload(uma, multipart(files={"file": (None, sheet)}))
    await upload(uma, multipart(files={"file": ("", sheet)}))
    await upload(uma, multipart(files={"file": ("empty.csv", b"\xef\xbb\xbf")}))
    await upload(uma, multipart(files={"file": ("blank.csv", b" , \nDeploy,x\n")}))
    await upload(uma, multipart({"dry_run": " Yes "}, {"file": ("jobs.csv", sheet)}))
    await upload(uma, multipart({"default_github_owner": " acme "}, {"file": ("jobs.csv", sheet)}))
    await upload(uma, multipart({"dry_run": "no"}, {"file": ("jobs.csv", sheet)}))
    await s.send("GET", "/api/jobs", token=uma)


async def runs_story(s: Session, cast: Cast) -> None:
    """Part 4 in order."""
    cast.env.setenv("GITHUB_TOKEN", GITHUB_TOKEN)
    await test_run_story(s, cast)
    await execute_story(s, cast)
    await bulk_story(s, cast)
