"""`rapport up` runs everything on one machine; `migrate`, `api`, `worker` and `smtp` are the production
entry points."""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import shutil
import signal
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rapport.config import Settings, get_settings
from rapport.embedded import EmbeddedPostgres, EmbeddedServerError, EmbeddedValkey, port_is_free
from rapport.supervisor import ChildProcess, Supervisor


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="rapport", description="Rapport, the open-source CRM.")
    commands = parser.add_subparsers(dest="command", required=True)
    up_command = commands.add_parser(
        "up", help="start everything, on embedded PostgreSQL and Valkey unless URLs are set"
    )
    up_command.add_argument("--no-web", action="store_true", help="do not build and serve the web app")
    up_command.add_argument(
        "--demo", action="store_true", help="create the demo account and its workspace first (once)"
    )
    commands.add_parser("build-web", help="install and build the web app when its sources changed")
    migrate = commands.add_parser("migrate", help="apply database migrations (as the owner role)")
    migrate.add_argument("revision", nargs="?", default="head")
    migrate.add_argument("--downgrade", action="store_true", help="go down to REVISION instead")
    api_command = commands.add_parser("api", help="run the api (GraphQL, REST, health, metrics, subscriptions)")
    api_command.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes sharing the port (default RAPPORT_API_WORKERS, else 1); subscriptions fan out through Redis",
    )
    commands.add_parser("worker", help="run the background worker and the outbox relay")
    commands.add_parser("ai", help="run the AI service alone (gRPC embeddings on RAPPORT_AI_PORT, 50051 by default)")
    commands.add_parser("smtp", help="run the forward-in SMTP listener (RAPPORT_SMTP_PORT, 2525 by default)")
    emergency_command = commands.add_parser(
        "emergency", help="emergency mode: a read-only api and paused non-critical jobs, in every process"
    )
    emergency_command.add_argument("switch", choices=("on", "off", "status"))
    emergency_command.add_argument("--message", help="what the web app's banner and refused writes say (on)")
    backup_command = commands.add_parser(
        "backup", help="write the database and the files to one archive (with a manifest and checksums)"
    )
    backup_command.add_argument("archive", type=Path, help="the archive to write (.tar)")
    backup_command.add_argument(
        "--database-url",
        help="the database to dump, as a role that bypasses row-level security "
        "(default: the embedded server's superuser, else RAPPORT_DATABASE_OWNER_URL)",
    )
    restore_command = commands.add_parser(
        "restore", help="restore an archive of `rapport backup` into a fresh data directory (or empty database)"
    )
    restore_command.add_argument("archive", type=Path)
    restore_command.add_argument(
        "--database-url", help="an empty external database to restore into (default: a new embedded one)"
    )
    seed = commands.add_parser("seed", help="fill the database with data to try Rapport with")
    seed.add_argument(
        "--demo", action="store_true", required=True, help="a demo account with a workspace of realistic records"
    )
    audit_command = commands.add_parser("audit", help="the audit log")
    audit_command.add_argument(
        "action", choices=("verify",), help="verify: check every hash chain (exit 1 and name the first bad row)"
    )
    reindex_command = commands.add_parser(
        "reindex",
        help="queue what has no current vector (after a model change) for the worker to embed, and follow it",
    )
    reindex_command.add_argument(
        "--all",
        action="store_true",
        help="every record and email (after a change of the text embedded; unchanged texts are skipped)",
    )
    reindex_command.add_argument("--no-wait", action="store_true", help="queue and return without following")
    commands.add_parser(
        "reseal",
        help="seal every stored secret (mailbox passwords, TOTP secrets, webhook secrets) under the current keys",
    )
    export = commands.add_parser("export-schema", help="print the GraphQL SDL (or check it against a file)")
    export.add_argument("--check", metavar="FILE", help="exit 1 when FILE differs from the code's schema")
    openapi = commands.add_parser("export-openapi", help="print the REST API's OpenAPI document (or check a file)")
    openapi.add_argument("--format", choices=("json", "yaml"), default="json")
    openapi.add_argument("--check", metavar="FILE", help="exit 1 when FILE differs from the code's document")
    args = parser.parse_args(argv)

    try:
        settings = get_settings()
    except ValueError as error:
        sys.exit(f"rapport: configuration refused: {error}")
    if args.command == "up":
        sys.exit(up(settings, web=not args.no_web, demo=args.demo))
    if args.command == "emergency":
        sys.exit(emergency_switch(settings, args.switch, args.message))
    if args.command in ("backup", "restore"):
        from rapport import backup

        try:
            if args.command == "backup":
                print(backup.create(settings, args.archive, database_url=args.database_url).describe())
            else:
                print(backup.restore(settings, args.archive, database_url=args.database_url).describe())
        except backup.BackupError as error:
            sys.exit(f"rapport: {error}")
        sys.exit(0)
    if args.command == "audit":
        from rapport.audit import verify

        sys.exit(verify.run(settings))
    if args.command == "reseal":
        sys.exit(asyncio.run(reseal(settings)))
    if args.command == "reindex":
        sys.exit(reindex(settings, every=args.all, follow=not args.no_wait))
    if args.command == "seed":
        from rapport.seed import demo

        sys.exit(demo.run(settings))
    if args.command == "build-web":
        from rapport import web

        sys.exit(web.build_only())
    if args.command == "migrate":
        from rapport import migrate as migrations

        if args.downgrade:
            migrations.downgrade(settings.require_owner_url(), args.revision)
        else:
            migrations.upgrade(settings.require_owner_url(), args.revision)
    elif args.command == "api":
        run_api(settings, workers=args.workers)
    elif args.command == "worker":
        from rapport.observability import configure_logging
        from rapport.worker.main import run_worker

        configure_logging(settings.log_level, settings.log_format)
        asyncio.run(run_worker(settings))
    elif args.command == "smtp":
        run_smtp(settings)
    elif args.command == "ai":
        run_ai(settings)
    elif args.command == "export-schema":
        sys.exit(export_schema(settings, args.check))
    elif args.command == "export-openapi":
        sys.exit(export_openapi(settings, args.format, args.check))


