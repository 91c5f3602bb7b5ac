"""The library names the example uses, in one place.

This file held stand-ins while issue #16's host boundary was not yet on main; the library
now has every one of them, so it only re-exports them, keeping the example's call shapes
(``version_of(ledger, stream)`` for ``ledger.version_of(stream)``). ``as_of`` stays a
stand-in until ``Ledger.as_of`` (issue #13 / #18) lands.
"""

from __future__ import annotations

from datetime import date, datetime

from duban_core import Action, Actor, FormError, Ledger, jsonable
from duban_core.clock import clamp
from duban_core.events import form_schema, from_form, stream_of
from duban_core.oversight import alert_for

__all__ = [
    "Action",
    "FormError",
    "alert_for",
    "allowed",
    "as_of",
    "clamp",
    "form_schema",
    "from_form",
    "jsonable",
    "last_at_of",
    "stream_of",
    "version_of",
]


def version_of(ledger: Ledger, stream: str) -> int:
    """``ledger.version_of(stream)``."""
    return ledger.version_of(stream)


def last_at_of(ledger: Ledger, stream: str) -> datetime | None:
    """``ledger.last_at_of(stream)``."""
    return ledger.last_at_of(stream)


def allowed(ledger: Ledger, item_id: str, actor: Actor, at: datetime) -> tuple[Action, ...]:
    """``ledger.allowed(item_id, actor, at)``."""
    return ledger.allowed(item_id, actor, at)


def as_of(ledger: Ledger, day: date) -> Ledger:
    """Stand-in for ``Ledger.as_of`` (#13): the ledger of the events whose day is on or before ``day``."""
    native = getattr(ledger, "as_of", None)
    if native is not None:
        result: Ledger = native(day)
        return result
    return Ledger.replay([e for e in ledger.events if e.day <= day], ledger.rules)
