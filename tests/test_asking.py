"""Asking before acting (issue #13): ``Ledger.check`` and ``Ledger.allowed`` agree with
``Ledger.apply``.

Over random streams (the valid events of :func:`duban_core.strategies.next_events`, the
refusals of :func:`duban_core.strategies.refused_events`, and events of every item type with
random content sent by every kind of actor at random times):

* ``check(event)`` is ``None`` exactly when ``apply(event)`` accepts it, else an error of the
  same class with the same message; ``check`` changes nothing;
* ``allowed(item, actor, at)`` is exact: every event ``apply`` accepts is of a listed type,
  and every listed action is accepted for the content its limits describe (a form built from
  the ``Action`` alone: the earliest new due day, a return kind it lists, a report signed
  by the unit it names, figures when it says so).

Hand-computed cases follow: the unit head's buttons the day before, on and after the due day
(S4-20(二)), a leader with and without a pending request (S0-4.6), the return kinds of a
leader (S0-3.5), a parent with an open child (S4-17), a second 满意度测评 (S2-2.1).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Actor, Category, LeaderRank, Ledger, Role
from duban_core import strategies as dst
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    ItemEvent,
    Outcome,
    ProgressReported,
    Registered,
    ReportedToLeader,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)
from duban_core.items import Item
from duban_core.machine import TABLE, Action

CST = timezone(timedelta(hours=8))
ITEM_TYPES: dict[str, type[ItemEvent]] = {
    cls.__name__: cls
    for cls in (
        Registered,
        Assigned,
        Acknowledged,
        Urged,
        ProgressReported,
        FeedbackSubmitted,
        Approved,
        Returned,
        ExtensionRequested,
        ExtensionDecided,
        DeadlineRevised,
        Evaluated,
        Archived,
        Cancelled,
        ReportedToLeader,
    )
}
assert set(ITEM_TYPES) == {row.event for row in TABLE}


def _same(check: Exception | None, apply: Exception | None) -> bool:
    if check is None or apply is None:
        return check is apply
    return type(check) is type(apply) and str(check) == str(apply)


def _outcome(ledger: Ledger, event: Any) -> tuple[Exception | None, Exception | None, Ledger]:
    """``(check's answer, apply's error, the ledger after apply)``; ``check`` left ``ledger``
    unchanged. ``apply`` runs on a copy."""
    before = ledger.copy()
    checked = ledger.check(event)
    assert ledger == before
    assert ledger.version == before.version
    after = ledger.copy()
    try:
        after.apply(event)
    except Exception as exc:
        return checked, exc, ledger
    return checked, None, after


def _actors(item: Item) -> list[Actor]:
    """One actor of every party an item knows, and one of no party."""
    out = [
        Actor(name="李明", role=Role.OFFICE),
        Actor(name="张华", role=Role.LEADER),
        # Ranked leaders: a 主要领导's own 批示交办 is extended by a 主要领导 (S4-20(三)).
        Actor(name="王书记", role=Role.LEADER, rank=LeaderRank.PRINCIPAL),
        Actor(name="刘副区长", role=Role.LEADER, rank=LeaderRank.IN_CHARGE),
        Actor(name="王芳", role=Role.UNIT_HEAD, unit=item.lead_unit),
        Actor(name="赵强", role=Role.UNIT_STAFF, unit=item.lead_unit),
        Actor(name="吴刚", role=Role.UNIT_HEAD, unit="无关单位"),
    ]
    for unit in item.co_units[:1]:
        out += [
            Actor(name="周敏", role=Role.UNIT_HEAD, unit=unit),
            Actor(name="孙丽", role=Role.UNIT_STAFF, unit=unit),
        ]
    return out


def form(action: Action, item: Item, actor: Actor, at: datetime) -> ItemEvent:
    """The event a form offering ``action`` sends, built from the action's limits only."""
    base: dict[str, Any] = {"item_id": item.item_id, "at": at, "by": actor}
    event = action.event
    if event == "Assigned":
        return Assigned(**base, received_on=item.drafted_on)
    if event == "Acknowledged":
        return Acknowledged(**base, handler="赵强")
    if event == "Urged":
        return Urged(**base, method="电话催办")
    if event in ("ProgressReported", "FeedbackSubmitted"):
        figures: dict[str, Any] = (
            {"percent_complete": 100.0, "investment_done": Decimal("1.5"), "work_done": "完成主体工程"}
            if action.figures_required
            else {}
        )
        if event == "ProgressReported":
            return ProgressReported(**base, summary="按计划推进", **figures)
        assert action.signer_unit is not None
        signer = Actor(name="王芳", role=Role.UNIT_HEAD, unit=action.signer_unit)
        return FeedbackSubmitted(**base, summary="已办结", signed_by=signer, **figures)
    if event == "Returned":
        return Returned(**base, kind=ReturnKind(action.return_kinds[-1]), reason="不符合要求")
    if event == "ExtensionRequested":
        assert action.earliest_due is not None
        return ExtensionRequested(**base, new_due=action.earliest_due, reason="情况特殊")
    if event == "ExtensionDecided":
        # Granting never shortens the deadline (S0-4.6): grant only a later day than the current one.
        due = item.deadline.due if item.deadline else None
        grant = action.requested_due is not None and (due is None or action.requested_due > due)
        return ExtensionDecided(**base, granted=grant)
    if event == "DeadlineRevised":
        assert action.earliest_due is not None
        return DeadlineRevised(**base, due=action.earliest_due, reason="放假安排调整")
    if event == "Evaluated":
        return Evaluated(**base, satisfaction=Satisfaction.SATISFIED, outcome=Outcome.SOLVED)
    if event == "Cancelled":
        return Cancelled(**base, reason="撤销")
    if event == "ReportedToLeader":
        return ReportedToLeader(**base, summary="经审核，办理结果与交办要求相符")
    return ITEM_TYPES[event](**base)


