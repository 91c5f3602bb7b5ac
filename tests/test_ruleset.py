"""RuleSet and Category: the seeds' defaults (S0-4), counting modes, precedence, rework,
JSON round trips and refused configurations."""

from __future__ import annotations

import copy
import doctest
import json
import pickle
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

import duban_core.ruleset as ruleset_module
from clause_support import cites
from duban_core import (
    Category,
    CategoryRules,
    ChinaCalendar,
    ConfigurationError,
    DubanError,
    EscalationStep,
    RuleSet,
    RuleViolation,
)
from duban_core.clauses import cite
from duban_core.rules import (
    CalendarDays,
    Monthly,
    Months,
    QuarterEnds,
    SameDay,
    Stipulated,
    Weekly,
    WorkingDays,
)

DEFAULT = RuleSet.default()
WORKING = RuleSet.default(counting="working")


def config(**changes: Any) -> dict[str, Any]:
    """The default rule set as a JSON-like dict, with ``changes`` applied."""
    data: dict[str, Any] = json.loads(DEFAULT.model_dump_json())
    data.update(changes)
    return data


# -- Category ----------------------------------------------------------------------------------


def test_categories_and_their_labels() -> None:
    assert {c: c.label for c in Category} == {
        Category.SUPERIOR_DECISION: "上级重大决策、文件和部署",
        Category.WORK_REPORT_TASK: "政府工作报告任务及考核目标",
        Category.MEETING_DECISION: "本级政府重要部署、文件和会议",
        Category.LEADER_INSTRUCTION: "领导批示、交办",
        Category.DEPUTY_PROPOSAL: "人大代表建议、政协委员提案",
        Category.MEDIA_ISSUE: "媒体反映的重大问题",
        Category.OTHER_ASSIGNED: "领导交办的其他事项",
    }


def test_categories_are_str_enum_members_citing_their_clause() -> None:
    assert Category("LEADER_INSTRUCTION") is Category.LEADER_INSTRUCTION
    assert Category.LEADER_INSTRUCTION == "LEADER_INSTRUCTION"
    assert [c.clause for c in Category] == [
        "S0-4.1",
        "S0-4.2",
        "S0-4.3",
        "S0-4.4",
        "S0-4.5",
        "S1-1.5",
        "S0-4.6",
    ]
    assert "5日" in Category.SUPERIOR_DECISION.limit_text
    assert "7日" in Category.MEETING_DECISION.limit_text
    assert "每季度末" in Category.WORK_REPORT_TASK.limit_text


# -- RuleSet.default() -----------------------------------------------------------------------


def test_default_rules_are_the_seeds() -> None:
    c = DEFAULT.categories
    assert c[Category.SUPERIOR_DECISION].deadline == CalendarDays(5)  # S0-4.1
    assert c[Category.LEADER_INSTRUCTION].deadline == CalendarDays(5)  # S0-4.4
    assert c[Category.MEETING_DECISION].deadline == CalendarDays(7)  # S0-4.3
    assert c[Category.WORK_REPORT_TASK] == CategoryRules(  # S0-4.2
        deadline=Stipulated(), reports=QuarterEnds(), default_due="year_end"
    )
    assert c[Category.DEPUTY_PROPOSAL].deadline == Months(3)  # S0-4.5 (national practice)
    assert c[Category.MEDIA_ISSUE] == CategoryRules(deadline=Stipulated())  # S1-1.5
    assert c[Category.OTHER_ASSIGNED] == CategoryRules(deadline=Stipulated())  # S0-4.6
    assert set(c) == set(Category)


def test_default_parameters() -> None:
    assert DEFAULT.counting == "calendar"
    assert DEFAULT.urgent == SameDay()
    assert DEFAULT.rework_fallback == CalendarDays(7)
    assert DEFAULT.warning_workdays == 2
    assert DEFAULT.points_per_criticism == 1  # S0-6.3: 通报批评扣1分
    assert DEFAULT.criticism_blocks_excellent is True  # S1-2.6
    assert DEFAULT.rectification == CalendarDays(7)  # S1-2.6: 一周内
    assert [s.after_workdays for s in DEFAULT.escalation] == sorted(
        s.after_workdays for s in DEFAULT.escalation
    )
    assert DEFAULT.extra_holidays == {}
    assert DEFAULT.extra_workdays == ()
    assert DEFAULT.calendar == ChinaCalendar()


