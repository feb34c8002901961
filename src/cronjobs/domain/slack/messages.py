"""Posting texts to the Slack webhook of the settings row (spec §6.8 "Slack", §5.6).

Only weekly maintenance talks to Slack. Reading the row and posting are separate steps so that
maintenance can read the row inside its transaction and post once that transaction is committed:
no database lock is held while Slack is on the line, and nothing is announced that was then
rolled back. A Slack failure never fails the caller: it is logged and reported as undelivered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy.orm import Session

from cronjobs.domain.common.outbound import (
    TRANSPORT_ERRORS,
    exception_text,
    is_success,
    outbound_client,
)
from cronjobs.domain.slack.settings import find_slack_settings

log = logging.getLogger(__name__)

SLACK_TIMEOUT_SECONDS = 10.0

ClientFactory = Callable[[], httpx.Client]


@dataclass(frozen=True, slots=True)
class SlackWebhook:
    """Where Slack texts go: a usable `https://` webhook URL and the optional channel."""

    url: str
    channel: str | None


@dataclass(frozen=True, slots=True)
class SlackDelivery:
    """One text posted to Slack, and whether Slack took it (a 2xx answer)."""

    text: str
    delivered: bool


def is_usable_webhook_url(url: str) -> bool:
    """Tell whether a webhook URL may be used: `https://` with a host."""
    try:
        parts = urlsplit(url)
        return parts.scheme == "https" and bool(parts.hostname)
    except ValueError:  # e.g. an unclosed IPv6 bracket: not a URL we can use
        return False


def slack_webhook(session: Session) -> SlackWebhook | None:
    """Return the webhook to post to, or None when Slack is off or its URL is not usable.

    Slack is on when the settings row has `is_enabled` and a `webhook_url`; a URL that is not
    `https://` with a host is skipped silently, as the spec asks. A blank channel counts as unset.
    """
    settings = find_slack_settings(session)
    if settings is None or not settings.is_enabled or not settings.webhook_url:
        return None
    url = settings.webhook_url.strip()
    if not is_usable_webhook_url(url):
        return None
    channel = (settings.channel or "").strip() or None
    return SlackWebhook(url=url, channel=channel)


def default_client() -> httpx.Client:
    """Open the client Slack posts use: the outbound client with the 10 s timeout."""
    return outbound_client(SLACK_TIMEOUT_SECONDS)


class SlackSender:
    """Posts texts to a Slack webhook; the HTTP client comes from an injectable factory."""

    def __init__(self, client_factory: ClientFactory = default_client) -> None:
        self._client_factory = client_factory

    def send(self, webhook: SlackWebhook, texts: Iterable[str]) -> tuple[SlackDelivery, ...]:
        """Post each text in order over one client; failures are logged, never raised."""
        pending = list(texts)
        if not pending:
            return ()
        with self._client_factory() as client:
            return tuple(SlackDelivery(text, _post(client, webhook, text)) for text in pending)


def _post(client: httpx.Client, webhook: SlackWebhook, text: str) -> bool:
    payload: dict[str, Any] = {"text": text}
    if webhook.channel:
        payload["channel"] = webhook.channel
    try:
        response = client.post(webhook.url, json=payload)
    except TRANSPORT_ERRORS as exc:
        log.warning("Slack post failed: %s", exception_text(exc))
        return False
    if not is_success(response.status_code):
        log.warning("Slack answered %d: %s", response.status_code, response.text[:200])
        return False
    return True
