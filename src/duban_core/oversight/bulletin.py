"""A draft 督查通报 (S0-3.6, S2-3.1, S4-14(13), S4-26) as a 公文 the office can edit and issue.

:func:`draft_bulletin` returns a :class:`BulletinDraft`: the parts of a bulletin as the seeds'
offices write them — 标题 and 期号, 主送, a body in the 通报 order (一、基本情况；二、存在的
问题；三、通报表扬；四、通报批评；五、下一步要求), 落款 and 成文日期 — rendered as plain text
(:meth:`BulletinDraft.text`, ``str(draft)``) or as a Word file a clerk opens and edits
(:meth:`BulletinDraft.to_docx`, optional extra ``duban_core[docx]``). The text reads as the
office would issue it: no clause IDs, no traffic-light counts, no library name.

What the rules recommend stays out of the text, as data: :attr:`BulletinDraft.proposals`
(each a :class:`Proposal` with its reason and clause IDs) for the office to accept or strike
before issuing. The library never issues a bulletin (recording one is a ``BulletinIssued``
event the office or a leader sends).

Recommendations (each a rule a reader can check):

* **praise** (通报表扬, S0-6.3 对工作完成及时、表现良好的单位予以通报表扬): a lead unit that
  closed at least one item in the period, every one on time, with no finding against it on
  ``on`` and no criticism in the period;
* **criticism** (通报批评, S1-2.6 未按时、未按要求完成或未按要求上报): a unit with a finding
  that reached the last rung of the escalation ladder (``Finding.recommend_criticism``;
  default: 10 working days overdue → 建议书面通报批评) — except a finding on an item for
  which a criticism bulletin already named the unit: a unit is criticised once per item.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from duban_core._checks import check_day
from duban_core.errors import ConfigurationError, DubanError
from duban_core.events import BulletinKind

from ._view import LedgerView, answers_as_of, percent
from .findings import Finding, FindingKind, findings
from .metrics import metrics

__all__ = ["BulletinDraft", "Proposal", "draft_bulletin"]

#: 主送 when the caller names none: the units a district's bulletin goes to (S0's addressees).
DEFAULT_ADDRESSEES = "各乡镇人民政府、街道办事处，区政府各部门"
#: 落款 when the caller names none.
DEFAULT_ISSUER = "区人民政府督查室"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class Proposal:
    """A recommendation behind the draft, for the office's review (never printed in it):
    ``kind`` praise or criticism, the ``unit``, the ``items`` concerned, the ``reason`` in
    Chinese and the ``clauses`` (IDs) that support it."""

    kind: BulletinKind
    unit: str
    reason: str
    clauses: tuple[str, ...]
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class BulletinDraft:
    """A draft 督查通报: the parts of the 公文, and the proposals behind it.

    ``sections`` are the body's parts in order, each a heading (``一、基本情况``) and its
    paragraphs. ``proposals`` are not part of the text.
    """

    title: str
    issue: str
    addressees: str
    opening: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    issuer: str
    dated: date
    proposals: tuple[Proposal, ...] = field(default=())

    def text(self) -> str:
        """The bulletin as plain text for a terminal: 版头 (督查工作通报, 期号, 编发单位 and
        date), 标题, 主送, body, 落款 and 成文日期; paragraphs indented two full-width spaces."""
        indent = "\u3000\u3000"
        lines = [
            "督查工作通报",
            self.issue,
            f"{self.issuer}　　　　{_day(self.dated)}",
            "",
            self.title,
            "",
            f"{self.addressees}：",
            indent + self.opening,
        ]
        for heading, paragraphs in self.sections:
            lines.append(indent + heading)
            lines.extend(indent + p for p in paragraphs)
        lines += ["", self.issuer, _day(self.dated)]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.text()

    def to_docx(self, stream: IO[bytes] | None = None) -> bytes:
        """The bulletin as a Word document (.docx) a clerk can open and edit; returns its bytes
        and also writes them to ``stream`` when one is given (the library opens no file).

        Needs the optional extra ``duban_core[docx]`` (python-docx); without it a
        :class:`~duban_core.errors.ConfigurationError` says how to install it.
        """
        try:
            import docx
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.shared import Pt
        except ImportError:
            raise ConfigurationError(
                "导出Word文件需要安装python-docx：pip install duban_core[docx]",
                code="bulletin.docx_unavailable",
                en="writing .docx needs python-docx: pip install duban_core[docx]",
            ) from None
        document = docx.Document()
        style = document.styles["Normal"]
        style.font.size = Pt(16)  # 三号, the body size of 公文 (GB/T 9704-2012)

        def centred(text: str, size: int, bold: bool = False) -> None:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.font.size = Pt(size)
            run.bold = bold

        def body(text: str, bold: bool = False) -> None:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
            run = paragraph.add_run(text)
            run.bold = bold

        def right(text: str) -> None:
            paragraph = document.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

        centred("督查工作通报", 26, bold=True)
        centred(self.issue, 16)
        centred(f"{self.issuer}　　　　{_day(self.dated)}", 16)
        centred(self.title, 22, bold=True)
        document.add_paragraph(f"{self.addressees}：")
        body(self.opening)
        for heading, paragraphs in self.sections:
            body(heading, bold=True)
            for text in paragraphs:
                body(text)
        right(self.issuer)
        right(_day(self.dated))
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()
        if stream is not None:
            stream.write(data)
        return data


@answers_as_of()
def draft_bulletin(
    ledger: LedgerView,
    on: date,
    *,
    period: tuple[date, date] | None = None,
    title: str | None = None,
    limit: int = 20,
    issue: str | None = None,
    addressees: str | None = None,
    issuer: str | None = None,
) -> BulletinDraft:
    """A draft 督查通报 as of ``on`` (成文日期).

    ``period`` (inclusive) is what the figures cover (default: 1 January of ``on``'s year to
    ``on``); problems and proposals are as of ``on``. ``issue`` is the 期号 (default: the
    next number after the bulletins recorded in ``on``'s year, ``2024年第3期``);
    ``addressees`` the 主送 and ``issuer`` the 落款 (defaults: a district's). Lists are cut
    at ``limit`` entries (worst first) with a count of the rest. Pure: the same ledger and
    arguments give the same draft.
    """
    rules = ledger.rules
    calendar = rules.calendar
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
    closed_by_unit = metrics(ledger, "lead_unit", start=start, end=end, basis="closed", as_of=on)
    closed = metrics(ledger, start=start, end=end, basis="closed", as_of=on)
    found = findings(ledger, on)
    items = ledger.items
    span = f"{_day(start)}至{_day(end)}"
    year_count = sum(
        1 for b in ledger.bulletins.values() if b.issued_on.year == on.year and b.issued_on <= on
    )

    # -- 一、基本情况 ------------------------------------------------------------------------------
    overview = (
        f"{span}，共交办督查事项{received.total}件，已办结{received.closed}件，办结率{percent(received.completion_rate)}；"
        f"期间办结事项{closed.closed}件，其中按时办结{closed.on_time}件，按时办结率{percent(closed.on_time_rate)}。"
    )
    if received.evaluated:
        overview += f"人大代表建议、政协委员提案已测评{received.evaluated}件，满意率{percent(received.satisfaction_rate)}。"
    situation = [overview]

    # -- 二、存在的问题 ----------------------------------------------------------------------------
    problems: list[str] = []
    overdue = [f for f in found if f.kind is FindingKind.OVERDUE]
    if overdue:
        listed = []
        for f in overdue[:limit]:
            item = items.get(f.item_id) if f.item_id is not None else None
            name = item.title if item is not None else f.item_id
            listed.append(f"{f.unit}承办的“{name}”（办结期限{_day(f.due)}，已逾期{f.days_overdue}天）")
        more = f"等{len(overdue)}件" if len(overdue) > limit else ""
        problems.append(f"（一）逾期未办结。截至{_day(on)}，" + "；".join(listed) + f"{more}仍未办结。")
    late = [f for f in found if f.kind is FindingKind.LATE_FEEDBACK]
    if late:
        listed = []
        for f in late[:limit]:
            item = items.get(f.item_id) if f.item_id is not None else None
            name = item.title if item is not None else f.item_id
            listed.append(f"{f.unit}承办的“{name}”（办结期限{_day(f.due)}，逾期{f.days_overdue}天才反馈）")
        more = f"等{len(late)}件" if len(late) > limit else ""
        problems.append(
            f"（{_ordinal(len(problems))}）逾期反馈。"
            + "；".join(listed)
            + f"{more}未在办结期限内反馈办理结果。"
        )
    reports = [f for f in found if f.kind is FindingKind.REPORT_MISSED]
    if reports:
        units = sorted({f.unit for f in reports})
        problems.append(
            f"（{_ordinal(len(problems))}）未按时报送进展。{_units(units, limit)}未按要求报送阶段性进展情况，"
            f"共{len(reports)}次。"
        )
    rectify = [f for f in found if f.kind is FindingKind.RECTIFICATION_MISSED]
    if rectify:
        units = sorted({f.unit for f in rectify})
        problems.append(
            f"（{_ordinal(len(problems))}）整改报告未按时报送。{_units(units, limit)}被通报批评后，"
            "未在一周内报送书面整改报告。"
        )
    silent = [f for f in found if f.kind is FindingKind.UNRESPONSIVE]
    if silent:
        units = sorted({f.unit for f in silent})
        problems.append(
            f"（{_ordinal(len(problems))}）催办后无回应。{_units(units, limit)}经多次催办，仍未签收、报送进展或反馈。"
        )
    if not problems:
        problems.append(f"截至{_day(on)}，未发现逾期未办结、未按时报送等问题。")

    # -- 三、四：表扬与批评（proposals, kept apart from the text） ----------------------------------
    by_unit: dict[str, list[Finding]] = defaultdict(list)
    for f in found:
        by_unit[f.unit].append(f)
    criticisms = [
        b for b in ledger.bulletins.values() if b.kind is BulletinKind.CRITICISM and b.issued_on <= on
    ]
    criticised_in_period = {unit for b in criticisms if start <= b.issued_on for unit in b.units}
    already = {(unit, item_id) for b in criticisms for unit in b.units for item_id in b.item_ids}
    praise = sorted(
        (
            (unit, m)
            for unit, m in closed_by_unit.items()
            if m.closed and m.on_time == m.closed and unit not in by_unit and unit not in criticised_in_period
        ),
        key=lambda um: (-um[1].closed, um[0]),
    )
    proposals = [
        Proposal(
            BulletinKind.PRAISE,
            unit,
            f"{span}办结督查事项{m.closed}件，全部按时办结，无逾期、漏报情况",
            ("S0-6.3",),
        )
        for unit, m in praise
    ]
    critical: list[tuple[str, list[Finding]]] = []
    for unit, fs in by_unit.items():
        due = [
            f for f in fs if f.recommend_criticism and (f.item_id is None or (unit, f.item_id) not in already)
        ]
        if due:
            critical.append((unit, due))
    critical.sort(key=lambda uf: (-max(f.workdays_overdue for f in uf[1]), uf[0]))
    for unit, fs in critical:
        proposals.append(
            Proposal(
                BulletinKind.CRITICISM,
                unit,
                _why(fs),
                tuple(dict.fromkeys(f.clause for f in fs)),
                tuple(dict.fromkeys(f.item_id for f in fs if f.item_id is not None)),
            )
        )

    praise_text = (
        [
            f"{_units([u for u, _ in praise], limit)}在{span}交办的督查事项全部按时办结，无逾期、漏报情况，予以通报表扬。"
        ]
        if praise
        else ["本期无符合通报表扬条件的单位。"]
    )
    if critical:
        office = issuer or DEFAULT_ISSUER
        consequence = (
            "被通报批评的单位须自本通报印发之日起一周内书面说明情况、提出整改措施，形成书面整改报告报送"
            + office
            + "。"
        )
        if rules.points_per_criticism:
            consequence += (
                f"依照{rules.cite('S0-6.3')}，每被书面通报批评1次，"
                f"扣减“政令畅通”目标分值{rules.points_per_criticism}分。"
            )
        if rules.criticism_blocks_excellent:
            consequence += "被通报批评单位年度目标责任考核不得评为优秀。"
        criticism_text = [
            f"{_units([u for u, _ in critical], limit)}未按时、未按要求完成督查事项或未按要求报送，予以通报批评。",
            consequence,
        ]
    else:
        criticism_text = ["本期无达到通报批评条件的单位。"]

    # -- 五、下一步要求 ----------------------------------------------------------------------------
    demands = ["（一）各承办单位要对照督查事项清单，逐项明确责任人和完成时限，确保按时办结、件件有回音。"]
    if overdue:
        demands.append(
            f"（{_ordinal(len(demands))}）逾期未办结事项的责任单位要加快办理，尽快办结并书面反馈办理结果。"
        )
    if reports:
        demands.append(
            f"（{_ordinal(len(demands))}）按季度报送进展的事项，须在每季度末前报送进展情况，不得漏报。"
        )
    demands.append(f"（{_ordinal(len(demands))}）督查室将对通报事项继续跟踪督办，直至办结。")

    sections = (
        ("一、基本情况", tuple(situation)),
        ("二、存在的问题", tuple(problems)),
        ("三、通报表扬", tuple(praise_text)),
        ("四、通报批评", tuple(criticism_text)),
        ("五、下一步要求", tuple(demands)),
    )
    return BulletinDraft(
        title=title or f"关于{span}督查事项办理情况的通报",
        issue=issue or f"{on.year}年第{year_count + 1}期",
        addressees=addressees or DEFAULT_ADDRESSEES,
        opening=f"现将{span}督查事项办理情况通报如下：",
        sections=sections,
        issuer=issuer or DEFAULT_ISSUER,
        dated=on,
        proposals=tuple(proposals),
    )


_ORDINALS = "一二三四五六七八九十"


def _ordinal(count: int) -> str:
    """The Chinese numeral of the next item after ``count`` items (``（二）`` after one)."""
    return _ORDINALS[count] if count < len(_ORDINALS) else str(count + 1)


def _units(units: list[str], limit: int) -> str:
    shown = "、".join(units[:limit])
    return shown + (f"等{len(units)}个单位" if len(units) > limit else "")


def _why(fs: list[Finding]) -> str:
    parts = []
    for kind in FindingKind:
        of_kind = [f for f in fs if f.kind is kind]
        if of_kind:
            worst = max(f.days_overdue for f in of_kind)
            parts.append(f"{kind.label}{len(of_kind)}项（最长逾期{worst}天）")
    return "；".join(parts)
