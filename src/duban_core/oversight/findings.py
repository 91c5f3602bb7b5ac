"""Findings (督查发现): what the rules say deserves follow-up or a bulletin on a given day.

:func:`findings` lists, as of day ``on``:

* ``OVERDUE`` 逾期未办结 — an item whose clock runs (``ASSIGNED``, ``IN_PROGRESS``,
  ``RETURNED``) and whose due day has passed: 未按时完成 (S1-2.6; S0-6.3 scoring).
* ``REPORT_MISSED`` 未按时报送进展 — a progress report missed on the item's schedule
  (每季度末 S0-4.2, or any schedule a rule set makes the unit's duty). A report day ``D``
  is missed when ``on > D`` and the item has no report (进展 or 反馈, ``Item.report_days``)
  in its period — from the period's first day (the day received for the first period, so a
  report filed that very day counts) to ``D``. Report days stop before the item's due day
  (then the final feedback is due, and its lateness is ``OVERDUE``). One finding per missed
  report day. Schedules that are duties of the office (周督查 S4-24) or of the leadership
  bodies (月度交账 S4-23) never give findings against the unit.
* ``LATE_FEEDBACK`` 逾期反馈 — an item whose feedback (反馈) came after the deadline in force
  when it was filed (``Item.late_feedback``), whatever happened next: reported, returned and
  resubmitted on time, or closed. Late is late (S1-2.6 未按时完成): the finding names the
  item and its lead unit so the unit can be recommended for criticism. It escalates by the
  working days the feedback was late, not by ``on``, and is no longer listed once a
  criticism bulletin issued on or before ``on`` names both the item and the unit.
* ``RECTIFICATION_MISSED`` 未按时报送整改报告 — a unit criticised in a bulletin issued on or
  before ``on`` that has not filed its 整改报告 by ``on``, although the week allowed
  (``rules.rectification_due(issued_on)``, S1-2.6) has passed.
* ``UNRESPONSIVE`` 多次催办无回应 — an item urged at least ``urge_threshold`` times
  (default 3) since the units last acted on it (``Item.urges_since_response``; S0-5.1
  催办督查, S0-6.2 杜绝推卸).

Each finding carries an **escalation** from ``rules.escalation``, by the working days past
its due day: the last rung reached (default ladder: 1 → 电话催办, 3 → 发督办通知书,
6 → 提请区政府领导督办, 10 → 建议书面通报批评). Reaching the ladder's last rung sets
``recommend_criticism``. An ``UNRESPONSIVE`` finding escalates by the item's own overdue
days (none while the item is not yet due).

Findings are **recommendations only**: the library never issues a bulletin. Items are read
as the ledger stands; pass an ``on`` at or after the last event for a faithful picture.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from duban_core._checks import check_day
from duban_core._enums import LabelledEnum, labelled
from duban_core.calendar import format_day
from duban_core.errors import DubanError
from duban_core.events import BulletinKind
from duban_core.machine import CLOCK_STATES, State
from duban_core.ruleset import EscalationStep, RuleSet

from ._view import CANCELLED, Ladder, LedgerView, answers_as_of
from .alerts import ReportSchedules, filed_between

__all__ = ["Finding", "FindingKind", "findings"]


class FindingKind(LabelledEnum):
    """What a finding is about."""

    OVERDUE = "OVERDUE"
    LATE_FEEDBACK = "LATE_FEEDBACK"
    REPORT_MISSED = "REPORT_MISSED"
    RECTIFICATION_MISSED = "RECTIFICATION_MISSED"
    UNRESPONSIVE = "UNRESPONSIVE"

    @property
    def clause(self) -> str:
        """The clause that makes it a failure."""
        return _KIND_INFO[self][1]


_KIND_INFO = {
    FindingKind.OVERDUE: ("逾期未办结", "S1-2.6"),
    FindingKind.LATE_FEEDBACK: ("逾期反馈", "S1-2.6"),
    FindingKind.REPORT_MISSED: ("未按时报送进展", "S0-4.2"),
    FindingKind.RECTIFICATION_MISSED: ("未按时报送整改报告", "S1-2.6"),
    FindingKind.UNRESPONSIVE: ("多次催办无回应", "S0-5.1"),
}
labelled(FindingKind, {kind: info[0] for kind, info in _KIND_INFO.items()})
_KIND_ORDER = {kind: i for i, kind in enumerate(FindingKind)}


class Finding(NamedTuple):
    """One thing the rules say deserves follow-up, with the action the ladder recommends.

    ``unit`` is the unit answerable (an item's lead unit, which files the combined report,
    S4-20(一); a criticised unit for a rectification report). ``due`` is the day missed.
    ``clause`` is the rule broken (an ID; ``reason`` cites it in words); ``escalation`` the rung of ``rules.escalation`` reached
    (``escalation_level`` 0 and ``None`` below the first rung).
    """

    kind: FindingKind
    unit: str
    item_id: str | None
    bulletin_id: str | None
    due: date
    reason: str
    clause: str
    workdays_overdue: int
    days_overdue: int
    escalation_level: int
    escalation: EscalationStep | None
    recommend_criticism: bool

    @property
    def action(self) -> str | None:
        """The recommended action (e.g. ``发督办通知书``), or ``None``."""
        return None if self.escalation is None else self.escalation.action


@answers_as_of()
def findings(ledger: LedgerView, on: date, *, urge_threshold: int = 3) -> list[Finding]:
    """What deserves follow-up or a bulletin on day ``on`` (see the module documentation),
    worst first: by escalation level, then working days overdue, then kind, unit and id."""
    rules = ledger.rules
    calendar = rules.calendar
    on = check_day(on, calendar)
    if isinstance(urge_threshold, bool) or not isinstance(urge_threshold, int) or urge_threshold < 1:
        raise DubanError(
            f"催办次数阈值（urge_threshold）应为正整数，收到的是 {urge_threshold!r}",
            code="input.bad_threshold",
            en=f"urge_threshold must be a positive int, got {urge_threshold!r}",
        )
    ladder = Ladder(rules.escalation)
    top = len(ladder)
    # A few clauses are cited in thousands of reasons: each citation is put in words once
    # per call (a cache that lives as long as this call, not the process).
    cite = cache(rules.cite)
    workdays_between = calendar.workdays_between
    schedules = ReportSchedules(rules)
    # Only the unit's own reports (S0-4.2): 月度交账 (S4-23) and 周督查 (S4-24) are duties of
    # the leadership bodies and of the office, so missing them is no finding against the unit.
    scheduled = {c for c in rules.categories if schedules.unit_duty(c)}
    out: list[Finding] = []

    def add(
        kind: FindingKind,
        unit: str,
        item_id: str | None,
        bulletin_id: str | None,
        due: date,
        reason: str,
        clause: str,
        upto: date = on,
    ) -> None:
        late = max(0, workdays_between(due, upto))
        level, step = ladder.rung(late)
        if step is not None:
            reason += f"。督办建议：{step.action}（依据{cite(step.clause, short=True)}）"
        out.append(
            Finding(
                kind,
                unit,
                item_id,
                bulletin_id,
                due,
                reason,
                clause,
                late,
                max(0, (upto - due).days),
                level,
                step,
                top > 0 and level == top,
            )
        )

    criticised = {
        (item_id, unit)
        for bulletin in ledger.bulletins.values()
        if bulletin.kind is BulletinKind.CRITICISM and bulletin.issued_on <= on
        for item_id in bulletin.item_ids
        for unit in bulletin.units
    }
    for item in ledger.items.values():
        state = item.state
        late = item.late_feedback
        if (
            late is not None
            and late[1] <= on
            and state is not CANCELLED
            and (item.item_id, item.lead_unit) not in criticised
        ):
            missed, reported = late
            add(
                FindingKind.LATE_FEEDBACK,
                item.lead_unit,
                item.item_id,
                None,
                missed,
                f"「{item.title}」办结期限{format_day(missed)}，{format_day(reported)}才反馈，"
                f"逾期{(reported - missed).days}天（{workdays_between(missed, reported)}个工作日）；"
                f"此后虽经退回重办或审核办结，仍属未按时完成督查事项（{cite('S1-2.6')}）",
                FindingKind.LATE_FEEDBACK.clause,
                upto=reported,
            )
        if state not in CLOCK_STATES:
            continue
        deadline = item.deadline
        if deadline is None:  # pragma: no cover - a running clock always has a deadline
            continue
        due = deadline.due
        if on > due:
            add(
                FindingKind.OVERDUE,
                item.lead_unit,
                item.item_id,
                None,
                due,
                f"「{item.title}」{_STATE_NOTE[state]}：办结期限{format_day(due)}（{_basis(rules, deadline.clause)}），"
                f"截至{format_day(on)}未办结，已逾期{(on - due).days}天（{workdays_between(due, on)}个工作日），"
                f"属未按时完成督查事项（{cite('S1-2.6')}）",
                FindingKind.OVERDUE.clause,
            )
        if item.urges_since_response >= urge_threshold:
            last = item.last_urged_on
            add(
                FindingKind.UNRESPONSIVE,
                item.lead_unit,
                item.item_id,
                None,
                due,
                f"「{item.title}」已连续催办{item.urges_since_response}次"
                + (f"（最近一次{format_day(last)}）" if last is not None else "")
                + f"，承办单位未签收、报送进展、反馈或申请延期（{cite('S0-5.1')}）",
                FindingKind.UNRESPONSIVE.clause,
            )
        if item.category in scheduled:
            windows = schedules.windows(item)
            received = item.received_on
            assert received is not None
            name, clause = schedules.describe(item.category)
            for opens, report_day in windows:
                if report_day >= on:  # a report day is missed only once it has passed
                    break
                if not filed_between(item.report_days, opens - timedelta(1), report_day):
                    add(
                        FindingKind.REPORT_MISSED,
                        item.lead_unit,
                        item.item_id,
                        None,
                        report_day,
                        f"「{item.title}」应于{format_day(report_day)}报送{name}进展情况（{cite(clause)}），"
                        f"{format_day(opens)}至该日未报送，属未按督查要求上报（{cite('S1-2.6')}）",
                        clause,
                    )

    for bulletin in ledger.bulletins.values():
        if bulletin.kind is not BulletinKind.CRITICISM or bulletin.issued_on > on:
            continue
        due = rules.rectification_due(bulletin.issued_on).due
        if on <= due:
            continue
        for unit in bulletin.units:
            filed = bulletin.rectified_on(unit)
            if filed is not None and filed <= on:
                continue
            add(
                FindingKind.RECTIFICATION_MISSED,
                unit,
                None,
                bulletin.bulletin_id,
                due,
                f"{unit}于{format_day(bulletin.issued_on)}被通报批评（{bulletin.bulletin_id}），"
                f"应在一周内即{format_day(due)}前报送书面整改报告（{cite('S1-2.6')}），截至{format_day(on)}未报送",
                FindingKind.RECTIFICATION_MISSED.clause,
            )

    out.sort(
        key=lambda f: (
            -f.escalation_level,
            -f.workdays_overdue,
            _KIND_ORDER[f.kind],
            f.unit,
            f.item_id or "",
            f.bulletin_id or "",
            f.due,
        )
    )
    return out


def _basis(rules: RuleSet, clause: str | None) -> str:
    """Where a recorded deadline comes from, in words (its clause may come from a rule set
    the ledger no longer uses: then the ID is all there is to show)."""
    if clause is None:
        return "规定时限"
    try:
        return "依据" + rules.cite(clause, short=True)
    except DubanError:
        return clause


_STATE_NOTE = {
    State.ASSIGNED: "交办后尚未签收",
    State.IN_PROGRESS: "正在办理",
    State.RETURNED: "退回重办后尚未反馈",
}
