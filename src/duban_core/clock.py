"""China Standard Time: the one place that turns an event's instant into its day.

There is no "now" here: every function takes the time it works on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["CST", "cst_day", "require_aware", "shared_day"]

#: China Standard Time, UTC+8, no daylight saving since 1991.
CST = timezone(timedelta(hours=8), "CST")
_OFFSET = timedelta(hours=8)


def require_aware(at: datetime) -> datetime:
    """Return ``at`` if it is timezone-aware, else raise ``ValueError`` (pydantic turns it
    into a ``ValidationError`` when used as a validator)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"时间 {at.isoformat()} 缺少时区：event times must be timezone-aware "
            "(e.g. 2024-03-01T09:00:00+08:00)"
        )
    return at


# One ``date`` object per day for the days the library derives from event times. Dates are
# immutable, so sharing them changes no value; a ledger then holds one object per day
# instead of one per record field (less memory), and a pass over a million items reads
# dates from a few thousand objects that stay in the CPU's caches. Bounded: a day range
# this large only comes from fuzzing or a mistake, and clearing merely stops the sharing.
_DAYS: dict[date, date] = {}
_DAYS_LIMIT = 1 << 17  # 358 years of days


def shared_day(day: date) -> date:
    """``day``, or an equal ``date`` object handed out before (one object per day)."""
    shared = _DAYS.get(day)
    if shared is None:
        if len(_DAYS) >= _DAYS_LIMIT:
            _DAYS.clear()
        shared = _DAYS[day] = day
    return shared


def cst_day(at: datetime) -> date:
    """The calendar day of ``at`` in China Standard Time (an immutable ``date``, shared with
    every other time of the same day)."""
    if at.tzinfo is CST:  # what parsed +08:00 times share (events.compact): the cheapest case
        day = at.date()
    else:
        offset = at.utcoffset()
        if offset is None:
            require_aware(at)  # raises
        # already +08:00, the common case: no conversion needed
        day = at.date() if offset == _OFFSET else at.astimezone(CST).date()
    # shared_day's lookup inlined: this runs several times per item of every replay.
    shared = _DAYS.get(day)
    return shared_day(day) if shared is None else shared
