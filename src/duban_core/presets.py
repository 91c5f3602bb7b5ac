"""Rule sets per jurisdiction: one named preset for each seed document whose rules differ.

The five seeds come from five jurisdictions. Three of them state rules a rule set can hold,
and they differ materially:

* ``"district"`` — the 区人民政府 notice (S0): 5日/7日 limits (S0-4), quarterly reports on
  work-report tasks, 1 point off the 政令畅通 score per written criticism (S0-6.3). This is
  :meth:`RuleSet.default <duban_core.ruleset.RuleSet.default>`.
* ``"ankang"`` — the 安康市 notice (S1): no day limits at all — every item is done by the
  date fixed for it (在规定时间内, S1-2.4), urgent ones included; a criticised unit cannot be
  rated 优秀 and files its 整改报告 within a week (S1-2.6), but no points are deducted (S1
  sets no score); the escalation ladder follows S1-2.2/S1-2.3 (跟进督办, the office's leader in
  charge, then 通报批评 by the government office).
* ``"daan"`` — the 大安区委 rules (S4): limits fixed per item at decomposition (S4-17,
  S4-20(二)); the categories are the 区委's (S4-6), labelled in its words; no points and no
  bar on 优秀 (bulletins are a reference for evaluations, S4-26); the ladder follows
  S4-7(三) (催办) and S4-14(12) (督办通知, reporting to the 区委's principal leader), then a
  bulletin (S4-26); a 区委主要领导's own 批示交办 has its extensions decided by a 主要领导
  (S4-20(三), :attr:`~duban_core.ruleset.RuleSet.principal_extensions`), every other
  item's by any leader (the 分管领导 of S4-20(二)).

The county essay (S2) and the 工商 scheme (S3) describe practice without rules of their own
that differ from these (S2 has no limits or scores; S3 sets sign-off and filing, which the
workflow already models), so they have no preset.

Each preset cites its own clauses: its categories' ``clause`` and the escalation steps point
into its own document, so explanations name that document:

>>> from datetime import date
>>> from duban_core import Category
>>> rules = preset("daan")
>>> rules.label(Category.LEADER_INSTRUCTION)
'区委领导批示件、查办件'
>>> deadline = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27), stipulated=date(2024, 10, 15))
>>> deadline.clauses
('S4-6.4',)
>>> deadline.explanation.startswith("依据《中共自贡市大安区委督促检查工作规则（试行）》第六条第（四）项")
True
"""

from __future__ import annotations

from .categories import Category
from .errors import ConfigurationError
from .rules import Months, Stipulated
from .ruleset import CategoryRules, Counting, EscalationStep, RuleSet

__all__ = ["PRESETS", "preset"]

#: The preset names, each with the jurisdiction whose document it is built from.
PRESETS: dict[str, str] = {
    "district": "区人民政府《关于进一步加强政务督查工作的通知》",
    "ankang": "《安康市人民政府办公室关于进一步加强政务督查工作的通知》（安政办发〔2014〕134号）",
    "daan": "《中共自贡市大安区委督促检查工作规则（试行）》",
}


def preset(name: str, counting: Counting = "calendar") -> RuleSet:
    """The rule set of the jurisdiction ``name`` (one of :data:`PRESETS`); ``counting`` as
    in :meth:`RuleSet.default <duban_core.ruleset.RuleSet.default>` (it matters only where a
    preset has day limits). An unknown name is a
    :class:`~duban_core.errors.ConfigurationError`."""
    if name == "district":
        return RuleSet.default(counting)
    if name == "ankang":
        return _ankang(counting)
    if name == "daan":
        return _daan(counting)
    raise ConfigurationError(
        f"没有名为{name!r}的预设规则集，可选：{'、'.join(PRESETS)}",
        code="ruleset.unknown_preset",
        en=f"unknown preset {name!r}; expected one of {', '.join(PRESETS)}",
    )


def _stipulated(clause: str, limit: str, label: str | None = None) -> CategoryRules:
    return CategoryRules(deadline=Stipulated(), clause=clause, limit_text=limit, label=label)