def redis_url_of(settings: Settings) -> str:
    """RAPPORT_REDIS_URL, else the embedded Valkey of the data directory (a running `rapport up`)."""
    if settings.redis_url is not None:
        return settings.redis_url.get_secret_value()
    socket = EmbeddedValkey(settings.data_dir).socket
    if not socket.exists():
        sys.exit(f"rapport: no RAPPORT_REDIS_URL and no embedded Valkey at {socket} (is `rapport up` running?)")
    return f"unix://{socket}"


def emergency_switch(settings: Settings, switch: str, message: str | None) -> int:
    from redis.asyncio import Redis

    from rapport.system import emergency

    async def run() -> tuple[emergency.EmergencyState, int]:
        redis = Redis.from_url(redis_url_of(settings), socket_connect_timeout=5)
        try:
            if switch == "on":
                state = await emergency.switch_on(redis, message=message)
            elif switch == "off":
                state = await emergency.switch_off(redis)
            else:
                state = await emergency.read(redis)
            # Each api and worker process subscribes once: how many follow the switch right now.
            channel = emergency.channel_of(redis)
            followers = {
                (name.decode() if isinstance(name, bytes) else str(name)): int(count)
                for name, count in await redis.pubsub_numsub(channel)
            }
            return state, followers.get(channel, 0)
        finally:
            await redis.aclose()

    state, followers = asyncio.run(run())
    if state.active:
        since = state.since.isoformat(timespec="seconds") if state.since else "unknown"
        print(f"emergency mode: ON since {since} — {state.message}")
    else:
        print("emergency mode: OFF")
    print(f"processes following the switch: {followers} (they apply it within {settings.emergency_check_seconds:g} s)")
    return 0


def prepare_metrics_dir(directory: Path) -> None:
    """Empties `directory` and points prometheus_client at it (PROMETHEUS_MULTIPROC_DIR) for the api's
    processes, so that /metrics sums their values (observability.py). Runs before anything in this
    process imports prometheus_client, which reads the variable once, at import."""
    assert "prometheus_client" not in sys.modules, "prometheus_client was imported before its directory was set"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory.resolve())


