"""台账 views (S4-22): the 综合台账 and 专项台账 as plain rows, and DataFrames for notebooks.

S4-22 asks for a ledger system of 综合台账 + 专项台账 in which every item names its 责任单位,
责任领导, 责任人 and 完成时限; S1-2.2 (制定督查台账，明确责任单位和完成时限) likewise.

* :func:`comprehensive_register` — the 综合台账: every item (cancelled ones on request).
* :func:`special_register` — a 专项台账: one decomposed decision (an item and all the items
  split from it, S4-17 决策分解立项), or one category, or one unit's items.
* :func:`to_pandas` — any list of rows (or a dict of metrics or assessments) as a
  ``pandas.DataFrame``; :func:`ledger_frame` is the 综合台账 as one. pandas is an optional
  extra (``pip install duban_core[pandas]``), imported only when these are called.

Each :class:`RegisterRow` carries the traffic light of :func:`~duban_core.oversight.alerts`
for items whose clock runs (``None`` otherwise), and every column S4-22 names: the 责任单位
(``lead_unit``), the 责任领导 (``responsible_leader``, from ``Drafted.responsible_leader``;
``None`` when the office named none), the 责任人 (``handler``, from ``Acknowledged``) and the
完成时限 (``due``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from duban_core.categories import Category
from duban_core.clock import cst_day
from duban_core.errors import DubanError, RuleViolation
from duban_core.items import Item
from duban_core.machine import CLOCK_STATES, State
from duban_core.rules import Deadline
from duban_core.ruleset import EscalationStep

from ._view import CANCELLED, LedgerView, answers_as_of
from .alerts import Classifier, Level

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "COLUMN_LABELS",
    "INDEX_LABELS",
    "RegisterRow",
    "comprehensive_register",
    "ledger_frame",
    "special_register",
    "to_pandas",
]


class RegisterRow(NamedTuple):
    """One line of a 台账: who is responsible for what, by when, and how it stands.

    ``level``/``light`` are the item's traffic light on the register's day (items whose
    clock runs), ``workdays_left`` the working days to the due day (negative when overdue),
    ``days_overdue`` the calendar days past it (0 when not overdue or the clock stopped).
    """

    item_id: str
    title: str
    category: Category
    category_label: str
    lead_unit: str
    co_units: tuple[str, ...]
    responsible_leader: str | None
    handler: str | None
    parent_id: str | None
    received_on: date | None
    due: date | None
    state: State
    state_label: str
    level: Level | None
    light: str
    workdays_left: int | None
    days_overdue: int
    percent_complete: float | None
    rework_rounds: int
    urge_count: int
    closed_on: date | None
    closed_on_time: bool | None


#: Chinese column headers for :func:`to_pandas` (``chinese=True``): the one table of labels
#: for every record the library tabulates — register rows, alerts, reports due, findings,
#: metrics (counts and rates), assessments. A field shared by several records (``unit``,
#: ``due``, ``reason``) has one label everywhere. ``tests/test_oversight_registers.py``
#: checks that every field of every record has a label here.
COLUMN_LABELS: dict[str, str] = {
    # 台账 rows (S4-22)
    "item_id": "事项编号",
    "title": "督查事项",
    "category": "类别代码",
    "category_label": "督查类别",
    "lead_unit": "责任单位",
    "co_units": "协办单位",
    "responsible_leader": "责任领导",
    "handler": "责任人",
    "parent_id": "上级事项",
    "received_on": "交办日期",
    "due": "完成时限",
    "state": "状态代码",
    "state_label": "办理状态",
    "level": "预警等级",
    "light": "预警",
    "workdays_left": "剩余工作日",
    "days_overdue": "逾期天数",
    "percent_complete": "完成进度(%)",
    "rework_rounds": "退回重办次数",
    "urge_count": "催办次数",
    "closed_on": "办结日期",
    "closed_on_time": "按时办结",
    # alerts, reports due and findings (S1-2.2, S0-4.2, S1-2.6)
    "unit": "单位",
    "reason": "说明",
    "kind": "类型",
    "clause": "依据条款",
    "deadline": "时限说明",
    "elapsed_share": "已用时限比例",
    "on": "统计日期",
    "since": "上次报送期",
    "schedule": "报送周期",
    "duty": "报送职责",
    "bulletin_id": "通报编号",
    "workdays_overdue": "逾期工作日",
    "escalation_level": "督办层级",
    "escalation": "督办建议",
    "recommend_criticism": "建议通报批评",
    # metrics (办结率、按时办结率 …, S2-2.1)
    "total": "交办",
    "closed": "办结",
    "on_time": "按时办结数",
    "late": "逾期办结",
    "open": "在办",
    "reworked": "退回重办",
    "handling_workdays": "办理工作日合计",
    "evaluated": "测评件数",
    "satisfied": "满意",
    "basically_satisfied": "基本满意",
    "unsatisfied": "不满意",
    "solved": "已解决",
    "planned": "列入计划",
    "explained": "说明原因",
    "completion_rate": "办结率",
    "on_time_rate": "按时办结率",
    "rework_rate": "退回重办率",
    "average_handling_workdays": "平均办理工作日",
    "satisfaction_rate": "满意率",
    # the 政令畅通 assessment (S0-6.3, S1-2.6)
    "year": "年度",
    "criticisms": "通报批评",
    "praises": "通报表扬",
    "points_deducted": "扣分",
    "excellent_allowed": "可评优秀",
    "rectifications_missing": "整改报告缺报",
    "government_criticisms": "以政府名义批评",
    "bulletin_ids": "通报编号",
}

#: Chinese names of the index of a frame of grouped records, by what the keys are.
INDEX_LABELS: dict[str, str] = {"lead_unit": "责任单位", "category": "督查类别", "unit": "单位"}


def _row(item: Item, classify: Classifier, label: Callable[[Category], str]) -> RegisterRow:
    state = item.state
    deadline = item.deadline
    level: Level | None = None
    left: int | None = None
    overdue = 0
    if deadline is not None and state in CLOCK_STATES:
        light = classify(deadline)
        level, left = light.level, light.workdays_left
        overdue = max(0, (classify.on - deadline.due).days)
    return RegisterRow(
        item.item_id,
        item.title,
        item.category,
        label(item.category),  # the rule set's label (a jurisdiction may name it its way)
        item.lead_unit,
        item.co_units,
        item.responsible_leader,
        item.handler,
        item.parent_id,
        item.received_on,
        None if deadline is None else deadline.due,
        state,
        item.state_label,  # 退回补办 / 退回重新办理 / 领导批示再督查 (S0-3.5, S4-7(三))
        level,
        "" if level is None else level.light,
        left,
        overdue,
        item.percent_complete,
        item.rework_rounds,
        item.urge_count,
        item.closed_on,
        item.closed_on_time,
    )


@answers_as_of()
def comprehensive_register(
    ledger: LedgerView, on: date, *, include_cancelled: bool = False
) -> list[RegisterRow]:
    """综合台账 (S4-22): one row per item in the ledger's order, lights as of ``on``."""
    classify = Classifier(ledger.rules, on)
    return [
        _row(item, classify, ledger.rules.label)
        for item in ledger.items.values()
        if include_cancelled or item.state is not CANCELLED
    ]


