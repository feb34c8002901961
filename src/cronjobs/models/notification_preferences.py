"""The `user_notification_preferences` table (spec §5.7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cronjobs.models.base import Base, new_id, utcnow


class UserNotificationPreferences(Base):
    """A user's stored e-mail and browser notification choices (D10 defaults)."""

    __tablename__ = "user_notification_preferences"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("users.id"), unique=True, nullable=False
    )
    email_on_job_success: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    email_on_job_failure: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    email_on_job_disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    browser_notifications: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    weekly_report: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(
        DateTime, nullable=True, default=utcnow, onupdate=utcnow
    )
