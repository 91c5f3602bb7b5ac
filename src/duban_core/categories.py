"""督查事项类型: the categories of supervision items and where each comes from."""

from __future__ import annotations

from ._enums import LabelledEnum, labelled

__all__ = ["Category"]


class Category(LabelledEnum):
    """The kinds of item the seeds supervise (S0-2, S1-1, S4-6).

    Each member carries its Chinese ``label``, the ``clause`` that sets its time limit and
    that limit as the seeds phrase it (``limit_text``).
    """

    SUPERIOR_DECISION = "SUPERIOR_DECISION"
    WORK_REPORT_TASK = "WORK_REPORT_TASK"
    MEETING_DECISION = "MEETING_DECISION"
    LEADER_INSTRUCTION = "LEADER_INSTRUCTION"
    DEPUTY_PROPOSAL = "DEPUTY_PROPOSAL"
    MEDIA_ISSUE = "MEDIA_ISSUE"
    OTHER_ASSIGNED = "OTHER_ASSIGNED"

    @property
    def clause(self) -> str:
        """The clause that sets the category's time limit."""
        return _INFO[self][1]

    @property
    def sources(self) -> tuple[str, ...]:
        """The clauses of the seeds that list this kind of item (S0-2, S1-1, S2, S3-3, S4-6)."""
        return _SOURCES[self]

    @property
    def limit_text(self) -> str:
        """The time limit in the seeds' own words."""
        return _INFO[self][2]


_INFO: dict[Category, tuple[str, str, str]] = {
    Category.SUPERIOR_DECISION: (
        "上级重大决策、文件和部署",
        "S0-4.1",
        "收到有关文件后5日内办结并反馈",
    ),
    Category.WORK_REPORT_TASK: (
        "政府工作报告任务及考核目标",
        "S0-4.2",
        "在规定时间内办结，每季度末反馈进展情况",
    ),
    Category.MEETING_DECISION: (
        "本级政府重要部署、文件和会议",
        "S0-4.3",
        "收到有关文件后7日内办结并反馈",
    ),
    Category.LEADER_INSTRUCTION: (
        "领导批示、交办",
        "S0-4.4",
        "收到后5日内办结并反馈",
    ),
    Category.DEPUTY_PROPOSAL: (
        "人大代表建议、政协委员提案",
        "S0-4.5",
        "在规定时间内办结并反馈（按惯例交办之日起3个月内答复）",
    ),
    Category.MEDIA_ISSUE: (
        "媒体反映的重大问题",
        "S1-1.5",
        "按规定时限办结",
    ),
    Category.OTHER_ASSIGNED: (
        "领导交办的其他事项",
        "S0-4.6",
        "按照规定时间办结",
    ),
}

_SOURCES: dict[Category, tuple[str, ...]] = {
    Category.SUPERIOR_DECISION: ("S0-2.1", "S3-3", "S4-6.1", "S4-6.2"),
    Category.WORK_REPORT_TASK: ("S0-2.2", "S1-1.1"),
    Category.MEETING_DECISION: ("S0-2.3", "S1-1.2", "S4-6.2"),
    Category.LEADER_INSTRUCTION: ("S0-2.4", "S1-1.4", "S2-1.3", "S4-6.4"),
    Category.DEPUTY_PROPOSAL: ("S0-2.5", "S1-1.3", "S2-2.1", "S4-6.5"),
    Category.MEDIA_ISSUE: ("S1-1.5",),
    Category.OTHER_ASSIGNED: ("S0-2.6", "S1-1.6", "S4-6.6"),
}

labelled(Category, {category: info[0] for category, info in _INFO.items()})
