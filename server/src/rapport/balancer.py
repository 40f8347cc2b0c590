"""`rapport api --workers N` (N > 1): one process listens and hands each connection to the next worker.

Uvicorn's own workers share one listening socket, and whichever wakes first accepts what is waiting: a
burst of keep-alive connections (a proxy's pool, a load generator's) lands unevenly, 17/0 or 13/4
between two processes, and the busier one then answers as one process would (bench/README.md, "Two api
processes, looked at again"). Here the parent alone listens. It accepts each connection and passes it
(SCM_RIGHTS over a Unix socket pair, as Node's cluster module does in its round-robin mode) to the next
ready worker in turn, which serves it with uvicorn's protocol as if it had accepted it. The port listens
from the first worker's READY on (until then a client is refused at once, as by one process starting,
instead of waiting in the backlog for the start-up). The workers hold no listening socket, so a parent
killed outright leaves none of them holding the port, and each worker ends (its requests finished) when
its channel to the parent closes.

A worker that dies is started again (a second after its last start, at the soonest); the others take
its turns until the new one says it is ready. A worker that fails before any was ever ready (the
database unreachable, a bad setting) ends the api with its exit code, as one process failing its
start-up would. SIGTERM or SIGINT: the parent stops accepting, asks each worker to finish (uvicorn's
graceful shutdown), and exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# The environment variable that tells `rapport api` it is a worker, and which inherited file descriptor
# is its channel to the parent.
CHANNEL_ENV = "RAPPORT_API_CHANNEL_FD"
# On a channel: a worker's first message (it serves from now on); the parent's, each with a connection.
READY = b"R"
CONNECTION = b"C"
# The listening socket's backlog: connections accepted by the kernel, not yet by the parent.
BACKLOG = 2048
# How long a stopping worker has to finish its requests before it is killed.
STOP_SECONDS = 30.0
# A dead worker's successor starts no sooner than this after the dead one started (no busy loop when
# something kills it again and again).
RESTART_SECONDS = 1.0


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    channel: socket.socket
    started: float
    ready: bool = False


@dataclass
class Balancer:
    """The parent: `listener` bound (it listens once a worker is ready), `command` the worker's (its
    channel is added)."""

    listener: socket.socket
    workers: int
    command: list[str]
    env: dict[str, str]
    _selector: selectors.DefaultSelector = field(default_factory=selectors.DefaultSelector)
    _running: list[_Worker | None] = field(default_factory=list)
    _due: dict[int, float] = field(default_factory=dict)  # slots to start again, and when
    _turn: int = 0
    _stopping: bool = False
    _served: bool = False  # a worker said READY once: the api started, and the port listens
    _listening: bool = False
    exit_code: int = 0

    def serve(self) -> int:
        """Runs until SIGTERM or SIGINT (0), or until a worker fails its start-up (its exit code)."""
        previous = {signum: signal.signal(signum, self._stop) for signum in (signal.SIGTERM, signal.SIGINT)}
        self.listener.setblocking(False)
        try:
            self._running = [self._start() for _ in range(self.workers)]
            while not self._stopping:
                self._listen(any(worker is not None and worker.ready for worker in self._running))
                for key, _events in self._selector.select(timeout=0.5):
                    if key.data is None:
                        self._accept()
                    else:
                        self._hear(key.data)
                self._reap()
                for slot, at in list(self._due.items()):
                    if time.monotonic() >= at:
                        del self._due[slot]
                        self._running[slot] = self._start()
        finally:
            self._listen(False)
            self.listener.close()
            self._end_workers()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return self.exit_code

    def _stop(self, _signum: int, _frame: Any) -> None:
        self._stopping = True

    def _start(self) -> _Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = subprocess.Popen(  # noqa: S603 - our own command
                self.command, env={**self.env, CHANNEL_ENV: str(theirs.fileno())}, pass_fds=(theirs.fileno(),)
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        worker = _Worker(process, ours, time.monotonic())
        self._selector.register(ours, selectors.EVENT_READ, worker)
        return worker

    def _listen(self, listening: bool) -> None:
        if listening != self._listening:
            if listening:
                self._selector.register(self.listener, selectors.EVENT_READ, None)
            else:
                self._selector.unregister(self.listener)
            self._listening = listening

    def _hear(self, worker: _Worker) -> None:
        try:
            message = worker.channel.recv(16)
        except BlockingIOError:
            return
        except OSError:
            message = b""
        if message == READY:
            if not self._served:
                # Only now: a port listening before any worker could serve would take connections into
                # its backlog and keep their clients waiting for the workers' start-up (10-25 s on a
                # loaded 2-core machine), where one process refuses them at once until it serves.
                self.listener.listen(BACKLOG)
                host, port = self.listener.getsockname()[:2]
                print(
                    f"rapport api: listening on {host}:{port}, {self.workers} processes handed connections in turn",
                    file=sys.stderr,
                )
            worker.ready = self._served = True
        elif not message:  # it closed its end: it is ending; _reap restarts it once it has
            self._forget(worker)

    def _accept(self) -> None:
        # What is waiting, a bounded number at a time so that the workers' messages are heard too.
        for _ in range(64):
            try:
                connection, _address = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                return  # ECONNABORTED and the like: the client gave up in the backlog
            with connection:
                if connection.family in (socket.AF_INET, socket.AF_INET6):
                    connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._hand(connection)

    def _hand(self, connection: socket.socket) -> None:
        """To the next ready worker in turn; one that cannot take it (its channel full or closed) is
        passed over. With none able to, the connection is closed: the client retries."""
        for _ in range(len(self._running)):
            self._turn = (self._turn + 1) % len(self._running)
            worker = self._running[self._turn]
            if worker is None or not worker.ready:
                continue
            try:
                socket.send_fds(worker.channel, [CONNECTION], [connection.fileno()])
                return
            except BlockingIOError:
                continue
            except OSError:
                self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        """A worker no longer handed connections (its channel closed); the process is reaped apart."""
        worker.ready = False
        if worker.channel.fileno() >= 0:
            self._selector.unregister(worker.channel)
            worker.channel.close()

    def _reap(self) -> None:
        for slot, worker in enumerate(self._running):
            if worker is None or (code := worker.process.poll()) is None:
                continue
            self._forget(worker)
            self._running[slot] = None
            if self._stopping:
                continue
            if not self._served:
                print(f"rapport api: worker {slot} failed to start ({code}); stopping", file=sys.stderr)
                self.exit_code = code or 1
                self._stopping = True
                continue
            print(f"rapport api: worker {slot} exited ({code}); starting another", file=sys.stderr)
            self._due[slot] = worker.started + RESTART_SECONDS

    def _end_workers(self) -> None:
        living = [worker for worker in self._running if worker is not None]
        for worker in living:
            self._forget(worker)
            with contextlib.suppress(ProcessLookupError):
                worker.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for worker in living:
            try:
                worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self._selector.close()


def balance(host: str, port: int, workers: int, command: list[str], env: dict[str, str]) -> int:
    """Serves host:port through `workers` processes running `command`. The port is bound at once (one
    in use fails here) and listens once a worker is ready (Balancer._hear)."""
    family = _family(host)
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as socket.create_server sets them
        if family == socket.AF_INET6:
            listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listener.bind((host, port))
    except OSError:
        listener.close()
        raise
    return Balancer(listener, workers, command, env).serve()


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


# ---------- in a worker ----------


def channel_of_worker() -> socket.socket | None:
    """This process's channel to the parent, when it runs as a worker (CHANNEL_ENV set), else None."""
    fd = os.environ.pop(CHANNEL_ENV, None)
    return socket.socket(fileno=int(fd)) if fd is not None else None