async def reseal(settings: Settings) -> int:
    """`rapport reseal`, after a key rotation (the old key in RAPPORT_PREVIOUS_*_KEYS): every sealed secret
    under the current keys, in one transaction as the tables' owner. Exit 1 when some could not be read
    with any key in use (they are left as they were; the operator is told how many)."""
    from rapport.auth import service as auth_service
    from rapport.db import Database, create_engine
    from rapport.mailbox import service as mailbox_service
    from rapport.webhook import service as webhook_service

    db = Database(create_engine(settings.require_owner_url(), pool_size=1, application_name="rapport-reseal"))
    try:
        async with db.sessionmaker() as session, session.begin():
            counts = {
                "mailbox passwords": await mailbox_service.reseal_passwords(session, settings),
                "two-factor secrets": await auth_service.reseal_mfa_secrets(session, settings),
                "webhook secrets": await webhook_service.reseal_secrets(session, settings),
            }
    finally:
        await db.dispose()
    for kind, (resealed, unreadable) in counts.items():
        print(
            f"{kind}: {resealed} sealed again"
            + (f", {unreadable} UNREADABLE with the keys in use" if unreadable else "")
        )
    return 1 if any(unreadable for _, unreadable in counts.values()) else 0


def reindex(settings: Settings, *, every: bool, follow: bool) -> int:
    """`rapport reindex`: queues what `embedding.backfill` queues (or every record and email), and an
    indexing job, then prints the queue's progress every few seconds until it is empty. The worker does
    the embedding: this needs a running one (`rapport up`, or `rapport worker` beside it) and its AI
    service. Ctrl-C stops following; the queue goes on."""
    from pydantic import SecretStr

    settings = settings.model_copy(update={"redis_url": SecretStr(redis_url_of(settings))})
    try:
        if settings.database_url is not None:
            return asyncio.run(_reindex(settings, every=every, follow=follow))
        from rapport.embedded import borrowed_postgres

        with borrowed_postgres(EmbeddedPostgres(settings.data_dir)) as urls:
            embedded = settings.model_copy(
                update={
                    "database_url": SecretStr(urls.database_url),
                    "database_system_url": SecretStr(urls.database_system_url),
                }
            )
            return asyncio.run(_reindex(embedded, every=every, follow=follow))
    except EmbeddedServerError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reindex: stopped following; the worker goes on with the queue", file=sys.stderr)
        return 130


REINDEX_REPORT_SECONDS = 5.0
# Without progress this long, the command says what the worker needs.
REINDEX_STALL_SECONDS = 60.0


async def _reindex(settings: Settings, *, every: bool, follow: bool) -> int:
    from redis.asyncio import Redis

    from rapport.db import open_database
    from rapport.embedding import jobs
    from rapport.embedding import service as embedding_service
    from rapport.worker.registry import JobContext

    db = open_database(
        settings.require_database_url(),
        settings.require_system_url(),
        pool_size=1,
        system_pool_size=1,
        application_name="rapport-reindex",
    )
    redis = Redis.from_url(settings.require_redis_url(), socket_connect_timeout=5)
    try:
        queued = await jobs.queue_backfill(JobContext(settings=settings, db=db, redis=redis), every=every)
        async with db.transaction(system=True) as session:
            backlog = await embedding_service.backlog(session, None)
        print(f"reindex: {queued} queued; {backlog.pending} waiting to be embedded in all", flush=True)
        if not follow:
            return 0
        started, last = time.monotonic(), backlog.pending
        progressed = started
        while backlog.pending:
            await asyncio.sleep(REINDEX_REPORT_SECONDS)
            async with db.transaction(system=True) as session:
                backlog = await embedding_service.backlog(session, None)
            now = time.monotonic()
            if backlog.pending != last:
                last, progressed = backlog.pending, now
            stalled = now - progressed >= REINDEX_STALL_SECONDS
            hint = " (no progress for a minute: is a worker running, and its AI service answering?)"
            print(
                f"reindex: {backlog.pending} waiting, the oldest for {backlog.lag_seconds:.0f} s"
                + (hint if stalled else ""),
                flush=True,
            )
        print(f"reindex: done in {time.monotonic() - started:.0f} s", flush=True)
        return 0
    finally:
        await redis.aclose()
        await db.dispose()


