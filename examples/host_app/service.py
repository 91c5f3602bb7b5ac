"""The command side: load the ledger from the store, let the library decide, append.

One :class:`Service` per process keeps the ledger in memory (rebuilt by replaying the store
at start-up). A command runs inside one store transaction (writers take turns, see
:mod:`host_app.store`):

1. **catch up** — apply what other processes appended since this one last looked;
2. **stamp** — the form's data become an event with :func:`from_form`; ``by`` is the
   signed-in actor and ``at`` the host's own clock, never the client's;
3. **decide** — the library applies it (``Ledger.apply`` with the stream version the client
   saw as ``expected_version``): a refusal raises a ``DubanError`` carrying ``code``,
   ``clause`` and a Chinese ``message``, and changes nothing;
4. **record** — the event *as the ledger stored it* (with any due day the library computed)
   is inserted as version *n + 1* of its stream; ``UNIQUE(stream, version)`` refuses a
   second writer of the same version.

If anything fails after the ledger accepted the event, the in-memory ledger is one event
ahead of the store, so it is rebuilt from the store before the error goes back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from duban_core import Actor, Ledger, RuleSet
from duban_core import events as ev
from duban_core.clock import CST

from ._compat import clamp, from_form, last_at_of, stream_of, version_of
from .store import EventStore, NewEvent, StoredEvent

__all__ = ["Clock", "Receipt", "Service", "system_clock"]

#: A source of "now": timezone-aware. Tests inject a fixed one.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The host's clock: now, timezone-aware (the library refuses naive times)."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Receipt:
    """A command accepted and stored: the event as stored, its stream, its version in the
    stream and its position in the store."""

    event: ev.Event
    stream: str
    version: int
    position: int


class Service:
    """The ledger of one store, kept in memory and caught up before each use."""

    def __init__(self, store: EventStore, rules: RuleSet | None = None, clock: Clock = system_clock) -> None:
        self.store = store
        self.rules = rules if rules is not None else RuleSet.default()
        self.clock = clock
        # Threads of this process share one ledger; other processes are kept in step by
        # the store's transaction, not by this lock.
        self._lock = threading.RLock()
        self._ledger = Ledger(self.rules)
        self._position = 0
        self.reload()

    def reload(self) -> Ledger:
        """Replay the whole store: at start-up (replay on restart), or after a failure."""
        with self._lock:
            rows = self.store.read()
            self._ledger = Ledger.replay((row.body for row in rows), self.rules)
            self._position = rows[-1].position if rows else 0
            return self._ledger

    def _catch_up(self, rows: list[StoredEvent]) -> None:
        if rows:
            self._ledger.apply_all(row.body for row in rows)
            self._position = rows[-1].position

    def ledger(self) -> Ledger:
        """The ledger with everything appended so far, by any process (read it, don't
        apply to it)."""
        with self._lock:
            self._catch_up(self.store.read(after=self._position))
            return self._ledger

    def now(self) -> datetime:
        """The host's time, in China Standard Time."""
        return self.clock().astimezone(CST)

    def today(self) -> date:
        """The day (China Standard Time) the host's clock says it is."""
        return self.now().date()

    def submit(
        self,
        event_type: str,
        data: Mapping[str, Any],
        *,
        actor: Actor,
        expected_version: int | None = None,
    ) -> Receipt:
        """Stamp, decide and record one command from a form.

        ``expected_version`` is the version of the stream the user saw (the item page sends
        it): a command based on an older view is refused with ``StaleVersion``. Without it
        the command is judged against the ledger as it is.
        """
        with self._lock:
            accepted = False
            try:
                with self.store.transaction() as tx:
                    self._catch_up(tx.read(after=self._position))
                    ledger = self._ledger
                    # Stamped after the catch-up, so the command comes after every event it
                    # was judged against; clamp absorbs a few seconds of skew between the
                    # clocks of several servers (a stream's events may not go back in time).
                    now = self.clock()
                    event = from_form(event_type, data, by=actor, at=now)
                    stream = stream_of(event)
                    at = clamp(now, last_at_of(ledger, stream))
                    if at != now:
                        event = from_form(event_type, data, by=actor, at=at)
                    current = version_of(ledger, stream)
                    ledger.apply(
                        event, expected_version=current if expected_version is None else expected_version
                    )
                    accepted = True
                    stored = ledger.events[-1]
                    position = tx.append([NewEvent(stream, current + 1, stored)])
            except BaseException:
                if accepted:
                    self.reload()
                raise
            self._position = position
            return Receipt(stored, stream, current + 1, position)
