"""The event store: one append-only table on SQLAlchemy 2.x (SQLite or PostgreSQL).

``duban_events`` holds one row per accepted event: its global ``position`` (the order to
replay in), its ``stream`` (an item, a bulletin or an inspection) and ``version`` within that
stream, its ``type`` and time ``at`` (for queries and operators), and the event itself as
JSON in ``body`` — the event **as the ledger stored it** (``ledger.events[-1]``), so a
deadline the library computed is recorded, not recomputed on replay.

``UNIQUE(stream, version)`` is the concurrency control: two writers that both read version
*n* of a stream both try to insert version *n + 1*; the database lets exactly one commit and
the other gets a unique violation, which :meth:`EventStore.append` turns into
:class:`duban_core.StaleVersion` (answered as HTTP 409).

Writers take turns: :meth:`EventStore.transaction` starts by locking a one-row table
(``duban_log_head``, the last position) and holds it until commit. The service catches up,
decides and appends inside that transaction, so every decision sees every earlier event —
needed because some rules span items (a child item needs an open parent, S4-17; an item
with open children cannot be approved) — and positions commit in order with no gaps, so a
reader catching up with ``read(after=last_position)`` never skips a row. A 督查室's command
rate is tiny; the lock is held for one catch-up read, one decision and one insert.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError

from duban_core import StaleVersion
from duban_core import events as ev

__all__ = ["DEFAULT_URL", "EventStore", "NewEvent", "StoredEvent", "Transaction"]

#: Where the store lives when no URL is given: a SQLite file in the working directory.
DEFAULT_URL = "sqlite:///duban_events.db"

metadata = MetaData()

events_table = Table(
    "duban_events",
    metadata,
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("stream", String(300), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("body", JSON().with_variant(JSONB(), "postgresql"), nullable=False),
    UniqueConstraint("stream", "version", name="uq_duban_events_stream_version"),
)

head_table = Table(
    "duban_log_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("position", BigInteger().with_variant(Integer, "sqlite"), nullable=False),
)


@dataclass(frozen=True)
class NewEvent:
    """An event to append: ``version`` is its version within ``stream`` (1 for the first)."""

    stream: str
    version: int
    event: ev.Event


@dataclass(frozen=True)
class StoredEvent:
    """A row read back: ``body`` is the JSON the event was stored as."""

    position: int
    stream: str
    version: int
    body: dict[str, Any]


def _sqlite_begin_immediate(engine: Engine) -> None:
    # pysqlite opens its transactions lazily and "deferred": two writers that both read
    # first then both try to write can deadlock, and SQLite answers one with "database is
    # locked" at once instead of waiting. Taking the write lock when the transaction
    # begins (BEGIN IMMEDIATE) makes the second writer wait for the first (the busy
    # timeout), then meet its committed row. This is SQLAlchemy's documented recipe.
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class EventStore:
    """An append-only event table with optimistic concurrency per stream."""

    def __init__(self, url: str = DEFAULT_URL, **engine_options: Any) -> None:
        if url.startswith("sqlite"):
            engine_options.setdefault("connect_args", {"timeout": 30})
        self.engine = create_engine(url, **engine_options)
        if self.engine.dialect.name == "sqlite":
            _sqlite_begin_immediate(self.engine)
        metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            if conn.execute(select(head_table.c.position)).first() is None:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(head_table).values(id=1, position=0))
                except IntegrityError:  # another process created it first
                    pass

    def dispose(self) -> None:
        """Close the engine's pooled connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One writer's transaction: it holds the log's head row (so writers take turns),
        reads what others appended, appends, and commits when the block ends (rolls back
        if it raises)."""
        with self.engine.begin() as conn:
            # A no-op update takes the head row's write lock (PostgreSQL) or the database's
            # write lock (SQLite, already held by BEGIN IMMEDIATE) until commit.
            head = conn.execute(
                update(head_table)
                .where(head_table.c.id == 1)
                .values(position=head_table.c.position)
                .returning(head_table.c.position)
            ).scalar_one()
            yield Transaction(self, conn, int(head))

    def append(self, new: Sequence[NewEvent]) -> int:
        """Append ``new`` in a transaction of its own; return the position of the last."""
        with self.transaction() as tx:
            return tx.append(new)

    def read(self, after: int = 0) -> list[StoredEvent]:
        """Every event after position ``after``, in position order."""
        with self.engine.connect() as conn:
            return _read(conn, after)


def _read(conn: Connection, after: int) -> list[StoredEvent]:
    rows = conn.execute(
        select(events_table.c.position, events_table.c.stream, events_table.c.version, events_table.c.body)
        .where(events_table.c.position > after)
        .order_by(events_table.c.position)
    ).all()
    return [
        StoredEvent(int(position), stream, int(version), body) for position, stream, version, body in rows
    ]


class Transaction:
    """A writer's open transaction (see :meth:`EventStore.transaction`)."""

    def __init__(self, store: EventStore, conn: Connection, head: int) -> None:
        self._store = store
        self._conn = conn
        #: The position of the last event in the store.
        self.head = head

    def read(self, after: int) -> list[StoredEvent]:
        """Every event after position ``after`` (what other writers appended meanwhile)."""
        return _read(self._conn, after)

    def append(self, new: Sequence[NewEvent]) -> int:
        """Insert ``new`` after the head; return the position of the last.

        A ``(stream, version)`` that exists already means another writer got there first:
        nothing is written and :class:`~duban_core.StaleVersion` (code ``store.conflict``)
        names the stream, the version the command was based on and the one stored.
        """
        rows = [
            {
                "position": self.head + 1 + i,
                "stream": n.stream,
                "version": n.version,
                "type": n.event.type,
                "at": n.event.at,
                "body": json.loads(ev.dumps(n.event)),
            }
            for i, n in enumerate(new)
        ]
        try:
            # A savepoint, so that the transaction can still be asked what is stored
            # (PostgreSQL refuses every statement of a transaction after an error).
            with self._conn.begin_nested():
                self._conn.execute(insert(events_table), rows)
        except IntegrityError:
            raise self._conflict(new) from None
        self.head += len(rows)
        self._conn.execute(update(head_table).where(head_table.c.id == 1).values(position=self.head))
        return self.head

    def _conflict(self, new: Sequence[NewEvent]) -> StaleVersion:
        for n in new:
            current = self._stream_version(n.stream)
            if current >= n.version:
                break
        based_on = n.version - 1
        return StaleVersion(
            f"{n.stream} 已被他人更新（现为第{current}版，本次提交依据第{based_on}版），请刷新后重新办理",
            code="store.conflict",
            expected=based_on,
            current=current,
            stream=n.stream,
            en=f"{n.stream} was changed by someone else (now at version {current}, the command "
            f"was based on version {based_on}); reload and retry",
        )

    def _stream_version(self, stream: str) -> int:
        found = self._conn.execute(
            select(events_table.c.version)
            .where(events_table.c.stream == stream)
            .order_by(events_table.c.version.desc())
            .limit(1)
        ).scalar()
        return int(found or 0)
