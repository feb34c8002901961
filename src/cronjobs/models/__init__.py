"""The shared models: the legacy schema of spec §5, unchanged, plus the project's tables."""

from cronjobs.models.base import Base, new_id, utcnow
from cronjobs.models.category import JobCategory
from cronjobs.models.execution import JobExecution
from cronjobs.models.job import Job
from cronjobs.models.login_attempt import THROTTLE_METADATA, login_attempts
from cronjobs.models.notification import Notification
from cronjobs.models.notification_preferences import UserNotificationPreferences
from cronjobs.models.pic_team import PicTeam
from cronjobs.models.scheduler_lease import SchedulerLease
from cronjobs.models.slack_settings import SlackSettings
from cronjobs.models.ui_preferences import UserUiPreferences
from cronjobs.models.user import User

__all__ = [
    "THROTTLE_METADATA",
    "Base",
    "Job",
    "JobCategory",
    "JobExecution",
    "Notification",
    "PicTeam",
    "SchedulerLease",
    "SlackSettings",
    "User",
    "UserNotificationPreferences",
    "UserUiPreferences",
    "login_attempts",
    "new_id",
    "utcnow",
]
