"""Working-day arithmetic: ``ChinaCalendar.add_workdays`` and ``duban_core.batch`` side by side
with ``holidays``' ``get_nth_working_day`` and ``numpy.busday_offset``.

Inputs: (day, n) pairs, days uniform over 2000-03-01 … the last published year (the years
with 调休 data), ``n`` uniform in [-20, 20] — forward deadlines, look-backs and ``n = 0``
(roll forward) — plus the same days with ``n = 5`` (a 5-working-day deadline).

What is compared, on exactly the same inputs, before anything is timed:

* ``holidays.country_holidays("CN", years=2000…2099).get_nth_working_day(d, n)`` has the
  contract's semantics (n > 0: the n-th working day after d; n = 0: d or the next working day;
  n < 0: counting back) and reads the same data, 调休 included. It differs only where
  duban_core corrects that data (the 2003 五一 arrangement withdrawn during SARS); every
  difference must be explained by such a day.
* ``numpy.busday_offset`` with weekmask Mon–Fri and the calendar's weekday days off as
  ``holidays`` (a ``numpy.busdaycalendar``) — the best numpy can do. It has no way to say that
  a Saturday or Sunday is a working day (调休上班), so it is wrong whenever one lies in the
  counting window; every difference must be explained by such a day. For the contract's
  semantics it needs ``roll="backward"`` when n > 0 and ``roll="forward"`` when n ≤ 0.
* ``duban_core.batch.add_workdays_array`` must equal the scalar method element by element.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

import holidays
import numpy as np
from numpy.typing import NDArray

from duban_core import ChinaCalendar
from duban_core.batch import add_workdays_array, as_days, is_workday_array

from ._harness import BenchmarkCheckFailed, Config, Section, SectionResult, check, fmt_count, measure

MAX_N = 20
START = date(2000, 3, 1)


def _sample(rng: random.Random, count: int, last: date) -> tuple[list[date], list[int]]:
    span = (last - START).days
    days = [START + timedelta(rng.randrange(span + 1)) for _ in range(count)]
    ns = [rng.randint(-MAX_N, MAX_N) for _ in range(count)]
    return days, ns


def _explained(
    pairs: list[tuple[date, int]], ours: list[date], theirs: list[date], special: set[date]
) -> tuple[list[int], list[int]]:
    """Indices where ``theirs`` differs from ``ours``, and those of them with no ``special``
    day in the window spanned by the start day and both answers."""
    wrong = [j for j, (a, b) in enumerate(zip(ours, theirs, strict=True)) if a != b]
    unexplained = []
    for j in wrong:
        lo = min(pairs[j][0], ours[j], theirs[j])
        hi = max(pairs[j][0], ours[j], theirs[j])
        if not any(lo <= s <= hi for s in special):
            unexplained.append(j)
    return wrong, unexplained


def _day(value: object) -> date:
    if type(value) is not date:
        raise BenchmarkCheckFailed(f"expected a day from numpy, got {value!r}")
    return value


def _window_holds(
    days: NDArray[np.datetime64], ns: NDArray[np.int64], ours: NDArray[np.datetime64], special: set[date]
) -> NDArray[np.bool_]:
    """For each pair, whether a ``special`` day lies in its counting window: ``(d, r]`` for
    n > 0, ``[r, d)`` for n < 0, ``[d, r]`` for n = 0 (``r`` the right answer)."""
    sp = np.sort(as_days(special).view(np.int64))
    d, r = days.view(np.int64), ours.view(np.int64)
    lo = np.where(ns > 0, d + 1, np.where(ns < 0, r, d))
    hi = np.where(ns > 0, r, np.where(ns < 0, d - 1, r))
    # a special day in [lo, hi] iff more of them are <= hi than are < lo
    out: NDArray[np.bool_] = np.searchsorted(sp, hi, "right") > np.searchsorted(sp, lo, "left")
    return out


def _numpy_offsets(
    days: NDArray[np.datetime64], ns: NDArray[np.int64], cal: np.busdaycalendar
) -> Callable[[], NDArray[np.datetime64]]:
    """``numpy.busday_offset`` with the contract's semantics: two calls, split by the sign of n
    (the split is made here, outside the timed function)."""
    pos = ns > 0
    d_pos, n_pos, d_rest, n_rest = days[pos], ns[pos], days[~pos], ns[~pos]
    out = np.empty_like(days)

    def run() -> NDArray[np.datetime64]:
        out[pos] = np.busday_offset(d_pos, n_pos, roll="backward", busdaycal=cal)
        out[~pos] = np.busday_offset(d_rest, n_rest, roll="forward", busdaycal=cal)
        return out

    return run


def run(config: Config) -> SectionResult:
    res = SectionResult("workdays", SECTION.title, quick=config.quick)
    rng = random.Random(config.seed)
    cal = ChinaCalendar()
    last = date(cal.published_through, 12, 31)
    n_pairs = config.size(20_000, 200)
    n_vec = config.size(1_000_000, 2_000)

    # -- the three calendars, built outside any timing --------------------------------------------
    hol = holidays.country_holidays("CN", years=range(2000, 2100))
    every_day = np.arange(np.datetime64("2000-01-01"), np.datetime64("2100-01-01"), dtype="datetime64[D]")
    work = is_workday_array(cal, every_day)
    weekend = np.isin((every_day.view(np.int64) + 3) % 7, (5, 6))  # 1970-01-01 was a Thursday
    weekday_off = every_day[~work & ~weekend]
    makeup_days = set(every_day[work & weekend].tolist())  # 调休上班日
    bus = np.busdaycalendar(weekmask="1111100", holidays=weekday_off)
    disputed = {d for d in every_day.tolist() if hol.is_working_day(d) != cal.is_workday(d)}

    # -- inputs --------------------------------------------------------------------------------------
    days, ns = _sample(rng, n_pairs, last)
    pairs = list(zip(days, ns, strict=True))
    pairs5 = [(d, 5) for d in days]
    days64 = as_days(days)
    ns64 = np.asarray(ns, dtype=np.int64)
    vdays, vns = _sample(rng, n_vec, last)
    vdays64 = as_days(vdays)
    vns64 = np.asarray(vns, dtype=np.int64)

    add = cal.add_workdays
    nth = hol.get_nth_working_day
    offset = np.busday_offset
    rolls: dict[bool, Literal["backward", "forward"]] = {True: "backward", False: "forward"}
    np_pairs = [(np.datetime64(d, "D"), n, rolls[n > 0]) for d, n in pairs]

    # -- correctness, on the timed inputs ------------------------------------------------------------
    ours = [add(d, n) for d, n in pairs]
    ours5 = [add(d, n) for d, n in pairs5]
    check(add_workdays_array(cal, days64, ns64).tolist() == ours, "batch differs from add_workdays")
    vours = [add(d, n) for d, n in zip(vdays, vns, strict=True)]
    check(add_workdays_array(cal, vdays64, vns64).tolist() == vours, "batch differs from add_workdays")

    theirs = [nth(d, n) for d, n in pairs]
    theirs5 = [nth(d, n) for d, n in pairs5]
    hol_wrong, hol_unexplained = _explained(pairs, ours, theirs, disputed)
    hol5_wrong, hol5_unexplained = _explained(pairs5, ours5, theirs5, disputed)
    check(
        not hol_unexplained and not hol5_unexplained,
        f"holidays differs from duban_core without a corrected day in the window: "
        f"{[(pairs[j], ours[j], theirs[j]) for j in hol_unexplained[:5]]}",
    )

    # numpy is wrong exactly on the pairs whose counting window holds a 调休 working day: it
    # counts the same weekdays but can count no weekend day.
    numpy_says = as_days([_day(offset(d, n, roll=roll, busdaycal=bus).tolist()) for d, n, roll in np_pairs])
    np_wrong = numpy_says != add_workdays_array(cal, days64, ns64)
    check(
        np.array_equal(np_wrong, _window_holds(days64, ns64, as_days(ours), makeup_days)),
        "numpy.busday_offset is not wrong exactly where a 调休 working day lies in the window",
    )
    vours64 = as_days(vours)
    vnp_wrong = _numpy_offsets(vdays64, vns64, bus)() != vours64
    check(
        np.array_equal(vnp_wrong, _window_holds(vdays64, vns64, vours64, makeup_days)),
        "numpy.busday_offset is not wrong exactly where a 调休 working day lies in the window",
    )
    n_np_wrong, n_vnp_wrong = int(np_wrong.sum()), int(vnp_wrong.sum())

    # -- timing ---------------------------------------------------------------------------------------
    def duban_scalar() -> None:
        for d, n in pairs:
            add(d, n)

    def holidays_scalar() -> None:
        for d, n in pairs:
            nth(d, n)

    def duban_scalar5() -> None:
        for d, n in pairs5:
            add(d, n)

    def holidays_scalar5() -> None:
        for d, n in pairs5:
            nth(d, n)

    def numpy_scalar() -> None:
        for d, n, roll in np_pairs:
            offset(d, n, roll=roll, busdaycal=bus)

    t_duban = measure("ChinaCalendar.add_workdays", duban_scalar, config, ops=n_pairs)
    t_hol = measure("holidays.get_nth_working_day", holidays_scalar, config, ops=n_pairs)
    t_duban5 = measure("ChinaCalendar.add_workdays", duban_scalar5, config, ops=n_pairs)
    t_hol5 = measure("holidays.get_nth_working_day", holidays_scalar5, config, ops=n_pairs)
    t_np1 = measure("numpy.busday_offset per pair", numpy_scalar, config, ops=n_pairs)
    t_batch = measure(
        "batch.add_workdays_array", lambda: add_workdays_array(cal, vdays64, vns64), config, ops=n_vec
    )
    t_np = measure("numpy.busday_offset", _numpy_offsets(vdays64, vns64, bus), config, ops=n_vec)
    t_batch5 = measure(
        "batch.add_workdays_array", lambda: add_workdays_array(cal, vdays64, 5), config, ops=n_vec
    )
    t_np5 = measure(
        "numpy.busday_offset",
        lambda: np.busday_offset(vdays64, 5, roll="backward", busdaycal=bus),
        config,
        ops=n_vec,
    )

    # -- report ---------------------------------------------------------------------------------------
    res.compare(
        t_duban,
        t_hol,
        label=f"add_workdays, n in [-{MAX_N}, {MAX_N}] ({fmt_count(n_pairs)} pairs)",
        min_speedup=20,
    )
    res.compare(t_duban5, t_hol5, label=f"add_workdays, n = 5 ({fmt_count(n_pairs)} days)", min_speedup=20)
    res.compare(t_duban, t_np1, label="add_workdays vs numpy called per pair")
    res.compare(
        t_batch,
        t_np,
        label=f"batch.add_workdays_array, n in [-{MAX_N}, {MAX_N}] ({fmt_count(n_vec)} pairs)",
        min_speedup=0.5,
    )
    res.compare(
        t_batch5, t_np5, label=f"batch.add_workdays_array, n = 5 ({fmt_count(n_vec)} days)", min_speedup=0.5
    )
    res.add(
        "numpy.busday_offset wrong answers",
        f"{fmt_count(n_vnp_wrong)} of {fmt_count(n_vec)} ({n_vnp_wrong / n_vec:.2%})",
        f"{fmt_count(n_np_wrong)} of {fmt_count(n_pairs)} ({n_np_wrong / n_pairs:.2%}) in the scalar sample; "
        "exactly the pairs with a 调休 working day in the counting window",
    )
    res.add(
        "duban_core.batch wrong answers",
        f"0 of {fmt_count(n_vec)}",
        "equal to ChinaCalendar.add_workdays element by element",
    )
    res.add(
        "holidays.get_nth_working_day differences",
        f"{len(hol_wrong)} of {fmt_count(n_pairs)}; {len(hol5_wrong)} of {fmt_count(n_pairs)} at n = 5",
        f"days where the data differ: {', '.join(d.isoformat() for d in sorted(disputed)) or 'none'}",
    )
    res.note(
        f"Days sampled uniformly over {START.isoformat()} … {last.isoformat()} (the years with "
        f"published 调休 data), seed {config.seed}; per-op times are the best of {config.repeat} runs."
    )
    res.note(
        "holidays.get_nth_working_day walks day by day (cost grows with |n|); add_workdays is two "
        "table lookups whatever n is."
    )
    res.note(
        "numpy gets the same weekday days off as duban_core (a numpy.busdaycalendar, weekmask "
        "Mon–Fri); it is wrong exactly when a weekend working day (调休上班) lies in the counting "
        'window. Contract semantics need roll="backward" for n > 0 and roll="forward" for n ≤ 0: '
        "two calls, split by sign outside the timing."
    )
    if disputed:
        res.note(
            "holidays differs where duban_core corrects its data: the 2003 五一 golden week was "
            "withdrawn (国务院办公厅关于2003年“五一”放假调休安排的通知); holidays still has it."
        )
    return res


SECTION = Section("workdays", "Working-day arithmetic (工作日)", run)
