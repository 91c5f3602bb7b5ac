"""An urgent item can be sent back for rework under every preset (S0-3.4, S4-7(三)).

Under the 安康市 and 大安区委 presets an urgent item's limit is the date fixed for it
(``urgent=Stipulated()``: S1-2.4, S4-17), so there is no span of days to count a rework
round by; the round takes the category's rework rule (here the rule set's fallback, 7
calendar days), and never ends before the deadline in force when it was returned.
Hand-computed: returned on Monday 2024-09-09, seven calendar days → 09-16, which is 中秋节
(09-15 to 09-17 off, 09-14 a make-up working Saturday), so the last day rolls on to the first
working day after it, Wednesday 09-18.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from duban_core import Actor, Category, Ledger, Role
from duban_core.events import (
    Acknowledged,
    Assigned,
    Drafted,
    FeedbackSubmitted,
    Registered,
    Returned,
    ReturnKind,
)
from duban_core.presets import preset
from duban_core.rules import CalendarDays, SameDay

CST = timezone(timedelta(hours=8))
OFFICE = Actor(name="李明", role=Role.OFFICE)
HEAD = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")


def at(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2024, month, day, hour, tzinfo=CST)


@pytest.mark.parametrize("name", ["ankang", "daan"])
def test_an_urgent_items_rework_round_counts_by_the_category_rule(name: str) -> None:
    rules = preset(name)
    assert rules.rework_rule_for(Category.LEADER_INSTRUCTION, urgent=True) == CalendarDays(7)
    ledger = Ledger(rules)
    ledger.apply_all(
        [
            Drafted(
                item_id="U1",
                at=at(9, 2),
                by=OFFICE,
                title="防汛隐患紧急排查",
                category=Category.LEADER_INSTRUCTION,
                lead_unit="区住建局",
                urgent=True,
                stipulated_due=date(2024, 9, 6),
            ),
            Registered(item_id="U1", at=at(9, 2), by=OFFICE),
            Assigned(item_id="U1", at=at(9, 2), by=OFFICE, received_on=date(2024, 9, 2)),
            Acknowledged(item_id="U1", at=at(9, 2, 10), by=HEAD, handler="王芳"),
            FeedbackSubmitted(item_id="U1", at=at(9, 5), by=HEAD, summary="已排查", signed_by=HEAD),
            Returned(item_id="U1", at=at(9, 9), by=OFFICE, kind=ReturnKind.REDO, reason="排查不全"),
        ]
    )
    deadline = ledger.items["U1"].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 9, 18)


def test_the_default_rules_keep_counting_an_urgent_round_the_same_day() -> None:
    default = Ledger().rules
    assert default.rework_rule_for(Category.LEADER_INSTRUCTION, urgent=True) == SameDay()
