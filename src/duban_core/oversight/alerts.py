"""Early warning (预警): a traffic light per item whose clock runs, and reports falling due.

S1-2.2 asks the supervision platform for 提醒、预警 — reminders and warnings before a
deadline passes. Two functions answer it:

* :func:`alerts` — one :class:`Alert` per item in ``ASSIGNED``, ``IN_PROGRESS`` or
  ``RETURNED`` (the states in which the unit owes work): **RED** (逾期) when ``on`` is after
  the due day; **YELLOW** (预警) when at most ``rules.warning_workdays`` working days remain
  (``calendar.workdays_between(on, due)``, so on the due day itself 0 remain); else **GREEN**.
  When the rule set also sets ``warning_share`` (e.g. ``0.75``), an item turns YELLOW as
  well once that share of its period has elapsed, counted in working days from the start of
  the deadline in force (the day received, returned for rework, or the extension granted)
  — SLA-style warning for long periods. Both tests apply; either makes the light YELLOW.
  Remaining workdays is the default and always applies (the contract's rule).
* :func:`reports_due` — the progress reports an item owes on its category's schedule
  (每季度末 for 政府工作报告任务, S0-4.2; 月度 S4-23 and 每周 S4-24 where a rule set
  configures them): one :class:`ReportDue` per item with a report outstanding (RED, a report
  day passed with nothing filed since the one before) or coming up within
  ``within_workdays`` working days (YELLOW).

Both are pure functions of the ledger and a day: no clock is read. They cost one pass over
the items; calendar lookups are O(1) and the text of a reason is built once per distinct
deadline, so a million items take about a second.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from typing import NamedTuple

from duban_core._checks import check_day
from duban_core._enums import LabelledEnum, labelled
from duban_core.calendar import ChinaCalendar, format_day
from duban_core.categories import Category
from duban_core.errors import DubanError, RuleViolation
from duban_core.items import Item
from duban_core.machine import CLOCK_STATES, State
from duban_core.rules import DUTY_LABELS, Deadline
from duban_core.ruleset import RuleSet

from . import _view
from ._view import LedgerView, answers_as_of, schedule_clause

__all__ = ["Alert", "Level", "ReportDue", "alert_for", "alerts", "count_levels", "reports_due"]


class Level(LabelledEnum):
    """A traffic light (红黄绿灯) for an item's deadline."""

    GREEN = "GREEN"
    YELLOW = "YELLOW"
    RED = "RED"

    @property
    def light(self) -> str:
        """绿灯 / 黄灯 / 红灯."""
        return _LEVEL_LABELS[self][1]

    @property
    def severity(self) -> int:
        """0 for GREEN, 1 for YELLOW, 2 for RED: sort by it to put the worst first."""
        return _LEVEL_LABELS[self][2]


_LEVEL_LABELS = {
    Level.GREEN: ("正常", "绿灯", 0),
    Level.YELLOW: ("预警", "黄灯", 1),
    Level.RED: ("逾期", "红灯", 2),
}
labelled(Level, {level: labels[0] for level, labels in _LEVEL_LABELS.items()})  # 正常 / 预警 / 逾期


class Alert(NamedTuple):
    """The traffic light of one item on day ``on``.

    ``workdays_left`` is ``calendar.workdays_between(on, due)``: 0 on the due day, negative
    (minus the working days overdue) after it. ``elapsed_share`` is the share of the
    period's working days gone, set only when the rule set warns by share. ``clause`` is the
    clause of the deadline in force (e.g. ``S0-4.4``); ``deadline.explanation`` says how the
    due day was reached.
    """

    item_id: str
    level: Level
    reason: str
    due: date
    workdays_left: int
    unit: str
    category: Category
    state: State
    title: str
    deadline: Deadline
    elapsed_share: float | None
    clause: str | None
    on: date

    @property
    def days_overdue(self) -> int:
        """Calendar days past the due day on the alert's day (0 unless RED)."""
        return max(0, (self.on - self.due).days)


class _Light(NamedTuple):
    level: Level
    workdays_left: int
    share: float | None
    reason: str


