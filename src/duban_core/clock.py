"""China Standard Time: the one place that turns an event's instant into its day.

There is no "now" here: every function takes the time it works on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

__all__ = ["CST", "cst_day", "require_aware"]

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


def cst_day(at: datetime) -> date:
    """The calendar day of ``at`` in China Standard Time."""
    if at.tzinfo is CST:  # what parsed +08:00 times share (events.compact): the cheapest case
        return at.date()
    offset = at.utcoffset()
    if offset is None:
        require_aware(at)  # raises
    if offset == _OFFSET:  # already +08:00, the common case: no conversion needed
        return at.date()
    return at.astimezone(CST).date()
