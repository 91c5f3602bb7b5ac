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

from datetime import date

import pytest

from duban_core import Category, Ledger, RuleSet
from duban_core.presets import preset
from duban_core.rules import CalendarDays, SameDay
from workflow_support import acknowledged, assigned, at, drafted, feedback, registered, returned


@pytest.mark.parametrize("name", ["ankang", "daan"])
def test_an_urgent_items_rework_round_counts_by_the_category_rule(name: str) -> None:
    rules = preset(name)
    assert rules.rework_rule_for(Category.LEADER_INSTRUCTION, urgent=True) == CalendarDays(7)
    ledger = Ledger(rules).apply_all(
        [
            drafted("U1", at(2024, 9, 2), urgent=True, stipulated_due=date(2024, 9, 6)),
            registered("U1", at(2024, 9, 2)),
            assigned("U1", at(2024, 9, 2)),
            acknowledged("U1", at(2024, 9, 2, 10)),
            feedback("U1", at(2024, 9, 5)),
            returned("U1", at(2024, 9, 9)),
        ]
    )
    deadline = ledger.items["U1"].deadline
    assert deadline is not None
    assert deadline.due == date(2024, 9, 18)


def test_the_default_rules_keep_counting_an_urgent_round_the_same_day() -> None:
    assert RuleSet.default().rework_rule_for(Category.LEADER_INSTRUCTION, urgent=True) == SameDay()
