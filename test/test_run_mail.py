"""The e-mail of scheduled runs (spec §6.7, e-mail columns of §6.4) through a real SMTP server.

`SmtpMailer` sends to an aiosmtpd server on 127.0.0.1 (`kit/servers/smtp_server.py`); the
expected mail of each outcome comes from the spec's table as transcribed in
`tests_support/cases/runs/mail.py`. `test_runner_mail.py` runs jobs with the mailer plugged in.
"""

from __future__ import annotations

import smtplib
import ssl
from typing import Any

import pytest

from cronjobs.domain.runs.mail import mail_for
from cronjobs.domain.runs.outcome import Outcome
from cronjobs.domain.runs.smtp import SmtpMailer
from tests_support.cases.runs.mail import (
    MAIL_CASES,
    RECIPIENTS,
    check_mail,
    expected_mail,
    mail_case_id,
    report,
)
from tests_support.kit.mail_fixtures import (  # noqa: F401  (this module's fixtures)
    MailSettings,
    closed_smtp_port,
    mail_settings_fixture,
    smtp_fixture,
    tls_fixture,
)
from tests_support.kit.servers.smtp_server import LocalTls, Login, SmtpServer


@pytest.mark.parametrize(
    ("outcome", "enabled", "notify", "recipients"), MAIL_CASES, ids=mail_case_id
)
def test_scheduled_run_sends_the_mail_its_outcome_calls_for(
    smtp: SmtpServer,
    mail_settings: MailSettings,
    outcome: Outcome,
    enabled: bool,
    notify: bool,
    recipients: bool,
) -> None:
    sent = report(
        outcome,
        enable_email_notifications=enabled,
        notify_on_success=notify,
        notification_emails=RECIPIENTS if recipients else (),
    )
    SmtpMailer(mail_settings(smtp.port)).send_run_mail(sent)
    kind = expected_mail(outcome, enabled, notify, recipients)
    assert len(smtp.mails) == (kind is not None)
    if kind is not None:
        check_mail(smtp.mails[0], kind, sent)


@pytest.mark.parametrize(
    "overrides",
    [{"mail_enabled": False}, {"mail_server": ""}, {"mail_server": "   "}],
    ids=["mail_disabled", "no_server", "blank_server"],
)
def test_nothing_is_sent_while_mail_is_off(
    smtp: SmtpServer, mail_settings: MailSettings, overrides: dict[str, Any]
) -> None:
    SmtpMailer(mail_settings(smtp.port, **overrides)).send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert smtp.mails == []


def test_manual_run_never_mails(smtp: SmtpServer, mail_settings: MailSettings) -> None:
    SmtpMailer(mail_settings(smtp.port)).send_run_mail(
        report(Outcome.GITHUB_TRANSPORT, trigger_type="manual")
    )
    assert smtp.mails == []


@pytest.mark.parametrize(
    ("duration", "shown"),
    [(12.345678, "12.35"), (0.0, "0.00"), (7, "7.00"), (float("nan"), "0.00")],
    ids=["rounded", "zero", "whole", "unknown"],
)
def test_success_mail_shows_the_duration_with_two_decimals(duration: float, shown: str) -> None:
    mail = mail_for(report(Outcome.WEBHOOK_SUCCESS, duration_seconds=duration))
    assert mail is not None
    assert f"Duration: {shown} seconds\n" in mail.text_body
    assert f"{shown} seconds" in mail.html_body


def test_starttls_is_used_when_mail_use_tls(mail_settings: MailSettings, tls: LocalTls) -> None:
    with SmtpServer(tls=tls.server_context()) as server:
        mailer = SmtpMailer(
            mail_settings(server.port, mail_use_tls=True), tls_context=tls.client_context()
        )
        mailer.send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert [mail.tls for mail in server.mails] == [True]


def test_mail_goes_in_clear_without_mail_use_tls(
    mail_settings: MailSettings, tls: LocalTls
) -> None:
    with SmtpServer(tls=tls.server_context()) as server:
        SmtpMailer(mail_settings(server.port)).send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert [mail.tls for mail in server.mails] == [False]


def test_mail_use_tls_refuses_a_server_without_starttls(
    smtp: SmtpServer, mail_settings: MailSettings, tls: LocalTls
) -> None:
    mailer = SmtpMailer(
        mail_settings(smtp.port, mail_use_tls=True), tls_context=tls.client_context()
    )
    with pytest.raises(smtplib.SMTPNotSupportedError):
        mailer.send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert smtp.mails == []


def test_starttls_verifies_the_certificate_by_default(
    mail_settings: MailSettings, tls: LocalTls
) -> None:
    with SmtpServer(tls=tls.server_context()) as server:
        mailer = SmtpMailer(mail_settings(server.port, mail_use_tls=True))
        with pytest.raises(ssl.SSLCertVerificationError):
            mailer.send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert server.mails == []


def test_login_under_starttls_when_mail_username_is_set(
    mail_settings: MailSettings, tls: LocalTls
) -> None:
    with SmtpServer(tls=tls.server_context(), credentials=("mailer", "s3cret")) as server:
        settings = mail_settings(
            server.port, mail_use_tls=True, mail_username="mailer", mail_password="s3cret"
        )
        SmtpMailer(settings, tls_context=tls.client_context()).send_run_mail(
            report(Outcome.WEBHOOK_STATUS)
        )
    assert server.logins == [Login("mailer", accepted=True, tls=True)]
    assert [mail.login for mail in server.mails] == ["mailer"]


@pytest.mark.parametrize(
    ("username", "logins", "login"),
    [("mailer", [Login("mailer", accepted=True, tls=False)], "mailer"), ("", [], None)],
    ids=["username_set", "no_username"],
)
def test_login_happens_only_when_mail_username_is_set(
    mail_settings: MailSettings, username: str, logins: list[Login], login: str | None
) -> None:
    # AUTH is offered in clear here, so only MAIL_USERNAME decides whether the mailer logs in.
    with SmtpServer(credentials=("mailer", "s3cret"), auth_require_tls=False) as server:
        settings = mail_settings(server.port, mail_username=username, mail_password="s3cret")
        SmtpMailer(settings).send_run_mail(report(Outcome.WEBHOOK_STATUS))
    assert server.logins == logins
    assert [mail.login for mail in server.mails] == [login]


def test_wrong_password_raises_and_sends_nothing(mail_settings: MailSettings) -> None:
    with SmtpServer(credentials=("mailer", "s3cret"), auth_require_tls=False) as server:
        settings = mail_settings(server.port, mail_username="mailer", mail_password="wrong")
        with pytest.raises(smtplib.SMTPAuthenticationError):
            SmtpMailer(settings).send_run_mail(report(Outcome.WEBHOOK_STATUS))
    # smtplib tries each mechanism the server offers (PLAIN, then LOGIN) before giving up.
    assert set(server.logins) == {Login("mailer", accepted=False, tls=False)}
    assert server.mails == []


def test_unreachable_server_raises(mail_settings: MailSettings) -> None:
    settings = mail_settings(closed_smtp_port())
    with pytest.raises(OSError):
        SmtpMailer(settings).send_run_mail(report(Outcome.WEBHOOK_STATUS))
