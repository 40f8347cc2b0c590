"""A pool of parser processes with a hard per-message timeout.

Python's header parser has inputs that crash it or never finish. A thread cannot be stopped, a
process can: each message gets `timeout` seconds in a worker; one that takes longer is set aside
as ParseError("timed out after 5 s") and its process replaced while the others go on.

The workers fork from a forkserver, so a program that uses the pool must guard its main module
with `if __name__ == "__main__":` (console scripts and `python -m` already do)."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import queue
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Self

from rapport.email.parse.charsets import short_reason
from rapport.email.parse.message import parse
from rapport.email.parse.results import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, ParsedEmail, ParseError

ParseFunction = Callable[[bytes], ParsedEmail]
Outcome = ParsedEmail | ParseError
_BATCH_BYTES = 8 * 1024 * 1024
_MESSAGES_PER_PROCESS = 20_000
# Starting a process is not a message's fault: it has its own, generous, deadline.
_STARTUP_TIMEOUT = 60.0
_READY = "ready"


def _worker_main(connection: Connection, parse_function: ParseFunction) -> None:
    """Parse batches until told to stop, answering once per message, in order."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops us
    connection.send(_READY)
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for raw in batch:
            answer: ParsedEmail | str
            try:
                answer = parse_function(raw)
            except ParseError as error:
                answer = error.reason
            except BaseException as error:  # noqa: BLE001 — a message must never take the worker down
                answer = short_reason(f"parser crashed: {type(error).__name__}: {error}")
            try:
                connection.send(answer)
            except Exception as error:  # noqa: BLE001 — e.g. a result that does not pickle
                connection.send(short_reason(f"result could not be returned: {type(error).__name__}"))


class _Worker:
    """One parser process and its pipe; replaced whenever a message times out or kills it."""

    def __init__(self, context: Any, parse_function: ParseFunction) -> None:
        self._context = context
        self._parse_function = parse_function
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._parsed = 0

    def _start(self) -> tuple[BaseProcess, Connection]:
        parent_end, child_end = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=_worker_main, args=(child_end, self._parse_function), name="rapport-email-parser", daemon=True
        )
        process.start()
        child_end.close()
        self._process, self._connection = process, parent_end
        self._parsed = 0
        try:
            ready = parent_end.poll(_STARTUP_TIMEOUT) and parent_end.recv() == _READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop(kill=True)
            raise RuntimeError(f"an email parser process did not start within {_STARTUP_TIMEOUT:g} s")
        return process, parent_end

    def stop(self, *, kill: bool) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            if not kill:
                try:
                    connection.send(None)
                except OSError:
                    kill = True
            connection.close()
        if process is not None:
            if kill:
                process.kill()
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=2)

    def run(self, batch: Sequence[bytes], timeout: float) -> list[Outcome]:
        outcomes: list[Outcome] = []
        pending = list(batch)
        if self._parsed >= _MESSAGES_PER_PROCESS:
            self.stop(kill=False)  # a fresh process now and then gives back what big messages took
        while pending:
            process, connection = (self._process, self._connection)
            if process is None or connection is None or not process.is_alive():
                self.stop(kill=True)
                process, connection = self._start()
            try:
                connection.send(pending)
            except OSError:
                self.stop(kill=True)
                continue
            done = 0
            for _ in pending:
                outcome = self._receive(connection, timeout)
                outcomes.append(outcome)
                done += 1
                if isinstance(outcome, ParseError) and outcome.reason.startswith(("timed out", "parser process")):
                    self.stop(kill=True)  # stuck or dead: a fresh process takes the rest
                    break
            pending = pending[done:]
        self._parsed += len(batch)
        return outcomes

    @staticmethod
    def _receive(connection: Connection, timeout: float) -> Outcome:
        try:
            if not connection.poll(timeout):
                return ParseError(f"timed out after {timeout:g} s")
            answer = connection.recv()
        except (EOFError, OSError):
            return ParseError("parser process died on this message")
        if isinstance(answer, ParsedEmail):
            return answer
        return ParseError(answer if isinstance(answer, str) and answer else "parser returned nothing")


class Parser:
    """A pool of `workers` parser processes. Each message gets `timeout` seconds; one that takes
    longer becomes ParseError("timed out after 5 s") and its process is replaced, the others go on.

    Messages travel in batches (one pipe round trip per batch, results streamed back one by one),
    so the per-message cost is the parse itself. Use `parse_many` for throughput. A process that
    cannot even start is the machine's problem, not the messages': that raises RuntimeError."""

    def __init__(
        self,
        *,
        workers: int = 2,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = 32,
        parse_function: ParseFunction | None = None,
        start_method: str = "forkserver",
    ) -> None:
        if workers < 1:
            raise ValueError("a parser needs at least one worker")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.batch_size = batch_size
        context: Any = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # Workers fork from a server that has already imported the parser (and nh3).
            context.set_forkserver_preload([__name__])
        function = parse_function or functools.partial(parse, max_bytes=max_bytes)
        self._workers = [_Worker(context, function) for _ in range(workers)]
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        for worker in self._workers:
            self._idle.put(worker)
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="email-parser")
        self._closed = False

    async def parse(self, raw: bytes) -> ParsedEmail:
        [outcome] = await self.parse_many([raw])
        if isinstance(outcome, ParseError):
            raise outcome
        return outcome

    async def parse_many(self, raws: Sequence[bytes]) -> list[Outcome]:
        """One outcome per message, in order: a ParsedEmail or the ParseError that quarantines it."""
        loop = asyncio.get_running_loop()
        outcomes: list[Outcome | None] = [None] * len(raws)
        batches = self._batches(raws, outcomes)
        results = await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._run, [raws[i] for i in batch]) for batch in batches)
        )
        for batch, result in zip(batches, results, strict=True):
            for index, outcome in zip(batch, result, strict=True):
                outcomes[index] = outcome
        return [outcome for outcome in outcomes if outcome is not None]

    def _batches(self, raws: Sequence[bytes], outcomes: list[Outcome | None]) -> list[list[int]]:
        if self._closed:
            raise RuntimeError("the parser is closed")
        batches: list[list[int]] = []
        current: list[int] = []
        current_bytes = 0
        for index, raw in enumerate(raws):
            if len(raw) > self.max_bytes:
                outcomes[index] = ParseError(f"message exceeds size limit ({len(raw)} > {self.max_bytes} bytes)")
                continue
            if current and (len(current) >= self.batch_size or current_bytes + len(raw) > _BATCH_BYTES):
                batches.append(current)
                current, current_bytes = [], 0
            current.append(index)
            current_bytes += len(raw)
        if current:
            batches.append(current)
        # Spread small calls over all workers rather than queueing them behind one.
        if len(batches) < len(self._workers) and len(raws) > 1:
            indexes = [index for batch in batches for index in batch]
            share = -(-len(indexes) // len(self._workers))
            batches = [indexes[i : i + share] for i in range(0, len(indexes), share)]
        return batches

    def _run(self, batch: list[bytes]) -> list[Outcome]:
        worker = self._idle.get()
        try:
            return worker.run(batch, self.timeout)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._threads.shutdown(wait=True)
        for worker in self._workers:
            worker.stop(kill=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.close)
