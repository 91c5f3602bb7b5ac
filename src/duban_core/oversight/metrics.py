"""Metrics (考核指标): 办结率, 按时办结率, rework rate, handling time, 满意率.

:func:`metrics` counts the ledger's items once and returns a :class:`Metrics`, or a dict of
them grouped by lead unit, category, month or quarter. A :class:`Metrics` keeps **raw counts
and sums only**; every rate is derived from them. So metrics computed on partitions of the
items (per district, per shard, per process) and merged with :meth:`Metrics.merge`,
``+``, :func:`merge_metrics` or :func:`merge_grouped` equal the metrics of the whole.

What counts (contract §State and the ledger):

* ``total`` — items assigned (交办, they have a ``received_on``) and not cancelled;
* ``closed`` — of those, CLOSED or ARCHIVED (办结); ``completion_rate = closed / total``;
* ``on_time`` — closed, and the approved feedback was on or before the deadline in force
  when it was submitted (``Item.closed_on_time``); ``on_time_rate = on_time / closed``;
* ``reworked`` — items with at least one rework round (退回重办, S0-3.4);
  ``rework_rate = reworked / total``;
* ``handling_workdays`` — the sum over closed items of the working days from the day
  received to the day closed; ``average_handling_workdays = handling_workdays / closed``;
* ``evaluated``, ``satisfied``, ``basically_satisfied`` — deputies' suggestions and members'
  proposals evaluated (满意度测评); ``satisfaction_rate = (satisfied + basically_satisfied)
  / evaluated``; S2-2.1 sets the target of 满意率 and 办结率 at 100%;
  ``solved`` / ``planned`` / ``explained`` count the outcomes (S2-2.1 解决 / 列入计划 / 说明原因).

A rate whose denominator is 0 is ``None``.

Filters: ``start`` / ``end`` (inclusive) select items by their *basis day* —
``basis="received"`` (default: the cohort of items received in the period; their outcomes
as the ledger stands) or ``basis="closed"`` (the items closed in the period, 办结量; then
``completion_rate`` is 1 by construction and the interesting figures are on-time, rework and
handling time). ``by="month"`` / ``"quarter"`` groups by the same basis day (keys
``"2024-09"``, ``"2024Q3"``). ``as_of`` views the ledger as it stood at the end of that day:
later closings, reworks, evaluations and cancellations are ignored, and items received
after it are not counted.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, Literal, TypeVar, overload

from duban_core._checks import check_day
from duban_core.categories import Category
from duban_core.clauses import cite
from duban_core.clock import cst_day
from duban_core.errors import DubanError
from duban_core.events import Evaluated, Satisfaction
from duban_core.items import ChangeKind, Item

from ._view import CANCELLED, LedgerView, answers_as_of, check_span, percent

__all__ = ["Basis", "GroupBy", "Metrics", "merge_grouped", "merge_metrics", "metrics"]

GroupBy = Literal["lead_unit", "category", "month", "quarter"]
Basis = Literal["received", "closed"]
K = TypeVar("K", bound=Hashable)


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


@dataclass(frozen=True, slots=True)
class Metrics:
    """Raw counts of a set of items; the rates are derived properties.

    ``Metrics()`` is the empty set; ``a + b`` (:meth:`merge`) adds two disjoint sets.
    """

    total: int = 0
    closed: int = 0
    on_time: int = 0
    reworked: int = 0
    handling_workdays: int = 0
    evaluated: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    solved: int = 0
    planned: int = 0
    explained: int = 0

    # -- merging ----------------------------------------------------------------------------

    def merge(self, other: Metrics) -> Metrics:
        """The metrics of both sets of items together (the sets must be disjoint)."""
        if not isinstance(other, Metrics):
            raise DubanError(
                f"考核指标只能与考核指标（Metrics）合并，不能与 {type(other).__name__} 合并",
                code="merge.wrong_type",
                en=f"can only merge Metrics with Metrics, not {type(other).__name__}",
            )
        return Metrics(*(getattr(self, f) + getattr(other, f) for f in _FIELDS))

    def __add__(self, other: Metrics) -> Metrics:
        if not isinstance(other, Metrics):
            return NotImplemented
        return self.merge(other)

    # -- derived ----------------------------------------------------------------------------

    @property
    def open(self) -> int:
        """Counted items not closed (in progress, reported, returned …)."""
        return self.total - self.closed

    @property
    def late(self) -> int:
        """Closed items whose approved feedback came after the deadline."""
        return self.closed - self.on_time

    @property
    def completion_rate(self) -> float | None:
        """办结率: closed / total."""
        return _rate(self.closed, self.total)

    @property
    def on_time_rate(self) -> float | None:
        """按时办结率: on_time / closed."""
        return _rate(self.on_time, self.closed)

    @property
    def rework_rate(self) -> float | None:
        """退回重办率: items with a rework round / total."""
        return _rate(self.reworked, self.total)

    @property
    def average_handling_workdays(self) -> float | None:
        """平均办理工作日: working days from received to closed, averaged over closed items."""
        return _rate(self.handling_workdays, self.closed)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率 (S2-2.1, target 100%): (satisfied + basically satisfied) / evaluated."""
        return _rate(self.satisfied + self.basically_satisfied, self.evaluated)

    @property
    def unsatisfied(self) -> int:
        """Evaluations that were 不满意."""
        return self.evaluated - self.satisfied - self.basically_satisfied

    def as_dict(self) -> dict[str, int | float | None]:
        """The counts and the derived figures, for tables and JSON."""
        out: dict[str, int | float | None] = dict(asdict(self))
        for name in _DERIVED:
            out[name] = getattr(self, name)
        return out

    def describe(self) -> str:
        """The figures as one Chinese sentence."""
        text = (
            f"交办{self.total}件，办结{self.closed}件（办结率{percent(self.completion_rate)}），"
            f"按时办结{self.on_time}件（按时办结率{percent(self.on_time_rate)}），"
            f"退回重办{self.reworked}件（{percent(self.rework_rate)}）"
        )
        average = self.average_handling_workdays
        if average is not None:
            text += f"，平均办理{average:.1f}个工作日"
        if self.evaluated:
            text += f"；测评{self.evaluated}件，满意率{percent(self.satisfaction_rate)}（目标100%，依据{cite('S2-2.1', short=True)}）"
        return text


