"""The SMTP transport of run e-mail (spec §6.7, D17, A11): the `RunMailer` scheduled runs use.

Plain SMTP to `MAIL_SERVER:MAIL_PORT`, upgraded with STARTTLS when `MAIL_USE_TLS`, with a login
only when `MAIL_USERNAME` is set, so a local relay without authentication works. A failure
raises: the runner logs it and the run is unaffected (§6.4 step 9).
"""

from __future__ import annotations

import smtplib
import ssl

from cronjobs.domain.runs.mail import mail_for
from cronjobs.domain.runs.outcome import RunReport
from cronjobs.settings import Settings

SMTP_TIMEOUT_SECONDS = 10.0


class SmtpMailer:
    """Sends the failure or success mail of a scheduled run through the configured SMTP server."""

    def __init__(self, settings: Settings, *, tls_context: ssl.SSLContext | None = None) -> None:
        self._settings = settings
        self._tls_context = tls_context

    @property
    def enabled(self) -> bool:
        """Tell whether e-mail is on: `MAIL_ENABLED` true and `MAIL_SERVER` non-empty."""
        return self._settings.mail_enabled and bool(self._settings.mail_server.strip())

    def send_run_mail(self, report: RunReport) -> None:
        """Send the mail the run's outcome calls for, if e-mail is on; raise when sending fails."""
        if not self.enabled:
            return
        mail = mail_for(report)
        if mail is None:
            return
        settings = self._settings
        message = mail.message(settings.mail_default_sender)
        with smtplib.SMTP(
            settings.mail_server.strip(), settings.mail_port, timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            if settings.mail_use_tls:
                smtp.starttls(context=self._context())
            if settings.mail_username:
                smtp.login(settings.mail_username, settings.mail_password)
            smtp.send_message(
                message, from_addr=settings.mail_default_sender, to_addrs=list(mail.recipients)
            )

    def _context(self) -> ssl.SSLContext:
        # Built on first use: loading the system trust store is wasted where TLS is off.
        if self._tls_context is None:
            self._tls_context = ssl.create_default_context()
        return self._tls_context
