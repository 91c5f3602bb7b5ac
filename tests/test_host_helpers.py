"""One item's traffic light and the clock-skew helper (issue #16)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import Actor, Category, DubanError, Ledger, Level, Role, RuleViolation
from duban_core import strategies as dst
from duban_core.clock import CST, SKEW_TOLERANCE, clamp
from duban_core.events import Acknowledged, Assigned, Drafted, Registered, Urged, stream_of
from duban_core.oversight import alert_for, alerts

OFFICE = Actor(name="李明", role=Role.OFFICE)
STAFF = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")
T0 = datetime(2024, 9, 27, 9, tzinfo=CST)


def _assigned() -> Ledger:
    # A leader's instruction received Friday 27 September 2024: 5日 → due 8 October (国庆节, S0-4.4).
    return Ledger.replay(
        [
            Drafted(
                item_id="A",
                at=T0,
                by=OFFICE,
                title="核查",
                category=Category.LEADER_INSTRUCTION,
                lead_unit="区住建局",
            ),
            Registered(item_id="A", at=T0, by=OFFICE),
            Assigned(item_id="A", at=T0, by=OFFICE, received_on=date(2024, 9, 27)),
        ]
    )


def test_one_items_light_by_hand() -> None:
    ledger = _assigned()
    green = alert_for(ledger, "A", date(2024, 9, 27))
    assert green is not None
    assert green.level is Level.GREEN
    assert green.due == date(2024, 10, 8)
    # 29 September is a Sunday worked (调休): two working days before the due day → YELLOW
    yellow = alert_for(ledger, "A", date(2024, 9, 29))
    assert yellow is not None
    assert yellow.level is Level.YELLOW
    red = alert_for(ledger, "A", date(2024, 10, 9))
    assert red is not None
    assert red.level is Level.RED
    assert red.days_overdue == 1


def test_no_light_while_the_clock_does_not_run() -> None:
    ledger = Ledger.replay(
        [
            Drafted(
                item_id="D",
                at=T0,
                by=OFFICE,
                title="核查",
                category=Category.LEADER_INSTRUCTION,
                lead_unit="区住建局",
            )
        ]
    )
    assert alert_for(ledger, "D", date(2024, 9, 27)) is None


def test_an_unknown_item_has_no_light() -> None:
    with pytest.raises(RuleViolation) as caught:
        alert_for(_assigned(), "nope", date(2024, 9, 27))
    assert caught.value.code == "item.unknown"
    assert "nope" in caught.value.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dst.ledgers(max_items=4, max_events=30), dst.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_one_items_light_is_its_entry_of_alerts(ledger: Ledger, on: date) -> None:
    everyone = {alert.item_id: alert for alert in alerts(ledger, on)}
    for item_id, item in ledger.items.items():
        if item.drafted_on > on:  # the on rule: the item did not exist yet that day
            with pytest.raises(RuleViolation) as unknown:
                alert_for(ledger, item_id, on)
            assert unknown.value.code == "item.unknown"
            continue
        assert alert_for(ledger, item_id, on) == everyone.get(item_id)


# -- clock skew ---------------------------------------------------------------------------------


def test_clamp_by_hand() -> None:
    last = datetime(2024, 3, 1, 9, 0, 2, tzinfo=CST)
    one_second_behind = datetime(2024, 3, 1, 1, 0, 1, tzinfo=timezone.utc)
    assert clamp(one_second_behind, last) == last
    assert clamp(one_second_behind, last).tzinfo == timezone.utc  # the host's own zone is kept
    assert clamp(last + timedelta(seconds=1), last) == last + timedelta(seconds=1)
    assert clamp(last - timedelta(seconds=6), last) == last - timedelta(seconds=6)  # beyond: ordering problem
    assert clamp(last - timedelta(seconds=6), last, tolerance=timedelta(seconds=10)) == last
    assert clamp(last, None) == last
    assert timedelta(seconds=5) == SKEW_TOLERANCE


@pytest.mark.parametrize(
    ("at", "last_at", "tolerance", "code"),
    [
        (datetime(2024, 3, 1, 9), None, SKEW_TOLERANCE, "clock.naive"),
        (T0, datetime(2024, 3, 1, 9), SKEW_TOLERANCE, "clock.naive"),
        (T0, None, timedelta(seconds=-1), "clock.bad_tolerance"),
        ("2024-03-01", None, SKEW_TOLERANCE, "clock.not_a_time"),
    ],
)
def test_clamp_refuses_bad_input(at: object, last_at: object, tolerance: object, code: str) -> None:
    with pytest.raises(DubanError) as caught:
        clamp(at, last_at, tolerance)  # type: ignore[arg-type]
    assert caught.value.code == code


def test_a_second_server_a_second_behind_is_accepted_through_clamp() -> None:
    ledger = _assigned()
    ledger.apply(Acknowledged(item_id="A", at=T0 + timedelta(hours=1), by=STAFF, handler="赵强"))
    behind = T0 + timedelta(hours=1) - timedelta(seconds=1)  # server B's clock
    urged = Urged(item_id="A", at=behind, by=OFFICE, method="电话催办")
    with pytest.raises(RuleViolation):  # the raw time goes back: refused
        ledger.copy().apply(urged)
    stamped = clamp(behind, ledger.last_at_of(stream_of(urged)))
    ledger.apply(Urged(item_id="A", at=stamped, by=OFFICE, method="电话催办"))
    assert ledger.items["A"].urge_count == 1


@given(
    st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 1, 1), timezones=st.just(CST)),
    st.timedeltas(min_value=timedelta(seconds=-30), max_value=timedelta(seconds=30)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(seconds=20)),
)
def test_clamp_only_ever_moves_a_time_up_to_the_last_one(
    last: datetime, skew: timedelta, tolerance: timedelta
) -> None:
    at = last + skew
    out = clamp(at, last, tolerance)
    assert out >= at
    if at < last and last - at <= tolerance:
        assert out == last
    else:
        assert out == at