_FIELDS = tuple(f.name for f in fields(Metrics))
_DERIVED = (
    "open",
    "late",
    "unsatisfied",
    "completion_rate",
    "on_time_rate",
    "rework_rate",
    "average_handling_workdays",
    "satisfaction_rate",
)


def merge_metrics(parts: Iterable[Metrics]) -> Metrics:
    """The metrics of the union of disjoint parts."""
    total = Metrics()
    for part in parts:
        total = total.merge(part)
    return total


def merge_grouped(parts: Iterable[Mapping[K, Metrics]]) -> dict[K, Metrics]:
    """Grouped metrics of disjoint parts, merged group by group (keys sorted)."""
    merged: dict[K, Metrics] = {}
    for part in parts:
        for key, value in part.items():
            seen = merged.get(key)
            merged[key] = value if seen is None else seen.merge(value)
    return _sorted(merged)


def _sorted(groups: dict[K, Metrics]) -> dict[K, Metrics]:
    return {key: groups[key] for key in sorted(groups, key=_sort_key)}


def _sort_key(key: object) -> str:
    return key.value if isinstance(key, Category) else str(key)


# -- the count -----------------------------------------------------------------------------------

_SATISFIED, _BASIC = Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED
# An accumulator is a list of 12 ints: index 0 is unused, 1 … 11 are the fields of Metrics
# in order (total, closed, on_time, reworked, handling_workdays, evaluated, satisfied,
# basically_satisfied, solved, planned, explained).
_OUTCOME_FIELD = {"SOLVED": 9, "PLANNED": 10, "EXPLAINED": 11}


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


_GROUPS: dict[str, Callable[[Item, date], Hashable]] = {
    "lead_unit": lambda item, day: item.lead_unit,
    "category": lambda item, day: item.category,
    "month": lambda item, day: _month(day),
    "quarter": lambda item, day: _quarter(day),
}


