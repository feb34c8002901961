"""The `job_executions` table (spec §5.3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from cronjobs.models.base import Base, new_id, utcnow


class JobExecution(Base):
    """One run of a job, scheduled or manual."""

    __tablename__ = "job_executions"
    # Revision 0006 (D21): every list reads newest first by (started_at, id), within a job or a
    # status, or across all; `ix_job_executions_job_id` stays, as the legacy schema has it.
    # Revision 0007: each filter of the global list has a page index and a counting index.
    __table_args__ = (
        Index("ix_job_executions_job_id_started_at", "job_id", "started_at", "id"),
        Index("ix_job_executions_job_id_status", "job_id", "status"),  # counting by status
        Index("ix_job_executions_started_at", "started_at", "id"),
        Index("ix_job_executions_status_started_at", "status", "started_at", "id"),
        Index("ix_job_executions_status_job_id", "status", "job_id"),
        Index("ix_job_executions_trigger_type_job_id", "trigger_type", "job_id"),
        Index("ix_job_executions_trigger_type_started_at", "trigger_type", "started_at", "id"),
        Index("ix_job_executions_execution_type_job_id", "execution_type", "job_id"),
        Index("ix_job_executions_execution_type_started_at", "execution_type", "started_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("jobs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    trigger_type: Mapped[str] = mapped_column(String(20), nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    duration_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    execution_type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    target: Mapped[str | None] = mapped_column(String(500), nullable=True)
    response_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    output: Mapped[str | None] = mapped_column(Text, nullable=True)
