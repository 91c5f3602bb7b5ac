"""What the oversight functions read from a ledger, and small helpers they share.

The functions of :mod:`duban_core.oversight` take any object with the four read-only
properties of :class:`LedgerView` — a :class:`~duban_core.ledger.Ledger` is one — and read
items and bulletins only through their public fields. They never change the ledger.

**The ``on`` rule** (no silent anachronism): a view asked about a day answers *as of that
day*. :func:`answers_as_of` implements it once for every such function: when the ledger
holds events after the day (its ``latest_day`` is later), the function reads
``ledger.as_of(day)`` instead of the ledger. When it does not — the common case — the rule
costs one comparison. A view without history (no ``as_of``) that is later than the day
refuses with a :class:`~duban_core.errors.DubanError` (``history.no_log``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, ParamSpec, Protocol, TypeVar

from duban_core._checks import check_date
from duban_core.errors import DubanError
from duban_core.items import Bulletin, Inspection, Item
from duban_core.machine import State
from duban_core.rules import Monthly, QuarterEnds, Weekly
from duban_core.ruleset import EscalationStep, RuleSet

__all__ = ["LedgerView", "answers_as_of", "view_as_of"]


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


P = ParamSpec("P")
R = TypeVar("R")


def view_as_of(ledger: LedgerView, day: object) -> LedgerView:
    """``ledger`` as it stood at the end of ``day``: the ledger itself unless it holds
    events after ``day``, then ``ledger.as_of(day)``. A ``day`` that is not a plain date is
    left to the view's own check (which refuses it)."""
    if not isinstance(day, date) or isinstance(day, datetime):
        return ledger
    latest = getattr(ledger, "latest_day", None)
    if latest is None or latest <= day:
        return ledger
    as_of = getattr(ledger, "as_of", None)
    if as_of is None:
        raise DubanError(
            f"该台账视图含{day.isoformat()}之后（至{latest.isoformat()}）的记录，且无事件日志，"
            f"无法回看{day.isoformat()}的情况；请对完整台账调用 as_of 或在原台账上查询",
            code="history.no_log",
            clause="S1-2.2",
            en=f"this view holds records after {day.isoformat()} (up to {latest.isoformat()}) and no event "
            "log to look back with; ask the full ledger (as_of) instead",
        )
    view: LedgerView = as_of(day)
    return view


def answers_as_of(
    param: str = "on", *, default: Callable[[Mapping[str, Any]], object] | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Make an oversight function answer as of its day (the ``on`` rule, issue 18).

    ``param`` names the day parameter; ``default`` gives the day from the other arguments
    when that one is ``None`` (``assess``: 31 December of the year). The first parameter is
    the ledger; the function then reads :func:`view_as_of` of it. The wrapped function
    carries ``answers_as_of`` (the day parameter's name) so tests can list them all.
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        first = next(iter(signature.parameters))

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:
                return func(*args, **kwargs)  # let Python word the wrong call
            arguments = bound.arguments
            day = arguments.get(param)
            if day is None and default is not None:
                try:
                    day = default(arguments)
                except (TypeError, ValueError, OverflowError):
                    day = None  # the function refuses the bad argument itself
            ledger = arguments[first]
            view = view_as_of(ledger, day)
            if view is ledger:
                return func(*args, **kwargs)
            arguments[first] = view
            return func(*bound.args, **bound.kwargs)

        wrapper.__dict__["answers_as_of"] = param
        wrapper.__doc__ = (
            f"{func.__doc__ or ''}\n\nAnswers as of ``{param}``: when the ledger holds events after that "
            "day, this reads ``ledger.as_of(day)`` (the on rule, :mod:`duban_core.oversight`)."
        )
        return wrapper

    return wrap


# Compared by identity where one state is meant (``state is CANCELLED``); state sets come
# from the machine (``machine.CLOCK_STATES``, ``DONE_STATES``, ``OPEN_STATES``).
CANCELLED = State.CANCELLED


def check_span(start: Any, end: Any) -> tuple[date | None, date | None]:
    """A ``(start, end)`` filter, both ends inclusive and optional."""
    lo = None if start is None else check_date(start, "start")
    hi = None if end is None else check_date(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise DubanError(
            f"截止日期 {hi.isoformat()} 早于开始日期 {lo.isoformat()}",
            code="input.span_reversed",
            en=f"end {hi.isoformat()} is before start {lo.isoformat()}",
        )
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
