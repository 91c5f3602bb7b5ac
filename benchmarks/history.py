"""Looking back over a simulated year (issue 18): ``Ledger.as_of`` and ``oversight.series``.

What an analyst does: the ledger as it stood at each month end, and the monthly trend of
lights and 办结率 by unit. Three ways, timed together on the same year:

* ``oversight.series(ledger, month_ends)`` — one walk over the log for all twelve days;
* twelve ``ledger.as_of(day)`` calls, the same figures computed on each;
* twelve replays of the events up to each day (what a user would write without as_of).

Checked first on exactly those inputs: the series equals the figures computed on each
``as_of(day)``, and ``as_of(day)`` equals the replay of the events up to that day (and the
ledger of ``simulate(until=day)``, which simulates exactly those events).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from duban_core import Ledger, RuleSet
from duban_core.clock import cst_day
from duban_core.events import Event
from duban_core.oversight import alerts, metrics, month_ends, series
from duban_core.simulate import simulate

from ._harness import Config, Section, SectionResult, Trial, check, fmt_count, fmt_time, measure_together

YEAR = 2024


def _figures(ledger: Ledger, day: date) -> tuple[Any, ...]:
    """What one row of the trend needs, computed on a ledger as of ``day``."""
    lights = sorted((a.unit, a.level.value) for a in alerts(ledger, day))
    return (day, lights, metrics(ledger, "lead_unit", as_of=day))


def _by_as_of(ledger: Ledger, days: list[date]) -> list[tuple[Any, ...]]:
    return [_figures(ledger.as_of(day), day) for day in days]


def _by_replay(events: list[Event], days: list[date], rules: RuleSet) -> list[tuple[Any, ...]]:
    out = []
    for day in days:
        past = Ledger.replay([e for e in events if cst_day(e.at) <= day], rules)
        out.append(_figures(past, day))
    return out


def _series_figures(rows: list[Any]) -> dict[date, list[tuple[str, int, int, int, int, int]]]:
    out: dict[date, list[tuple[str, int, int, int, int, int]]] = {}
    for row in rows:
        out.setdefault(row.day, []).append((row.unit, row.green, row.yellow, row.red, row.total, row.closed))
    return out


def run(config: Config) -> SectionResult:
    res = SectionResult("history", SECTION.title, quick=config.quick)
    n = config.size(20_000, 150)
    rules = RuleSet.default()
    sim = simulate(config.seed, year=YEAR, items=n, rules=rules)
    ledger = Ledger.replay(sim.events, rules)
    events = list(ledger.events)
    days = month_ends(YEAR)

    # -- correctness, on the timed inputs ----------------------------------------------------
    for day in (days[2], days[6]):
        past = ledger.as_of(day)
        check(
            past == Ledger.replay([e for e in events if cst_day(e.at) <= day], rules),
            f"as_of({day}) equals the replay of the events up to it",
        )
        check(
            past == simulate(config.seed, year=YEAR, items=n, rules=rules, until=day).replay(),
            f"as_of({day}) equals the simulation stopped that day",
        )
    trend = series(ledger, days)
    by_as_of = _by_as_of(ledger, days)
    figures = _series_figures(trend)
    for day, lights, grouped in by_as_of:
        want = []
        for unit, m in grouped.items():
            levels = [level for u, level in lights if u == unit]
            want.append(
                (unit, levels.count("GREEN"), levels.count("YELLOW"), levels.count("RED"), m.total, m.closed)
            )
        check(figures.get(day, []) == want, f"the series at {day} equals the views on as_of({day})")
    check(_by_replay(events, days[:3], rules) == by_as_of[:3], "as_of and replay give the same figures")

    # -- timing ------------------------------------------------------------------------------
    t_series, t_as_of, t_replay = measure_together(
        [
            Trial("oversight.series", lambda: series(ledger, days), len(days)),
            Trial("12 × as_of + views", lambda: _by_as_of(ledger, days), len(days)),
            Trial("12 × replay + views", lambda: _by_replay(events, days, rules), len(days)),
        ],
        config,
    )
    items = len(ledger)
    res.add(
        f"{fmt_count(items)} items ({fmt_count(len(events))} events), 12 month ends: series",
        fmt_time(t_series.seconds),
        f"{fmt_time(t_series.per_op)} per day",
    )
    res.compare(t_series, t_as_of, label="  series vs 12 separate as_of", min_speedup=1.0)
    res.compare(t_as_of, t_replay, label="  12 × as_of vs 12 × replay", min_speedup=1.0)
    t_one_as_of = measure_together([Trial("as_of(06-30)", lambda: ledger.as_of(days[5]), 1)], config)[0]
    t_one_replay = measure_together(
        [
            Trial(
                "replay to 06-30",
                lambda: Ledger.replay([e for e in events if cst_day(e.at) <= days[5]], rules),
                1,
            )
        ],
        config,
    )[0]
    res.compare(t_one_as_of, t_one_replay, label="  one as_of(06-30) vs its replay", min_speedup=1.0)
    res.note(
        f"simulate(seed={config.seed}, year={YEAR}, items={n}), default rules; the month ends of "
        f"{YEAR}. Each way computes, per day, the lights of every running item and metrics by "
        "lead unit; best of the runs, the three ways alternating round by round."
    )
    return res


SECTION = Section("history", "Looking back: as_of and series over a simulated year", run)
