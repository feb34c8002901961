"""OpenAPI documentation of the catalogue, Slack-settings and cron-tool shapes (§4.3, §4.8, §4.9).

As in `schemas.common`, the domain parses every body; these models only describe the contract.
"""

from __future__ import annotations

from pydantic import BaseModel

from cronjobs.api.schemas.common import Omitted, omitted


class Category(BaseModel):
    """A job category (§5.5)."""

    id: str
    slug: str
    name: str
    is_active: bool
    created_at: str | None
    updated_at: str | None


class PicTeam(Category):
    """A PIC team (§5.5): a category with a Slack handle."""

    slack_handle: str


class CategoryList(BaseModel):
    """Categories, inactive ones only for an admin who asks."""

    categories: list[Category]


class CategoryReply(BaseModel):
    """One category with a message."""

    message: str
    category: Category


class CategoryUpdated(CategoryReply):
    """The updated category and how many jobs a rename moved."""

    jobs_updated: int


class PicTeamList(BaseModel):
    """PIC teams, inactive ones only for an admin who asks."""

    pic_teams: list[PicTeam]


class PicTeamReply(BaseModel):
    """One PIC team with a message."""

    message: str
    pic_team: PicTeam


class PicTeamUpdated(PicTeamReply):
    """The updated PIC team and how many jobs a rename moved."""

    jobs_updated: int


class SlackSettings(BaseModel):
    """The Slack settings row (§5.6)."""

    id: str
    is_enabled: bool
    webhook_url: str | None
    channel: str | None
    created_at: str | None
    updated_at: str | None


class SlackSettingsEnvelope(BaseModel):
    """The Slack settings."""

    slack_settings: SlackSettings


class SlackSettingsUpdated(SlackSettingsEnvelope):
    """The updated Slack settings with a message."""

    message: str


class CronValidity(BaseModel):
    """Whether the expression is valid; an invalid one is still a 200."""

    valid: bool
    message: str
    error: str | Omitted = omitted("Only when the expression is invalid.")


class CronPreview(BaseModel):
    """The next fire times in the scheduler timezone."""

    timezone: str
    next_runs: list[str]
    count: int