@pytest.mark.parametrize(
    ("category", "received", "due"),
    [
        # S0-4.1 / S0-4.4: 5日 — the 5th day (2024-10-02) is 国庆节 → 10-08.
        (Category.SUPERIOR_DECISION, date(2024, 9, 27), date(2024, 10, 8)),
        (Category.LEADER_INSTRUCTION, date(2024, 9, 27), date(2024, 10, 8)),
        # S0-4.4 ending on the worked Sunday 2024-09-29.
        (Category.LEADER_INSTRUCTION, date(2024, 9, 24), date(2024, 9, 29)),
        # S0-4.3: 7日 — 2026-02-10 + 7 = 02-17 (春节) → 02-24.
        (Category.MEETING_DECISION, date(2026, 2, 10), date(2026, 2, 24)),
        # S0-4.5: 3 months — 2024-07-01 → 10-01 (国庆节) → 10-08.
        (Category.DEPUTY_PROPOSAL, date(2024, 7, 1), date(2024, 10, 8)),
        # S0-4.2: the year's end by default.
        (Category.WORK_REPORT_TASK, date(2024, 3, 1), date(2024, 12, 31)),
    ],
)
def test_default_deadlines(category: Category, received: date, due: date) -> None:
    deadline = DEFAULT.deadline(category, received)
    assert deadline.due == due
    assert deadline.clause == category.clause
    assert deadline.explanation.startswith(f"依据{cite(category.clause)}（{category.label}")


def test_work_report_default_is_31_december_as_given() -> None:
    # 2023-12-31 is a Sunday: a stipulated date is used as given (no roll forward).
    deadline = DEFAULT.deadline(Category.WORK_REPORT_TASK, date(2023, 3, 1))
    assert deadline.due == date(2023, 12, 31)
    assert deadline.rule == Stipulated()
    assert "本库假定为当年12月31日" in deadline.explanation
    assert "不顺延" in deadline.explanation
    # An explicit date wins over the default.
    assert DEFAULT.deadline(
        Category.WORK_REPORT_TASK, date(2024, 3, 1), stipulated=date(2024, 6, 30)
    ).due == date(2024, 6, 30)


def test_work_report_quarterly_progress_reports() -> None:
    # S0-4.2 每季度末反馈进展: 2024-03-31 and 06-30 are Sundays → rolled forward.
    assert DEFAULT.report_dates(Category.WORK_REPORT_TASK, date(2024, 3, 1), date(2024, 12, 31)) == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]
    assert DEFAULT.report_dates(Category.LEADER_INSTRUCTION, date(2024, 3, 1), date(2024, 12, 31)) == []


@pytest.mark.parametrize("category", [Category.MEDIA_ISSUE, Category.OTHER_ASSIGNED])
def test_stipulated_categories_require_a_date(category: Category) -> None:
    with pytest.raises(RuleViolation) as caught:
        DEFAULT.deadline(category, date(2024, 9, 27))
    assert caught.value.clause == category.clause
    assert "stipulated_due" in str(caught.value)
    deadline = DEFAULT.deadline(category, date(2024, 9, 27), stipulated=date(2024, 10, 15))
    assert deadline.due == date(2024, 10, 15)


def test_stipulated_before_received_is_a_rule_violation() -> None:
    with pytest.raises(RuleViolation):
        DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27), stipulated=date(2024, 9, 20))


# -- counting="working" ----------------------------------------------------------------------


