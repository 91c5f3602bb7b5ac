"""S4-17: a parent closes after its children — in time, not only in the log's order.

Found by the partition property test: a log recorded a parent's 审核办结 after its child's
撤销 but dated it a day earlier; the ledger accepted it, and the ledger as of that earlier day
(a parent closed over an open child) could not be built. The approval is now refused.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from duban_core import Actor, Category, Ledger, Role
from duban_core.errors import InvalidTransition
from duban_core.events import (
    Acknowledged,
    Approved,
    Assigned,
    Cancelled,
    Drafted,
    FeedbackSubmitted,
    Registered,
)
from duban_core.oversight import summarize

CST = timezone(timedelta(hours=8))
OFFICE = Actor(name="李明", role=Role.OFFICE)
HEAD = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")


def t(day: int, hour: int) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=CST)


def _parent_reported_child_cancelled_on_0306() -> Ledger:
    ledger = Ledger()
    ledger.apply_all(
        [
            Drafted(
                item_id="P",
                at=t(4, 9),
                by=OFFICE,
                title="老旧小区改造",
                category=Category.OTHER_ASSIGNED,
                lead_unit="区住建局",
                stipulated_due=date(2024, 3, 29),
            ),
            Registered(item_id="P", at=t(4, 9), by=OFFICE),
            Assigned(item_id="P", at=t(4, 9), by=OFFICE, received_on=date(2024, 3, 4)),
            Acknowledged(item_id="P", at=t(4, 10), by=HEAD, handler="王芳"),
            Drafted(
                item_id="C",
                at=t(4, 10),
                by=OFFICE,
                title="分解：加装电梯",
                category=Category.OTHER_ASSIGNED,
                lead_unit="区住建局",
                stipulated_due=date(2024, 3, 20),
                parent_id="P",
            ),
            Cancelled(item_id="C", at=t(6, 9), by=OFFICE, reason="并入上级事项办理"),
            FeedbackSubmitted(item_id="P", at=t(5, 9), by=HEAD, summary="已完成", signed_by=HEAD),
        ]
    )
    return ledger


def test_a_parent_approval_dated_before_its_child_closed_is_refused_and_changes_nothing() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    before = ledger.copy()
    approval = Approved(item_id="P", at=t(5, 10), by=OFFICE)  # 03-05, the child open till 03-06
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
    assert "Approved" not in {a.event for a in ledger.allowed("P", OFFICE, t(5, 10))}
    assert "Approved" in {a.event for a in ledger.allowed("P", OFFICE, t(6, 10))}


def test_approved_after_the_child_closed_is_accepted_and_every_past_day_reads() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    ledger.apply(Approved(item_id="P", at=t(6, 10), by=OFFICE))
    for day in (5, 6, 7):
        summary = summarize(ledger, on=date(2024, 3, day), year=2024)
        assert summary.metrics.total >= 1


def test_a_ledger_as_of_a_past_day_keeps_the_rule() -> None:
    ledger = _parent_reported_child_cancelled_on_0306()
    past = ledger.as_of(date(2024, 3, 6))
    with pytest.raises(InvalidTransition) as refused:
        past.apply(Approved(item_id="P", at=t(6, 8), by=OFFICE))  # before the child's 09:00
    assert refused.value.code == "approved.before_children"
    past.apply(Approved(item_id="P", at=t(6, 10), by=OFFICE))
    assert past.items["P"].state.name == "CLOSED"
