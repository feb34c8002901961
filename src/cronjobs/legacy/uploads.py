"""A Flask request that closes every uploaded file it opened, even when parsing failed.

Werkzeug closes the files of `request.files` when the request ends, but a multipart body it
abandons part-way (truncated, or over the form limits: a 413) leaves the file it was filling
unclosed until garbage collection; above 500 kB that is an open temporary file.
"""

from __future__ import annotations

from typing import IO

from flask import Request


class UploadClosingRequest(Request):
    """Tracks the streams it hands to the form parser and closes them all at the end."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        stream = super()._get_file_stream(
            total_content_length, content_type, filename, content_length
        )
        self.__dict__.setdefault("_upload_streams", []).append(stream)
        return stream

    def close(self) -> None:
        """Close the parsed files, then any stream the parser abandoned."""
        super().close()
        for stream in self.__dict__.pop("_upload_streams", []):
            stream.close()
