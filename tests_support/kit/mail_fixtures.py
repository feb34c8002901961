"""Fixtures of the e-mail suites; a test module opts in by importing them (spec §6.7).

* `tls_fixture` (as `tls`): a throwaway CA with a certificate for 127.0.0.1, shared by the
  module since nothing changes it.
* `smtp_fixture` (as `smtp`): a plain local SMTP server (no STARTTLS, no AUTH) for one test.
* `mail_settings_fixture` (as `mail_settings`): build settings that send to a port of
  127.0.0.1 in clear, without login, from `SENDER`; keyword overrides win. Every MAIL_* value
  is explicit, so the developer's environment cannot change what a test sends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from cronjobs.settings import Settings
from tests_support.cases.runs.mail import SENDER
from tests_support.kit.servers.http_stub import closed_port_url
from tests_support.kit.servers.smtp_server import LocalTls, SmtpServer

MailSettings = Callable[..., Settings]


@pytest.fixture(name="tls", scope="module")
def tls_fixture() -> LocalTls:
    """A throwaway CA with a certificate for 127.0.0.1."""
    return LocalTls()


@pytest.fixture(name="smtp")
def smtp_fixture() -> Iterator[SmtpServer]:
    """A plain SMTP server: no STARTTLS, no AUTH."""
    with SmtpServer() as server:
        yield server


@pytest.fixture(name="mail_settings")
def mail_settings_fixture(make_settings: Callable[..., Settings]) -> MailSettings:
    """Build settings sending to a 127.0.0.1 port in clear, without login; overrides win."""

    def build(port: int, **overrides: Any) -> Settings:
        values = {
            "mail_enabled": True,
            "mail_server": "127.0.0.1",
            "mail_port": port,
            "mail_use_tls": False,
            "mail_username": "",
            "mail_password": "",
            "mail_default_sender": SENDER,
        }
        return make_settings(**(values | overrides))

    return build


def closed_smtp_port() -> int:
    """Return a 127.0.0.1 port nothing listens on (connections are refused)."""
    port = urlsplit(closed_port_url()).port
    assert port is not None
    return port