def _ankang(counting: Counting) -> RuleSet:
    # S1-2.4: 在规定时间内以正式文件报送; S1-1 lists the six kinds; no day limits anywhere.
    limit = "在规定时间内办结并以正式文件报送落实情况"
    return RuleSet(
        name="安康市政务督查规则（安政办发〔2014〕134号）",
        counting=counting,
        categories={
            Category.SUPERIOR_DECISION: _stipulated("S1-2.4", "上级部署后立即落实，在规定时间内报送落实情况"),
            Category.WORK_REPORT_TASK: _stipulated("S1-1.1", limit, "《政府工作报告》确定的重点工作"),
            Category.MEETING_DECISION: _stipulated("S1-1.2", limit, "政府重要会议决定事项"),
            Category.LEADER_INSTRUCTION: _stipulated("S1-1.4", limit, "上级和本级政府领导的重要批示件"),
            Category.DEPUTY_PROPOSAL: CategoryRules(
                deadline=Months(3),
                clause="S1-1.3",
                limit_text="按惯例交办之日起3个月内答复",
                label="人大代表建议、政协提案",
            ),
            Category.MEDIA_ISSUE: _stipulated("S1-1.5", limit, "新闻媒体反映的重大问题"),
            Category.OTHER_ASSIGNED: _stipulated("S1-1.6", limit, "领导交办的其他重大事项"),
        },
        # S1 has no 随到随办: an urgent item too is done by the date fixed for it.
        urgent=Stipulated(),
        urgent_clause="S1-2.4",
        points_per_criticism=0,
        criticism_blocks_excellent=True,
        escalation=(
            EscalationStep(after_workdays=1, action="电话催办", clause="S1-2.2"),
            EscalationStep(after_workdays=3, action="发督办通知书", clause="S1-2.2"),
            EscalationStep(after_workdays=6, action="提请政府办公室分管领导督办", clause="S1-2.3"),
            EscalationStep(after_workdays=10, action="建议由政府办公室通报批评", clause="S1-2.6"),
        ),
    )


def _daan(counting: Counting) -> RuleSet:
    # S4-17: each decision is split into items with 办理时限; S4-20(二): 规定时限.
    limit = "分解立项时明确办理时限，在规定时限内办结"
    return RuleSet(
        name="大安区委督促检查工作规则（试行）",
        counting=counting,
        categories={
            Category.SUPERIOR_DECISION: _stipulated("S4-6.1", limit, "党和国家路线方针政策和重要工作部署"),
            Category.WORK_REPORT_TASK: _stipulated("S4-17", limit, "区委年度重点工作任务"),
            Category.MEETING_DECISION: _stipulated("S4-6.2", limit, "区委重大决策、重要会议决定事项"),
            Category.LEADER_INSTRUCTION: _stipulated("S4-6.4", limit, "区委领导批示件、查办件"),
            Category.DEPUTY_PROPOSAL: CategoryRules(
                deadline=Months(3),
                clause="S4-6.5",
                limit_text="按惯例交办之日起3个月内答复",
                label="人大代表建议、政协建议案和提案",
            ),
            Category.MEDIA_ISSUE: _stipulated("S4-6.6", limit, "新闻媒体反映的问题（区委交办）"),
            Category.OTHER_ASSIGNED: _stipulated("S4-6.6", limit, "区委领导交办的专项督查事项"),
        },
        # S4 has no 随到随办: an urgent item's limit is fixed when it is split off (S4-17).
        urgent=Stipulated(),
        urgent_clause="S4-17",
        # S4-20(三): a 区委主要领导's own 批示交办 is extended by the 主要领导, not by the
        # 分管领导 who decides every other request (S4-20(二)).
        principal_extensions=True,
        points_per_criticism=0,
        criticism_blocks_excellent=False,
        escalation=(
            EscalationStep(after_workdays=1, action="电话催办", clause="S4-7(三)"),
            EscalationStep(after_workdays=3, action="下达督办通知", clause="S4-14(12)"),
            EscalationStep(after_workdays=6, action="报告区委主要领导", clause="S4-14(12)"),
            EscalationStep(after_workdays=10, action="建议通报并督促整改", clause="S4-26"),
        ),
    )