@answers_as_of()
def special_register(
    ledger: LedgerView,
    on: date,
    *,
    root: str | None = None,
    category: Category | None = None,
    unit: str | None = None,
    include_cancelled: bool = False,
) -> list[RegisterRow]:
    """专项台账 (S4-22): the rows of one subject, lights as of ``on``.

    ``root``: an item and every item decomposed from it, at any depth (S4-17 决策分解立项),
    parents before their children; ``category``: the items of one category; ``unit``: the
    items a unit leads or co-handles. Filters given together must all match; at least one
    is required.
    """
    if root is None and category is None and unit is None:
        raise DubanError(
            "专项台账须指定对象：上级事项（root）、督查类别（category）或单位（unit）",
            code="register.no_subject",
            en="a 专项台账 needs a subject: give root, category or unit",
        )
    items = ledger.items
    classify = Classifier(ledger.rules, on)
    chosen: Iterable[Item]
    if root is not None:
        if root not in items:
            raise RuleViolation(
                f"没有编号为“{root}”的督查事项", code="item.unknown", en=f"unknown item {root!r}"
            )
        children: dict[str, list[Item]] = {}
        for item in items.values():
            if item.parent_id is not None:
                children.setdefault(item.parent_id, []).append(item)
        tree: list[Item] = []
        stack = [items[root]]
        while stack:  # depth first, parents before children, siblings in ledger order
            item = stack.pop()
            tree.append(item)
            stack.extend(reversed(children.get(item.item_id, ())))
        chosen = tree
    else:
        chosen = items.values()
    return [
        _row(item, classify, ledger.rules.label)
        for item in chosen
        if (include_cancelled or item.state is not CANCELLED)
        and (category is None or item.category == category)
        and (unit is None or unit == item.lead_unit or unit in item.co_units)
    ]


