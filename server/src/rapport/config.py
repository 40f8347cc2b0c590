"""Every setting Rapport reads, in one place (environment variables with the RAPPORT_ prefix)."""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rapport.kit import netguard

Environment = Literal["development", "test", "production"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAPPORT_", env_file=".env", extra="ignore")

    env: Environment = "development"
    data_dir: Path = Path(".rapport")

    # The app connects as a role that owns no table and cannot bypass row-level security.
    database_url: SecretStr | None = None
    # Migrations run as the owner of the tables; defaults to database_url.
    database_owner_url: SecretStr | None = None
    # System work (the outbox relay, the sweepers, the live sockets' revocation watch: everything that
    # reads across workspaces) connects as a login that is a member of the group role rapport_system and
    # of the app's group role; the app's own login must not be a member (docs/design.md, Tenancy).
    database_system_url: SecretStr | None = None
    # The api's pool of system logins (its system work is light: the revocation watch, gauges); the
    # worker and the SMTP listener, whose work is mostly system work, keep 5.
    database_system_pool_size: int = Field(default=2, ge=1, le=50)
    # The group role the migrations grant table privileges to; the app's login role is a member.
    database_app_role: str = "rapport_app"
    # The app's pool (and, above, the system one): up to twice this many connections per process, kept
    # open once made (no overflow connection closed on return: db.create_engine).
    database_pool_size: int = Field(default=10, ge=1, le=200)
    # Load shedding: an api request that waits this long for a pooled connection answers 503
    # SERVICE_UNAVAILABLE (Retry-After) instead of queueing behind the others (SQLAlchemy's own default
    # is 30 s; the p95 target is 200 ms, so 5 s of waiting is overload, not a burst). The worker waits 30 s.
    database_pool_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # The embedded PostgreSQL logs statements that run longer than this (log_min_duration_statement; -1: none).
    postgres_slow_statement_ms: int = Field(default=500, ge=-1)
    # The embedded PostgreSQL's shared_buffers in MB; unset: a quarter of the machine's memory, 128 MB to
    # 8 GB (embedded.shared_buffers_mb).
    postgres_shared_buffers_mb: int | None = Field(default=None, ge=16, le=1_048_576)
    redis_url: SecretStr | None = None

    api_host: str = "127.0.0.1"
    api_port: int = Field(default=4000, ge=1, le=65535)
    web_port: int = Field(default=3000, ge=1, le=65535)
    # Browser origins whose WebSocket upgrades may sign in with the web app's session cookie; empty means
    # the web app on this machine (http://localhost:<web_port> and http://127.0.0.1:<web_port>).
    web_origins: list[str] = Field(default_factory=list)

    # Signs access tokens (HS256). Previous keys still verify, so keys rotate without sign-outs.
    secret_key: SecretStr | None = None
    previous_secret_keys: list[SecretStr] = Field(default_factory=list)
    access_token_ttl_seconds: int = Field(default=3600, ge=60)
    refresh_token_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=300)
    # The second sign-in step (verifyMfa) must follow the password within this long.
    mfa_challenge_ttl_seconds: int = Field(default=300, ge=30)
    # Encrypts TOTP secrets at rest; derived from the signing secret (HKDF) when unset (not in production).
    mfa_key: SecretStr | None = None
    # Earlier MFA keys: still unseal until `rapport reseal` has sealed everything under the current one.
    previous_mfa_keys: list[SecretStr] = Field(default_factory=list)

    # Sign-in with Google and Microsoft (OpenID Connect, see oauth/): a provider is offered when its client id
    # and secret are set. The issuer is where its discovery document, keys and endpoints are found; it comes
    # from configuration only (never from a request) and must be https in production. Microsoft's default,
    # the `organizations` endpoint, takes work accounts of any tenant; a tenant id limits it to one.
    google_client_id: str | None = None
    google_client_secret: SecretStr | None = None
    google_issuer: str = "https://accounts.google.com"
    microsoft_client_id: str | None = None
    microsoft_client_secret: SecretStr | None = None
    microsoft_issuer: str = "https://login.microsoftonline.com/organizations/v2.0"
    # The web app's address as browsers see it: OAuth redirect URIs (<public_url>/api/v1/auth/<provider>/callback,
    # the web app forwards them to the api) and the pages sign-in lands on. Default http://localhost:<web_port>.
    public_url: str | None = None
    oauth_timeout_seconds: float = Field(default=10.0, gt=0)

    max_query_depth: int = Field(default=12, ge=2)
    # The objects one GraphQL operation may make the server load (see graphql/cost.py), a list without a
    # page argument counting as this many, and the cost a user (or a signed-out address) may spend per
    # minute across api replicas (0: no budget; off by default until the status it gives a GraphQL answer
    # during a database restart is understood, see docs/design.md; 500000 is a sensible value).
    max_query_cost: int = Field(default=50_000, ge=100)
    query_cost_unpaged_list_size: int = Field(default=10, ge=1)
    query_cost_per_minute: int = Field(default=0, ge=0)
    # Rate limits (rapport/ratelimit.py), kept in Valkey so they hold across api replicas. Each is a `limits`
    # string: "10/minute", several joined by ";" ("5/minute;30/hour"); "" turns that limit off.
    # Signing in, up, refreshing, the MFA step and password reset: per client address and per account.
    rate_limit_enabled: bool = True
    rate_limit_auth_per_ip: str = "20/minute;200/hour"
    rate_limit_auth_per_account: str = "10/minute;100/hour"
    # Failed sign-ins: per (account, address) tightly, per account loosely, so an attacker elsewhere cannot
    # lock the owner out: a right password from an address with no failures still signs in.
    rate_limit_sign_in_failures_per_account_ip: str = "5/minute;20/hour"
    rate_limit_sign_in_failures_per_account: str = "50/hour"
    # The inbound email webhook, per client address.
    rate_limit_inbound_per_ip: str = "120/minute"
    # GraphQL and REST, per principal (user or API key; a signed-out caller by address).
    rate_limit_api_per_principal: str = "1200/minute"
    # WebSocket connection attempts to /graphql, per client address (refused before the upgrade: HTTP 429).
    rate_limit_websocket_per_ip: str = "600/minute"
    # Addresses (or networks) of proxies whose X-Forwarded-For is believed: the web app's server.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1/32", "::1/128"])
    # Caps on a list's filter: values in one `in`, and conditions in the whole filter (and/or/not included).
    max_filter_in_values: int = Field(default=500, ge=1)
    max_filter_conditions: int = Field(default=200, ge=1)
    # The worker indexes this many custom field keys per table at most (the ones most workspaces use).
    custom_field_indexes_per_table: int = Field(default=100, ge=0)
    # Every statement of an api transaction is cancelled past this (0: no limit).
    statement_timeout_ms: int = Field(default=15_000, ge=0)
    # Schema introspection (`__schema`, `__type`): on unless production; production turns it on explicitly.
    graphql_introspection: bool | None = None
    # Answer the hot read queries with one SQL statement each (see graphql/compiled/).
    compiled_queries: bool = True
    # Searches one api process answers at once (the compiled `search`); more wait their turn, first come
    # first served, and one that waits longer than database_pool_timeout_seconds is answered 503. Unset:
    # three for each CPU the process may run on within its quota (app.search_slots). Ten at once share the
    # cores ten ways and each takes ten times its own CPU; a few at a time, the slowest wait less and as
    # many are answered each second (bench/README.md, "Searches taken a few at a time").
    search_concurrency: int | None = Field(default=None, ge=1, le=1024)
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    # Prometheus scrapes /metrics with `Authorization: Bearer <token>`; without a token, production does
    # not serve /metrics at all (development and tests serve it to anyone).
    metrics_token: SecretStr | None = None
    # The worker and the AI service serve /metrics on ports of their own (0: none), on metrics_host
    # (0.0.0.0 in a container, where the scraper comes from another pod).
    metrics_host: str = "127.0.0.1"
    worker_metrics_port: int = Field(default=9464, ge=0, le=65535)
    ai_metrics_port: int = Field(default=9465, ge=0, le=65535)
    # Where the api's processes keep their metric values for /metrics to sum (emptied when `rapport api`
    # starts): local to the machine or pod, one per api; default <data_dir>/metrics/api-<api_port>.
    metrics_dir: Path | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"

    # `rapport up` restarts a process that dies; one that fails restart_limit times within
    # restart_window_seconds is given up on. Its state file is where the api reads that state (/readyz).
    restart_limit: int = Field(default=5, ge=1)
    restart_window_seconds: float = Field(default=120.0, gt=0)
    supervisor_state_file: Path | None = None
    # What `rapport up` runs for a process instead of its own command (a JSON object of name -> command
    # line, e.g. {"web": "python -m http.server 3000"}): a stand-in web app, or a process that fails on purpose.
    process_commands: dict[str, str] = Field(default_factory=dict)

    # The AI service (embeddings over gRPC). Unset: `rapport up` starts one on 127.0.0.1:ai_port and the
    # api and worker use it. Set (host:port, grpc://host:port, or grpcs://host:port for TLS): use that one.
    ai_url: str | None = None
    ai_port: int = Field(default=50051, ge=0, le=65535)  # 0: `rapport up` starts no AI service
    # TLS to the AI service (also implied by a grpcs:// URL); ai_tls_ca is a PEM bundle when the service's
    # certificate is not signed by a public CA.
    ai_tls: bool = False
    ai_tls_ca: Path | None = None
    ai_timeout_seconds: float = Field(default=10.0, gt=0)
    # GraphQL subscriptions over WebSocket (realtime/). api_workers: processes serving the api port
    # (`rapport api --workers N` overrides it); none means one, and one a CPU up to four under `rapport up`
    # (cli.default_api_workers).
    api_workers: int | None = Field(default=None, ge=1, le=64)
    realtime_init_timeout_seconds: float = Field(default=10.0, gt=0)
    realtime_max_subscriptions: int = Field(default=100, ge=1)
    # Messages waiting to be written to one socket; past it the socket is closed with 4450.
    realtime_buffer_messages: int = Field(default=1000, ge=1)
    realtime_max_message_bytes: int = Field(default=65_536, ge=1024)
    realtime_ping_seconds: float = Field(default=30.0, gt=0)
    # How often each api process asks which sign-ins and API keys were revoked (their sockets close, 4442).
    realtime_access_check_seconds: float = Field(default=2.0, gt=0)

    # Emergency mode (`rapport emergency on|off|status`, stored in Redis): every process re-reads the switch
    # this often besides taking its announcement at once; refused writes say to retry after retry_after;
    # the query cost limits are these lower ones meanwhile; paused jobs are put back this much later.
    emergency_check_seconds: float = Field(default=5.0, gt=0, le=60)
    emergency_retry_after_seconds: int = Field(default=60, ge=1)
    emergency_max_query_cost: int = Field(default=10_000, ge=100)
    emergency_query_cost_per_minute: int = Field(default=100_000, ge=0)  # 0: the normal budget
    emergency_job_delay_seconds: int = Field(default=60, ge=1)

    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    # Members are reminded of a meeting (MEETING_SOON: its author, the teammates attending) this long before it.
    meeting_reminder_minutes: int = Field(default=10, ge=1, le=24 * 60)
    outbox_retention_days: int = Field(default=7, ge=1)
    activity_partition_months_ahead: int = Field(default=3, ge=3)

    # Email. Attachments are files under files_dir (default <data_dir>/files).
    files_dir: Path | None = None
    # Forward-in addresses are <workspace inbound token>@<inbound_domain>.
    inbound_domain: str = "inbound.localhost"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=2525, ge=0, le=65535)  # 0: no SMTP listener
    max_email_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    # Forwarded-in mail from a member's address counts as theirs (OUTBOUND) only when an
    # Authentication-Results header by one of these authserv-ids (the upstream MTA's, JSON list, e.g.
    # ["mx.acme.com"]) says it passed DMARC, or DKIM/SPF aligned with the From domain. Empty: never.
    trusted_authserv_ids: list[str] = Field(default_factory=list)
    # Encrypts IMAP and SMTP passwords at rest; derived from secret_key when not set (not in production).
    mailbox_key: SecretStr | None = None
    # Earlier mailbox keys: still unseal until `rapport reseal` has sealed everything under the current one.
    previous_mailbox_keys: list[SecretStr] = Field(default_factory=list)
    email_parse_timeout_seconds: float = Field(default=5.0, gt=0)
    email_batch_size: int = Field(default=200, ge=1, le=2000)
    # Ids submitted within this long share one `email.process` job (bigger jobs, less CPU per message).
    email_submit_linger_ms: int = Field(default=100, ge=0, le=5000)
    imap_catch_up_seconds: int = Field(default=300, ge=5)
    # Outgoing mail of Rapport itself (invitations, password resets), set by the operator:
    # smtp://user:pass@host:587?starttls=true or smtps://user:pass@host:465. Unset: invitation links are
    # shown to the admin who invites, and password-reset links are only logged for the operator.
    smtp_url: SecretStr | None = None
    mail_from: str = "Rapport <no-reply@localhost>"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0)
    # Hosts that users name (IMAP servers) must be on the internet: loopback, private, link-local and
    # reserved addresses are refused, except in these networks (JSON list, e.g. ["192.168.10.0/24"] for
    # a mail server on the LAN; tests allow loopback). Cloud metadata addresses are refused regardless.
    outbound_allowed_networks: list[IPv4Network | IPv6Network] = Field(default_factory=list)

    # Files (uploads, imports, exports): the local disk under files_dir, or any S3-compatible store.
    storage_backend: Literal["local", "s3"] = "local"
    s3_endpoint_url: str | None = None
    s3_bucket: str = "rapport"
    s3_region: str = "us-east-1"
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    # S3 downloads redirect to a presigned URL that lives this long.
    s3_presign_seconds: int = Field(default=60, ge=5, le=3600)
    max_file_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    workspace_quota_bytes: int = Field(default=5 * 1024**3, ge=1024)
    # A deleted file's stored object is removed by `file.purge` this long after the delete.
    file_purge_delay_seconds: int = Field(default=24 * 3600, ge=0)
    # CSV imports may be bigger than other uploads.
    max_import_bytes: int = Field(default=200 * 1024 * 1024, ge=1024)
    # A CSV uploaded for an import that was never started is deleted after this long (`importer.sweep`).
    import_upload_ttl_seconds: int = Field(default=24 * 3600, ge=0)
    # A queued or running import that has not moved for this long is failed (`importer.sweep`).
    import_stuck_seconds: int = Field(default=3600, ge=0)

    # Outbound webhooks (Standard Webhooks). Waits between attempts after a failure, each with +-20 %
    # jitter: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over about 28 hours).
    webhook_retry_schedule_seconds: list[float] = Field(
        default_factory=lambda: [5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0], min_length=1
    )
    webhook_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    # The whole attempt (connect, send, answer) gives up after this long.
    webhook_timeout_seconds: float = Field(default=15.0, gt=0)
    # A delivery job leases its endpoint for this long, renewed before each attempt (longer than one
    # attempt: webhook_timeout_seconds). A worker killed mid-delivery holds the endpoint until it runs out;
    # then the next job sends that delivery again (same webhook-id) and the rest after it, in order.
    webhook_lease_seconds: float = Field(default=120.0, gt=0)
    # What is kept of an answer's body for the log; more is not read.
    webhook_response_bytes: int = Field(default=4096, ge=0, le=65536)
    # An endpoint that has failed without a success for this long is disabled (and its admins told).
    webhook_disable_after_seconds: int = Field(default=5 * 24 * 3600, ge=0)
    # After a rotation the old secret still signs (beside the new one) for this long.
    webhook_secret_overlap_seconds: int = Field(default=24 * 3600, ge=0)
    # The delivery log keeps each endpoint's last deliveries, finished ones for this many days at most.
    webhook_log_per_endpoint: int = Field(default=1000, ge=10)
    webhook_log_days: int = Field(default=30, ge=1)

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.env == "production":
            missing = [
                name
                for name, value in (
                    ("RAPPORT_SECRET_KEY", self.secret_key),
                    ("RAPPORT_DATABASE_URL", self.database_url),
                    ("RAPPORT_REDIS_URL", self.redis_url),
                    # Keys of their own, not derived from the signing key (rotated on their own).
                    ("RAPPORT_MAILBOX_KEY", self.mailbox_key),
                    ("RAPPORT_MFA_KEY", self.mfa_key),
                )
                if value is None
            ]
            if missing:
                raise ValueError(f"production needs {', '.join(missing)}")
            if self.storage_backend == "s3" and (self.s3_access_key_id is None or self.s3_secret_access_key is None):
                raise ValueError(
                    "RAPPORT_STORAGE_BACKEND=s3 needs RAPPORT_S3_ACCESS_KEY_ID and RAPPORT_S3_SECRET_ACCESS_KEY"
                )
            if len(self.secret_key.get_secret_value()) < 32:  # type: ignore[union-attr]
                raise ValueError("RAPPORT_SECRET_KEY must be at least 32 characters in production")
            for name, issuer in (("GOOGLE", self.google_issuer), ("MICROSOFT", self.microsoft_issuer)):
                if not issuer.startswith("https://"):
                    raise ValueError(f"RAPPORT_{name}_ISSUER must be an https URL in production")
        return self

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def allowed_web_origins(self) -> frozenset[str]:
        if self.web_origins:
            return frozenset(origin.rstrip("/") for origin in self.web_origins)
        return frozenset({f"http://localhost:{self.web_port}", f"http://127.0.0.1:{self.web_port}"})

    @property
    def web_url(self) -> str:
        """The web app's origin as browsers reach it, without a trailing slash."""
        return (self.public_url or f"http://localhost:{self.web_port}").rstrip("/")

    @property
    def introspection_enabled(self) -> bool:
        return self.graphql_introspection if self.graphql_introspection is not None else self.env != "production"

    @property
    def outbound_policy(self) -> netguard.Policy:
        return netguard.Policy(tuple(self.outbound_allowed_networks))

    @property
    def is_embedded(self) -> bool:
        """True when Rapport starts its own PostgreSQL and Valkey (no URLs given)."""
        return self.database_url is None and self.redis_url is None

    @property
    def metrics_path(self) -> Path:
        return self.metrics_dir or self.data_dir / "metrics" / f"api-{self.api_port}"

    @property
    def files_path(self) -> Path:
        return self.files_dir or self.data_dir / "files"

    def require_database_url(self) -> str:
        if self.database_url is None:
            raise RuntimeError("RAPPORT_DATABASE_URL is not set (run `rapport up` for embedded servers)")
        return self.database_url.get_secret_value()

    def require_owner_url(self) -> str:
        if self.database_owner_url is not None:
            return self.database_owner_url.get_secret_value()
        return self.require_database_url()

    def require_system_url(self) -> str:
        if self.database_system_url is None:
            raise RuntimeError(
                "RAPPORT_DATABASE_SYSTEM_URL is not set: system work (the outbox relay, the sweepers) connects"
                " as a login in the role rapport_system, separate from RAPPORT_DATABASE_URL's"
                " (run `rapport up` for embedded servers)"
            )
        return self.database_system_url.get_secret_value()

    def require_redis_url(self) -> str:
        if self.redis_url is None:
            raise RuntimeError("RAPPORT_REDIS_URL is not set (run `rapport up` for embedded servers)")
        return self.redis_url.get_secret_value()


@lru_cache
def get_settings() -> Settings:
    return Settings()
