"""Settings, read once from the environment (and an optional `.env` file)."""

import ipaddress
from datetime import timedelta
from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob newsdesk has. Each field is documented in the README's configuration table."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSDESK_", env_file=".env", extra="ignore", frozen=True
    )

    environment: Literal["development", "production"] = Field(
        default="development",
        description="`production` refuses unsafe settings (such as a short admin token).",
    )
    database_url: str = Field(
        default="sqlite:///newsdesk.db",
        # The unprefixed name is what every hosting platform and tool sets.
        validation_alias=AliasChoices("DATABASE_URL", "NEWSDESK_DATABASE_URL"),
        description="SQLAlchemy URL. `postgresql://…` URLs are served through psycopg 3.",
    )
    database_replica_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_REPLICA_URL", "NEWSDESK_DATABASE_REPLICA_URL"),
        description="A read replica for public reads (GET). Writes, and everything under "
        "/admin, use `DATABASE_URL`.",
    )
    admin_token: SecretStr | None = Field(
        default=None,
        description="Bearer token for `/admin`. Unset means the admin routes are closed.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5000, ge=0, description="How long a SQLite writer waits for the lock."
    )
    sqlite_cache_mb: int = Field(
        default=8,
        ge=1,
        description="SQLite page cache per connection, in MiB. Private to each connection, "
        "so small: memory-mapped pages (below) serve the hot data once for all.",
    )
    sqlite_pool_size: int = Field(
        default=4,
        ge=1,
        description="SQLite connections per worker. Each has its own page cache, and with "
        "Python's GIL a few keep a worker busy; requests beyond them wait their turn.",
    )
    sqlite_mmap_mb: int = Field(
        default=1024,
        ge=0,
        description="SQLite memory-mapped I/O, in MiB (0: off). Pages are shared with the OS "
        "cache, not copied per connection.",
    )
    response_cache_mb: int = Field(
        default=32,
        ge=0,
        description="Per worker: answers to public reads kept ready to send, in MiB (0: off). "
        "They are filed under the content's version, so any change retires them at once.",
    )
    db_pool_size: int = Field(default=10, ge=1, description="PostgreSQL pool size per worker.")
    threads: int | None = Field(
        default=None,
        ge=1,
        description="Threads per worker for blocking work: routes that read or write the "
        "database. Default: the connection pool's size (`sqlite_pool_size` or "
        "`db_pool_size`), since a thread beyond it would only wait for a connection.",
    )
    db_echo: bool = Field(default=False, description="Log every SQL statement (debugging).")
    search_rank_window: int = Field(
        default=1000,
        ge=0,
        description="Search ranks at most this many of the most recently stored matches of "
        "each kind (0: all), so a query matching half the archive costs no more than one "
        "matching a thousand articles.",
    )
    search_count_limit: int = Field(
        default=1000,
        ge=0,
        description="Search counts matches of each kind up to this many (0: all); beyond, "
        "`meta.total_capped` is true. Exact counts of a word in every article cost a scan.",
    )
    comments_flood_seconds: int = Field(
        default=15,
        ge=0,
        description="Least time between two comments from one IP address or one email (0: off).",
    )
    comments_auto_approve: bool = Field(
        default=False,
        description="Publish first-time commenters at once instead of holding them.",
    )
    comments_max_links: int = Field(
        default=2, ge=0, description="A comment with this many links or more is held (0: off)."
    )
    comments_moderation_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated words; a comment containing one in any field is held.",
    )
    comments_disallowed_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated words; a comment containing one in any field is spam.",
    )
    comments_honeypot_field: str = Field(
        default="nickname",
        description="A form field people never see: a comment that fills it is spam.",
    )
    comments_max_depth: int = Field(default=5, ge=1, description="Deepest reply nesting.")
    comments_max_request_bytes: int = Field(
        default=128 * 1024, ge=1024, description="Largest comment request body (413 above)."
    )
    ingest_max_request_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest `POST /admin/articles` body (413 above).",
    )
    cache_max_age: int = Field(
        default=60, ge=0, description="`Cache-Control: max-age` on public reads, in seconds."
    )
    cache_stale_while_revalidate: int = Field(
        default=300,
        ge=0,
        description="`stale-while-revalidate` on public reads: how long a cache may serve a "
        "stale copy while it fetches a fresh one, in seconds.",
    )
    gzip_min_bytes: int = Field(
        default=1024, ge=0, description="Responses at least this large are gzipped if asked."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["*"],
        description="Comma-separated origins whose pages may read the public API (`*`: any).",
    )
    cors_comment_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins whose pages may post comments (none by default: "
        "a plain HTML form needs no CORS).",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated proxy addresses or networks whose X-Forwarded-For is "
        "believed; the client address is otherwise the socket's.",
    )
    idempotency_hours: int = Field(
        default=24, ge=1, description="How long an Idempotency-Key's first answer is replayed."
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="Access log lines: `text`, or `json` for log shippers."
    )
    access_log: bool = Field(default=True, description="Log one line per request.")
    host: str = Field(default="127.0.0.1", description="`newsdesk serve` bind address.")
    port: int = Field(default=8000, ge=1, le=65535, description="`newsdesk serve` port.")
    workers: int = Field(default=1, ge=1, description="`newsdesk serve` worker processes.")
    seed_dir: str = Field(default="seed_data", description="Where `newsdesk seed` reads from.")

    @field_validator(
        "comments_moderation_keys",
        "comments_disallowed_keys",
        "trusted_proxies",
        "cors_origins",
        "cors_comment_origins",
        mode="before",
    )
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            ipaddress.ip_network(item, strict=False)  # ValueError names the bad entry
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if self.environment != "production":
            return self
        token = self.admin_token.get_secret_value() if self.admin_token else None
        if token is not None and len(token) < 32:
            raise ValueError("NEWSDESK_ADMIN_TOKEN must be at least 32 characters in production")
        return self

    @property
    def idempotency_ttl(self) -> timedelta:
        return timedelta(hours=self.idempotency_hours)

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL with the driver made explicit: we ship psycopg 3, not psycopg2."""
        return with_driver(self.database_url)

    @property
    def replica_sqlalchemy_url(self) -> str | None:
        return with_driver(self.database_replica_url) if self.database_replica_url else None

    @property
    def thread_count(self) -> int:
        """`threads`, or the size of the connection pool the routes draw from."""
        if self.threads is not None:
            return self.threads
        sqlite = self.sqlalchemy_url.startswith("sqlite")
        return self.sqlite_pool_size if sqlite else self.db_pool_size


def with_driver(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