def _times(item: Item) -> st.SearchStrategy[datetime]:
    last = item.last_at.astimezone(CST)
    # Earlier times stay inside the calendar range: an event time outside it is refused by the
    # event's own validation (issue #14), before the ledger is asked.
    floor = datetime(2000, 1, 1, tzinfo=CST)
    earlier = min(5 * 86400, int((last - floor).total_seconds()))
    times = [st.just(last), st.integers(0, 90 * 86400).map(lambda s: last + timedelta(seconds=s))]
    if earlier >= 1:
        times.append(st.integers(1, earlier).map(lambda s: last - timedelta(seconds=s)))
    return st.one_of(*times)


def _probe(data: st.DataObject, ledger: Ledger) -> None:
    """Every actor and event type on one item at one time: allowed is exact."""
    item = ledger.items[data.draw(st.sampled_from(sorted(ledger.items)), label="item")]
    at = data.draw(_times(item), label="at")
    for actor in _actors(item):
        actions = ledger.allowed(item.item_id, actor, at)
        listed = {a.event for a in actions}
        assert len(listed) == len(actions)
        for action in actions:
            # A listed action is accepted with what its limits describe.
            event = form(action, item, actor, at)
            checked, applied, _ = _outcome(ledger, event)
            assert applied is None, (action, applied)
            assert checked is None
        for etype, cls in ITEM_TYPES.items():
            # Random content of every type: accepted only if listed; check agrees.
            drawn = data.draw(dst.events(cls), label=etype)
            probe = drawn.model_copy(update={"item_id": item.item_id, "at": at, "by": actor})
            checked, applied, _ = _outcome(ledger, probe)
            assert _same(checked, applied), (checked, applied)
            if applied is None:
                assert etype in listed, (etype, actor, item.state, listed)
            if etype not in listed:
                assert applied is not None
                # ... and the most favourable content is refused too.
                favourable = form(
                    Action(
                        etype,
                        cls.label,
                        actions[0].party if actions else _any_party(),
                        "",
                        earliest_due=(item.deadline.due + timedelta(days=1))
                        if item.deadline
                        else date(2050, 1, 3),
                        return_kinds=("LEADER_FOLLOW_UP",),
                        signer_unit=item.lead_unit,
                        figures_required=True,
                    ),
                    item,
                    actor,
                    at,
                )
                checked, applied, _ = _outcome(ledger, favourable)
                assert applied is not None, (etype, actor, item.state)
                assert _same(checked, applied)


