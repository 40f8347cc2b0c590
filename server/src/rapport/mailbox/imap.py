"""The IMAP client the mailbox sync uses (aioimaplib underneath), and the connection test run
before a mailbox is saved.

Every failure becomes a `MailboxConnectionError` whose `reason` a person can read ("wrong user
name or password", "cannot reach imap.example.com:993: connection refused") and whose `field`
names the input to fix. A dropped connection fails the command in flight at once instead of
waiting for its timeout.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import ssl
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import aioimaplib

from rapport.kit import netguard

T = TypeVar("T")

DEFAULT_TIMEOUT = 20.0
# Before saving, a person waits for the answer.
TEST_TIMEOUT = 10.0
_FETCH_START = re.compile(rb"^\d+ FETCH \(")
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_UIDVALIDITY = re.compile(rb"\[UIDVALIDITY (\d+)\]")
_EXISTS = re.compile(rb"^(?:\* )?\d+ EXISTS")
_RESPONSE_CODE = re.compile(rb"^\[([A-Z-]+)")


class MailboxConnectionError(Exception):
    """Why a mailbox cannot be synced, in words for its owner; `field` is the input to correct."""

    field: ClassVar[str] = "host"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CannotReach(MailboxConnectionError):
    field = "host"


class TlsFailed(MailboxConnectionError):
    field = "tls"


class LoginRefused(MailboxConnectionError):
    field = "password"


class FolderMissing(MailboxConnectionError):
    field = "folders"


class ServerError(MailboxConnectionError):
    """The server dropped the connection, timed out or answered something we cannot use."""

    field = "host"


@dataclass(frozen=True, slots=True)
class FolderStatus:
    name: str
    uidvalidity: int


@dataclass(frozen=True, slots=True)
class Listed:
    uid: int
    size: int


def encode_folder(name: str) -> str:
    """A folder name as an IMAP quoted string, non-ASCII in modified UTF-7 (RFC 3501 5.1.3)."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            encoded = base64.b64encode("".join(pending).encode("utf-16-be")).decode().rstrip("=")
            out.append("&" + encoded.replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return quote("".join(out))


def quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uid_set(uids: Sequence[int]) -> str:
    """`1:3,7,9:10` for [1, 2, 3, 7, 9, 10] (sorted input)."""
    ranges: list[str] = []
    start = previous = uids[0]
    for uid in [*uids[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        ranges.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(ranges)


class _Protocol(aioimaplib.IMAP4ClientProtocol):  # type: ignore[misc]
    """Notes every EXISTS the server sends: aioimaplib drops the ones that come outside IDLE."""

    saw_exists = False

    def _untagged_response(self, line: bytes) -> Any:
        if _EXISTS.match(line):
            self.saw_exists = True
        return super()._untagged_response(line)


class _Client(aioimaplib.IMAP4):  # type: ignore[misc]
    def __init__(
        self,
        address: str,
        port: int,
        *,
        server_hostname: str,
        timeout: float,
        conn_lost_cb: Any,
        ssl_context: ssl.SSLContext | None,
    ) -> None:
        # The checked address connects; the name the user gave is what TLS verifies the certificate against.
        self.server_hostname = server_hostname
        super().__init__(address, port, timeout=timeout, conn_lost_cb=conn_lost_cb, ssl_context=ssl_context)

    def create_client(
        self,
        host: str,
        port: int,
        loop: asyncio.AbstractEventLoop | None,
        conn_lost_cb: Any = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        running = loop if loop is not None else asyncio.get_running_loop()
        self.protocol = _Protocol(running, conn_lost_cb)
        server_hostname = self.server_hostname if ssl_context is not None else None
        self._client_task = running.create_task(
            running.create_connection(
                lambda: self.protocol, host, port, ssl=ssl_context, server_hostname=server_hostname
            )
        )


class ImapSession:
    """One connection: `async with ImapSession(...) as imap: await imap.login(...)`."""

    def __init__(
        self, host: str, port: int, *, tls: bool, policy: netguard.Policy, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        self.host = host
        self.port = port
        self.tls = tls
        self.policy = policy
        self.timeout = timeout
        self._where = f"{host}:{port}"
        self._lost = asyncio.Event()
        self._client: Any = None

    async def __aenter__(self) -> ImapSession:
        try:
            await self.open()
        except BaseException:
            await self.close()  # a connection made without a greeting must not linger
            raise
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    @property
    def saw_new_mail(self) -> bool:
        return bool(self._client is not None and self._client.protocol.saw_exists)

    def forget_new_mail(self) -> None:
        if self._client is not None:
            self._client.protocol.saw_exists = False

    @property
    def can_idle(self) -> bool:
        return bool(self._client is not None and self._client.has_capability("IDLE"))

    async def open(self) -> None:
        # One answer for every network failure (no such host, refused, timed out, unreachable): the
        # difference would tell a caller which ports are open, and make this a port scanner.
        unreachable = f"cannot reach {self._where}"
        try:
            destination = await netguard.resolve(self.host, self.port, policy=self.policy)
        except netguard.Unresolvable:
            raise CannotReach(unreachable) from None
        except netguard.DestinationRefused as error:
            raise CannotReach(error.reason) from None
        context = ssl.create_default_context() if self.tls else None
        self._client = _Client(
            destination.address,
            destination.port,
            server_hostname=self.host.strip("[]"),
            timeout=self.timeout,
            conn_lost_cb=self._on_lost,
            ssl_context=context,
        )
        try:
            await self._call(self._client.wait_hello_from_server(), raw_timeout=True)
        except ssl.SSLCertVerificationError as error:
            raise TlsFailed(f"TLS handshake with {self._where} failed: {error.verify_message}") from None
        except ssl.SSLError as error:
            hint = "; is this a plain IMAP port?" if "WRONG_VERSION_NUMBER" in str(error) else ""
            raise TlsFailed(f"TLS handshake with {self._where} failed ({error.reason or error}){hint}") from None
        except (TimeoutError, OSError, ServerError, aioimaplib.AioImapException):
            raise CannotReach(unreachable) from None

    async def login(self, username: str, password: str) -> None:
        response = await self._call(self._client.login(quote(username), password))
        if response.result == "OK":
            return
        code = _response_code(response.lines)
        if code == "PRIVACYREQUIRED":
            raise TlsFailed(f"{self.host} accepts passwords only over TLS")
        if code in ("UNAVAILABLE", "INUSE", "LIMIT"):
            raise ServerError(f"{self.host} cannot log you in right now: {_text(response.lines)}")
        if code in ("EXPIRED", "CONTACTADMIN", "AUTHORIZATIONFAILED"):
            raise LoginRefused(f"{self.host} refused the login: {_text(response.lines)}")
        raise LoginRefused("wrong user name or password")

    async def select(self, folder: str) -> FolderStatus:
        response = await self._call(self._client.select(encode_folder(folder)))
        if response.result != "OK":
            raise FolderMissing(f"the folder {folder!r} does not exist on {self.host}")
        for line in response.lines:
            if isinstance(line, bytes) and (match := _UIDVALIDITY.search(line)):
                return FolderStatus(folder, int(match.group(1)))
        raise ServerError(f"{self.host} gave no UIDVALIDITY for {folder!r}")

    async def list_since(self, last_uid: int) -> list[Listed]:
        """UIDs above `last_uid` with their sizes, ascending.

        `UID FETCH n:*` answers with the newest message even when n is above every UID (RFC 3501:
        `*` is the highest UID, and n:* is the same range as *:n), hence the filter.
        """
        response = await self._uid_fetch(f"{last_uid + 1}:*", "(UID RFC822.SIZE)")
        listed: dict[int, Listed] = {}
        for line in response.lines:
            if not isinstance(line, bytes) or not _FETCH_START.match(line):
                continue
            uid, size = _UID.search(line), _SIZE.search(line)
            if uid is not None and size is not None and int(uid.group(1)) > last_uid:
                listed[int(uid.group(1))] = Listed(int(uid.group(1)), int(size.group(1)))
        return [listed[uid] for uid in sorted(listed)]

    async def fetch(self, uids: Sequence[int], *, headers_only: bool = False) -> dict[int, bytes]:
        """The raw messages by UID, without setting \\Seen. Expunged ones are simply absent."""
        part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
        response = await self._uid_fetch(uid_set(sorted(uids)), f"(UID {part})")
        wanted = set(uids)
        messages: dict[int, bytes] = {}
        uid: int | None = None
        body: bytes | None = None

        def keep() -> None:
            if uid is not None and body is not None and uid in wanted:
                messages[uid] = body

        for line in response.lines:
            if isinstance(line, bytearray):  # a literal: the message bytes
                body = bytes(line)
                continue
            if not isinstance(line, bytes):
                continue
            if _FETCH_START.match(line):
                keep()
                uid, body = None, None
            # The UID item may come before or after the literal, depending on the server.
            if uid is None and (match := _UID.search(line)):
                uid = int(match.group(1))
        keep()
        return messages

    async def idle(self, seconds: float) -> bool:
        """Waits up to `seconds` for the selected folder to change; True when new mail arrived."""
        if self.saw_new_mail:
            return True
        if not self.can_idle:  # poll instead
            await asyncio.sleep(min(seconds, 30))
            await self._call(self._client.noop())
            return self.saw_new_mail
        idle = await self._call(asyncio.wait_for(self._client.idle_start(timeout=seconds), self.timeout))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        new_mail = False
        try:
            while (remaining := deadline - loop.time()) > 0:
                try:
                    pushed = await self._call(self._client.wait_server_push(timeout=remaining), raw_timeout=True)
                except TimeoutError:
                    break
                if pushed == aioimaplib.STOP_WAIT_SERVER_PUSH:
                    break
                if any(isinstance(line, bytes) and _EXISTS.match(line) for line in pushed):
                    new_mail = True
                    break
        finally:
            if not self._lost.is_set() and self._client.has_pending_idle():
                self._client.idle_done()
        await self._call(asyncio.wait_for(idle, self.timeout))
        return new_mail

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        if not self._lost.is_set() and client.get_state() in ("AUTH", "SELECTED"):
            with contextlib.suppress(TimeoutError, OSError, aioimaplib.AioImapException):
                await asyncio.wait_for(client.logout(), 2)
        transport = client.protocol.transport
        if transport is not None:
            transport.close()
        client._client_task.cancel()

    async def _uid_fetch(self, message_set: str, items: str) -> Any:
        response = await self._call(self._client.uid("fetch", message_set, items))
        if response.result != "OK":
            raise ServerError(f"{self.host} refused to fetch messages: {_text(response.lines)}")
        return response

    def _on_lost(self, _error: Exception | None) -> None:
        self._lost.set()

    async def _call(self, awaitable: Awaitable[T], *, raw_timeout: bool = False) -> T:
        """Runs one command, failing fast when the connection drops. A timeout becomes a
        `ServerError` unless `raw_timeout` (the caller gives it a meaning)."""
        command = asyncio.ensure_future(awaitable)
        lost = asyncio.ensure_future(self._lost.wait())
        try:
            await asyncio.wait({command, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            if not command.done():
                command.cancel()
        if command.cancelled() or not command.done():
            raise ServerError(f"the connection to {self._where} was lost")
        try:
            return command.result()
        except (aioimaplib.CommandTimeout, TimeoutError):
            if raw_timeout:
                raise TimeoutError from None
            raise ServerError(f"{self._where} did not answer within {self.timeout:g}s") from None
        except aioimaplib.Abort as error:
            raise ServerError(f"{self._where}: {error}") from None


def _response_code(lines: Sequence[Any]) -> str | None:
    for line in reversed(lines):
        if isinstance(line, bytes) and (match := _RESPONSE_CODE.match(line)):
            return match.group(1).decode()
    return None


def _text(lines: Sequence[Any]) -> str:
    for line in reversed(lines):
        if isinstance(line, bytes) and line.strip():
            return re.sub(r"^\[[^\]]*\]\s*", "", line.decode(errors="replace")).strip()[:200]
    return "no reason given"


async def test_connection(
    host: str,
    port: int,
    tls: bool,
    username: str,
    password: str,
    folders: Sequence[str],
    *,
    policy: netguard.Policy,
) -> None:
    """Connects, logs in and opens every folder; raises a `MailboxConnectionError` on the first failure."""
    async with ImapSession(host, port, tls=tls, policy=policy, timeout=TEST_TIMEOUT) as imap:
        await imap.login(username, password)
        for folder in folders:
            await imap.select(folder)


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name