def run_api(settings: Settings, *, workers: int | None = None) -> None:
    """The api: one uvicorn process, or with several workers a parent that listens and hands each
    connection to the next of them (balancer.py); as such a worker, uvicorn on what the parent hands."""
    from rapport import balancer

    channel = balancer.channel_of_worker()
    if channel is not None:
        import uvicorn

        balancer.serve_handed(uvicorn.Config(**_server_options(settings)), channel)
        return
    workers = workers or settings.api_workers or 1
    if workers < 1:
        sys.exit("rapport: --workers must be at least 1")
    if not port_is_free(settings.api_host, settings.api_port):
        sys.exit(f"rapport: port {settings.api_port} on {settings.api_host} is taken; set RAPPORT_API_PORT")
    prepare_metrics_dir(settings.metrics_path)
    if workers > 1:
        # Each worker is `rapport api` again, told how many share the load (app.search_slots).
        env = {**os.environ, "RAPPORT_API_WORKERS": str(workers)}
        command = [sys.executable, "-m", "rapport", "api"]
        sys.exit(balancer.balance(settings.api_host, settings.api_port, workers, command, env))
    import uvicorn

    uvicorn.run(**_server_options(settings), host=settings.api_host, port=settings.api_port)


def _server_options(settings: Settings) -> dict[str, Any]:
    """Uvicorn's settings for the api, in one process or in each worker."""
    return {
        "app": "rapport.app:create_app",
        "factory": True,
        "log_config": None,
        "access_log": False,
        "proxy_headers": True,
        "ws_max_size": settings.realtime_max_message_bytes,
        # The sans-I/O WebSocket protocol: no tasks of its own per socket (the legacy one keeps three, and
        # its own pings: realtime/ already pings every socket from one loop per process, 4451).
        "ws": "websockets-sansio",
        "ws_ping_interval": None,
        # Longer than the idle time of the web app's (and load balancers') pooled connections: when
        # the api closes an idle connection first, a request already sent on it fails with ECONNRESET.
        "timeout_keep_alive": 75,
    }


def export_schema(settings: Settings, check: str | None) -> int:
    from rapport.graphql.schema import build_schema, export_sdl

    return _write_or_check(export_sdl(build_schema(settings)), check, remake="make schema")


def openapi_document(settings: Settings, output_format: str) -> str:
    """The REST API (everything under /api/v1/) as OpenAPI, in a stable order, as committed."""
    import json

    import yaml

    from rapport.app import create_app

    document = create_app(settings).openapi()
    if output_format == "yaml":
        return str(yaml.safe_dump(document, sort_keys=True, allow_unicode=True))
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_openapi(settings: Settings, output_format: str, check: str | None) -> int:
    return _write_or_check(openapi_document(settings, output_format), check, remake="make openapi")


def _write_or_check(text: str, check: str | None, *, remake: str) -> int:
    """A generated file: `text` to stdout, or with `check` whether that file holds it already (1 when
    it is out of date, saying how to `remake` it)."""
    if check is None:
        sys.stdout.write(text)
        return 0
    with open(check) as handle:
        if handle.read() == text:
            return 0
    print(f"rapport: {check} is out of date; run `{remake}`", file=sys.stderr)
    return 1


def run_smtp(settings: Settings) -> None:
    from rapport.email.smtp import run_smtp as serve
    from rapport.observability import configure_logging
    from rapport.tracing import configure_tracing

    if settings.smtp_port == 0:
        sys.exit("rapport: the SMTP listener is off (RAPPORT_SMTP_PORT=0)")
    if not port_is_free(settings.smtp_host, settings.smtp_port):
        sys.exit(f"rapport: port {settings.smtp_port} on {settings.smtp_host} is taken; set RAPPORT_SMTP_PORT")
    configure_logging(settings.log_level, settings.log_format)
    configure_tracing("smtp")
    asyncio.run(serve(settings))


def run_ai(settings: Settings) -> None:
    from rapport_ai.__main__ import main as ai_main

    if not port_is_free("127.0.0.1", settings.ai_port):
        sys.exit(f"rapport: port {settings.ai_port} is taken (another AI service?); set RAPPORT_AI_PORT")
    # rapport_ai reads the rest of its settings (RAPPORT_AI_*, RAPPORT_METRICS_TOKEN) from the environment.
    ai_main(
        [
            "--port",
            str(settings.ai_port),
            "--metrics-port",
            str(settings.ai_metrics_port),
        ]
    )


