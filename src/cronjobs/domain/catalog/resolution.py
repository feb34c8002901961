"""Resolving a job's category and PIC team from what a client typed (spec §4.2.1)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cronjobs.domain.catalog.slugs import slugify
from cronjobs.domain.errors import InvalidInput
from cronjobs.models import JobCategory, PicTeam

GENERAL = "general"
UNKNOWN_CATEGORY = "Unknown category. Create it in Settings → Categories first, or choose General."
TEAM_REQUIRED = "PIC team is required. Create one in Settings → PIC Teams."
UNKNOWN_TEAM = "Unknown PIC team. Create it in Settings → PIC Teams first."
TEAM_DISABLED = "PIC team is disabled. Enable it in Settings → PIC Teams or choose another."


def _resolve(session: Session, model: type[JobCategory | PicTeam], text: str) -> str:
    slug = slugify(text)
    if session.scalars(select(model.slug).where(model.slug == slug)).first() is not None:
        return slug
    # Names are compared in Python: SQLite's lower() folds ASCII letters only, so a name such as
    # "Équipe" would match on PostgreSQL and never on SQLite.
    wanted = text.strip().lower()
    rows = session.execute(select(model.slug, model.name).order_by(model.created_at, model.id))
    return next((found for found, name in rows if name.lower() == wanted), slug)


def category_problem(session: Session, value: str | None) -> tuple[str, str | None]:
    """Resolve a category input to a slug; also return the invalid-category message, if any."""
    if value is None or not value.strip():
        return GENERAL, None
    slug = _resolve(session, JobCategory, value)
    if slug == GENERAL:
        return slug, None
    exists = session.scalars(select(JobCategory.id).where(JobCategory.slug == slug)).first()
    return slug, None if exists is not None else UNKNOWN_CATEGORY


def resolve_category(session: Session, value: str | None) -> str:
    """Resolve a category input to an existing slug (disabled ones count), or fail with 400."""
    slug, problem = category_problem(session, value)
    if problem is not None:
        raise InvalidInput("Invalid category", problem)
    return slug


def pic_team_problem(session: Session, value: str | None) -> tuple[str | None, str | None]:
    """Resolve a PIC team input to a slug; also return the invalid-PIC-team message, if any."""
    if value is None or not value.strip():
        return None, TEAM_REQUIRED
    slug = _resolve(session, PicTeam, value)
    team = session.scalars(select(PicTeam).where(PicTeam.slug == slug)).first()
    if team is None:
        return slug, UNKNOWN_TEAM
    if not team.is_active:
        return slug, TEAM_DISABLED
    return slug, None


def resolve_pic_team(session: Session, value: str | None) -> str:
    """Resolve a PIC team input to an active team's slug, or fail with 400."""
    slug, problem = pic_team_problem(session, value)
    if problem is not None or slug is None:
        raise InvalidInput("Invalid PIC team", problem)
    return slug
