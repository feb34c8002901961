"""Write `bulk_jobs.csv`: a realistic bulk-upload export (spec §4.5) and what it must produce.

Regenerate the checked-in file with `.venv/bin/python test/data/make_bulk_csv.py`. The file is
what the spreadsheet the team keeps its jobs in exports: UTF-8 with a BOM, CRLF line ends, the
usual header, `Enable`/`Disable` statuses, PIC teams by display name, multi-line JSON request
bodies, a notes column without a header, blank rows, and a few bad rows of each kind. Each line
is declared next to the job or the error entry it must produce, and the tests read those.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CSV_PATH = Path(__file__).with_name("bulk_jobs.csv")
# fmt: off
HEADER = ("Job Name", "Repo", "Workflow Name", "Branch", "Cron schedule (JST)", "Status",
          "End Date", "PIC Team", "Request Body", "")
TEAMS = (("qa", "QA Team", True), ("platform", "Platform Engineering", True),
         ("payments", "Payments Squad", True), ("legacy-ops", "Legacy Ops", False))
# fmt: on
EXISTING_JOB = "Existing nightly regression"  # already in the database
DEFAULT_OWNER = "acme"  # the `default_github_owner` form field the upload is sent with
GOOD_COUNT = 96

AREAS = ("Checkout", "Search", "Login", "Billing", "Catalog", "Profile")
SUITES = ("smoke", "regression", "e2e", "canary")
# fmt: off
CRONS = ("0 9 * * mon-fri", "*/30 * * * *", "15 2 * * *", "0 */6 * * *", "0 8 1 * *",
         "45 23 * * sun", "0 10 * * 1-5")
# (cell text, slug): display names in several cases, and the odd slug.
TEAM_CELLS = (("QA Team", "qa"), ("Platform Engineering", "platform"),
              ("Payments Squad", "payments"), ("qa team", "qa"), ("platform", "platform"))
# fmt: on
STATUSES = (("Enable", True), ("Enable", True), ("Disable", False), ("", True), ("enable", True))
BRANCHES = ("main", "develop", "")
END_DATES = ("2099-12-31", "2098-06-30", "2099-03-31")


@dataclass(frozen=True, slots=True)
class Line:
    """One CSV record and its expected outcome."""

    cells: tuple[str, ...]
    job: dict[str, Any] | None = None  # the stored fields a good row becomes
    error: dict[str, Any] | None = None  # a bad row's error entry, without "row"
    blank: bool = False  # dropped by normalisation
    owner_from_default: bool = False  # the repo names no owner: needs `default_github_owner`


def _pretty(value: dict[str, Any]) -> str:
    return json.dumps(value, indent=2)


def _good(number: int) -> Line:
    area, suite = AREAS[number % 6], SUITES[number % 4]
    name = f"{area} {suite} {number:03d}"
    team, slug = TEAM_CELLS[number % 5]
    status, active = STATUSES[number % 5]
    branch, cron, end = BRANCHES[number % 3], CRONS[number % 7], END_DATES[number % 3]
    owner, repo = "acme", f"{area.lower()}-web"
    repo_cell = f"acme/{repo}"
    if number % 8 == 2:
        owner, repo = "acme-qa", "e2e-suite"
        repo_cell = "acme-qa/e2e-suite"
    elif number % 8 == 5:
        repo_cell = repo  # the owner comes from `default_github_owner`
    workflow = f"{suite}.yml" if number % 9 else "nightly"
    body: dict[str, Any] = {}
    if number % 4 == 1:
        body = {"environment": "staging", "suite": suite}
    elif number % 4 == 2:
        body = {"environment": "production", "branchDetails": "release/2026.04", "retries": 2}
    elif number % 4 == 3:
        body = {"tags": [area.lower(), suite]}
    body_cell = "" if not body else json.dumps(body) if number % 4 == 3 else _pretty(body)
    metadata = dict(body)
    if branch and "branchDetails" not in metadata:
        metadata["branchDetails"] = branch
    note = "migrated from Jenkins" if number % 6 == 0 else ""
    cells = (name, repo_cell, workflow, branch, cron, status, end, team, body_cell, note)
    job = {
        "name": name,
        "cron_expression": cron,
        "is_active": active,
        "end_date": end,
        "pic_team": slug,
        "github_owner": owner,
        "github_repo": repo,
        "github_workflow_name": workflow,
        "metadata": metadata,
    }
    return Line(cells, job=job, owner_from_default=number % 8 == 5)


def _bad(
    name: str, error: str, message: str | None = None, *, named: bool = True, **cells: str
) -> Line:
    """A bad line: the usual cells with `cells` over them, and its error entry."""
    usual = ("acme/login-web", "smoke.yml", "main", "0 9 * * *", "Enable", "2099-12-31", "QA Team")
    keys = ("repo", "workflow", "branch", "cron", "status", "end", "team", "body", "note")
    values = {"name": name} | dict(zip(keys, (*usual, "", ""), strict=True)) | cells
    entry: dict[str, Any] = {"job_name": name or None} if named else {}
    entry["error"] = error
    if message is not None:
        entry["message"] = message
    return Line(tuple(values.values()), error=entry)


NAME_AND_CRON = "name and cron_expression are required."
# fmt: off
BAD_LINES = (
    _bad("Login smoke slashed date", "Invalid end_date", "Invalid end_date. Use YYYY-MM-DD.",
         end="2099/12/31"),
    _bad("Login smoke no end", "Missing required fields", "end_date (YYYY-MM-DD) is required.",
         end=""),
    _bad("Login smoke expired", "Invalid end_date",
         "end_date must be today or in the future (JST).", end="2020-03-31"),
    _bad("Billing e2e handover", "Invalid PIC team",
         "Unknown PIC team. Create it in Settings → PIC Teams first.", team="Security Team"),
    _bad("Legacy batch export", "Invalid PIC team",
         "PIC team is disabled. Enable it in Settings → PIC Teams or choose another.",
         team="Legacy Ops"),
    _bad("Login smoke orphan", "Invalid PIC team",
         "PIC team is required. Create one in Settings → PIC Teams.", team=""),
    _bad("", "Missing required fields", NAME_AND_CRON, named=False),
    _bad("Login smoke unscheduled", "Missing required fields", NAME_AND_CRON, named=False,
         cron=""),
    _bad("Checkout smoke 000", "Duplicate job name in CSV"),
    _bad(EXISTING_JOB, "Duplicate job name",
         f'A job with the name "{EXISTING_JOB}" already exists.'),
    _bad("Search canary retry", "Invalid cron expression",
         "Error validating expression '25': the last value (25) is higher than the maximum "
         "value (23)", cron="0 25 * * *"),
    _bad("Login smoke four fields", "Invalid cron expression",
         "Cron expression must have exactly 5 fields (minute hour day month day-of-week).",
         cron="0 9 * *"),
    _bad("Login smoke trailing comma", "Invalid JSON in Request Body",
         "Expecting property name enclosed in double quotes: line 3 column 1 (char 22)",
         body='{\n  "suite": "smoke",\n}'),
    _bad("Login smoke list body", "Invalid Request Body", "Request Body must be a JSON object.",
         body='["smoke", "regression"]'),
    _bad("Login smoke no repo", "Missing target configuration",
         "Provide target_url or GitHub config (github_owner, github_repo, github_workflow_name).",
         repo="", workflow=""),
    # Used by the invalid-cron row above, even though that row failed: a duplicate.
    _bad("Search canary retry", "Duplicate job name in CSV"),
)
# Its first row failed before the name check (unknown PIC team), so the name is still free.
REUSED_NAME = Line(
    ("Billing e2e handover", "acme/billing-web", "e2e.yml", "main", "0 7 * * *", "Enable",
     "2099-12-31", "Payments Squad", "", "re-homed to payments"),
    job={"name": "Billing e2e handover", "cron_expression": "0 7 * * *", "is_active": True,
         "end_date": "2099-12-31", "pic_team": "payments", "github_owner": "acme",
         "github_repo": "billing-web", "github_workflow_name": "e2e.yml",
         "metadata": {"branchDetails": "main"}},
)
# fmt: on
BLANK_LINES = (
    Line((), blank=True),  # an empty line
    Line(("",) * 10, blank=True),  # a row of commas
    Line(("", " ", "", "", "  ", "", "", "", "", ""), blank=True),  # whitespace only
    Line(("",) * 9 + ("keep for Q3 review",), blank=True),  # only the dropped column is set
)


def lines() -> list[Line]:
    """Return every record after the header, in file order."""
    result: list[Line] = []
    bad, blank = list(BAD_LINES), list(BLANK_LINES)
    for number in range(GOOD_COUNT):
        result.append(_good(number))
        if number % 6 == 5 and bad:
            result.append(bad.pop(0))
        if number % 23 == 11 and blank:
            result.append(blank.pop(0))
    result.extend(bad)
    result.append(REUSED_NAME)
    result.extend(blank)
    return result


def numbered() -> list[tuple[int, Line]]:
    """Return the records normalisation keeps, with their row numbers (the first is 2)."""
    kept = [line for line in lines() if not line.blank]
    return list(enumerate(kept, start=2))


def render() -> bytes:
    """Return the file's bytes: a BOM, then the CSV with CRLF line ends."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines():
        if line.cells:
            writer.writerow(line.cells)
        else:
            text.write("\r\n")
    return "\ufeff".encode() + text.getvalue().encode()


if __name__ == "__main__":
    CSV_PATH.write_bytes(render())
    print(f"wrote {CSV_PATH} ({len(lines())} records)")
