"""Properties of the oversight functions on any stream a ledger accepts (hypothesis):

* the traffic light follows its definition (contract; S1-2.2), one per item whose clock runs;
* the OVERDUE findings are exactly the RED alerts (S1-2.6);
* alerts, reports due, findings and register rows of partitions add up to those of the whole;
* the bulletin draft is total and deterministic (S0-3.6).

Views answer as of their day (issue 18): they read ``ledger.as_of(on)``, which refuses where
the stream, recorded out of time order across items, cannot be rebuilt on that day; the
views then refuse too (``history.out_of_order``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban_core import DubanError, FindingKind, Ledger, Level, RuleSet, State
from duban_core import strategies as dst
from duban_core.oversight import alerts, comprehensive_register, draft_bulletin, findings, reports_due
from oversight_support import chooser, partition

_CLOCK = {State.ASSIGNED, State.IN_PROGRESS, State.RETURNED}
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


def _day(data: st.DataObject, ledger: Ledger) -> date:
    """A day near the ledger's events (so that lights of every colour occur)."""
    days = [event.day for event in ledger.events] or [date(2024, 10, 9)]
    base = data.draw(st.sampled_from(days), label="base")
    on = base + timedelta(days=data.draw(st.integers(-5, 60), label="offset"))
    return min(max(on, date(2000, 1, 1)), date(2099, 12, 31))


def _past(ledger: Ledger, on: date, view: Callable[[Ledger], object]) -> Ledger | None:
    """``ledger.as_of(on)``, or ``None`` after checking that ``view`` refuses as it does."""
    try:
        return ledger.as_of(on)
    except DubanError:
        pass
    with pytest.raises(DubanError) as also:
        view(ledger)
    assert also.value.code == "history.out_of_order"
    return None


@settings(suppress_health_check=_SLOW)
@given(rules=dst.rule_sets(), data=st.data())
def test_the_light_follows_its_definition(rules: RuleSet, data: st.DataObject) -> None:
    ledger = Ledger.replay(
        data.draw(dst.event_streams(rules, max_items=6, max_events=50), label="stream"), rules
    )
    on = _day(data, ledger)
    calendar = rules.calendar
    past = _past(ledger, on, lambda ledger: alerts(ledger, on))
    if past is None:
        return
    found = alerts(ledger, on)
    assert found == alerts(past, on)
    assert [a.item_id for a in found] == [i.item_id for i in past.items.values() if i.state in _CLOCK]
    for alert in found:
        item = past.items[alert.item_id]
        assert item.deadline is not None
        assert alert.due == item.deadline.due
        assert alert.workdays_left == calendar.workdays_between(on, alert.due)
        share_hit = (
            rules.warning_share is not None
            and alert.elapsed_share is not None
            and alert.elapsed_share >= rules.warning_share
        )
        if on > alert.due:
            assert alert.level is Level.RED
        elif alert.workdays_left <= rules.warning_workdays or share_hit:
            assert alert.level is Level.YELLOW
        else:
            assert alert.level is Level.GREEN
        assert (rules.warning_share is None) == (alert.elapsed_share is None)
    overdue = {f.item_id for f in findings(ledger, on) if f.kind is FindingKind.OVERDUE}
    assert overdue == {a.item_id for a in found if a.level is Level.RED}


@settings(suppress_health_check=_SLOW)
@given(parts=st.integers(1, 3), data=st.data())
def test_per_item_views_of_partitions_add_up_to_the_whole(parts: int, data: st.DataObject) -> None:
    stream = data.draw(dst.event_streams(max_items=6, max_events=60), label="stream")
    whole_events, split = partition(stream, chooser(data, parts), parts)
    whole = Ledger.replay(whole_events)
    pieces = [Ledger.replay(events) for events in split]
    on = _day(data, whole)
    if _past(whole, on, lambda ledger: alerts(ledger, on)) is None:
        return

    views: list[Callable[[Ledger], Sequence[Hashable]]] = [
        lambda ledger: alerts(ledger, on),
        lambda ledger: findings(ledger, on),
        lambda ledger: comprehensive_register(ledger, on),
        lambda ledger: reports_due(ledger, on, within_workdays=20),
    ]
    for view in views:
        total: Counter[Hashable] = Counter()
        for piece in pieces:
            total.update(view(piece))
        assert total == Counter(view(whole))


@settings(suppress_health_check=_SLOW, max_examples=30)
@given(rules=dst.rule_sets(), data=st.data())
def test_the_bulletin_draft_is_total_and_deterministic(rules: RuleSet, data: st.DataObject) -> None:
    ledger = Ledger.replay(
        data.draw(dst.event_streams(rules, max_items=5, max_events=40), label="stream"), rules
    )
    on = _day(data, ledger)
    limit = data.draw(st.integers(1, 5), label="limit")
    if _past(ledger, on, lambda ledger: draft_bulletin(ledger, on, limit=limit)) is None:
        return
    draft = draft_bulletin(ledger, on, limit=limit)
    text = draft.text()
    assert text.startswith("督查工作通报\n")
    assert "四、通报批评" in text
    # No Markdown and no clause IDs in the 公文 (item titles are drawn text: leave them out).
    scrubbed = text
    for item in ledger.items.values():
        scrubbed = scrubbed.replace(item.title, "")
    assert "#" not in scrubbed
    assert "S0-" not in scrubbed
    assert draft_bulletin(ledger, on, limit=limit) == draft
