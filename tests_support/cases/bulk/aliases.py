"""Case tables for POST /jobs/bulk-upload (spec §4.5): every header alias of the alias table.

The table is written out here from the spec, not imported from the code, so a misspelt alias in
the code fails a case. Each case is a real run of one row whose header uses one alias per field;
the stored job shows that every cell was read through its alias.
"""

from __future__ import annotations

import csv
import io

from tests_support.kit.case import Case
from tests_support.kit.worlds.bulk import processed, stats, stored, upload

# Spec §4.5, "Header matching": the aliases of each field, in priority order.
SPEC_ALIASES = {
    "name": ("job name", "name"),
    "cron": ("cron schedule (jst)", "cron expression", "cron", "cron_expression"),
    "status": ("status", "is_active", "active"),
    "target_url": ("target url", "target_url", "url"),
    "owner": ("github owner", "owner", "github_owner"),
    "repo": ("repo", "github repo", "github_repo"),
    "workflow": ("workflow name", "github workflow name", "github_workflow_name"),
    "category": ("category", "job category", "job_category"),
    "end_date": ("end date", "end_date"),
    "pic_team": ("pic team", "pic_team", "pic team slug", "pic_team_slug"),
    "branch": ("branch", "ref"),
    "request_body": ("request body", "request_body", "metadata"),
}
# Cells that each prove their column was read: a disabled status, a category and a team by
# display name, a repo without an owner (the owner column is needed), a branch and a body.
CELLS = {
    "cron": "0 9 * * *",
    "status": "Disable",
    "target_url": "https://hooks.example.com/run",
    "owner": "acme",
    "repo": "web",
    "workflow": "smoke.yml",
    "category": "Nightly Runs",
    "end_date": "2099-12-31",
    "pic_team": "Payments Squad",
    "branch": "main",
}
GITHUB_FIELDS = ("owner", "repo", "workflow")


def _alias_case(kind: str, number: int) -> Case:
    """A real run whose header uses each field's alias `number` (its last one when shorter)."""
    fields = [field for field in SPEC_ALIASES if field not in GITHUB_FIELDS or kind == "github"]
    if kind == "github":
        fields.remove("target_url")
    name = f"Alias {kind} {number}"
    cells = CELLS | {"name": name, "request_body": f'{{"n": {number}}}'}
    header = [SPEC_ALIASES[field][min(number, len(SPEC_ALIASES[field]) - 1)] for field in fields]
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows([header, [cells[field] for field in fields]])
    github = {
        "github_owner": "acme" if kind == "github" else None,
        "github_repo": "web" if kind == "github" else None,
        "github_workflow_name": "smoke.yml" if kind == "github" else None,
        "target_url": None if kind == "github" else CELLS["target_url"],
    }
    return upload(
        f"alias_{kind}_{number}",
        text.getvalue(),
        status=200,
        body=processed(stats(len(fields), 1), [(name, False)]),
        check=stored(
            name,
            cron_expression="0 9 * * *",
            is_active=False,
            category="nightly",
            pic_team="payments",
            metadata={"n": number, "branchDetails": "main"},
            **github,
        ),
    )


ALIAS_CASES = [_alias_case("github", number) for number in range(4)] + [
    _alias_case("webhook", number) for number in range(3)
]