# -- DataFrames ----------------------------------------------------------------------------------


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise DubanError(
            "未安装 pandas：to_pandas() 和 ledger_frame() 需要可选依赖，请执行 pip install duban_core[pandas]",
            code="extra.pandas_missing",
            en="pandas is not installed: to_pandas() and ledger_frame() need the optional extra, "
            "`pip install duban_core[pandas]`",
        ) from None


def _plain(value: Any, chinese: bool) -> Any:
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return label if chinese and isinstance(label, str) else value.value
    if isinstance(value, tuple):
        return "、".join(map(str, value)) if chinese else value
    if isinstance(value, EscalationStep):
        return value.action
    if isinstance(value, Deadline):
        return value.explanation
    return value


def _record(row: Any) -> dict[str, Any]:
    if hasattr(row, "as_dict"):
        data: dict[str, Any] = row.as_dict()
        return data
    if hasattr(row, "_asdict"):
        return dict(row._asdict())
    if dataclasses.is_dataclass(row) and not isinstance(row, type):
        return dataclasses.asdict(row)
    raise DubanError(
        f"无法把 {type(row).__name__} 制成表格：应为台账行（RegisterRow）等记录",
        code="register.not_a_row",
        en=f"cannot tabulate a {type(row).__name__}; expected rows such as RegisterRow",
    )


def to_pandas(
    rows: Sequence[Any] | Mapping[Any, Any], *, chinese: bool = False, index: str | None = None
) -> pandas.DataFrame:
    """A DataFrame of oversight records: a list of :class:`RegisterRow`, alerts, findings or
    reports due (one row each), or a dict of metrics or assessments (one row per key, the key
    as the index). Enum values become their codes (their Chinese labels with
    ``chinese=True``, which also uses the Chinese headers of :data:`COLUMN_LABELS` for every
    column, and names the index of categories 督查类别 and of assessments 单位).
    ``index`` names a column to use as the index (its Chinese header with ``chinese=True``).
    """
    _require_pandas()
    import pandas as pd

    keys: list[Any] | None = None
    if isinstance(rows, Mapping):
        keys = [_plain(key, chinese) for key in rows]
        values: Sequence[Any] = list(rows.values())
    else:
        values = rows
    records = [{name: _plain(value, chinese) for name, value in _record(row).items()} for row in values]
    columns = list(records[0]) if records else list(getattr(RegisterRow, "_fields", ()))
    frame: pd.DataFrame = pd.DataFrame(records, columns=columns, index=keys)
    if keys and isinstance(next(iter(rows)), Category):
        frame.index.name = INDEX_LABELS["category"] if chinese else "category"
    elif values and all(type(value).__name__ == "Assessment" for value in values):
        frame.index.name = INDEX_LABELS["unit"] if chinese else "unit"
    if chinese:
        frame = frame.rename(columns=COLUMN_LABELS)
    if index is not None:
        frame = frame.set_index(index)
    return frame


def latest_day(ledger: LedgerView) -> date | None:
    """The China-time day of the ledger's latest event, or ``None``
    for an empty ledger."""
    times = [item.last_at for item in ledger.items.values()]
    times.extend(bulletin.last_at for bulletin in ledger.bulletins.values())
    # a Ledger also holds planned inspections (not part of the view protocol)
    times.extend(inspection.at for inspection in getattr(ledger, "inspections", {}).values())
    return cst_day(max(times)) if times else None


@answers_as_of()
def ledger_frame(ledger: LedgerView, on: date | None = None, *, chinese: bool = False) -> pandas.DataFrame:
    """The 综合台账 as of ``on`` as a DataFrame indexed by item id; ``on`` defaults to the
    day of the ledger's latest event (the ledger as it stands)."""
    if on is None:
        on = latest_day(ledger) or date(2000, 1, 1)  # an empty ledger: an empty frame
    return to_pandas(
        comprehensive_register(ledger, on),
        chinese=chinese,
        index=COLUMN_LABELS["item_id"] if chinese else "item_id",
    )
