"""The `jobs` table (spec §5.2)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cronjobs.models.base import Base, new_id, utcnow


class Job(Base):
    """A cron schedule that fires a GitHub workflow or a webhook."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_created_at", "created_at"),)  # the list's order (0006, D21)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    cron_expression: Mapped[str] = mapped_column(String(100), nullable=False)
    target_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    github_owner: Mapped[str | None] = mapped_column(String(255), nullable=True)
    github_repo: Mapped[str | None] = mapped_column(String(255), nullable=True)
    github_workflow_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    job_metadata: Mapped[str | None] = mapped_column(Text, nullable=True)
    category: Mapped[str] = mapped_column(String(100), nullable=False, default="general")
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    pic_team: Mapped[str | None] = mapped_column(String(100), nullable=True)
    enable_email_notifications: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notification_emails: Mapped[str | None] = mapped_column(Text, nullable=True)
    notify_on_success: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("users.id"), nullable=True
    )
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
