"""Encoding `multipart/form-data` bodies by hand, so case tables carry them as raw bytes.

Both stacks' suites replay the same bytes, and a test can send what a browser would never
build (an empty filename, a `file` part without a filename).
"""

from __future__ import annotations

BOUNDARY = "cronjobs-test-boundary-7d1f0c"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def _part(disposition: str, data: bytes, content_type: str | None = None) -> bytes:
    head = f"--{BOUNDARY}\r\nContent-Disposition: form-data; {disposition}\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    return head.encode() + b"\r\n" + data + b"\r\n"


def multipart(
    fields: dict[str, str] | None = None,
    files: dict[str, tuple[str | None, bytes]] | None = None,
) -> bytes:
    """Encode form fields and files (name → (filename, bytes)); a None filename sends none."""
    body = b""
    for name, (filename, data) in (files or {}).items():
        if filename is None:
            body += _part(f'name="{name}"', data)
        else:
            body += _part(f'name="{name}"; filename="{filename}"', data, "text/csv")
    for name, value in (fields or {}).items():
        body += _part(f'name="{name}"', value.encode())
    return body + f"--{BOUNDARY}--\r\n".encode()