def test_working_counting_turns_day_rules_into_working_days() -> None:
    assert WORKING.counting == "working"
    assert WORKING.rule_for(Category.SUPERIOR_DECISION) == WorkingDays(5)
    assert WORKING.rule_for(Category.LEADER_INSTRUCTION) == WorkingDays(5)
    assert WORKING.rule_for(Category.MEETING_DECISION) == WorkingDays(7)
    assert WORKING.rule_for(Category.DEPUTY_PROPOSAL) == Months(3)
    assert WORKING.rule_for(Category.MEDIA_ISSUE) == Stipulated()
    assert WORKING.rule_for(Category.LEADER_INSTRUCTION, urgent=True) == SameDay()
    # The rework fallback too.
    assert WORKING.rework_rule_for(Category.DEPUTY_PROPOSAL) == WorkingDays(7)
    assert WORKING.rework_rule_for(Category.LEADER_INSTRUCTION) == WorkingDays(5)
    assert DEFAULT.rule_for(Category.LEADER_INSTRUCTION) == CalendarDays(5)


def test_working_counting_deadline_and_explanation() -> None:
    # 2024-09-27 + 5 工作日: 09-29 (调休上班), 09-30, 10-08, 10-09, 10-10.
    deadline = WORKING.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    assert deadline.due == date(2024, 10, 10)
    assert deadline.rule == WorkingDays(5)
    assert deadline.explanation.startswith("依据" + cite("S0-4.4"))
    assert "本规则集按工作日计算期限，5日按5个工作日计" in deadline.explanation
    assert "国庆节" in deadline.explanation
    assert "2024年9月29日（星期日）（国庆节调休上班）" in deadline.explanation


def test_rectification_stays_one_calendar_week_when_counting_working_days() -> None:
    # S1-2.6 一周内整改报告: 2024-09-27 + 7日 = 10-04 (国庆节调休休息日) → 10-08, in both modes
    # (7 working days would end on the worked Saturday 10-12).
    for rules in (DEFAULT, WORKING):
        deadline = rules.rectification_due(date(2024, 9, 27))
        assert deadline.due == date(2024, 10, 8)
        assert deadline.rule == CalendarDays(7)
        assert deadline.clause == "S1-2.6"
        assert cites(deadline, "S1-2.6")
    assert WorkingDays(7).due(date(2024, 9, 27), DEFAULT.calendar).due == date(2024, 10, 12)


def test_invalid_counting_mode() -> None:
    with pytest.raises(ConfigurationError):
        RuleSet.default(counting="weekly")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        RuleSet.model_validate(config(counting="weekly"))


# -- precedence: stipulated > urgent > category rule -------------------------------------------


def test_stipulated_overrides_the_category_rule_and_says_so() -> None:
    deadline = DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27), stipulated=date(2024, 10, 20))
    assert deadline.due == date(2024, 10, 20)
    assert deadline.rule == Stipulated()
    assert "另行规定了办理时限，以规定时限为准" in deadline.explanation
    assert deadline.explanation.startswith("依据" + cite("S0-4.4"))


def test_stipulated_overrides_urgent() -> None:
    deadline = DEFAULT.deadline(
        Category.LEADER_INSTRUCTION, date(2024, 9, 27), urgent=True, stipulated=date(2024, 9, 30)
    )
    assert deadline.due == date(2024, 9, 30)
    assert deadline.rule == Stipulated()


@pytest.mark.parametrize("category", list(Category))
def test_urgent_items_are_due_the_same_day(category: Category) -> None:
    # S0-4.6 随到随办, even for a stipulated category with no date and on a holiday.
    for received in (date(2024, 9, 27), date(2024, 10, 2)):
        deadline = DEFAULT.deadline(category, received, urgent=True)
        assert deadline.due == received
        assert deadline.rule == SameDay()
        assert deadline.clause == "S0-4.6"
        assert "随到随办" in deadline.explanation


# -- rework (退回重办, S0-3.4) ------------------------------------------------------------------


def test_rework_uses_the_category_day_rule_from_the_return_day() -> None:
    # LEADER_INSTRUCTION: 5日 again from the return day 2024-03-04 → Sat 03-09 → Mon 03-11.
    deadline = DEFAULT.rework_deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 4))
    assert deadline.due == date(2024, 3, 11)
    assert deadline.rule == CalendarDays(5)
    assert deadline.clause == "S0-3.4"
    assert cites(deadline, "S0-3.4")
    assert "自退回之日起按5日重新计算办理时限" in deadline.explanation
    assert DEFAULT.rework_deadline(Category.MEETING_DECISION, date(2024, 3, 4)).due == date(2024, 3, 11)


