"""S4-17: a parent closes after its children — in time, not only in the log's order.

Found by the partition property test: a log recorded a parent's 审核办结 after its child's
撤销 but dated it a day earlier; the ledger accepted it, and the ledger as of that earlier day
(a parent closed over an open child) could not be built. The approval is now refused.
"""

from __future__ import annotations

from datetime import date

import pytest

from duban_core import Ledger, State
from duban_core.errors import InvalidTransition
from duban_core.oversight import summarize
from workflow_support import (
    OFFICE,
    acknowledged,
    approved,
    assigned,
    at,
    cancelled,
    drafted,
    feedback,
    registered,
)


def _parent_reported_child_cancelled_on_0306() -> Ledger:
    return Ledger().apply_all(
        [
            drafted("P", at(2024, 3, 4), stipulated_due=date(2024, 3, 29)),
            registered("P", at(2024, 3, 4)),
            assigned("P", at(2024, 3, 4)),
            acknowledged("P", at(2024, 3, 4, 10)),
            drafted("C", at(2024, 3, 4, 10), stipulated_due=date(2024, 3, 20), parent_id="P"),
            cancelled("C", at(2024, 3, 6)),
            feedback("P", at(2024, 3, 5)),
        ]
    )


def test_a_parent_approval_dated_before_its_child_closed_is_refused_and_changes_nothing() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    before = ledger.copy()
    approval = approved("P", at(2024, 3, 5, 10))  # 03-05, the child open till 03-06 09:00
    with pytest.raises(InvalidTransition) as refused:
        ledger.apply(approval)
    assert refused.value.code == "approved.before_children"
    assert refused.value.clause == "S4-17"
    assert "2024-03-06T09:00:00+08:00" in str(refused.value)
    assert ledger == before
    checked = ledger.check(approval)
    assert isinstance(checked, InvalidTransition)
    assert checked.code == "approved.before_children"


def test_allowed_offers_the_approval_only_once_the_child_has_closed() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    assert "Approved" not in {a.event for a in ledger.allowed("P", OFFICE, at(2024, 3, 5, 10))}
    assert "Approved" in {a.event for a in ledger.allowed("P", OFFICE, at(2024, 3, 6, 10))}


def test_approved_after_the_child_closed_is_accepted_and_every_past_day_reads() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    ledger.apply(approved("P", at(2024, 3, 6, 10)))
    closed_by_day = {
        day: summarize(ledger, on=date(2024, 3, day), year=2024).metrics.closed for day in (5, 6, 7)
    }
    assert closed_by_day == {5: 0, 6: 1, 7: 1}  # the parent, closed on 03-06 (the child was cancelled)


def test_a_ledger_as_of_a_past_day_keeps_the_rule() -> None:
    past = _parent_reported_child_cancelled_on_0306().as_of(date(2024, 3, 6))
    with pytest.raises(InvalidTransition) as refused:
        past.apply(approved("P", at(2024, 3, 6, 8)))  # before the child's 09:00
    assert refused.value.code == "approved.before_children"
    past.apply(approved("P", at(2024, 3, 6, 10)))
    assert past.items["P"].state is State.CLOSED