def up(settings: Settings, *, web: bool = True, demo: bool = False) -> int:
    """Starts embedded servers as needed, migrates, then supervises the api, the worker, the SMTP
    listener and the web app: what dies is restarted (see supervisor.py), Ctrl-C stops everything."""
    from rapport import web as web_app

    web_command = settings.process_commands.get("web")
    for port, variable in ((settings.api_port, "RAPPORT_API_PORT"), (settings.web_port, "RAPPORT_WEB_PORT")):
        if (web or variable == "RAPPORT_API_PORT") and not port_is_free(settings.api_host, port):
            print(
                f"rapport: port {port} on {settings.api_host} is taken (another `rapport up`?); "
                f"stop it or set {variable}",
                file=sys.stderr,
            )
            return 1
    try:
        webapp = web_app.find_web_app() if web and web_command is None else None
    except web_app.WebError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 1
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    state_file = (settings.data_dir / "supervisor.json").resolve()
    env = {**os.environ, "RAPPORT_SUPERVISOR_STATE_FILE": str(state_file)}
    postgres = (
        EmbeddedPostgres(
            settings.data_dir,
            slow_statement_ms=settings.postgres_slow_statement_ms,
            shared_buffers_mb=settings.postgres_shared_buffers_mb,
        )
        if settings.database_url is None
        else None
    )
    valkey = EmbeddedValkey(settings.data_dir) if settings.redis_url is None else None
    supervisor = Supervisor(state_file=state_file, limit=settings.restart_limit, window=settings.restart_window_seconds)
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        supervisor.stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    started = time.monotonic()
    try:
        if postgres is not None:
            urls = postgres.start()
            env["RAPPORT_DATABASE_URL"] = urls.database_url
            env["RAPPORT_DATABASE_OWNER_URL"] = urls.database_owner_url
            env["RAPPORT_DATABASE_SYSTEM_URL"] = urls.database_system_url
            supervisor.adopt(EmbeddedService("postgres", postgres))
            print(f"rapport: embedded PostgreSQL with pgvector in {postgres.pgdata}", flush=True)
        if valkey is not None:
            env["RAPPORT_REDIS_URL"] = valkey.start()
            supervisor.adopt(EmbeddedService("valkey", valkey))
            print(f"rapport: embedded Valkey in {valkey.dir}", flush=True)
        owner_url = env.get("RAPPORT_DATABASE_OWNER_URL") or env["RAPPORT_DATABASE_URL"]
        from rapport import migrate as migrations

        migrations.upgrade(owner_url)
        if demo:
            from rapport.seed import demo as demo_seed

            print(demo_seed.seed_into(env["RAPPORT_DATABASE_URL"], settings).describe(), flush=True)
        for variable, port in (
            ("RAPPORT_WORKER_METRICS_PORT", settings.worker_metrics_port),
            ("RAPPORT_AI_METRICS_PORT", settings.ai_metrics_port),
        ):
            if port and not port_is_free(settings.metrics_host, port):
                print(
                    f"rapport: metrics port {port} is taken; {variable} is off (set it to a free port)", file=sys.stderr
                )
                env[variable] = "0"
        if _ai_wanted(settings):
            # Started first: it loads its model while the api and worker start (they retry meanwhile).
            env["RAPPORT_AI_URL"] = f"127.0.0.1:{settings.ai_port}"
            supervisor.launch(ChildProcess("ai", _command(settings, "ai"), env=env))
        for name in ("api", "worker", *(("smtp",) if _smtp_wanted(settings) else ())):
            supervisor.launch(ChildProcess(name, _command(settings, name), env=env))
        base = f"http://{settings.api_host}:{settings.api_port}"
        web_base = f"http://localhost:{settings.web_port}"
        if web_command is not None:
            supervisor.launch(ChildProcess("web", shlex.split(web_command), env=env))
        elif webapp is not None:
            # The api and worker start meanwhile; the build is skipped when nothing changed.
            web_app.prepare(webapp, env, should_stop=lambda: stopping)
            command, web_env = web_app.launch(
                webapp, env, host=settings.api_host, port=settings.web_port, api_url=f"{base}/graphql"
            )
            supervisor.launch(ChildProcess("web", command, env=web_env, cwd=webapp.directory))
        serves_web = web and (webapp is not None or web_command is not None)
        announced = False
        while not stopping:
            supervisor.tick()
            if not announced and _ready(base) and (not serves_web or _web_ready(settings.api_host, settings.web_port)):
                announced = True
                where = f"open {web_base} — " if serves_web else ""
                print(
                    f"rapport: up in {time.monotonic() - started:.1f}s — {where}GraphQL at {base}/graphql, "
                    "Ctrl-C to stop",
                    flush=True,
                )
                if demo:
                    from rapport.seed import demo as demo_seed

                    print(f"rapport: demo sign-in: {demo_seed.DEMO_EMAIL} / {demo_seed.DEMO_PASSWORD}", flush=True)
            time.sleep(0.2)
        return 0
    except (EmbeddedServerError, web_app.WebError) as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 1
    finally:
        supervisor.stop_all()
        # Started but not yet supervised when startup failed: stop them all the same.
        if valkey is not None and "valkey" not in supervisor.entries:
            valkey.stop()
        if postgres is not None and "postgres" not in supervisor.entries:
            postgres.stop()
        print(f"rapport: stopped (restarts: {supervisor.restarts() or 'none'})", flush=True)