def serve_handed(config: Any, channel: socket.socket) -> None:
    """Runs uvicorn with `config` on the connections the parent hands over `channel`."""
    import uvicorn

    class HandedServer(uvicorn.Server):
        """Uvicorn's server, its connections taken from the channel rather than a listening socket."""

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await self.lifespan.startup()
            if self.lifespan.should_exit:
                sys.exit(3)  # uvicorn's STARTUP_FAILURE
            config = self.config

            def create_protocol(_loop: asyncio.AbstractEventLoop | None = None) -> asyncio.Protocol:
                return config.http_protocol_class(  # type: ignore[call-arg]
                    config=config, server_state=self.server_state, app_state=self.lifespan.state, _loop=_loop
                )

            loop = asyncio.get_running_loop()
            self.servers = []
            channel.setblocking(False)
            loop.add_reader(channel.fileno(), _receive, channel, loop, create_protocol, self._parent_gone)
            channel.send(READY)
            self.started = True

        def _parent_gone(self) -> None:
            self.should_exit = True

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            if channel.fileno() >= 0:
                asyncio.get_running_loop().remove_reader(channel.fileno())
                channel.close()  # the parent hears it: no more connections for this process
            await super().shutdown(sockets)

    HandedServer(config).run()


_connecting: set[asyncio.Task[None]] = set()


def _receive(
    channel: socket.socket,
    loop: asyncio.AbstractEventLoop,
    create_protocol: Callable[[], asyncio.Protocol],
    parent_gone: Callable[[], None],
) -> None:
    for _ in range(64):
        try:
            message, fds, _flags, _address = socket.recv_fds(channel, 16, 1, socket.MSG_CMSG_CLOEXEC)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            message, fds = b"", []
        for fd in fds:
            task = loop.create_task(_serve(loop, create_protocol, socket.socket(fileno=fd)))
            _connecting.add(task)  # the loop holds tasks weakly
            task.add_done_callback(_connecting.discard)
        if not message:
            loop.remove_reader(channel.fileno())
            parent_gone()
            return


async def _serve(
    loop: asyncio.AbstractEventLoop, create_protocol: Callable[[], asyncio.Protocol], connection: socket.socket
) -> None:
    connection.setblocking(False)
    try:
        await loop.connect_accepted_socket(create_protocol, connection)
    except OSError:
        connection.close()