def _any_party() -> Any:
    from duban_core.machine import Party

    return Party.OFFICE


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_check_and_allowed_agree_with_apply(data: st.DataObject) -> None:
    rules = data.draw(st.sampled_from([None]) | dst.rule_sets(), label="rules")
    ledger = Ledger(rules)
    model = dst.StreamState(ledger.rules)
    for _ in range(data.draw(st.integers(1, 15), label="steps")):
        event = data.draw(dst.next_events(model, max_items=4), label="valid")
        checked, applied, after = _outcome(ledger, event)
        assert checked is None
        assert applied is None, applied
        if isinstance(event, ItemEvent) and not isinstance(event, Drafted):
            # The event the stream sent was one its sender was allowed to send.
            listed = {a.event for a in ledger.allowed(event.item_id, event.by, event.at)}
            assert event.type in listed
        ledger = after
        model.accept(event)
        for kind in dst.REFUSAL_KINDS:
            if dst.can_refuse(model, kind) and data.draw(st.integers(0, 3), label="refuse?") == 0:
                bad, errors, _ = data.draw(dst.refused_events(model, [kind]), label=kind)
                checked, applied, _ = _outcome(ledger, bad)
                assert isinstance(applied, errors)
                assert _same(checked, applied)
        if ledger.items and data.draw(st.integers(0, 2), label="probe?") == 0:
            _probe(data, ledger)


# -- hand-computed cases ------------------------------------------------------------------------

OFFICE = Actor(name="李明", role=Role.OFFICE)
LEADER = Actor(name="张华", role=Role.LEADER)
HEAD = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")
STAFF = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")


def at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, tzinfo=CST)


def _assigned_item(category: Category = Category.LEADER_INSTRUCTION) -> Ledger:
    """领导批示 received Monday 2024-09-23: 5 days (S0-4.4) counted from 09-24 end on
    Saturday 09-28, a rest day, so the due day rolls to Sunday 09-29, a 调休 working day
    (国庆节 2024). Acknowledged on 09-24."""
    ledger = Ledger()
    ledger.apply(
        Drafted(
            item_id="X",
            at=at(2024, 9, 23),
            by=OFFICE,
            title="批示件",
            category=category,
            lead_unit="区住建局",
        )
    )
    ledger.apply(Registered(item_id="X", at=at(2024, 9, 23, 10), by=OFFICE))
    ledger.apply(Assigned(item_id="X", at=at(2024, 9, 23, 11), by=OFFICE, received_on=date(2024, 9, 23)))
    ledger.apply(Acknowledged(item_id="X", at=at(2024, 9, 24), by=STAFF, handler="赵强"))
    return ledger


def _events(actions: tuple[Action, ...]) -> list[str]:
    return [a.event for a in actions]


def test_a_unit_head_may_ask_for_an_extension_until_the_due_day() -> None:
    ledger = _assigned_item()
    due = ledger.items["X"].deadline
    assert due is not None
    assert due.due == date(2024, 9, 29)
    on_due_day = ledger.allowed("X", HEAD, at(2024, 9, 29, 23))
    assert _events(on_due_day) == ["ProgressReported", "FeedbackSubmitted", "ExtensionRequested"]
    request = on_due_day[-1]
    assert (request.label, request.last_day, request.earliest_due) == (
        "申请延期",
        date(2024, 9, 29),
        date(2024, 9, 30),
    )
    # The day after the due day: no extension request any more (S4-20(二) 提前申请).
    assert _events(ledger.allowed("X", HEAD, at(2024, 9, 30))) == ["ProgressReported", "FeedbackSubmitted"]
    feedback = on_due_day[1]
    assert (feedback.label, feedback.signer_unit, feedback.figures_required) == (
        "结果反馈",
        "区住建局",
        False,
    )


def test_a_leader_decides_only_a_pending_request() -> None:
    ledger = _assigned_item()
    assert _events(ledger.allowed("X", LEADER, at(2024, 9, 25))) == ["Cancelled"]
    ledger.apply(
        ExtensionRequested(
            item_id="X", at=at(2024, 9, 25), by=HEAD, new_due=date(2024, 10, 15), reason="涉及多部门"
        )
    )
    actions = ledger.allowed("X", LEADER, at(2024, 9, 26))
    assert _events(actions) == ["ExtensionDecided", "Cancelled"]
    assert actions[0].requested_due == date(2024, 10, 15)
    # One request at a time: the unit head cannot ask again while it is pending.
    assert "ExtensionRequested" not in _events(ledger.allowed("X", HEAD, at(2024, 9, 26)))