class Classifier:
    """Traffic lights for one day under one rule set, each distinct deadline computed once."""

    __slots__ = ("_cache", "_calendar", "_on", "_share", "_threshold")

    def __init__(self, rules: RuleSet, on: date) -> None:
        self._calendar: ChinaCalendar = rules.calendar
        self._on = check_day(on, self._calendar)
        self._threshold = rules.warning_workdays
        self._share = rules.warning_share
        self._cache: dict[object, _Light] = {}

    @property
    def on(self) -> date:
        return self._on

    def __call__(self, deadline: Deadline) -> _Light:
        share_mode = self._share is not None
        key: object = (
            (deadline.start, deadline.due, deadline.provisional)
            if share_mode
            else (
                deadline.due,
                deadline.provisional,
            )
        )
        light = self._cache.get(key)
        if light is None:
            light = self._cache[key] = self._classify(deadline)
        return light

    def _classify(self, deadline: Deadline) -> _Light:
        on, due, calendar = self._on, deadline.due, self._calendar
        left = calendar.workdays_between(on, due)
        share: float | None = None
        if self._share is not None:
            share = _elapsed_share(deadline.start, due, on, calendar)
        when = f"办结期限{format_day(due)}"
        if on > due:
            days = (on - due).days
            reason = f"逾期未办结：{when}，已超期{days}天（{-left}个工作日）"
            level = Level.RED
        elif left <= self._threshold:
            level = Level.YELLOW
            if on == due:
                reason = f"今日到期：{when}，请于今日办结并反馈"
            else:
                reason = f"临近期限：距{when}还有{left}个工作日（预警线{self._threshold}个工作日）"
        elif share is not None and self._share is not None and share >= self._share:
            level = Level.YELLOW
            reason = f"办理时限已过{_pct(share)}（预警线{_pct(self._share)}）：距{when}还有{left}个工作日"
        else:
            level = Level.GREEN
            reason = f"正常办理：距{when}还有{left}个工作日"
        if deadline.provisional:
            reason += "（该期限所在年度放假安排尚未公布，期限为暂定）"
        return _Light(level, left, share, reason)


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


def _elapsed_share(start: date, due: date, on: date, calendar: ChinaCalendar) -> float:
    """The share of the period ``(start, due]`` gone by ``on``, in working days (calendar
    days when the period holds no working day; 1 for a same-day period), clamped to [0, 1]."""
    total = calendar.workdays_between(start, due)
    if total > 0:
        gone = calendar.workdays_between(start, on)
    else:
        total, gone = (due - start).days, (on - start).days
        if total <= 0:
            return 1.0
    return min(1.0, max(0.0, gone / total))


@answers_as_of()
def alerts(ledger: LedgerView, on: date) -> list[Alert]:
    """One :class:`Alert` per item whose clock runs (``ASSIGNED``, ``IN_PROGRESS``,
    ``RETURNED``) on day ``on``, in the ledger's item order (S1-2.2 提醒、预警).

    RED: ``on`` is after the due day (work done on the due day is on time). YELLOW:
    ``workdays_between(on, due) <= rules.warning_workdays`` — or, when
    ``rules.warning_share`` is set, that share of the period's working days has elapsed.
    GREEN otherwise. The due day is the deadline in force (after rework or an extension).

    >>> # a 5日 item received 2024-09-27 is due 2024-10-08 (国庆节):
    >>> # on 2024-09-28 GREEN (3 workdays left), on 2024-10-08 YELLOW, on 2024-10-09 RED
    """
    classify = Classifier(ledger.rules, on)
    out: list[Alert] = []
    append = out.append
    for item in ledger.items.values():
        state = item.state
        if state not in CLOCK_STATES:
            continue
        deadline = item.deadline
        if deadline is None:  # pragma: no cover - a running clock always has a deadline
            continue
        append(_alert(item, deadline, classify))
    return out


def _alert(item: Item, deadline: Deadline, classify: Classifier) -> Alert:
    """The :class:`Alert` of an item whose clock runs: one construction for :func:`alerts`
    and :func:`alert_for`."""
    light = classify(deadline)
    return Alert(
        item.item_id,
        light.level,
        light.reason,
        deadline.due,
        light.workdays_left,
        item.lead_unit,
        item.category,
        item.state,
        item.title,
        deadline,
        light.share,
        deadline.clause,
        classify.on,
    )


