"""Login throttling (D23): failed logins counted per username and address across the cluster."""

from cronjobs.throttle.middleware import LOGIN_PATHS, LoginThrottle
from cronjobs.throttle.store import LoginAttempts, Refused, ThrottleLimits

__all__ = ["LOGIN_PATHS", "LoginAttempts", "LoginThrottle", "Refused", "ThrottleLimits"]