def test_return_kinds_of_the_office_and_of_a_leader() -> None:
    ledger = _assigned_item()
    ledger.apply(
        FeedbackSubmitted(item_id="X", at=at(2024, 9, 26), by=STAFF, summary="已整改", signed_by=HEAD)
    )
    office = {a.event: a for a in ledger.allowed("X", OFFICE, at(2024, 9, 27))}
    assert list(office) == ["Approved", "Returned", "DeadlineRevised", "Cancelled"]
    assert office["Returned"].return_kinds == ("SUPPLEMENT", "REDO", "LEADER_FOLLOW_UP")
    leader = {a.event: a for a in ledger.allowed("X", LEADER, at(2024, 9, 27))}
    assert leader["Returned"].return_kinds == ("LEADER_FOLLOW_UP",)  # S0-3.5
    assert _events(ledger.allowed("X", STAFF, at(2024, 9, 27))) == []
    # Before the item's previous event: nothing at all.
    assert ledger.allowed("X", OFFICE, at(2024, 9, 26, 8)) == ()


def test_a_parent_with_an_open_child_is_not_offered_closing() -> None:
    ledger = _assigned_item()
    ledger.apply(
        Drafted(
            item_id="X-1",
            at=at(2024, 9, 24, 10),
            by=OFFICE,
            title="分解事项",
            category=Category.LEADER_INSTRUCTION,
            lead_unit="区教育局",
            parent_id="X",
        )
    )
    ledger.apply(
        FeedbackSubmitted(item_id="X", at=at(2024, 9, 26), by=STAFF, summary="已办结", signed_by=HEAD)
    )
    assert "Approved" not in _events(ledger.allowed("X", OFFICE, at(2024, 9, 27)))  # S4-17
    ledger.apply(Cancelled(item_id="X-1", at=at(2024, 9, 27), by=OFFICE, reason="并入主事项"))
    assert "Approved" in _events(ledger.allowed("X", OFFICE, at(2024, 9, 27)))


def test_a_second_evaluation_is_offered_as_the_ledger_accepts_it() -> None:
    ledger = _assigned_item(Category.DEPUTY_PROPOSAL)
    ledger.apply(
        FeedbackSubmitted(item_id="X", at=at(2024, 9, 26), by=STAFF, summary="已答复", signed_by=HEAD)
    )
    evaluation = Evaluated(
        item_id="X",
        at=at(2024, 9, 27),
        by=OFFICE,
        satisfaction=Satisfaction.SATISFIED,
        outcome=Outcome.SOLVED,
    )
    ledger.apply(evaluation)
    assert "Evaluated" in _events(ledger.allowed("X", OFFICE, at(2024, 9, 28)))  # S2-2.1: a re-evaluation
    assert ledger.check(evaluation.model_copy(update={"at": at(2024, 9, 28)})) is None


def test_drafting_a_new_item_is_the_offices() -> None:
    assert _events(Ledger().allowed("NEW", OFFICE, at(2024, 9, 23))) == ["Drafted"]
    assert Ledger().allowed("NEW", HEAD, at(2024, 9, 23)) == ()


def test_check_returns_the_error_apply_raises_and_changes_nothing() -> None:
    ledger = _assigned_item()
    late = ExtensionRequested(
        item_id="X", at=at(2024, 9, 30), by=HEAD, new_due=date(2024, 10, 15), reason="来不及"
    )
    error = ledger.check(late)
    assert error is not None
    assert getattr(error, "code", None) == "extension.too_late"
    assert getattr(error, "clause", None) == "S4-20(二)"
    with pytest.raises(
        type(error),
        match=str(error).replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]"),
    ):
        ledger.copy().apply(late)
    assert ledger.check({"type": "Registered"}) is not None  # malformed input: pydantic's error
    assert ledger.version == 4


def test_allowed_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="时区"):
        Ledger().allowed("X", OFFICE, datetime(2024, 9, 23, 9))
