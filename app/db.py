"""Engine and sessions: the one place that knows which database engine is behind the app."""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import anyio.to_thread
from anyio.lowlevel import RunVar
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from app.config import Settings


def build_engine(settings: Settings, url: str | None = None) -> Engine:
    """An engine tuned for its dialect: SQLite pragmas, or a pre-pinged PostgreSQL pool.
    `url` overrides the settings' database (the read replica's engine)."""
    url = make_url(url or settings.sqlalchemy_url)
    if url.get_backend_name() == "sqlite":
        in_memory = url.database in (None, "", ":memory:") or "mode=memory" in str(url)
        engine = create_engine(
            url,
            echo=settings.db_echo,
            hide_parameters=True,  # errors are logged; parameters can be emails and IPs
            # FastAPI runs sync routes in a thread pool, so a pooled connection is used by
            # whichever thread draws it next (one at a time): sqlite3 must allow that.
            connect_args={"check_same_thread": False},
            # A fixed set: each connection holds its own page cache and mapping. (An
            # in-memory database lives in one connection per thread, pooled its own way.)
            **({} if in_memory else {"pool_size": settings.sqlite_pool_size, "max_overflow": 0}),
        )
        _set_sqlite_pragmas(engine, settings)
        return engine
    return create_engine(
        url,
        echo=settings.db_echo,
        hide_parameters=True,  # errors are logged; parameters can be emails and IPs
        pool_size=settings.db_pool_size,
        # A connection the server dropped (restart, failover) is replaced instead of failing
        # the request that happens to draw it.
        pool_pre_ping=True,
    )


def _set_sqlite_pragmas(engine: Engine, settings: Settings) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while one writer commits; NORMAL sync is durable in WAL.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={settings.sqlite_busy_timeout_ms:d}")
        # A news archive is read far more than written: keep its hot pages close. The mapped
        # file is the OS's page cache, shared by every connection and worker; the page cache
        # proper is private to each connection (`sqlite_pool_size` per worker), so it is small.
        cursor.execute(f"PRAGMA cache_size=-{settings.sqlite_cache_mb * 1024:d}")
        cursor.execute(f"PRAGMA mmap_size={settings.sqlite_mmap_mb * 1024 * 1024:d}")
        cursor.close()


@contextmanager
def writing(session: Session) -> Iterator[None]:
    """A write transaction: committed if the block ends normally, rolled back if it raises.

    On SQLite it takes the write lock up front (BEGIN IMMEDIATE): a transaction that reads and
    then writes would otherwise find, at its first write, that another writer got there first,
    and fail with "database is locked" instead of waiting its turn (busy_timeout). The lock is
    released as soon as the block ends, not when the session closes after the response.
    (A request's writers reach this one at a time per worker: `writer_turn`.)
    PostgreSQL needs nothing up front: its row locks and unique indexes do the work.
    """
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and not raw.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def ping(engine: Engine) -> None:
    """Raise unless the database answers."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


_ON_BEGIN = "newsdesk.on_begin"


def on_begin(session: Session, hook: Callable[[Connection], None]) -> None:
    """Run `hook` on the session's connection when it begins, before its first statement and
    in the thread that runs it: a route's first query, with no thread of its own."""
    session.info[_ON_BEGIN] = hook


@event.listens_for(Session, "after_begin")
def _run_on_begin(session: Session, _transaction: object, connection: Connection) -> None:
    if (hook := session.info.pop(_ON_BEGIN, None)) is not None:
        hook(connection)


def threads_of_its_own(name: str, tokens: int) -> anyio.CapacityLimiter:
    """A set of `tokens` worker threads for one kind of work, on this event loop: work that
    must not queue behind routes (which may be waiting for what that work would give back)."""
    var: RunVar[anyio.CapacityLimiter] = _LIMITERS.setdefault(name, RunVar(name))
    try:
        return var.get()
    except LookupError:
        var.set(limiter := anyio.CapacityLimiter(tokens))
        return limiter


_LIMITERS: dict[str, RunVar[anyio.CapacityLimiter]] = {}


@asynccontextmanager
async def writer_turn(engine: Engine) -> AsyncIterator[None]:
    """On SQLite, one writing request per worker at a time, the others queued on the event
    loop. SQLite's busy handler waits by sleeping, longer each time, so under a burst writers
    slept for seconds while the database was free; a queue hands the turn over at once, in
    order. And a writer may wait seconds for another process's write lock, holding a thread
    and a connection meanwhile: a crowd of them would leave none for reads."""
    if engine.dialect.name != "sqlite":
        yield
        return
    async with threads_of_its_own("newsdesk_sqlite_writers", 1):
        yield


@asynccontextmanager
async def request_session(engine: Engine) -> AsyncIterator[Session]:
    """One session per request, closed when the response is sent.

    Opening a session does no I/O (it connects at its first query, in the route's thread), so
    it is made on the event loop. Closing rolls back and returns the connection: on SQLite a
    local call of microseconds, done in place; on PostgreSQL a round trip, done in threads of
    its own, never queued behind routes that may be waiting for the very connection being
    returned (see `app.routes.responses`).
    If the server killed the connection meanwhile (a restart), that rollback fails; the answer
    has been computed by then, so the connection is thrown away rather than turning a good
    response into a 500.
    """
    session = Session(engine)
    try:
        yield session
    finally:
        if engine.dialect.name == "sqlite":
            _close(session)
        else:
            closers = threads_of_its_own("newsdesk_session_closers", 4)
            await anyio.to_thread.run_sync(_close, session, limiter=closers)


def _close(session: Session) -> None:
    try:
        session.close()
    except DBAPIError:
        session.invalidate()
