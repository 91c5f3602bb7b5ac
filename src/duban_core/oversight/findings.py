"""Findings (督查发现): what the rules say deserves follow-up or a bulletin on a given day.

:func:`findings` lists, as of day ``on``:

* ``OVERDUE`` 逾期未办结 — an item whose clock runs (``ASSIGNED``, ``IN_PROGRESS``,
  ``RETURNED``) and whose due day has passed: 未按时完成 (S1-2.6; S0-6.3 scoring).
* ``REPORT_MISSED`` 未按时报送进展 — a progress report missed on the item's schedule
  (每季度末 S0-4.2; 月度 S4-23 or 每周 S4-24 where configured). A report day ``D`` is
  missed when ``on > D`` and the item has no report (进展 or 反馈, ``Item.report_days``) in
  ``(previous report day, D]`` — the previous report day being the day received for the
  first. Report days stop before the item's due day (then the final feedback is due, and
  its lateness is ``OVERDUE``). One finding per missed report day.
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

from bisect import bisect_right
from datetime import date, timedelta
from enum import Enum
from typing import NamedTuple

from duban_core.calendar import format_day
from duban_core.errors import DubanError
from duban_core.events import BulletinKind
from duban_core.machine import State
from duban_core.ruleset import EscalationStep, RuleSet

from ._view import ASSIGNED, IN_PROGRESS, RETURNED, Ladder, LedgerView, check_day
from .alerts import ReportSchedules, filed_between

__all__ = ["Finding", "FindingKind", "findings"]


class FindingKind(str, Enum):
    """What a finding is about."""

    OVERDUE = "OVERDUE"
    REPORT_MISSED = "REPORT_MISSED"
    RECTIFICATION_MISSED = "RECTIFICATION_MISSED"
    UNRESPONSIVE = "UNRESPONSIVE"

    @property
    def label(self) -> str:
        """The kind in Chinese."""
        return _KIND_INFO[self][0]

    @property
    def clause(self) -> str:
        """The clause that makes it a failure."""
        return _KIND_INFO[self][1]


_KIND_INFO = {
    FindingKind.OVERDUE: ("逾期未办结", "S1-2.6"),
    FindingKind.REPORT_MISSED: ("未按时报送进展", "S0-4.2"),
    FindingKind.RECTIFICATION_MISSED: ("未按时报送整改报告", "S1-2.6"),
    FindingKind.UNRESPONSIVE: ("多次催办无回应", "S0-5.1"),
}
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


def findings(ledger: LedgerView, on: date, *, urge_threshold: int = 3) -> list[Finding]:
    """What deserves follow-up or a bulletin on day ``on`` (see the module documentation),
    worst first: by escalation level, then working days overdue, then kind, unit and id."""
    rules = ledger.rules
    calendar = rules.calendar
    on = check_day(on, calendar)
    if isinstance(urge_threshold, bool) or not isinstance(urge_threshold, int) or urge_threshold < 1:
        raise DubanError(f"urge_threshold must be a positive int, got {urge_threshold!r}")
    ladder = Ladder(rules.escalation)
    top = len(ladder)
    workdays_between = calendar.workdays_between
    schedules = ReportSchedules(rules)
    scheduled = {c for c in rules.categories if schedules.has_schedule(c)}
    out: list[Finding] = []

    def add(
        kind: FindingKind,
        unit: str,
        item_id: str | None,
        bulletin_id: str | None,
        due: date,
        reason: str,
        clause: str,
    ) -> None:
        late = max(0, workdays_between(due, on))
        level, step = ladder.rung(late)
        if step is not None:
            reason += f"。督办建议：{step.action}（依据{rules.cite(step.clause, short=True)}）"
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
                max(0, (on - due).days),
                level,
                step,
                top > 0 and level == top,
            )
        )

    for item in ledger.items.values():
        state = item.state
        if state is not IN_PROGRESS and state is not ASSIGNED and state is not RETURNED:
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
                f"属未按时完成督查事项（{rules.cite('S1-2.6')}）",
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
                + f"，承办单位未签收、报送进展、反馈或申请延期（{rules.cite('S0-5.1')}）",
                FindingKind.UNRESPONSIVE.clause,
            )
        if item.category in scheduled:
            days = schedules.days(item)
            missed_upto = bisect_right(days, on - timedelta(1))  # report days before ``on``
            if not missed_upto:
                continue
            received = item.received_on
            assert received is not None
            name, clause = schedules.describe(item.category)
            previous = received
            for report_day in days[:missed_upto]:
                if not filed_between(item.report_days, previous, report_day):
                    add(
                        FindingKind.REPORT_MISSED,
                        item.lead_unit,
                        item.item_id,
                        None,
                        report_day,
                        f"「{item.title}」应于{format_day(report_day)}报送{name}进展情况（{rules.cite(clause)}），"
                        f"{format_day(previous + timedelta(1))}至该日未报送，属未按督查要求上报（{rules.cite('S1-2.6')}）",
                        clause,
                    )
                previous = report_day

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
                f"应在一周内即{format_day(due)}前报送书面整改报告（{rules.cite('S1-2.6')}），截至{format_day(on)}未报送",
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
