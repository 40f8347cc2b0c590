"""A real Dovecot (Debian's dovecot-imapd) for the IMAP tests: a plain process on loopback ports,
its configuration, users and maildirs in a temporary directory, no system configuration touched.

Unprivileged, Dovecot runs every process as the current user. As root it must not run its login
processes as root, so it uses the package's `dovenull` and `dovecot` users, and mail belongs to
`dovecot`.
"""

from __future__ import annotations

import contextlib
import datetime
import grp
import imaplib
import ipaddress
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import text

from rapport.db import Database
from tests.conftest import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
PASSWORD = "correct horse"


def message(index: int, *, subject: str | None = None, body: str | None = None, size: int = 0) -> bytes:
    """A small, distinct message (its own Message-ID); `size` pads the body to about that many bytes."""
    mail = EmailMessage()
    mail["From"] = f"Sender {index} <sender{index}@example.org>"
    mail["To"] = "ada@example.com"
    mail["Subject"] = subject or f"Message number {index}"
    mail["Date"] = format_datetime(
        datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=index)
    )
    mail["Message-ID"] = make_msgid(f"m{index}", domain="example.org")
    text = body or f"Hello, this is message {index}.\n"
    if size:
        text += ("x" * 76 + "\n") * (size // 77)
    mail.set_content(text)
    return mail.as_bytes().replace(b"\n", b"\r\n")


class Dovecot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.tls_port = free_port()
        self.passwords: dict[str, str] = {}
        self.process: subprocess.Popen[bytes] | None = None
        self.cert_file = root / "cert.pem"
        if os.geteuid() == 0:
            try:
                mail_user = pwd.getpwnam("dovecot")
                pwd.getpwnam("dovenull")
            except KeyError:
                pytest.skip("running as root needs the dovecot and dovenull users of the dovecot package")
            self.internal_user, self.login_user = "dovecot", "dovenull"
        else:
            mail_user = pwd.getpwuid(os.geteuid())
            self.internal_user = self.login_user = mail_user.pw_name
        self.uid, self.gid = mail_user.pw_uid, mail_user.pw_gid
        self.mail_dir = root / "mail"
        self.mail_dir.mkdir()
        os.chown(self.mail_dir, self.uid, self.gid)
        self._write_certificate()
        self._write_config()

    @property
    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_user(self, name: str, password: str = PASSWORD) -> str:
        self.passwords[name] = password
        self._write_users()
        return name

    def set_password(self, name: str, password: str) -> None:
        """Takes effect in a restarted Dovecot, or once it rereads the file (at most once a second)."""
        self.passwords[name] = password
        self._write_users()

    def start(self) -> None:
        # What it says before its log is open (a port taken, a bad setting) goes to stderr: kept for the error.
        with open(self.root / "dovecot.stderr", "ab") as stderr:
            self.process = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # its own process group: kill() takes every Dovecot process
            )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = (self.root / "dovecot.stderr").read_text(errors="replace")[-2000:]
                raise RuntimeError(
                    f"dovecot exited with {self.process.returncode} on port {self.port}:\n{said}\n{self.log[-3000:]}"
                )
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return
            time.sleep(0.02)
        raise RuntimeError(f"dovecot did not answer on {self.port}:\n{self.log[-3000:]}")

    def kill(self) -> None:
        """Dies at once (SIGKILL to the whole process group), dropping every connection."""
        self._signal(signal.SIGKILL)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)

    def _signal(self, signum: int) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signum)
        process.wait(timeout=10)
        # Its children die with it; wait until none holds the ports any more, so start() can bind them.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and not all(_bindable(port) for port in (self.port, self.tls_port)):
            time.sleep(0.01)

    @contextlib.contextmanager
    def imap(self, user: str) -> Iterator[imaplib.IMAP4]:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        try:
            client.login(user, self.passwords[user])
            yield client
        finally:
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                client.logout()

    def append(self, user: str, messages: Sequence[bytes], folder: str = "INBOX") -> list[int]:
        """Delivers with IMAP APPEND; answers the UIDs given."""
        uids = []
        with self.imap(user) as client:
            for raw in messages:
                status, data = client.append(_quoted(folder), "", None, raw)
                assert status == "OK", data
                found = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
                assert found is not None, data
                uids.append(int(found.group(1)))
        return uids

    def create_folder(self, user: str, folder: str) -> None:
        with self.imap(user) as client:
            status, data = client.create(_quoted(folder))
            assert status == "OK", data

    def delete_folder(self, user: str, folder: str) -> None:
        with self.imap(user) as client:
            status, data = client.delete(_quoted(folder))
            assert status == "OK", data

    def uidvalidity(self, user: str, folder: str = "INBOX") -> int:
        with self.imap(user) as client:
            status, data = client.status(_quoted(folder), "(UIDVALIDITY)")
            assert status == "OK", data
        found = re.search(rb"UIDVALIDITY (\d+)", data[0] or b"")
        assert found is not None
        return int(found.group(1))

    def flags(self, user: str, folder: str = "INBOX") -> list[bytes]:
        with self.imap(user) as client:
            client.select(_quoted(folder), readonly=True)
            _, data = client.uid("FETCH", "1:*", "(FLAGS)")
        return [line for line in data if isinstance(line, bytes)]

    def _write_users(self) -> None:
        path = self.root / "users"
        path.write_text("".join(f"{name}:{{PLAIN}}{password}::::::\n" for name, password in self.passwords.items()))
        # Dovecot rereads the file when its mtime changes; make sure it does within the same second.
        stamp = time.time() + len(self.passwords) + int.from_bytes(os.urandom(1), "big")
        os.utime(path, (stamp, stamp))

    def _write_certificate(self) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        self.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file = self.root / "key.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        key_file.chmod(0o600)

    def _write_config(self) -> None:
        root = self.root
        (root / "state").mkdir()
        (root / "run").mkdir()
        (root / "dovecot.conf").write_text(
            f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
instance_name = rapport-test-{self.port}
log_path = {root}/dovecot.log
default_internal_user = {self.internal_user}
default_internal_group = {grp.getgrgid(pwd.getpwnam(self.internal_user).pw_gid).gr_name}
default_login_user = {self.login_user}
first_valid_uid = 0
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_fsync = never
mail_location = maildir:{self.mail_dir}/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
  default_fields = uid={self.uid} gid={self.gid} home={self.mail_dir}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # Without access to this socket, auth applies no penalty delay after the failed logins the
  # tests make on purpose (up to 15 s per attempt otherwise).
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        )


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def disconnect_mailboxes(db: Database, server: Dovecot) -> None:
    """Mailboxes left connected to a stopped server would keep the next tests' syncs busy."""
    async with db.transaction() as session:
        await session.execute(
            text("UPDATE mailboxes SET state = 'DISCONNECTED' WHERE host = '127.0.0.1' AND port = :port"),
            {"port": server.port},
        )


@contextlib.contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    if not Path(DOVECOT).exists():
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="rapport-dovecot-"))
    root.chmod(0o755)  # Dovecot's unprivileged processes look into it
    try:
        server = Dovecot(root)
        server.start()
        try:
            yield server
        finally:
            server.kill()
    finally:
        shutil.rmtree(root, ignore_errors=True)
