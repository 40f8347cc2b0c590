"""A pool of parser processes with a hard per-message timeout, on pebble's ProcessPool.

Python's header parser has inputs that crash it or never finish. A thread cannot be stopped, a
process can: each message gets `timeout` seconds in a worker; one that takes longer is set aside
as ParseError("timed out after 5 s") and its process replaced while the others go on.

Messages travel in batches, one pool task each, so the per-message cost is the parse itself. A
batch gets `timeout` seconds in all; one that overruns it or kills its process (pebble replaces
the process) is parsed again a message per task, each with its own `timeout`, which tells the
message at fault from the ones that only shared its batch.

The workers fork from a forkserver, so a program that uses the pool must guard its main module
with `if __name__ == "__main__":` (console scripts and `python -m` already do)."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Self

from pebble import ProcessExpired, ProcessPool

from rapport.email.parse.charsets import short_reason
from rapport.email.parse.message import parse
from rapport.email.parse.results import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, ParsedEmail, ParseError

ParseFunction = Callable[[bytes], ParsedEmail]
Outcome = ParsedEmail | ParseError
_BATCH_BYTES = 8 * 1024 * 1024
# A fresh process now and then gives back what big messages took.
_MESSAGES_PER_PROCESS = 20_000
_STOP_TIMEOUT = 5.0


def _parse_batch(parse_function: ParseFunction, batch: list[bytes]) -> list[ParsedEmail | str]:
    """In the worker: a ParsedEmail or the reason it is not one, per message, in order."""
    answers: list[ParsedEmail | str] = []
    for raw in batch:
        try:
            answers.append(parse_function(raw))
        except ParseError as error:
            answers.append(error.reason)
        except BaseException as error:  # noqa: BLE001 — a message must never take the worker down
            answers.append(short_reason(f"parser crashed: {type(error).__name__}: {error}"))
    return answers


def _stop(pool: ProcessPool) -> None:
    pool.stop()  # type: ignore[no-untyped-call]
    pool.join(timeout=_STOP_TIMEOUT)


def _outcome(answer: object) -> Outcome:
    if isinstance(answer, ParsedEmail):
        return answer
    return ParseError(answer if isinstance(answer, str) and answer else "parser returned nothing")


class ParserClosed(RuntimeError):
    """The parser was closed (its worker is stopping): no message is at fault."""


class Parser:
    """A pool of `workers` parser processes. Each message gets `timeout` seconds; one that takes
    longer becomes ParseError("timed out after 5 s") and its process is replaced, the others go on.

    Use `parse_many` for throughput: it sends messages in batches of `batch_size`."""

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
        self._workers = workers
        self._context: Any = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            # Workers fork from a server that has already imported the parser (and nh3).
            self._context.set_forkserver_preload([__name__])
        self._function = parse_function or functools.partial(parse, max_bytes=max_bytes)
        self._lock = threading.Lock()
        self._pool = self._new_pool()
        self._closed = False

    def _new_pool(self) -> ProcessPool:
        return ProcessPool(
            max_workers=self._workers,
            max_tasks=max(1, _MESSAGES_PER_PROCESS // self.batch_size),
            context=self._context,
        )

    async def parse(self, raw: bytes) -> ParsedEmail:
        [outcome] = await self.parse_many([raw])
        if isinstance(outcome, ParseError):
            raise outcome
        return outcome

    async def parse_many(self, raws: Sequence[bytes]) -> list[Outcome]:
        """One outcome per message, in order: a ParsedEmail or the ParseError that quarantines it."""
        outcomes: list[Outcome | None] = [None] * len(raws)
        batches = self._batches(raws, outcomes)
        results = await asyncio.gather(*(self._run_batch([raws[i] for i in batch]) for batch in batches))
        for batch, result in zip(batches, results, strict=True):
            for index, outcome in zip(batch, result, strict=True):
                outcomes[index] = outcome
        return [outcome for outcome in outcomes if outcome is not None]

    async def _run_batch(self, batch: list[bytes]) -> list[Outcome]:
        if len(batch) > 1:
            try:
                answers = await self._submit(batch)
            except BrokenProcessPool:
                pass  # an idle worker died and pebble gave up on the pool: one message at a time, on a new one
            except RuntimeError:
                raise  # the parser is closed
            except Exception:  # noqa: BLE001, S110 — timed out, lost its process, or a result did not pickle
                pass
            else:
                if len(answers) == len(batch):
                    return [_outcome(answer) for answer in answers]
        # One task per message tells the message at fault from those that only shared its batch.
        return list(await asyncio.gather(*(self._run_one(raw) for raw in batch)))

    async def _run_one(self, raw: bytes, *, retry: bool = True) -> Outcome:
        try:
            [answer] = await self._submit([raw])
        except TimeoutError:
            return ParseError(f"timed out after {self.timeout:g} s")
        except ProcessExpired:
            return ParseError("parser process died on this message")
        except BrokenProcessPool:
            if not retry:
                raise  # twice in a row: the machine's problem, not the message's
            return await self._run_one(raw, retry=False)
        except RuntimeError:
            raise
        except Exception as error:  # noqa: BLE001 — e.g. a result that does not pickle
            return ParseError(short_reason(f"result could not be returned: {type(error).__name__}"))
        return _outcome(answer)

    async def _submit(self, batch: list[bytes]) -> list[ParsedEmail | str]:
        with self._lock:
            if self._closed:
                raise ParserClosed("the parser is closed")
            if not self._pool.active:  # pebble gives up on a pool when a worker dies with no task
                _stop(self._pool)
                self._pool = self._new_pool()
            future = self._pool.schedule(_parse_batch, args=(self._function, batch), timeout=self.timeout)
        answers: list[ParsedEmail | str] = await asyncio.wrap_future(future)
        return answers

    def _batches(self, raws: Sequence[bytes], outcomes: list[Outcome | None]) -> list[list[int]]:
        if self._closed:
            raise ParserClosed("the parser is closed")
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
        if len(batches) < self._workers and len(raws) > 1:
            indexes = [index for batch in batches for index in batch]
            share = -(-len(indexes) // self._workers)
            batches = [indexes[i : i + share] for i in range(0, len(indexes), share)]
        return batches

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._pool.close()  # type: ignore[no-untyped-call]
        self._pool.join(timeout=_STOP_TIMEOUT)
        if self._pool.active:
            _stop(self._pool)

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
