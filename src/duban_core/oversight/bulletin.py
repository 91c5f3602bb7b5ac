"""A draft 督查通报 (S0-3.6, S2-3.1, S4-26) rendered from the ledger as of a day.

:func:`draft_bulletin` writes Markdown in Chinese: the overall figures, what closed on time,
what is overdue and why the deadline is what it is, missed reports, and which units the
rules recommend for praise or criticism, with the reasons and clauses. It is a **draft for
the office to review**: the library never issues a bulletin (recording one is a
``BulletinIssued`` event the office sends).

Recommendations (each a rule a reader can check):

* **praise** (通报表扬, S0-6.3 对工作完成及时、表现良好的单位予以通报表扬): a lead unit that
  closed at least one item in the period, every one on time, with no finding against it on
  ``on`` and no criticism in the period;
* **criticism** (通报批评, S1-2.6 未按时、未按要求完成或未按要求上报): a unit with a finding
  that reached the last rung of the escalation ladder (``Finding.recommend_criticism``;
  default: 10 working days overdue → 建议书面通报批评).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from duban_core._checks import check_day
from duban_core.calendar import format_day
from duban_core.errors import DubanError
from duban_core.events import BulletinKind

from ._view import LedgerView, answers_as_of, percent
from .alerts import Level, alerts, count_levels
from .assessment import assess
from .findings import Finding, FindingKind, findings
from .metrics import metrics

__all__ = ["draft_bulletin"]


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def _short(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@answers_as_of()
def draft_bulletin(
    ledger: LedgerView,
    on: date,
    *,
    period: tuple[date, date] | None = None,
    title: str | None = None,
    limit: int = 20,
) -> str:
    """A draft 督查通报 in Markdown as of ``on``.

    ``period`` (inclusive) is what the figures and the lists of closings cover (default: 1
    January of ``on``'s year to ``on``); overdue items, missed reports and recommendations
    are as of ``on``. Lists are cut at ``limit`` entries (worst first) with a count of the
    rest. Pure: the same ledger and arguments give the same text.
    """
    calendar = ledger.rules.calendar
    on = check_day(on, calendar)
    if period is None:
        start, end = date(on.year, 1, 1), on
    else:
        try:
            start, end = period
        except (TypeError, ValueError):
            raise DubanError(
                "通报期间（period）应为（开始日期, 截止日期）两个日期",
                code="input.bad_period",
                en="period must be a (start, end) pair of dates",
            ) from None
        start, end = check_day(start, calendar, "period start"), check_day(end, calendar, "period end")
        if end < start:
            raise DubanError(
                f"通报期间的截止日期 {end.isoformat()} 早于开始日期 {start.isoformat()}",
                code="input.span_reversed",
                en=f"period end {end.isoformat()} is before its start {start.isoformat()}",
            )
        end = min(end, on)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise DubanError(
            f"列出条数（limit）应为正整数，收到的是 {limit!r}",
            code="input.bad_limit",
            en=f"limit must be a positive int, got {limit!r}",
        )

    received = metrics(ledger, start=start, end=end, as_of=on)
    closed = metrics(ledger, start=start, end=end, basis="closed", as_of=on)
    closed_by_unit = metrics(ledger, "lead_unit", start=start, end=end, basis="closed", as_of=on)
    lights = count_levels(alerts(ledger, on))
    found = findings(ledger, on)
    items = ledger.items
    year_record = assess(ledger, on.year, on)

    lines: list[str] = []
    heading = title or f"{on.year}年督查工作通报"
    lines += [
        f"# {heading}",
        "",
        f"统计期间：{_short(start)}至{_short(end)}；截至{format_day(on)}。",
        "",
        "> 本通报为 duban_core 依据督查规则生成的草稿，通报表扬、批评均为建议，"
        "须经督查室审核、领导审定后方可印发（S0-3.6、S4-26）。",
        "",
        "## 一、总体情况",
        "",
        f"- 本期交办督查事项{received.total}件，已办结{received.closed}件（办结率{percent(received.completion_rate)}），"
        f"其中按时办结{received.on_time}件；退回重办{received.reworked}件。",
        f"- 本期办结督查事项{closed.closed}件，其中按时办结{closed.on_time}件（按时办结率{percent(closed.on_time_rate)}）"
        + (
            f"，平均办理{closed.average_handling_workdays:.1f}个工作日"
            if closed.average_handling_workdays is not None
            else ""
        )
        + "。",
        f"- 截至{_short(on)}在办事项{sum(lights.values())}件：红灯（逾期）{lights[Level.RED]}件、"
        f"黄灯（临近期限）{lights[Level.YELLOW]}件、绿灯{lights[Level.GREEN]}件。",
    ]
    if received.evaluated:
        lines.append(
            f"- 人大代表建议、政协委员提案测评{received.evaluated}件，满意率{percent(received.satisfaction_rate)}"
            f"（目标100%，S2-2.1）。"
        )
    lines.append("")

    # -- 二、按时办结 ---------------------------------------------------------------------------
    lines += ["## 二、按时办结情况", ""]
    if closed.closed:
        lines += ["| 责任单位 | 办结 | 按时办结 | 按时办结率 | 平均办理工作日 |", "|---|---:|---:|---:|---:|"]
        ranked = sorted(closed_by_unit.items(), key=lambda kv: (-kv[1].on_time, -kv[1].closed, kv[0]))
        for unit, m in ranked[:limit]:
            average = m.average_handling_workdays
            lines.append(
                f"| {_cell(unit)} | {m.closed} | {m.on_time} | {percent(m.on_time_rate)} | "
                f"{'—' if average is None else f'{average:.1f}'} |"
            )
        if len(ranked) > limit:
            lines.append(f"| 等{len(ranked)}个单位 | | | | |")
        lines.append("")
        on_time = [
            item
            for item in items.values()
            if item.closed_on is not None and start <= item.closed_on <= end and item.closed_on_time
        ]
        on_time.sort(key=lambda item: (item.closed_on or end, item.item_id), reverse=True)
        lines.append("按时办结的事项（最近办结在前）：")
        lines.append("")
        for item in on_time[:limit]:
            due = item.deadline.due if item.deadline is not None else None
            lines.append(
                f"- 「{item.title}」（{item.lead_unit}；{item.category.label}）于{_short(item.closed_on or end)}办结"
                + (f"，期限{_short(due)}" if due is not None else "")
            )
        if len(on_time) > limit:
            lines.append(f"- ……等共{len(on_time)}件")
        if not on_time:
            lines.append("- 本期无按时办结事项。")
    else:
        lines.append("本期无办结事项。")
    lines.append("")

    # -- 三、逾期未办结 -------------------------------------------------------------------------
    overdue = [f for f in found if f.kind is FindingKind.OVERDUE]
    lines += ["## 三、逾期未办结事项", ""]
    if overdue:
        lines.append(f"截至{_short(on)}，逾期未办结事项{len(overdue)}件（按逾期时间由长到短）：")
        lines.append("")
        for n, f in enumerate(overdue[:limit], start=1):
            late = items.get(f.item_id) if f.item_id is not None else None
            name = late.title if late is not None else f.item_id
            lines.append(
                f"{n}. **「{name}」**（{f.item_id}）责任单位：{f.unit}；办结期限{_short(f.due)}；"
                f"已逾期{f.days_overdue}天（{f.workdays_overdue}个工作日）"
                + (f"；督办建议：{f.action}（{f.escalation.clause}）" if f.escalation is not None else "")
            )
            if late is not None and late.deadline is not None:
                lines.append(f"   - 期限说明：{late.deadline.explanation}")
        if len(overdue) > limit:
            lines.append(f"{limit + 1}. ……等共{len(overdue)}件")
    else:
        lines.append(f"截至{_short(on)}无逾期未办结事项。")
    lines.append("")

    # -- 四、未按要求报送 -----------------------------------------------------------------------
    others = [f for f in found if f.kind is not FindingKind.OVERDUE]
    lines += ["## 四、未按要求报送及催办情况", ""]
    if others:
        for f in others[:limit]:
            lines.append(f"- 【{f.kind.label}】{f.reason}")
        if len(others) > limit:
            lines.append(f"- ……等共{len(others)}项")
    else:
        lines.append("无未按要求报送进展或整改报告的情况。")
    lines.append("")

    # -- 五、六：表扬与批评建议 -----------------------------------------------------------------
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        by_unit[f.unit].append(f)
    criticised_in_period = {
        unit
        for bulletin in ledger.bulletins.values()
        if bulletin.kind is BulletinKind.CRITICISM and start <= bulletin.issued_on <= on
        for unit in bulletin.units
    }
    praise = [
        (unit, m)
        for unit, m in closed_by_unit.items()
        if m.closed and m.on_time == m.closed and unit not in by_unit and unit not in criticised_in_period
    ]
    praise.sort(key=lambda um: (-um[1].closed, um[0]))
    lines += ["## 五、拟通报表扬", ""]
    if praise:
        for unit, m in praise[:limit]:
            lines.append(
                f"- **{unit}**：本期办结督查事项{m.closed}件，全部按时办结，无逾期、漏报情况"
                "（S0-6.3 对工作完成及时、表现良好的单位予以通报表扬）。"
            )
        if len(praise) > limit:
            lines.append(f"- ……等共{len(praise)}个单位")
    else:
        lines.append("本期无符合通报表扬条件的单位。")
    lines.append("")

    critical = sorted(
        ((unit, fs) for unit, fs in by_unit.items() if any(f.recommend_criticism for f in fs)),
        key=lambda uf: (-max(f.workdays_overdue for f in uf[1]), uf[0]),
    )
    rules = ledger.rules
    lines += ["## 六、拟通报批评", ""]
    if critical:
        for unit, fs in critical[:limit]:
            lines.append(f"- **{unit}**：{_why(fs)}。")
        if len(critical) > limit:
            lines.append(f"- ……等共{len(critical)}个单位")
        consequence = f"依S0-6.3，每被书面通报批评1次，扣减“政令畅通”目标分值{rules.points_per_criticism}分"
        if rules.criticism_blocks_excellent:
            consequence += "；依S1-2.6，被通报单位年度目标责任考核不得评为优秀"
        consequence += "，并须自通报之日起一周内向政府说明情况、提出整改措施、形成书面整改报告（S1-2.6）。"
        lines += ["", consequence]
    else:
        lines.append("本期无达到通报批评条件的单位。")
    pending = [unit for unit in by_unit if unit not in {u for u, _ in critical}]
    if pending:
        lines += [
            "",
            f"另有{len(pending)}个单位存在逾期、漏报或催办无回应情况，尚未达到通报批评条件，建议按督办梯度跟进："
            + "、".join(sorted(pending)[:limit])
            + ("等" if len(pending) > limit else "")
            + "。",
        ]
    lines.append("")

    # -- 七、年度考核 ---------------------------------------------------------------------------
    noted = [a for a in year_record.values() if a.criticisms or a.praises]
    lines += [f"## 七、{on.year}年度通报及考核情况", ""]
    if noted:
        lines += [
            "| 单位 | 通报表扬 | 通报批评 | 扣分 | 可评优秀 | 未按期整改 |",
            "|---|---:|---:|---:|:---:|---:|",
        ]
        noted.sort(key=lambda a: (-a.points_deducted, -a.criticisms, -a.praises, a.unit))
        for a in noted[:limit]:
            lines.append(
                f"| {_cell(a.unit)} | {a.praises} | {a.criticisms} | {a.points_deducted} | "
                f"{'是' if a.excellent_allowed else '否'} | {a.rectifications_missing} |"
            )
        if len(noted) > limit:
            lines.append(f"| 等{len(noted)}个单位 | | | | | |")
        lines += ["", "扣分依据S0-6.3，不得评为优秀依据S1-2.6。"]
    else:
        lines.append(f"{on.year}年度截至目前未发布通报。")
    lines.append("")
    return "\n".join(lines)


def _why(fs: list[Finding]) -> str:
    parts = []
    for kind in FindingKind:
        of_kind = [f for f in fs if f.kind is kind]
        if not of_kind:
            continue
        worst = max(f.workdays_overdue for f in of_kind)
        parts.append(f"{kind.label}{len(of_kind)}项（最长逾期{worst}个工作日，{kind.clause}）")
    return "；".join(parts)
