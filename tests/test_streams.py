"""Streams and optimistic concurrency on every stream (issue #16).

Every event belongs to one stream — an item, a bulletin or an inspection
(``events.stream_of``) — whose version counts its accepted events
(``Ledger.version_of``). ``apply(event, expected_version=n)`` is refused with
``StaleVersion`` unless the event's stream is at version ``n``, for every kind of stream.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings

from duban_core import Actor, Category, DubanError, Ledger, Role, RuleViolation, StaleVersion
from duban_core import strategies as dst
from duban_core.clock import CST
from duban_core.events import (
    BulletinIssued,
    BulletinKind,
    Drafted,
    InspectionPlanned,
    RectificationReported,
    Registered,
    stream_of,
)

OFFICE = Actor(name="李明", role=Role.OFFICE)
HEAD = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")
T0 = datetime(2024, 3, 1, 9, tzinfo=CST)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _drafted(item_id: str = "A", at: datetime = T0) -> Drafted:
    return Drafted(
        item_id=item_id,
        at=at,
        by=OFFICE,
        title="核查",
        category=Category.LEADER_INSTRUCTION,
        lead_unit="区住建局",
    )


def _criticism(bulletin_id: str = "B1", at: datetime = T0) -> BulletinIssued:
    return BulletinIssued(
        bulletin_id=bulletin_id,
        at=at,
        by=OFFICE,
        kind=BulletinKind.CRITICISM,
        units=("区住建局",),
        reason="逾期未办结",
    )


def _rectified(at: datetime = T0 + timedelta(days=2)) -> RectificationReported:
    return RectificationReported(bulletin_id="B1", at=at, by=HEAD, unit="区住建局")


def _inspection(inspection_id: str = "I1") -> InspectionPlanned:
    return InspectionPlanned(
        inspection_id=inspection_id,
        at=T0,
        by=OFFICE,
        organiser="区政府办",
        topic="安全生产",
        units=("区住建局",),
        start=date(2024, 3, 5),
        end=date(2024, 3, 6),
    )


def test_the_stream_of_each_kind_of_event() -> None:
    assert stream_of(_drafted("2024-001")) == "item:2024-001"
    assert stream_of(Registered(item_id="2024-001", at=T0, by=OFFICE)) == "item:2024-001"
    assert stream_of(_criticism("B1")) == "bulletin:B1"
    assert stream_of(_rectified()) == "bulletin:B1"
    assert stream_of(_inspection("I1")) == "inspection:I1"
    # ids of different kinds never share a stream
    assert stream_of(_drafted("B1")) != stream_of(_criticism("B1"))
    with pytest.raises(DubanError) as caught:
        stream_of("Drafted")  # type: ignore[arg-type]
    assert caught.value.code == "event.no_stream"


def test_versions_of_every_kind_of_stream() -> None:
    ledger = Ledger()
    assert (
        ledger.version_of("item:A")
        == ledger.version_of("bulletin:B1")
        == ledger.version_of("inspection:I1")
        == 0
    )
    assert ledger.last_at_of("item:A") is None
    ledger.apply(_drafted(), expected_version=0)
    ledger.apply(Registered(item_id="A", at=T0 + timedelta(hours=1), by=OFFICE), expected_version=1)
    assert ledger.version_of("item:A") == ledger.items["A"].version == 2
    assert ledger.last_at_of("item:A") == T0 + timedelta(hours=1)
    ledger.apply(_criticism(), expected_version=0)
    assert ledger.version_of("bulletin:B1") == 1
    ledger.apply(_rectified(), expected_version=1)
    assert ledger.version_of("bulletin:B1") == 2
    assert ledger.last_at_of("bulletin:B1") == T0 + timedelta(days=2)
    ledger.apply(_inspection(), expected_version=0)
    assert ledger.version_of("inspection:I1") == 1
    assert ledger.last_at_of("inspection:I1") == T0


@pytest.mark.parametrize("stream", ["A", "items:A", "item:", "", "bulletin"])
def test_an_unknown_stream_is_refused(stream: str) -> None:
    with pytest.raises(DubanError) as caught:
        Ledger().version_of(stream)
    assert caught.value.code == "stream.unknown"
    assert CJK.search(caught.value.message)


def test_a_bulletin_with_a_wrong_expected_version_is_refused() -> None:
    # The finding: BulletinIssued(expected_version=99) was accepted silently.
    ledger = Ledger()
    with pytest.raises(StaleVersion) as caught:
        ledger.apply(_criticism(), expected_version=99)
    error = caught.value
    assert (error.stream, error.expected, error.current) == ("bulletin:B1", 99, 0)
    assert error.code == "concurrency.stale_version"
    assert error.message == "通报“B1”尚不存在（版本 0），提交时看到的是版本 99：请刷新后重试"
    assert "BulletinIssued for bulletin:B1: the stream is at version 0, expected 99" in error.en
    assert error.to_dict()["current"] == 0
    assert ledger.version == 0
    assert "B1" not in ledger.bulletins


def test_a_stale_rectification_report_is_refused_and_changes_nothing() -> None:
    ledger = Ledger().apply(_criticism())
    before = ledger.copy()
    with pytest.raises(StaleVersion) as caught:
        ledger.apply(_rectified(), expected_version=2)
    assert (caught.value.expected, caught.value.current) == (2, 1)
    assert caught.value.message == "通报“B1”已被他人更新（当前版本 1，您看到的是版本 2）：请刷新后重新办理"
    assert ledger == before
    ledger.apply(_rectified(), expected_version=1)
    assert ledger.bulletins["B1"].rectified_on("区住建局") == date(2024, 3, 3)


def test_a_planned_inspection_expects_version_zero() -> None:
    ledger = Ledger()
    with pytest.raises(StaleVersion):
        ledger.apply(_inspection(), expected_version=1)
    ledger.apply(_inspection(), expected_version=0)
    with pytest.raises(StaleVersion) as caught:  # the second of two racing plans with one id
        ledger.apply(_inspection(), expected_version=0)
    assert caught.value.stream == "inspection:I1"


def test_two_clerks_drafting_one_id_the_second_is_stale() -> None:
    ledger = Ledger().apply(_drafted(), expected_version=0)
    with pytest.raises(StaleVersion) as caught:
        ledger.apply(_drafted(), expected_version=0)
    assert (caught.value.stream, caught.value.current) == ("item:A", 1)
    # without a version, the duplicate is still refused, as a rule
    with pytest.raises(RuleViolation, match="已存在"):
        ledger.apply(_drafted())


def test_stale_errors_are_rule_violations_a_host_can_switch_on() -> None:
    ledger = Ledger().apply(_drafted())
    with pytest.raises(RuleViolation) as caught:
        ledger.apply(Registered(item_id="A", at=T0, by=OFFICE), expected_version=0)
    assert isinstance(caught.value, StaleVersion)
    assert caught.value.message == "事项“A”已被他人更新（当前版本 1，您看到的是版本 0）：请刷新后重新办理"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dst.ledgers(max_items=3, max_events=30))
def test_a_host_that_always_sends_the_version_it_saw_is_never_stale(ledger: Ledger) -> None:
    again = Ledger(ledger.rules)
    for event in ledger.events:
        stream = stream_of(event)
        again.apply(event, expected_version=again.version_of(stream))
    assert again == ledger
    counts = Counter(stream_of(e) for e in ledger.events)
    for stream, count in counts.items():
        assert ledger.version_of(stream) == count
        assert ledger.last_at_of(stream) == max(e.at for e in ledger.events if stream_of(e) == stream)
    for item_id, item in ledger.items.items():
        assert ledger.version_of(f"item:{item_id}") == item.version


def test_check_answers_the_stream_check_as_apply_would() -> None:
    ledger = Ledger().apply(_criticism())
    stale = ledger.check(_rectified(), expected_version=0)
    assert isinstance(stale, StaleVersion)
    assert (stale.stream, stale.expected, stale.current) == ("bulletin:B1", 0, 1)
    assert ledger.check(_rectified(), expected_version=1) is None
    assert isinstance(Ledger().check(_inspection(), expected_version=2), StaleVersion)
    assert ledger.version_of("bulletin:B1") == 1  # asking changed nothing