def alert_for(ledger: LedgerView, item_id: str, on: date) -> Alert | None:
    """The traffic light of one item on day ``on`` — the same :class:`Alert` that
    :func:`alerts` gives for it — or ``None`` when its clock does not run (not yet
    assigned, reported and awaiting review, closed, archived or cancelled, or not yet drafted
    on that day).

    Answers as of ``on`` like every view (the on rule). An item the ledger does not know at
    all raises :class:`~duban_core.errors.RuleViolation` (``item.unknown``). Costs one
    classification, not a pass over the ledger: for an item's own page.
    """
    if item_id not in ledger.items:
        raise RuleViolation(
            f"没有编号为“{item_id}”的督查事项",
            code="item.unknown",
            en=f"unknown item {item_id!r}",
        )
    ledger = _view.view_as_of(ledger, on)  # through the module: tests switch the rule off there
    items = ledger.items
    if item_id not in items:  # drafted after ``on``: no light on that day
        return None
    item = items[item_id]
    deadline = item.deadline
    if item.state not in CLOCK_STATES or deadline is None:
        return None
    return _alert(item, deadline, Classifier(ledger.rules, on))


# It applies the on rule itself (to tell "not yet drafted that day" from "unknown"); the mark
# lets the tests that list every view taking a day find it like the decorated ones.
alert_for.__dict__["answers_as_of"] = "on"


def count_levels(found: list[Alert]) -> dict[Level, int]:
    """How many alerts of each level (every level present, RED first)."""
    counts = dict.fromkeys((Level.RED, Level.YELLOW, Level.GREEN), 0)
    for alert in found:
        counts[alert.level] += 1
    return counts


# -- progress reports ------------------------------------------------------------------------


class ReportDue(NamedTuple):
    """A progress report an item owes on its category's reporting schedule.

    ``due`` is the report day; a report (进展 or 反馈) filed after ``since`` — the previous
    report day, or the day the item was received — and on or before ``due`` meets it.
    RED: the report day has passed and nothing has been filed since ``since``; YELLOW: it
    falls due within the window asked for. ``workdays_left`` is
    ``workdays_between(on, due)`` (negative once missed).
    """

    item_id: str
    level: Level
    reason: str
    due: date
    since: date
    workdays_left: int
    unit: str
    category: Category
    title: str
    schedule: str
    clause: str
    #: Whose duty the report is (:data:`~duban_core.rules.Duty`): ``"unit"`` for the unit's
    #: progress reports; ``"office"`` / ``"leadership"`` entries are reminders to the office
    #: or the leadership (周督查 S4-24, 月度交账 S4-23), never RED against the unit.
    duty: str = "unit"


class ReportSchedules:
    """Report windows of each (category, received day, item due day), computed once per call.

    Each window is ``(opens, due)``: a report (进展 or 反馈) filed on any day from ``opens``
    to ``due`` meets it — the first opens on the day the item was received, each later one
    on the first day of its period, so a report filed any time in the quarter (even on the
    day received) meets that quarter's report (S0-4.2). Windows run up to, not including,
    the due day of the item's deadline in force: the report due on that day is the final
    feedback itself, whose lateness is an overdue item, not a missed progress report.
    """

    __slots__ = ("_cache", "_rules")

    def __init__(self, rules: RuleSet) -> None:
        self._rules = rules
        self._cache: dict[tuple[Category, date, date], tuple[tuple[date, date], ...]] = {}

    def has_schedule(self, category: Category) -> bool:
        return self._rules.categories[category].reports is not None

    def duty(self, category: Category) -> str:
        schedule = self._rules.categories[category].reports
        return "unit" if schedule is None else schedule.duty

    def unit_duty(self, category: Category) -> bool:
        """Whether the category's schedule is the handling unit's own duty (S0-4.2), not the
        office's 周督查 (S4-24) or the leadership's 月度交账 (S4-23)."""
        schedule = self._rules.categories[category].reports
        return schedule is not None and schedule.duty == "unit"

    def describe(self, category: Category) -> tuple[str, str]:
        """The schedule's Chinese name and its clause."""
        schedule = self._rules.categories[category].reports
        if schedule is None:  # pragma: no cover - callers check has_schedule first
            return "", ""
        return schedule.describe(), schedule_clause(schedule)

    def windows(self, item: Item) -> tuple[tuple[date, date], ...]:
        received, deadline = item.received_on, item.deadline
        schedule = self._rules.categories[item.category].reports
        if received is None or deadline is None or schedule is None:
            return ()
        key = (item.category, received, deadline.due)
        windows = self._cache.get(key)
        if windows is None:
            if deadline.due <= received:
                windows = ()
            else:
                listed = schedule.windows(received, deadline.due - timedelta(1), self._rules.calendar)
                windows = tuple(w for w in listed if w[1] < deadline.due)
            self._cache[key] = windows
        return windows

    def days(self, item: Item) -> tuple[date, ...]:
        """The report days (the windows' last days)."""
        return tuple(due for _opens, due in self.windows(item))