class EmbeddedService:
    """An embedded server as the supervisor sees it: restarted when it dies, stopped last."""

    def __init__(self, name: str, server: EmbeddedPostgres | EmbeddedValkey) -> None:
        self.name = name
        self.server = server

    def start(self) -> None:
        self.server.restart()

    def exit_status(self) -> str | None:
        return self.server.exit_status()

    @property
    def pid(self) -> int | None:
        return self.server.pid

    def terminate(self) -> None:
        """Stopped in `wait`, once the processes that use it have stopped."""

    def wait(self, timeout: float) -> None:
        self.server.stop()


def _command(settings: Settings, name: str) -> list[str]:
    override = settings.process_commands.get(name)
    if override is not None:
        return shlex.split(override)
    if name == "api":
        return [sys.executable, "-m", "rapport", "api", "--workers", str(default_api_workers(settings))]
    return [sys.executable, "-m", "rapport", name]


def default_api_workers(settings: Settings) -> int:
    """RAPPORT_API_WORKERS, else one for each CPU this process may use, up to MAX_DEFAULT_API_WORKERS.
    One process is one event loop: on 2 cores, two processes each handed half the connections (balancer.py)
    answered ~17 % more searches a second at c = 16 than one, with a p95 ~8 % lower (bench/README.md,
    "Connections handed out in turn"). Each costs ~220 MB."""
    from rapport_ai.cpus import usable_cpus

    return settings.api_workers or min(usable_cpus(), MAX_DEFAULT_API_WORKERS)


MAX_DEFAULT_API_WORKERS = 4


def _web_ready(host: str, port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/sign-in", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _smtp_wanted(settings: Settings) -> bool:
    """Forward-in mail is optional: a taken port turns it off with a word instead of stopping everything."""
    if settings.smtp_port == 0:
        return False
    return _port_free_or_say(
        settings.smtp_host,
        settings.smtp_port,
        f"SMTP port {settings.smtp_port} is taken; forward-in mail is off (set RAPPORT_SMTP_PORT)",
    )


def _ai_wanted(settings: Settings) -> bool:
    """The embedded AI service, unless RAPPORT_AI_URL points at another one or RAPPORT_AI_PORT is 0."""
    if settings.ai_url is not None or settings.ai_port == 0:
        return False
    return _port_free_or_say(
        "127.0.0.1",
        settings.ai_port,
        f"AI port {settings.ai_port} is taken; using the AI service there (set RAPPORT_AI_PORT to start one)",
    )


def _port_free_or_say(host: str, port: int, taken: str) -> bool:
    """Whether the port is free; when it is not, says `taken` on stderr (an optional server stays off)."""
    if port_is_free(host, port):
        return True
    print(f"rapport: {taken}", file=sys.stderr)
    return False


def _ready(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/readyz", timeout=1) as response:  # noqa: S310 - loopback only
            return bool(response.status == 200)
    except OSError:
        return False
