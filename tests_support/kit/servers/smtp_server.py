"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps the mail it receives, for tests.

`SmtpServer` listens on a free port in a background thread. Each message delivered is kept as a
`ReceivedMail`: the envelope, the parsed message, whether the session was under TLS and which
user had logged in. Variants: `tls=` a server context (STARTTLS offered, see `LocalTls` for a
trustme CA and a client context trusting it) and `credentials=` a user and password it accepts
(AUTH offered; only under TLS unless `auth_require_tls=False`). Every login attempt is kept in
`logins`. Use it as a context manager.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from types import TracebackType
from typing import Any, cast

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass(frozen=True, slots=True)
class ReceivedMail:
    """One delivered message, as the server saw it."""

    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage
    tls: bool
    login: str | None

    @property
    def text(self) -> str:
        """Return the plain-text body."""
        return self._part("plain")

    @property
    def html(self) -> str:
        """Return the HTML alternative."""
        return self._part("html")

    def _part(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None and part.get_content_subtype() == subtype, self.message
        return cast(str, part.get_content())


@dataclass(frozen=True, slots=True)
class Login:
    """One AUTH attempt: the user, whether it succeeded, whether the session was under TLS."""

    user: str
    accepted: bool
    tls: bool


class LocalTls:
    """A throwaway CA and a certificate for 127.0.0.1/localhost, with both sides' contexts."""

    def __init__(self) -> None:
        self._ca = trustme.CA()
        self._certificate = self._ca.issue_cert("127.0.0.1", "localhost")

    def server_context(self) -> ssl.SSLContext:
        """Return a server context presenting the certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._certificate.configure_cert(context)
        return context

    def client_context(self) -> ssl.SSLContext:
        """Return a client context that trusts only the throwaway CA."""
        context = ssl.create_default_context()
        self._ca.configure_trust(context)
        return context


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self._server = server

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        content = envelope.original_content or b""
        message = message_from_bytes(content, policy=policy.default)
        self._server._keep(
            ReceivedMail(
                sender=envelope.mail_from or "",
                recipients=tuple(envelope.rcpt_tos),
                message=message,
                tls=session.ssl is not None,
                login=cast(str, session.auth_data) if session.authenticated else None,
            )
        )
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's controller on port 0: learns the port the system chose before first use."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """A local SMTP server that records every message and login."""

    def __init__(
        self,
        *,
        tls: ssl.SSLContext | None = None,
        credentials: tuple[str, str] | None = None,
        auth_require_tls: bool = True,
    ) -> None:
        self.mails: list[ReceivedMail] = []
        self.logins: list[Login] = []
        self._lock = threading.Lock()
        self._credentials = credentials
        options: dict[str, Any] = {"tls_context": tls, "auth_require_tls": auth_require_tls}
        if credentials is not None:
            options["authenticator"] = self._authenticate
        self._controller = _Controller(
            _Handler(self), hostname="127.0.0.1", port=0, server_hostname="localhost", **options
        )

    @property
    def host(self) -> str:
        """Return the address the server listens on."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self._controller.port)

    def _keep(self, mail: ReceivedMail) -> None:
        with self._lock:
            self.mails.append(mail)

    def _authenticate(
        self, smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        login = cast(LoginPassword, data)
        user, password = login.login.decode(), login.password.decode()
        accepted = (user, password) == self._credentials
        with self._lock:
            self.logins.append(Login(user, accepted, session.ssl is not None))
        # The user name becomes the session's auth_data, which `handle_DATA` records.
        return AuthResult(success=accepted, handled=False, auth_data=user if accepted else None)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._controller.stop()