@pytest.mark.parametrize(
    "category",
    [Category.DEPUTY_PROPOSAL, Category.WORK_REPORT_TASK, Category.MEDIA_ISSUE, Category.OTHER_ASSIGNED],
)
def test_rework_of_stipulated_and_month_rules_uses_the_fallback(category: Category) -> None:
    # 7日 from 2024-03-04 → 03-11 (not 3 months, not a stipulated date).
    deadline = DEFAULT.rework_deadline(category, date(2024, 3, 4))
    assert deadline.rule == CalendarDays(7)
    assert deadline.due == date(2024, 3, 11)
    # With counting="working": 7 working days → 03-13.
    assert WORKING.rework_deadline(category, date(2024, 3, 4)).due == date(2024, 3, 13)


def test_rework_of_urgent_items_stays_same_day() -> None:
    for category in Category:
        deadline = DEFAULT.rework_deadline(category, date(2024, 10, 3), urgent=True)
        assert deadline.due == date(2024, 10, 3)
        assert deadline.rule == SameDay()


def test_configurable_rework_rules() -> None:
    categories = dict(DEFAULT.categories)
    categories[Category.DEPUTY_PROPOSAL] = CategoryRules(deadline=Months(3), rework=CalendarDays(15))
    categories[Category.LEADER_INSTRUCTION] = CategoryRules(deadline=SameDay())
    rules = DEFAULT.model_copy(update={"categories": categories, "rework_fallback": CalendarDays(10)})
    rules = RuleSet.model_validate(rules.model_dump())  # validated like a loaded config
    assert rules.rework_rule_for(Category.DEPUTY_PROPOSAL) == CalendarDays(15)
    assert rules.rework_rule_for(Category.MEDIA_ISSUE) == CalendarDays(10)
    # A category whose own rule is 随到随办 is reworked the same way.
    assert rules.rework_rule_for(Category.LEADER_INSTRUCTION) == SameDay()
    assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 4)).due == date(2024, 3, 4)


# -- calendar overrides --------------------------------------------------------------------------


def test_rules_calendar_reflects_overrides_and_moves_deadlines() -> None:
    # A local day off on Monday 2024-03-11 moves the 5日 deadline of 03-04 to 03-12.
    rules = RuleSet.model_validate(config(extra_holidays={"2024-03-11": "地方放假"}))
    assert rules.extra_holidays == {date(2024, 3, 11): "地方放假"}
    assert rules.calendar == ChinaCalendar(extra_holidays={date(2024, 3, 11): "地方放假"})
    assert not rules.calendar.is_workday(date(2024, 3, 11))
    deadline = rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 4))
    assert deadline.due == date(2024, 3, 12)
    assert "地方放假" in deadline.explanation
    assert DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 4)).due == date(2024, 3, 11)
    worked = RuleSet.model_validate(config(extra_workdays=["2024-03-09"]))
    assert worked.calendar.is_workday(date(2024, 3, 9))
    assert worked.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 4)).due == date(2024, 3, 9)


# -- JSON round trip and equality ----------------------------------------------------------------


def custom() -> RuleSet:
    categories = dict(DEFAULT.categories)
    categories[Category.MEETING_DECISION] = CategoryRules(
        deadline=WorkingDays(10), rework=CalendarDays(3), reports=Weekly(weekday=0)
    )
    categories[Category.DEPUTY_PROPOSAL] = CategoryRules(deadline=Months(6), reports=Monthly(day=25))
    return RuleSet(
        counting="working",
        categories=categories,
        rework_fallback=CalendarDays(10),
        warning_workdays=3,
        warning_share=0.2,
        points_per_criticism=2,
        criticism_blocks_excellent=False,
        rectification=CalendarDays(14),
        escalation=(EscalationStep(after_workdays=2, action="电话催办", clause="S0-5.1"),),
        extra_holidays={date(2027, 2, 5): "春节（2027年安排）"},
        extra_workdays=(date(2027, 2, 20),),
    )


