"""Reading a request's body ahead of its stack, within a limit, and handing it on as if unread.

The gateway reads ahead in three places: to replay a GET on the legacy stack after a failed
new-stack answer (fallback) or on the new stack after the legacy answer (shadow), to refuse a
chunked body past the body limit (limits), and the service's login throttle to read the username.
Each keeps what it read and gives it to the stack again through `replay`.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Message, Receive


@dataclass(frozen=True, slots=True)
class HeldRequest:
    """The messages read ahead, the body bytes among them, and why reading stopped."""

    messages: list[Message]
    size: int
    over_limit: bool  # stopped once the body passed the limit; the rest is still unread
    ended: bool  # the body's last message was read (not a disconnect)

    @property
    def body(self) -> bytes | None:
        """Return the whole body, or None when it was not read to its end within the limit."""
        if self.over_limit or not self.ended:
            return None
        return b"".join(message.get("body", b"") for message in self.messages)


async def read_request(receive: Receive, limit: int) -> HeldRequest:
    """Read body messages until the body ends, the client leaves, or it passes `limit` bytes."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return HeldRequest(messages, size, over_limit=False, ended=False)
        size += len(message.get("body", b""))
        if size > limit:
            return HeldRequest(messages, size, over_limit=True, ended=False)
        if not message.get("more_body", False):
            return HeldRequest(messages, size, over_limit=False, ended=True)


def replay(messages: list[Message], receive: Receive) -> Receive:
    """Give the read messages again, then whatever the connection sends next."""
    pending = list(messages)

    async def replayed() -> Message:
        # After the body, further calls wait for the disconnect on the real connection.
        return pending.pop(0) if pending else await receive()

    return replayed
