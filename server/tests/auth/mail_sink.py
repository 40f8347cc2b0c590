"""A real SMTP server (aiosmtpd) for the browser tests of Rapport's own mail (web/e2e/password-reset.spec.ts),
as `RAPPORT_SMTP_URL` of the stack they start. Prints one JSON line with its port, then one per message it
is handed (its recipients, subject and plain text), until stdin closes or SIGTERM.

    uv run python -m tests.auth.mail_sink
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.conftest import free_port


class _Handler:
    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        text = body.get_content() if body is not None else ""
        line = {"to": list(envelope.rcpt_tos), "subject": str(message["Subject"] or ""), "text": text}
        print(json.dumps(line), flush=True)
        return "250 2.0.0 Ok: queued"


async def serve() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.readline() else None)
    port = free_port()
    server = await loop.create_server(
        lambda: SMTP(_Handler(), hostname="mail.example.com", loop=loop), "127.0.0.1", port
    )
    print(json.dumps({"port": port}), flush=True)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    asyncio.run(serve())