@pytest.mark.parametrize("make", [RuleSet.default, lambda: RuleSet.default(counting="working"), custom])
def test_json_round_trip(make: Any) -> None:
    rules: RuleSet = make()
    text = rules.model_dump_json()
    back = RuleSet.model_validate_json(text)
    assert back == rules
    assert back.model_dump_json() == text
    assert back.calendar == rules.calendar
    assert RuleSet.model_validate(json.loads(text)) == rules
    for category in Category:
        stipulated = date(2024, 12, 1)
        assert back.deadline(category, date(2024, 9, 27), stipulated=stipulated) == rules.deadline(
            category, date(2024, 9, 27), stipulated=stipulated
        )


def test_pickle_and_deepcopy() -> None:
    rules = custom()
    assert pickle.loads(pickle.dumps(rules)) == rules
    assert copy.deepcopy(rules) == rules
    assert copy.copy(rules) == rules


def test_the_deadline_cache_does_not_affect_equality() -> None:
    used = RuleSet.default()
    used.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    used.rework_deadline(Category.DEPUTY_PROPOSAL, date(2024, 9, 27))
    assert used == RuleSet.default()
    assert used != WORKING


def test_cached_deadlines_are_stable() -> None:
    first = DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    again = DEFAULT.deadline("LEADER_INSTRUCTION", date(2024, 9, 27))  # type: ignore[arg-type]
    assert again == first


def test_a_copy_with_other_rules_does_not_reuse_cached_deadlines() -> None:
    rules = RuleSet.default()
    assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due == date(2024, 10, 8)
    working = rules.model_copy(update={"counting": "working"})
    assert working.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due == date(2024, 10, 10)
    deep = rules.model_copy(update={"counting": "working"}, deep=True)
    assert deep.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due == date(2024, 10, 10)
    assert rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due == date(2024, 10, 8)


def test_a_deadline_already_set_is_not_moved_by_a_rule_set_change() -> None:
    # Deadlines are values: an item keeps the one it was given (contract).
    deadline = DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    changed = DEFAULT.model_copy(update={"counting": "working"})
    changed.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27))
    assert deadline.due == date(2024, 10, 8)
    with pytest.raises(ValidationError):
        deadline.due = date(2024, 10, 10)  # type: ignore[misc]


# -- refused configurations -------------------------------------------------------------------


def without(category: Category) -> dict[str, Any]:
    data = config()
    del data["categories"][category.value]
    return data


