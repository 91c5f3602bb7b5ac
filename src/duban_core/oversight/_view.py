"""What the oversight functions read from a ledger, and small helpers they share.

The functions of :mod:`duban_core.oversight` take any object with the four read-only
properties of :class:`LedgerView` — a :class:`~duban_core.ledger.Ledger` is one — and read
items and bulletins only through their public fields. They never change the ledger.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Protocol

from duban_core._checks import check_date
from duban_core.errors import DubanError
from duban_core.items import Bulletin, Inspection, Item
from duban_core.machine import State
from duban_core.rules import Monthly, QuarterEnds, Weekly
from duban_core.ruleset import EscalationStep, RuleSet

__all__ = ["LedgerView"]


class LedgerView(Protocol):
    """The read-only face of a ledger the oversight functions use."""

    @property
    def items(self) -> Mapping[str, Item]: ...

    @property
    def bulletins(self) -> Mapping[str, Bulletin]: ...

    @property
    def inspections(self) -> Mapping[str, Inspection]: ...

    @property
    def units(self) -> Sequence[str]: ...

    @property
    def rules(self) -> RuleSet: ...


# Compared by identity where one state is meant (``state is CANCELLED``); state sets come
# from the machine (``machine.CLOCK_STATES``, ``DONE_STATES``, ``OPEN_STATES``).
CANCELLED = State.CANCELLED


def check_span(start: Any, end: Any) -> tuple[date | None, date | None]:
    """A ``(start, end)`` filter, both ends inclusive and optional."""
    lo = None if start is None else check_date(start, "start")
    hi = None if end is None else check_date(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise DubanError(f"end {hi.isoformat()} is before start {lo.isoformat()}")
    return lo, hi


def schedule_clause(schedule: object) -> str:
    """The clause that sets a reporting schedule: 每季度末 S0-4.2, 月度 S4-23, 每周 S4-24."""
    if isinstance(schedule, QuarterEnds):
        return "S0-4.2"
    if isinstance(schedule, Monthly):
        return "S4-23"
    if isinstance(schedule, Weekly):
        return "S4-24"
    return "S0-4.2"  # pragma: no cover - every schedule kind is listed above


class Ladder:
    """The escalation ladder of a rule set: the rung reached after N working days overdue."""

    __slots__ = ("_steps", "_thresholds")

    def __init__(self, steps: Sequence[EscalationStep]) -> None:
        self._steps = tuple(steps)
        self._thresholds = tuple(step.after_workdays for step in self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def rung(self, workdays_overdue: int) -> tuple[int, EscalationStep | None]:
        """``(level, step)``: level 0 and no step below the first rung, else the 1-based rung."""
        level = 0
        for threshold in self._thresholds:
            if workdays_overdue >= threshold:
                level += 1
            else:
                break
        return level, (self._steps[level - 1] if level else None)


def percent(rate: float | None) -> str:
    """A rate as a Chinese percentage (``95.2%``), or ``—`` when undefined."""
    if rate is None:
        return "—"
    text = f"{rate * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"