def _due(window: tuple[date, date]) -> date:
    return window[1]


def filed_between(report_days: tuple[date, ...], after: date, upto: date) -> bool:
    """Whether a report day falls in ``(after, upto]`` (``report_days`` ascending)."""
    return bisect_right(report_days, upto) > bisect_right(report_days, after)


@answers_as_of()
def reports_due(ledger: LedgerView, on: date, within_workdays: int | None = None) -> list[ReportDue]:
    """The progress reports items owe on day ``on`` (S0-4.2 每季度末; S4-23 月度, S4-24 每周
    where the rule set gives a category such a schedule), sorted by report day then item.

    For each item whose clock runs and whose category has a reporting schedule, at most one
    entry: **RED** when the latest report day before ``on`` passed with no report filed
    since the report day before it (the report is still outstanding); else **YELLOW** when
    the next report day is at most ``within_workdays`` working days away (default
    ``rules.warning_workdays``; on the day itself 0) and nothing has been filed for it yet.
    Report days stop before the item's due day (the final feedback is due then).

    Each report day ``D`` is met by a report (进展 or 反馈) filed in ``(previous report day,
    D]`` — the windows :func:`~duban_core.oversight.findings` uses. A report filed late clears
    the RED reminder and, falling in the next window, also meets the next report day; the
    miss itself stays a finding.
    """
    rules = ledger.rules
    calendar = rules.calendar
    on = check_day(on, calendar)
    window = rules.warning_workdays if within_workdays is None else within_workdays
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise DubanError(
            f"提前提醒的工作日数（within_workdays）应为非负整数，收到的是 {window!r}",
            code="input.bad_window",
            en=f"within_workdays must be a non-negative int, got {window!r}",
        )
    schedules = ReportSchedules(rules)
    wanted = {c for c in Category if schedules.has_schedule(c)}
    out: list[ReportDue] = []
    if not wanted:
        return out
    for item in ledger.items.values():
        state = item.state
        if state not in CLOCK_STATES:
            continue
        if item.category not in wanted:
            continue
        windows = schedules.windows(item)
        if not windows:
            continue
        filed = item.report_days
        passed = bisect_right(windows, on - timedelta(1), key=_due)  # windows closed before ``on``
        name, clause = schedules.describe(item.category)
        cited = rules.cite(clause)
        unit_duty = schedules.unit_duty(item.category)
        if passed and unit_duty:
            opens, last = windows[passed - 1]
            since = opens - timedelta(1)
            if not filed_between(filed, since, on):
                left = calendar.workdays_between(on, last)
                reason = (
                    f"未按时报送进展：应于{format_day(last)}前报送{name}进展情况（{cited}），"
                    f"自{format_day(opens)}起未报送，已超期{(on - last).days}天"
                )
                out.append(
                    ReportDue(
                        item.item_id,
                        Level.RED,
                        reason,
                        last,
                        since,
                        left,
                        item.lead_unit,
                        item.category,
                        item.title,
                        name,
                        clause,
                    )
                )
                continue
        if passed < len(windows):
            opens, nxt = windows[passed]
            since = opens - timedelta(1)
            left = calendar.workdays_between(on, nxt)
            if not unit_duty:
                if left <= window:
                    when = "今日" if nxt == on else f"{left}个工作日后（{format_day(nxt)}）"
                    who = DUTY_LABELS[schedules.duty(item.category)]
                    reason = f"{who}提醒：{when}应对本事项开展{name}督促检查（{cited}），非承办单位报送义务"
                    out.append(
                        ReportDue(
                            item.item_id,
                            Level.YELLOW,
                            reason,
                            nxt,
                            since,
                            left,
                            item.lead_unit,
                            item.category,
                            item.title,
                            name,
                            clause,
                            schedules.duty(item.category),
                        )
                    )
            elif left <= window and not filed_between(filed, since, on):
                when = "今日" if nxt == on else f"{left}个工作日后（{format_day(nxt)}）"
                reason = f"进展报送提醒：{when}应报送{name}进展情况（{cited}）"
                out.append(
                    ReportDue(
                        item.item_id,
                        Level.YELLOW,
                        reason,
                        nxt,
                        since,
                        left,
                        item.lead_unit,
                        item.category,
                        item.title,
                        name,
                        clause,
                    )
                )
    out.sort(key=lambda r: (r.due, r.item_id))
    return out
