"""Per-category parameters of the simulated year: one row per :class:`Category`.

Everything the simulator does differently for a category is a field of its
:class:`Profile` — how often it comes, when it arrives, which units get it, how it is worded,
whether the office fixes its due day, how often it is urgent, a project or decomposed, who
registers it, how it is extended, how its report reads and whether it is evaluated. The
phases (``registration``, ``extensions``, ``review``, ``closing``) read the row; none of them
asks which category it has in hand.

A probability of ``0.0`` in a field whose comment says "drawn" still consumes a draw, so that
the rows can change without shifting the rest of the year; fields that say "no draw when 0"
skip it. Both follow the draws the simulator has always made, which keeps every seed's year
byte-identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from duban_core.categories import Category

Arrival = Literal["any", "meeting", "spring", "batch"]
Naming = Literal["leader", "leader in charge", "superior", "media", "none"]
_NO_WEIGHTS: Mapping[str, float] = MappingProxyType({})
StipulatedFor = Literal["all", "parents", "single", "not urgent"]


@dataclass(frozen=True, slots=True)
class Wording:
    """How an item is titled and where it comes from (its ``source``).

    Templates are ``str.format`` patterns over ``topic``, ``leader``, ``superior``, ``media``,
    ``meeting``, ``year`` and ``n`` (a document number)."""

    #: Titles, one drawn when there are several.
    titles: tuple[str, ...]
    source: str
    #: The title of a project item (项目类事项), when it reads differently.
    project_title: str | None = None


@dataclass(frozen=True, slots=True)
class Stipulation:
    """The office fixes the item's due day itself (规定时间: S0-4.2, S0-4.6; a leader may set
    the limit, 领导限期), counted in calendar days from assignment and rolled to a workday."""

    #: Which items: every one, only decomposed parents, only undecomposed ones, or only the
    #: ones that are not urgent (an urgent item is due the day it arrives, S0-4.6).
    applies_to: StipulatedFor = "all"
    #: The share of those given one; 1.0: every one, with no draw.
    share: float = 1.0
    #: Days after assignment, one drawn.
    days: tuple[int, ...] = ()
    #: For an urgent item: the range of days, drawn (媒体 issues are answered within days).
    urgent_days: tuple[int, int] | None = None
    #: Fixed (month, day)s of the year, one drawn, instead of ``days`` (quarter ends).
    dates: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Profile:
    """What the simulated year does with items of one category."""

    #: Relative frequency among the year's items.
    share: float
    #: When it is drafted: any working day; the working day after a 常务会议 (every other
    #: week); in the spring (the 政府工作报告's tasks, February–March); or in one of three
    #: batches after the spring 两会 (deputies' suggestions, S0-4.5).
    arrives: Arrival
    #: Of a batch category, the share that comes in a batch (the rest: April–October), drawn.
    in_batch: float = 0.0
    #: Share drafted on a weekend day (an urgent instruction, handled at once); no draw when 0.
    on_weekend: float = 0.0
    #: Weight of a unit of each kind (部门, 街道, 乡镇) on top of its workload.
    kind_weight: Mapping[str, float] = field(default_factory=lambda: _NO_WEIGHTS)
    #: Who names the item in its title: the 区长 or the leader in charge of the lead unit
    #: (the 区长 in 40%), the leader in charge, a superior, a medium, or nobody.
    named_by: Naming = "none"
    #: The wordings; with two, the first is used for ``first_wording`` of the items (drawn).
    wordings: tuple[Wording, ...] = ()
    first_wording: float = 1.0
    #: Share of items of units with projects that are project items, drawn (S1-2.4).
    project: float = 0.0
    #: Share of undecomposed items that are urgent (紧急事项, 随到随办: S0-4.6), drawn.
    urgent: float = 0.0
    #: Share decomposed into parts for the co-units (分解立项, S4-17); no draw when 0.
    decomposed: float = 0.0
    #: The due day the office fixes, or ``None`` (the category's rule decides).
    stipulated: Stipulation | None = None
    #: Share registered by the leader in charge rather than the office (S4-7(一): major
    #: items go to a leader); no draw when 0.
    leader_registers: float = 0.0
    #: Share of first rounds with an extension request (S0-4.6, S4-20(二)), drawn.
    extension: float = 0.06
    #: Calendar days an extension asks for, one drawn.
    extension_days: tuple[int, ...] = (7, 10, 15, 20)
    #: The first report's summary (``str.format`` over ``topic``), or ``None`` for the
    #: ordinary one.
    summary: str | None = None
    #: Evaluated for satisfaction after closing (满意度测评, S2-2.1).
    evaluated: bool = False


_NOT_A_DEPARTMENT = MappingProxyType({"街道": 0.5, "乡镇": 0.5})

#: The table. Its order is the order of the category draw (part of every simulated year).
PROFILES: Mapping[Category, Profile] = MappingProxyType(
    {
        # 领导批示、交办 (S0-2.4): the commonest; 5日 (S0-4.4), sometimes 领导限期.
        Category.LEADER_INSTRUCTION: Profile(
            share=0.27,
            arrives="any",
            on_weekend=0.02,
            named_by="leader",
            wordings=(
                Wording(
                    (
                        "落实{leader}关于{topic}的批示",
                        "{leader}批示：抓紧解决{topic}有关问题",
                        "{leader}交办：{topic}情况核查",
                    ),
                    "领导批示件（区政办批〔{year}〕{n}号）",
                ),
            ),
            urgent=0.10,
            stipulated=Stipulation(applies_to="not urgent", share=0.08, days=(10, 15, 30)),
        ),
        # 本级政府重要会议 (S0-2.3): decided at a 常务会议, 7日 (S0-4.3); a decomposed decision
        # gets a longer limit of its own.
        Category.MEETING_DECISION: Profile(
            share=0.20,
            arrives="meeting",
            wordings=(
                Wording(
                    ("{meeting}议定事项：{topic}",),
                    "{meeting}纪要",
                    project_title="{meeting}议定事项：加快推进{topic}",
                ),
            ),
            project=0.15,
            urgent=0.04,
            decomposed=0.04,
            stipulated=Stipulation(applies_to="parents", days=(45, 60, 90)),
        ),
        # 人大代表建议、政协委员提案 (S0-2.5): after the 两会, three months (S0-4.5), evaluated.
        Category.DEPUTY_PROPOSAL: Profile(
            share=0.15,
            arrives="batch",
            in_batch=0.88,
            kind_weight=_NOT_A_DEPARTMENT,
            wordings=(
                Wording(("关于{topic}的建议（第{n}号）",), "区人民代表大会代表建议"),
                Wording(("关于{topic}的提案（第{n}号）",), "区政协委员提案"),
            ),
            first_wording=0.6,
            leader_registers=0.3,
            extension=0.12,
            extension_days=(30, 60, 90),
            summary="已与代表（委员）面商沟通，{topic}相关意见已研究办理并书面答复",
            evaluated=True,
        ),
        # 上级重大决策 (S0-2.1): 5日 (S0-4.1).
        Category.SUPERIOR_DECISION: Profile(
            share=0.12,
            arrives="any",
            named_by="superior",
            wordings=(
                Wording(("贯彻落实{superior}关于{topic}的工作部署",), "{superior}文件（〔{year}〕{n}号）"),
            ),
            project=0.05,
            urgent=0.06,
        ),
        # 领导交办的其他事项 (S0-2.6): always a stipulated limit (S0-4.6).
        Category.OTHER_ASSIGNED: Profile(
            share=0.10,
            arrives="any",
            named_by="leader in charge",
            wordings=(Wording(("{leader}交办：{topic}", "{topic}专项整治（领导交办）"), "领导交办"),),
            stipulated=Stipulation(days=(10, 15, 20, 30, 30, 45, 60)),
        ),
        # 政府工作报告任务 (S0-2.2): the year's tasks, often projects, due at the year's end or
        # a quarter's, reporting each quarter (S0-4.2); some decomposed among units.
        Category.WORK_REPORT_TASK: Profile(
            share=0.08,
            arrives="spring",
            kind_weight=MappingProxyType({"部门": 1.5}),
            wordings=(
                Wording(
                    ("政府工作报告重点任务：{topic}",),
                    "{year}年区政府工作报告",
                    project_title="政府工作报告重点项目：{topic}",
                ),
            ),
            project=0.5,
            decomposed=0.3,
            stipulated=Stipulation(applies_to="single", share=0.3, dates=((6, 30), (9, 30), (11, 30))),
            leader_registers=0.3,
            extension=0.12,
            extension_days=(30, 60, 90),
        ),
        # 媒体反映的重大问题 (S1-1.5): a stipulated limit, days when urgent.
        Category.MEDIA_ISSUE: Profile(
            share=0.08,
            arrives="any",
            named_by="media",
            wordings=(Wording(("{media}反映{topic}问题",), "{media}"),),
            urgent=0.15,
            stipulated=Stipulation(days=(10, 15, 15, 20, 30), urgent_days=(2, 4)),
            summary="已实地核查并整改到位，{topic}问题已向媒体和群众反馈",
        ),
    }
)
