"""How the library speaks (issue 15, point 14): phrases a 督查室 reads, written out by hand."""

from __future__ import annotations

import pytest

from duban_core import State, Unauthorized
from duban_core.events import FeedbackSubmitted
from duban_core.oversight import registers
from workflow_support import CO_HEAD, CO_STAFF, LEAD_HEAD, LEADER, OFFICE, at, ledger_in


def test_actors_are_named_by_unit_and_post_only() -> None:
    assert LEAD_HEAD.describe() == "区住建局主要负责人王芳"
    assert CO_STAFF.describe() == "区交通运输局经办人周杰"
    assert OFFICE.describe() == "督查室李明"
    assert LEADER.describe() == "领导张建国"


def test_a_co_unit_is_called_a_co_unit_once() -> None:
    # S4-20(一): the lead unit files the combined report; a co-unit's head may not. The refusal
    # calls the actor 协办单位 and never 承办 as well.
    ledger = ledger_in(State.IN_PROGRESS)
    feedback = FeedbackSubmitted(
        item_id="2024-DB-001", at=at(2024, 10, 1), by=CO_HEAD, summary="已完成", signed_by=CO_HEAD
    )
    with pytest.raises(Unauthorized) as caught:
        ledger.apply(feedback)
    message = caught.value.message
    assert "区交通运输局主要负责人孙丽（协办单位）" in message
    assert "承办" not in message


def test_the_register_module_names_the_responsible_leader() -> None:
    doc = registers.__doc__ or ""
    assert "no 责任领导" not in doc
    assert "``responsible_leader``" in doc
