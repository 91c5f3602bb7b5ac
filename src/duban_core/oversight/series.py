"""Series (趋势): the oversight figures at many days — each month end of a year, each week
of a quarter — from one walk over the event log.

Looking back at one day is :meth:`Ledger.as_of <duban_core.ledger.Ledger.as_of>`; looking
back at twelve would be twelve rebuilds. :func:`series` instead folds the log once
(:func:`duban_core.history.views_at`), taking a snapshot of an item only where one of the
days falls between two of its events, and computes the figures of each day from the
ledger as it stood then — the same figures :func:`~duban_core.oversight.alerts` and
:func:`~duban_core.oversight.metrics` give on ``ledger.as_of(day)``:

* the traffic lights (S1-2.2 红黄绿灯) of the items whose clock ran that day, RED being the
  overdue ones (逾期);
* 办结率 and 按时办结率 of the items assigned by that day (S2-2.1; see
  :mod:`~duban_core.oversight.metrics` for what counts).

:func:`series_frame` gives them as a pandas DataFrame (the ``pandas`` extra).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from duban_core._checks import check_date
from duban_core.errors import DubanError

from ._view import LedgerView, view_as_of
from .alerts import Level, alerts
from .metrics import Metrics, metrics
from .registers import to_pandas

if TYPE_CHECKING:
    import pandas

__all__ = ["SERIES_LABELS", "SeriesRow", "month_ends", "series", "series_frame", "week_ends"]


class SeriesRow(NamedTuple):
    """One unit's figures at the end of one day (``unit`` is ``None`` for the whole ledger).

    ``running`` items had their clock running that day (ASSIGNED, IN_PROGRESS, RETURNED),
    ``green + yellow + red == running``; ``red`` are the overdue ones. ``total``,
    ``closed``, ``on_time`` and the two rates are those of :class:`Metrics` as of that day.
    """

    day: date
    unit: str | None
    running: int
    green: int
    yellow: int
    red: int
    total: int
    closed: int
    on_time: int
    completion_rate: float | None
    on_time_rate: float | None


#: Chinese column headers of :func:`series_frame` with ``chinese=True``.
SERIES_LABELS = {
    "day": "日期",
    "unit": "单位",
    "running": "在办",
    "green": "绿灯",
    "yellow": "黄灯",
    "red": "红灯（逾期）",
    "total": "已交办",
    "closed": "已办结",
    "on_time": "按时办结",
    "completion_rate": "办结率",
    "on_time_rate": "按时办结率",
}


def month_ends(year: int) -> list[date]:
    """The last day of each month of ``year``: the days of a monthly trend."""
    if type(year) is not int or not 2000 <= year <= 2099:
        raise DubanError(
            f"年份须为2000至2099之间的整数，收到{year!r}",
            code="series.year",
            clause="S4-23",
            en=f"year must be an int within 2000 … 2099, got {year!r}",
        )
    return [date(year, month, monthrange(year, month)[1]) for month in range(1, 13)]


def week_ends(start: date, end: date) -> list[date]:
    """Each Sunday from ``start`` to ``end`` (inclusive), and ``end`` itself when it is not
    one: the days of a weekly trend (S4-24 每周报送)."""
    lo, hi = check_date(start, "start"), check_date(end, "end")
    if hi < lo:
        raise DubanError(
            f"结束日{hi.isoformat()}早于开始日{lo.isoformat()}",
            code="series.span",
            clause="S4-24",
            en=f"end {hi.isoformat()} is before start {lo.isoformat()}",
        )
    first = lo + timedelta(days=(6 - lo.weekday()))
    days = [first + timedelta(weeks=k) for k in range((hi - first).days // 7 + 1)] if first <= hi else []
    if not days or days[-1] != hi:
        days.append(hi)
    return days


def _views(ledger: LedgerView, days: Iterable[date]) -> list[tuple[date, LedgerView]]:
    from duban_core.history import views_at
    from duban_core.ledger import Ledger  # not at import: the ledger module imports this package

    if isinstance(ledger, Ledger):
        return [(view.day, view) for view in views_at(ledger, days)]
    # Another view: look back one day at a time, as the on rule does (or refuse).
    wanted = sorted({check_date(day, "day") for day in days})
    return [(day, view_as_of(ledger, day)) for day in wanted]


def _row(day: date, unit: str | None, lights: list[int], figures: Metrics) -> SeriesRow:
    return SeriesRow(
        day,
        unit,
        sum(lights),
        lights[0],
        lights[1],
        lights[2],
        figures.total,
        figures.closed,
        figures.on_time,
        figures.completion_rate,
        figures.on_time_rate,
    )


_SLOT = {Level.GREEN: 0, Level.YELLOW: 1, Level.RED: 2}


def series(
    ledger: LedgerView, days: Iterable[date], *, by: Literal["lead_unit"] | None = "lead_unit"
) -> list[SeriesRow]:
    """The lights, overdue count, 办结率 and 按时办结率 at the end of each of ``days``
    (sorted, duplicates dropped), per lead unit (``by="lead_unit"``, units sorted as
    :func:`metrics` sorts them) or for the whole ledger (``by=None``).

    A :class:`~duban_core.ledger.Ledger` is walked once for all the days
    (:func:`duban_core.history.views_at`); each day's row equals what
    :func:`~duban_core.oversight.alerts` and :func:`~duban_core.oversight.metrics` give on
    ``ledger.as_of(day)``. A unit appears on a day when it had an item running or assigned.
    """
    if by not in ("lead_unit", None):
        raise DubanError(
            f"by 须为 'lead_unit' 或 None，收到{by!r}",
            code="series.by",
            clause="S1-2.2",
            en=f"by must be 'lead_unit' or None, got {by!r}",
        )
    rows: list[SeriesRow] = []
    for day, view in _views(ledger, days):
        found = alerts(view, day)
        if by is None:
            lights = [0, 0, 0]
            for alert in found:
                lights[_SLOT[alert.level]] += 1
            rows.append(_row(day, None, lights, metrics(view, as_of=day)))
            continue
        per_unit: dict[str, list[int]] = {}
        for alert in found:
            per_unit.setdefault(alert.unit, [0, 0, 0])[_SLOT[alert.level]] += 1
        grouped = metrics(view, "lead_unit", as_of=day)
        units = list(grouped) + sorted(set(per_unit) - set(grouped))
        for unit in units:
            rows.append(_row(day, unit, per_unit.get(unit, [0, 0, 0]), grouped.get(unit, Metrics())))
    return rows


def series_frame(
    ledger: LedgerView,
    days: Iterable[date],
    *,
    by: Literal["lead_unit"] | None = "lead_unit",
    chinese: bool = False,
) -> pandas.DataFrame:
    """:func:`series` as a DataFrame, one row per day and unit (Chinese headers with
    ``chinese=True``); ``frame.pivot(index="day", columns="unit", values="red")`` gives the
    overdue items of each unit over time. Needs the ``pandas`` extra."""
    rows: Any = series(ledger, days, by=by)
    frame: pandas.DataFrame = to_pandas(rows)
    if not rows:
        frame = frame.reindex(columns=list(SeriesRow._fields))
    if chinese:
        frame = frame.rename(columns=SERIES_LABELS)
    return frame
