"""What one run calls: the job row at run time with a manual run's overrides (spec §4.4, §6.4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from cronjobs.domain.jobs.render import job_metadata
from cronjobs.models import Job

Mode = Literal["github_actions", "webhook"]


@dataclass(frozen=True, slots=True)
class RunOverrides:
    """Values a manual run uses instead of the job's, for this run only; None keeps the job's.

    `runs.manual` fills only the fields the job's kind honours (§4.4), already trimmed.
    """

    target_url: str | None = None
    github_owner: str | None = None
    github_repo: str | None = None
    github_workflow_name: str | None = None
    github_token: str | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class RunConfig:
    """The target and inputs of one run."""

    job_id: str
    name: str
    target_url: str | None
    github_owner: str | None
    github_repo: str | None
    github_workflow_name: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    github_token: str | None = None

    @property
    def mode(self) -> Mode | None:
        """Choose the mode of §6.4 step 4: GitHub when the triple is complete, else webhook."""
        if self.github_owner and self.github_repo and self.github_workflow_name:
            return "github_actions"
        if self.target_url:
            return "webhook"
        return None


def run_config(job: Job, overrides: RunOverrides | None = None) -> RunConfig:
    """Return the job's run configuration with the overrides applied."""
    extra = overrides or RunOverrides()
    stored = job_metadata(job)
    # Runs read metadata as an object: anything else stored in the column means "none".
    metadata = extra.metadata if extra.metadata is not None else stored
    return RunConfig(
        job_id=job.id,
        name=job.name,
        target_url=extra.target_url or job.target_url,
        github_owner=extra.github_owner or job.github_owner,
        github_repo=extra.github_repo or job.github_repo,
        github_workflow_name=extra.github_workflow_name or job.github_workflow_name,
        metadata=metadata if isinstance(metadata, dict) else {},
        github_token=extra.github_token,
    )
