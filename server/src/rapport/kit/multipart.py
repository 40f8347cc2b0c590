"""A multipart/form-data body read as it arrives: the one file part goes to a temporary file while
its SHA-256 and size are counted, so no upload is ever held whole in memory."""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from rapport.errors import AppError, BadUserInput

HEAD_BYTES = 8192
MAX_FIELD_BYTES = 4096
MAX_FIELDS = 10


class PayloadTooLarge(AppError):
    code = "PAYLOAD_TOO_LARGE"
    http_status = 413


@dataclass
class ReceivedFile:
    filename: str
    declared_type: str
    path: Path
    size: int = 0
    head: bytes = b""
    sha256: bytes = b""


@dataclass
class ReceivedForm:
    fields: dict[str, str] = field(default_factory=dict)
    file: ReceivedFile | None = None

    def discard(self) -> None:
        if self.file is not None:
            self.file.path.unlink(missing_ok=True)


async def receive_form(
    content_type: str, chunks: AsyncIterator[bytes], *, file_field: str, max_file_bytes: int, spool_dir: Path
) -> ReceivedForm:
    """The text fields and the `file_field` part (other file parts are refused). The caller deletes
    `form.file.path` when done (`form.discard()`)."""
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary:
        raise BadUserInput("Send the file as multipart/form-data.", field_errors={("body",): "multipart/form-data"})
    await asyncio.to_thread(spool_dir.mkdir, parents=True, exist_ok=True)
    form = ReceivedForm()
    state: dict[str, object] = {}
    headers: dict[bytes, bytes] = {}
    header_field = bytearray()
    header_value = bytearray()
    digest = hashlib.sha256()
    handle: list[object] = []  # the open temporary file while the file part streams
    text = bytearray()
    head = bytearray()

    def on_part_begin() -> None:
        headers.clear()
        text.clear()
        state.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_field.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        headers[bytes(header_field).lower()] = bytes(header_value)
        header_field.clear()
        header_value.clear()

    def on_headers_finished() -> None:
        _, disposition = parse_options_header(headers.get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        filename = disposition.get(b"filename")
        state["name"] = name
        if filename is None:
            if len(form.fields) >= MAX_FIELDS:
                raise BadUserInput("Too many form fields.")
            return
        if name != file_field or form.file is not None:
            raise BadUserInput(
                f"Send one file, in the `{file_field}` field.", field_errors={(name,): "unexpected file"}
            )
        descriptor, path = tempfile.mkstemp(prefix="upload-", dir=spool_dir)
        handle.append(os.fdopen(descriptor, "wb"))
        form.file = ReceivedFile(
            filename=filename.decode("utf-8", "replace"),
            declared_type=headers.get(b"content-type", b"application/octet-stream").decode("latin-1"),
            path=Path(path),
        )
        state["file"] = True

    def on_part_data(data: bytes, start: int, end: int) -> None:
        piece = data[start:end]
        if state.get("file"):
            assert form.file is not None
            form.file.size += len(piece)
            if form.file.size > max_file_bytes:
                raise PayloadTooLarge(f"The file is over the limit of {max_file_bytes} bytes.")
            digest.update(piece)
            if len(head) < HEAD_BYTES:
                head.extend(piece[: HEAD_BYTES - len(head)])
            handle[0].write(piece)  # type: ignore[attr-defined]
        else:
            text.extend(piece)
            if len(text) > MAX_FIELD_BYTES:
                raise BadUserInput("A form field is too long.", field_errors={(str(state.get("name")),): "too long"})

    def on_part_end() -> None:
        if state.get("file"):
            handle.pop().close()  # type: ignore[attr-defined]
        else:
            form.fields[str(state.get("name"))] = text.decode("utf-8", "replace")

    parser = MultipartParser(
        boundary,
        callbacks={
            "on_part_begin": on_part_begin,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
        },
    )
    try:
        async for chunk in chunks:
            parser.write(chunk)
        parser.finalize()
    except BaseException as error:
        for open_file in handle:
            open_file.close()  # type: ignore[attr-defined]
        form.discard()
        if isinstance(error, AppError):
            raise
        if isinstance(error, Exception) and type(error).__module__.startswith("python_multipart"):
            raise BadUserInput("The multipart body is malformed.") from None
        raise
    if handle:  # the body ended inside the file part
        handle.pop().close()  # type: ignore[attr-defined]
        form.discard()
        raise BadUserInput("The multipart body ended before the file did.")
    if form.file is not None:
        form.file.head = bytes(head)
        form.file.sha256 = digest.digest()
    return form