def category_config(category: Category, rules: dict[str, Any]) -> dict[str, Any]:
    data = config()
    data["categories"][category.value] = rules
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (config(surprise=1), "surprise"),
        (without(Category.MEDIA_ISSUE), "missing for categories: MEDIA_ISSUE"),
        (
            category_config(Category.LEADER_INSTRUCTION, {"deadline": {"kind": "calendar_days", "days": 0}}),
            "days",
        ),
        (
            category_config(Category.LEADER_INSTRUCTION, {"deadline": {"kind": "calendar_days", "days": -5}}),
            "days",
        ),
        (
            category_config(Category.LEADER_INSTRUCTION, {"deadline": {"kind": "working_days", "days": 0}}),
            "days",
        ),
        (category_config(Category.DEPUTY_PROPOSAL, {"deadline": {"kind": "months", "months": 0}}), "months"),
        (
            category_config(
                Category.LEADER_INSTRUCTION,
                {"deadline": {"kind": "calendar_days", "days": 5}, "colour": "red"},
            ),
            "colour",
        ),
        (
            category_config(
                Category.LEADER_INSTRUCTION,
                {"deadline": {"kind": "calendar_days", "days": 5}, "default_due": "year_end"},
            ),
            "default_due applies only to a Stipulated deadline rule",
        ),
        (category_config(Category.LEADER_INSTRUCTION, {"deadline": {"kind": "fortnight"}}), "kind"),
        (
            {
                **config(),
                "categories": {
                    **config()["categories"],
                    "NOT_A_CATEGORY": {"deadline": {"kind": "same_day"}},
                },
            },
            "NOT_A_CATEGORY",
        ),
        (config(rework_fallback={"kind": "calendar_days", "days": 0}), "rework_fallback"),
        (config(rectification={"kind": "working_days", "days": 7}), "rectification"),
        (config(warning_workdays=-1), "warning_workdays"),
        (config(points_per_criticism=-1), "points_per_criticism"),
        (config(warning_share=1.5), "warning_share"),
        (
            config(extra_holidays={"2025-03-07": "放假"}, extra_workdays=["2025-03-07"]),
            "both an extra holiday and an extra workday",
        ),
        (config(extra_holidays={"2100-01-04": "放假"}), "outside the supported range"),
        (config(extra_holidays={"2025-03-07": ""}), "non-empty name"),
        (
            config(
                escalation=[
                    {"after_workdays": 3, "action": "发督办通知书", "clause": "S0-5.1"},
                    {"after_workdays": 1, "action": "电话催办", "clause": "S0-5.1"},
                ]
            ),
            "strictly increasing",
        ),
        (
            config(
                escalation=[
                    {"after_workdays": 1, "action": "电话催办", "clause": "S0-5.1"},
                    {"after_workdays": 1, "action": "再次催办", "clause": "S0-5.1"},
                ]
            ),
            "strictly increasing",
        ),
        (
            config(escalation=[{"after_workdays": 0, "action": "电话催办", "clause": "S0-5.1"}]),
            "after_workdays",
        ),
    ],
)
def test_invalid_configurations_are_refused_with_clear_errors(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        RuleSet.model_validate(data)
    with pytest.raises(ValidationError, match=message):
        RuleSet.model_validate_json(json.dumps(data))


def test_the_default_config_itself_is_valid() -> None:
    assert RuleSet.model_validate(config()) == DEFAULT


def test_category_rules_refuse_default_due_without_stipulated() -> None:
    with pytest.raises(ValidationError, match="default_due"):
        CategoryRules(deadline=CalendarDays(5), default_due="year_end")


def test_rule_sets_are_frozen() -> None:
    with pytest.raises(ValidationError):
        DEFAULT.counting = "working"  # type: ignore[misc]


# -- bad arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["NOT_A_CATEGORY", None, 3, ["LEADER_INSTRUCTION"]])
def test_unknown_categories_are_duban_errors(bad: Any) -> None:
    for call in (
        lambda: DEFAULT.deadline(bad, date(2024, 9, 27)),
        lambda: DEFAULT.rework_deadline(bad, date(2024, 9, 27)),
        lambda: DEFAULT.report_dates(bad, date(2024, 1, 1), date(2024, 12, 31)),
        lambda: DEFAULT.rule_for(bad),
        lambda: DEFAULT.rework_rule_for(bad),
    ):
        with pytest.raises(DubanError, match="未知的事项类别"):
            call()


@pytest.mark.parametrize("bad", ["2024-09-27", None, 20240927])
def test_non_date_arguments_are_duban_errors(bad: Any) -> None:
    with pytest.raises(DubanError):
        DEFAULT.deadline(Category.WORK_REPORT_TASK, bad)
    stipulated: Any = bad if bad is not None else "x"
    with pytest.raises(DubanError):
        DEFAULT.deadline(Category.MEDIA_ISSUE, date(2024, 9, 27), stipulated=stipulated)
    with pytest.raises(DubanError):
        DEFAULT.rework_deadline(Category.LEADER_INSTRUCTION, bad)
    with pytest.raises(DubanError):
        DEFAULT.rectification_due(bad)


def test_urgent_must_be_a_bool() -> None:
    with pytest.raises(DubanError, match="urgent"):
        DEFAULT.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27), urgent="yes")  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    result = doctest.testmod(ruleset_module)
    assert result.attempted > 0
    assert result.failed == 0