@overload
def metrics(
    ledger: LedgerView,
    by: None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    basis: Basis = "received",
    as_of: date | None = None,
) -> Metrics: ...
@overload
def metrics(
    ledger: LedgerView,
    by: Literal["category"],
    *,
    start: date | None = None,
    end: date | None = None,
    basis: Basis = "received",
    as_of: date | None = None,
) -> dict[Category, Metrics]: ...
@overload
def metrics(
    ledger: LedgerView,
    by: Literal["lead_unit", "month", "quarter"],
    *,
    start: date | None = None,
    end: date | None = None,
    basis: Basis = "received",
    as_of: date | None = None,
) -> dict[str, Metrics]: ...
@overload
def metrics(
    ledger: LedgerView,
    by: GroupBy,
    *,
    start: date | None = None,
    end: date | None = None,
    basis: Basis = "received",
    as_of: date | None = None,
) -> dict[Any, Metrics]: ...
@answers_as_of("as_of")
def metrics(
    ledger: LedgerView,
    by: GroupBy | None = None,
    *,
    start: date | None = None,
    end: date | None = None,
    basis: Basis = "received",
    as_of: date | None = None,
) -> Metrics | dict[Any, Metrics]:
    """办结率, 按时办结率, rework rate, handling time and 满意率 of the ledger's items.

    ``by=None`` gives one :class:`Metrics`; ``by`` in ``"lead_unit"`` (keys: unit names),
    ``"category"`` (:class:`~duban_core.categories.Category`), ``"month"`` (``"2024-09"``) or
    ``"quarter"`` (``"2024Q3"``) gives a dict of them, sorted by key, holding every group
    with at least one counted item. ``start``/``end`` (inclusive) filter on the basis day
    (``basis="received"``: ``received_on``; ``"closed"``: ``closed_on``), which also places
    an item in its month or quarter. ``as_of`` ignores everything after that day.
    See the module documentation for what each count means.
    """
    if by is not None and by not in _GROUPS:
        groups = ", ".join(map(repr, _GROUPS))
        raise DubanError(
            f"分组方式（by）应为 None 或 {groups} 之一，收到的是 {by!r}",
            code="metrics.bad_group",
            en=f"by must be None or one of {groups}, got {by!r}",
        )
    if basis not in ("received", "closed"):
        raise DubanError(
            f"统计口径（basis）应为 'received'（按交办日）或 'closed'（按办结日），收到的是 {basis!r}",
            code="metrics.bad_basis",
            en=f"basis must be 'received' or 'closed', got {basis!r}",
        )
    lo, hi = check_span(start, end)
    calendar = ledger.rules.calendar
    cutoff = None if as_of is None else check_day(as_of, calendar, "as_of")
    by_closed = basis == "closed"
    group = _GROUPS[by] if by is not None else None
    workdays_between = calendar.workdays_between
    accumulators: dict[Hashable, list[int]] = {}
    whole = [0] * 12

    for item in ledger.items.values():
        received = item.received_on
        if received is None:
            continue
        state = item.state
        closed_on = item.closed_on
        evaluation = item.evaluation
        reworked = item.rework_rounds > 0
        if cutoff is not None:
            if received > cutoff:
                continue
            if state is CANCELLED and item.history[-1].day <= cutoff:
                continue
            if closed_on is not None and closed_on > cutoff:
                closed_on = None
            if reworked:
                reworked = any(
                    c.kind is ChangeKind.REWORK and cst_day(c.at) <= cutoff for c in item.deadlines
                )
            if evaluation is not None and evaluation.day > cutoff:
                evaluation = _evaluation_by(item, cutoff)
        elif state is CANCELLED:
            continue
        day = closed_on if by_closed else received
        if day is None:
            continue
        if (lo is not None and day < lo) or (hi is not None and day > hi):
            continue
        if group is None:
            acc = whole
        else:
            key = group(item, day)
            acc = accumulators.get(key)  # type: ignore[assignment]
            if acc is None:
                acc = accumulators[key] = [0] * 12
        acc[1] += 1
        if closed_on is not None:
            acc[2] += 1
            if item.closed_on_time:
                acc[3] += 1
            acc[5] += workdays_between(received, closed_on)
        if reworked:
            acc[4] += 1
        if evaluation is not None:
            acc[6] += 1
            satisfaction = evaluation.satisfaction
            if satisfaction is _SATISFIED:
                acc[7] += 1
            elif satisfaction is _BASIC:
                acc[8] += 1
            acc[_OUTCOME_FIELD[evaluation.outcome.value]] += 1

    if group is None:
        return Metrics(*whole[1:])
    return _sorted({key: Metrics(*acc[1:]) for key, acc in accumulators.items()})


def _evaluation_by(item: Item, cutoff: date) -> Evaluated | None:
    """The latest evaluation of ``item`` on or before ``cutoff``."""
    for event in reversed(item.history):
        if isinstance(event, Evaluated) and event.day <= cutoff:
            return event
    return None
