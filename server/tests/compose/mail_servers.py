"""Real mail servers for the browser test (web/e2e/compose.spec.ts): a Dovecot with one user and an
aiosmtpd SMTP server that logs in the same user and keeps what it is handed. Prints one JSON line
with their ports, then serves until stdin closes or SIGTERM.

    uv run python -m tests.compose.mail_servers
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.conftest import free_port
from tests.mailbox.dovecot import PASSWORD, running_dovecot

USER = "ada"


class _Handler:
    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        print(json.dumps({"delivered": list(envelope.rcpt_tos)}), flush=True)
        return "250 2.0.0 Ok: queued"


def _authenticate(smtp: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == (USER, PASSWORD)
    return AuthResult(success=ok, handled=False if not ok else None)


async def serve() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.readline() else None)
    with running_dovecot() as dovecot:
        dovecot.add_user(USER)
        dovecot.create_folder(USER, "Sent")
        port = free_port()
        server = await loop.create_server(
            lambda: SMTP(
                _Handler(), hostname="mail.example.com", authenticator=_authenticate, auth_require_tls=False, loop=loop
            ),
            "127.0.0.1",
            port,
        )
        print(json.dumps({"imapPort": dovecot.port, "smtpPort": port, "user": USER, "password": PASSWORD}), flush=True)
        await stop.wait()
        server.close()


if __name__ == "__main__":
    asyncio.run(serve())
