"""China Standard Time: the one place that turns an event's instant into its day.

There is no "now" here: every function takes the time it works on.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from .errors import DubanError

__all__ = ["CST", "SKEW_TOLERANCE", "clamp", "cst_day", "require_aware", "shared_day"]

#: China Standard Time, UTC+8, no daylight saving since 1991.
CST = timezone(timedelta(hours=8), "CST")
_OFFSET = timedelta(hours=8)


def require_aware(at: datetime) -> datetime:
    """Return ``at`` if it is timezone-aware, else raise :class:`~duban_core.errors.DubanError`
    (``time.naive``; a ``ValueError``, so pydantic turns it into a ``ValidationError`` when
    used as a validator)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise DubanError(
            f"时间 {at.isoformat()} 缺少时区：请给出带时区的时间（如 2024-03-01T09:00:00+08:00）",
            code="time.naive",
            en=f"{at.isoformat()}: event times must be timezone-aware (e.g. 2024-03-01T09:00:00+08:00)",
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


#: How far apart two servers' clocks may be and still be treated as one clock (see :func:`clamp`).
SKEW_TOLERANCE = timedelta(seconds=5)


def clamp(at: datetime, last_at: datetime | None, tolerance: timedelta = SKEW_TOLERANCE) -> datetime:
    """The time to stamp on a new event of a stream whose latest event is at ``last_at``.

    Events of one item (or bulletin) must not go back in time, and the ledger refuses one
    that does. Two servers whose clocks differ by a second would then refuse each other's
    clerks. A host stamps ``at`` from its own clock and passes it through ``clamp``: a time
    at most ``tolerance`` (default 5 seconds) before ``last_at`` is moved up to ``last_at``;
    a later one, or no ``last_at`` (a new stream), is kept; one further back is kept too, so
    the ledger refuses it — that is a real ordering problem, not skew. Get ``last_at`` from
    :meth:`Ledger.last_at_of(stream) <duban_core.ledger.Ledger.last_at_of>`.

    >>> from datetime import datetime
    >>> last = datetime(2024, 3, 1, 9, 0, 2, tzinfo=CST)
    >>> clamp(datetime(2024, 3, 1, 9, 0, 0, tzinfo=CST), last).isoformat()
    '2024-03-01T09:00:02+08:00'
    >>> clamp(datetime(2024, 3, 1, 8, 0, tzinfo=CST), last).isoformat()
    '2024-03-01T08:00:00+08:00'
    """
    if not isinstance(at, datetime) or (last_at is not None and not isinstance(last_at, datetime)):
        raise DubanError(
            "时间应为带时区的 datetime", code="clock.not_a_time", en="at and last_at must be datetimes"
        )
    if not isinstance(tolerance, timedelta) or tolerance < timedelta(0):
        raise DubanError(
            f"时钟偏差容限应为非负的时间间隔，收到 {tolerance!r}",
            code="clock.bad_tolerance",
            en=f"tolerance must be a non-negative timedelta, got {tolerance!r}",
        )
    for value in (at, last_at):
        if value is not None and (value.tzinfo is None or value.utcoffset() is None):
            raise DubanError(
                f"时间 {value.isoformat()} 缺少时区", code="clock.naive", en=f"{value.isoformat()} is naive"
            )
    if last_at is None or at >= last_at or last_at - at > tolerance:
        return at
    return last_at.astimezone(at.tzinfo)
