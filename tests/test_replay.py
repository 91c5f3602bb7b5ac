"""The event log is the record (issue #3 §3): replay equals incremental apply, events
round-trip through JSON, the log records the deadlines the ledger decided, a newer calendar
never moves a recorded deadline by itself, and revisions are recorded as events.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from duban_core import (
    Category,
    ChangeKind,
    ChinaCalendar,
    DubanError,
    InvalidTransition,
    Ledger,
    RuleSet,
    RuleViolation,
    State,
)
from duban_core import events as ev
from duban_core.events import BulletinKind, Event, Outcome, ReturnKind, Satisfaction
from workflow_support import (
    CO_HEAD,
    CO_STAFF,
    CO_UNIT,
    LEAD_HEAD,
    LEAD_UNIT,
    LEADER,
    OFFICE,
    OTHER_UNIT,
    Snapshot,
    acknowledged,
    apply_all,
    approved,
    archived,
    assigned,
    at,
    bulletin,
    cancelled,
    deadline_revised,
    drafted,
    evaluated,
    extension_decided,
    extension_requested,
    feedback,
    lifecycle,
    progress,
    rectification,
    refuse,
    registered,
    returned,
    urged,
)

UTC = timezone.utc


def rich_log() -> list[Event]:
    """A log with every event type, several items and bulletins, interleaved across items,
    some times in UTC. No Assigned/Returned carries ``due``: the ledger decides it."""
    return [
        # A: 领导批示, two rework rounds, an extension, closed and archived.
        drafted("A", at(2024, 9, 26, 9), title="落实张区长批示"),
        drafted(
            "B",
            at(2024, 9, 26, 9, 30),
            title="落实区政府常务会议决定",
            category=Category.MEETING_DECISION,
            co_units=(),
        ),
        registered("A", at(2024, 9, 26, 15), by=LEADER),
        registered("B", at(2024, 9, 26, 15)),
        drafted(
            "C", at(2024, 9, 26, 16), title="分解任务一", category=Category.MEETING_DECISION, parent_id="B"
        ),
        registered("C", at(2024, 9, 26, 17)),
        assigned("A", at(2024, 9, 27, 9)),
        assigned("B", at(2024, 9, 27, 9)),
        assigned("C", datetime(2024, 9, 27, 2, 0, tzinfo=UTC)),  # 10:00 CST
        acknowledged("A", at(2024, 9, 27, 14)),
        acknowledged("B", at(2024, 9, 27, 14)),
        urged("C", at(2024, 9, 29, 9)),
        progress("A", at(2024, 9, 29, 10), by=CO_STAFF),
        extension_requested("A", at(2024, 9, 30, 9), date(2024, 10, 12)),
        extension_decided("A", at(2024, 9, 30, 11)),
        feedback("A", at(2024, 10, 11, 9)),
        returned("A", at(2024, 10, 11, 15), ReturnKind.SUPPLEMENT),
        acknowledged("A", at(2024, 10, 12, 9)),
        feedback("A", at(2024, 10, 15, 9), by=LEAD_HEAD),
        returned("A", at(2024, 10, 15, 15), ReturnKind.LEADER_FOLLOW_UP, by=LEADER),
        feedback("A", at(2024, 10, 18, 9)),
        approved("A", at(2024, 10, 21, 9)),
        archived("A", at(2024, 10, 31, 9)),
        cancelled("C", at(2024, 10, 8, 9), reason="并入主事项办理"),
        feedback("B", at(2024, 10, 8, 10)),
        approved("B", at(2024, 10, 8, 15)),
        # D: a deputy's suggestion, evaluated.
        drafted("D", at(2024, 6, 13, 9), category=Category.DEPUTY_PROPOSAL, co_units=()),
        registered("D", at(2024, 6, 13, 10)),
        assigned("D", at(2024, 6, 14, 9)),
        acknowledged("D", at(2024, 6, 17, 9)),
        feedback("D", at(2024, 9, 14, 9)),
        approved("D", at(2024, 9, 18, 9)),
        evaluated("D", at(2024, 9, 20, 9), Satisfaction.SATISFIED, Outcome.SOLVED),
        # E: an urgent item, still running.
        drafted("E", datetime(2024, 9, 28, 23, 0, tzinfo=UTC), urgent=True),  # 09-29 07:00 CST
        registered("E", at(2024, 9, 29, 8)),
        assigned("E", at(2024, 9, 29, 9)),
        # F: a work-report project task with progress figures.
        drafted(
            "F",
            at(2024, 2, 20, 9),
            category=Category.WORK_REPORT_TASK,
            project=True,
            lead_unit=CO_UNIT,
            co_units=(LEAD_UNIT,),
        ),
        registered("F", at(2024, 2, 20, 10)),
        assigned("F", at(2024, 3, 1, 9)),
        acknowledged("F", at(2024, 3, 1, 10), by=CO_STAFF, handler="周杰"),
        progress(
            "F", at(2024, 3, 29, 9), by=CO_STAFF, percent_complete=20.0, investment_done=Decimal("350.25")
        ),
        progress("F", at(2024, 6, 28, 9), by=CO_HEAD, percent_complete=55.5, work_done="完成管网铺设3公里"),
        # G: a media issue with its stipulated date, reported and revised once.
        drafted("G", at(2024, 9, 26, 10), category=Category.MEDIA_ISSUE, stipulated_due=date(2024, 10, 18)),
        registered("G", at(2024, 9, 26, 11)),
        assigned("G", at(2024, 9, 27, 9)),
        deadline_revised("G", at(2024, 9, 27, 10), date(2024, 10, 25), reason="交办单据期限笔误，更正"),
        acknowledged("G", at(2024, 9, 27, 11)),
        feedback("G", at(2024, 10, 20, 9)),
        # Bulletins and a rectification report.
        bulletin("TB-1", at(2024, 10, 22, 9), units=(LEAD_UNIT,), item_ids=("A",), reason="多次退回重办"),
        bulletin("TB-2", at(2024, 10, 22, 9), kind=BulletinKind.PRAISE, units=(OTHER_UNIT,), by=LEADER),
        rectification("TB-1", at(2024, 10, 28, 9)),
        archived("D", at(2024, 10, 30, 9)),
        urged("E", at(2024, 9, 29, 12), method="电话催办"),
    ]


def incremental(log: list[Event]) -> Ledger:
    return apply_all(Ledger(), log)


def assert_same(a: Ledger, b: Ledger) -> None:
    assert a == b
    assert a.version == b.version
    assert list(a.events) == list(b.events)
    assert dict(a.items) == dict(b.items)
    for item_id in a.items:
        assert a.timeline(item_id) == b.timeline(item_id)


# -- replay = incremental apply -----------------------------------------------------------------


def test_the_rich_log_folds_as_expected() -> None:
    ledger = incremental(rich_log())
    states = {item_id: item.state for item_id, item in ledger.items.items()}
    assert states == {
        "A": State.ARCHIVED,
        "B": State.CLOSED,
        "C": State.CANCELLED,
        "D": State.ARCHIVED,
        "E": State.ASSIGNED,
        "F": State.IN_PROGRESS,
        "G": State.REPORTED,
    }
    assert ledger.version == len(rich_log())
    a = ledger.items["A"]
    assert a.rework_rounds == 2
    assert [c.kind for c in a.deadlines] == [
        ChangeKind.ASSIGNED,
        ChangeKind.EXTENSION,
        ChangeKind.REWORK,
        ChangeKind.REWORK,
    ]
    assert [c.deadline.due for c in a.deadlines] == [
        date(2024, 10, 8),
        date(2024, 10, 12),  # granted: a Saturday that is a 调休 working day
        date(2024, 10, 16),  # 补办 returned Friday 10-11: 5日 → 10-16
        date(2024, 10, 21),  # 再督查 returned Tuesday 10-15: 5日 → Sunday 10-20 → 10-21
    ]
    assert a.closed_on_time is True
    assert ledger.items["E"].deadline is not None
    assert ledger.items["E"].deadline.due == date(2024, 9, 29)
    assert ledger.items["F"].deadline is not None
    assert ledger.items["F"].deadline.due == date(2024, 12, 31)
    assert ledger.items["F"].percent_complete == 55.5
    assert ledger.items["G"].deadline is not None
    assert ledger.items["G"].deadline.due == date(2024, 10, 25)
    assert ledger.items["G"].feedback_on_time is True


def test_replay_equals_incremental_apply() -> None:
    log = rich_log()
    assert_same(Ledger.replay(log), incremental(log))


def test_replay_of_every_prefix_equals_incremental_apply() -> None:
    log = rich_log()
    ledger = Ledger()
    for k, event in enumerate(log, start=1):
        ledger = ledger.apply(event)
        assert_same(Ledger.replay(log[:k]), ledger)


def test_replay_of_the_stored_log_equals_the_ledger() -> None:
    ledger = incremental(rich_log())
    again = Ledger.replay(ledger.events)
    assert_same(again, ledger)
    # Stored events are stored as they are: replaying them is a fixed point.
    assert list(Ledger.replay(again.events).events) == list(ledger.events)


def test_replay_accepts_dicts_json_text_and_bytes() -> None:
    ledger = incremental(rich_log())
    stored = list(ledger.events)
    assert_same(Ledger.replay([e.model_dump(mode="json") for e in stored]), ledger)
    assert_same(Ledger.replay([e.model_dump_json() for e in stored]), ledger)
    assert_same(Ledger.replay([e.model_dump_json().encode() for e in stored]), ledger)
    one_by_one = Ledger()
    for e in stored:
        one_by_one = one_by_one.apply(e.model_dump_json())
    assert_same(one_by_one, ledger)


def test_replay_refuses_what_apply_refuses() -> None:
    log = rich_log()
    bad = approved("E", at(2024, 9, 29, 13))  # E is ASSIGNED
    with pytest.raises(InvalidTransition):
        Ledger.replay([*log, bad])
    with pytest.raises(RuleViolation):
        Ledger.replay([*log, urged("NO-SUCH", at(2024, 9, 29))])


def test_a_copy_is_independent() -> None:
    ledger = incremental(rich_log())
    before = Snapshot.of(ledger)
    branch = ledger.copy()
    branch = branch.apply(acknowledged("E", at(2024, 9, 29, 13)))
    branch = branch.apply(drafted("H", at(2024, 11, 1)))
    before.assert_unchanged(ledger)
    assert branch.items["E"].state is State.IN_PROGRESS
    assert "H" in branch.items
    assert "H" not in ledger.items
    assert branch != ledger
    assert repr(ledger)  # the ledger describes itself


def test_items_are_frozen_snapshots() -> None:
    """An Item read from the ledger does not change when later events are applied."""
    ledger = incremental(rich_log())
    held = ledger.items["E"]
    history = held.history
    ledger = ledger.apply(acknowledged("E", at(2024, 9, 29, 13)))
    ledger = ledger.apply(urged("E", at(2024, 9, 29, 14)))
    assert held.state is State.ASSIGNED
    assert held.history == history
    assert held.version == len(history)
    assert ledger.items["E"].state is State.IN_PROGRESS
    assert ledger.items["E"].version == held.version + 2
    with pytest.raises(AttributeError):
        held.state = State.CLOSED  # type: ignore[misc]


def test_the_items_views_follow_item_order_and_the_latest_events() -> None:
    """``items.values()`` and ``items.items()`` (the oversight functions walk them) give every
    item in the order it was drafted, each as its latest snapshot, however many were read."""
    ledger = incremental(rich_log())
    view = ledger.items
    ledger.items["C"]  # one snapshot built and cached, the rest not yet
    assert list(view.values()) == [view[item_id] for item_id in view]
    ledger.apply(acknowledged("E", at(2024, 9, 29, 13)))  # drops E's cached snapshot
    ledger.apply(drafted("H", at(2024, 11, 1)))
    values = list(view.values())
    drafted_ids = [e.item_id for e in rich_log() if isinstance(e, ev.Drafted)]
    assert [item.item_id for item in values] == list(view) == [*drafted_ids, "H"]
    assert view["E"] in view.values()
    assert view["E"].state is State.IN_PROGRESS
    assert list(view.items()) == [(item_id, view[item_id]) for item_id in view]
    assert len(view.values()) == len(view.items()) == len(ledger)
    assert ("E", view["E"]) in view.items()
    assert ("E", view["C"]) not in view.items()
    # Every snapshot built, one by one, last item first: the views still follow item order.
    other = incremental(rich_log())
    for item_id in reversed(list(other.items)):
        other.items[item_id]
    assert [item.item_id for item in other.items.values()] == drafted_ids
    assert [pair[0] for pair in other.items.items()] == drafted_ids
    assert list(other.copy().items.values()) == list(other.items.values())


def test_a_refused_event_in_a_replay_is_named_by_its_position() -> None:
    log = rich_log()
    bad = [*log[:3], log[0], *log[3:]]  # the first Drafted again, as the fourth event
    with pytest.raises(RuleViolation, match=r"^第3个事件：Drafted：事项编号.*已存在") as caught:
        Ledger.replay(bad)
    assert caught.value.en.startswith("event #3: Drafted: item ")
    assert caught.value.code == "item.duplicate_id"
    with pytest.raises(ValidationError):  # malformed input is pydantic's to report
        Ledger.replay([*log[:2], {"type": "Registered"}])


@pytest.mark.parametrize("collecting", [True, False], ids=["gc on", "gc off"])
def test_replay_leaves_the_garbage_collector_alone(collecting: bool) -> None:
    # Issue #14.13: the collector is process-wide; while one thread replays, the others must
    # keep the host's setting, and a host's gc.disable() made meanwhile must survive the replay.
    log = rich_log()
    seen: list[bool] = []

    def watched() -> Iterator[Event]:
        for i, event in enumerate(log):
            seen.append(gc.isenabled())
            if i == 2:  # another thread changes the setting in the middle of the replay
                (gc.disable if collecting else gc.enable)()
            yield event

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        assert Ledger.replay(watched()) == incremental(log)
        assert seen[:3] == [collecting] * 3
        assert seen[3:] == [not collecting] * (len(log) - 3)
        assert gc.isenabled() is not collecting  # the change made during the replay stands
        (gc.enable if collecting else gc.disable)()
        with pytest.raises(RuleViolation):
            Ledger.replay([*log[:3], log[0]])
        assert gc.isenabled() is collecting
        with pytest.raises(ValidationError):
            Ledger.replay([*log[:2], {"type": "Registered"}])
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


# -- JSON round trips ---------------------------------------------------------------------------


def _every_event() -> list[Event]:
    ledger = incremental(rich_log())
    return [*rich_log(), *ledger.events]


@pytest.mark.parametrize("event", _every_event(), ids=lambda e: f"{e.type}")
def test_every_event_round_trips_through_json(event: Event) -> None:
    text = event.model_dump_json()
    back = ev.parse(text)
    assert back == event
    assert type(back) is type(event)
    assert back.model_dump_json() == text
    assert ev.parse(text.encode()) == event
    assert ev.parse(json.loads(text)) == event
    assert ev.dumps(event) == text
    assert json.loads(text)["type"] == event.type


def test_the_log_as_json_lines_replays_to_an_equal_ledger() -> None:
    ledger = incremental(rich_log())
    lines = "\n".join(e.model_dump_json() for e in ledger.events)
    assert "\n" not in ledger.events[0].model_dump_json()
    assert_same(Ledger.replay(lines.splitlines()), ledger)


#: The contract's event table, plus DeadlineRevised.
CONTRACT_EVENTS = {
    "Drafted",
    "Registered",
    "Assigned",
    "Acknowledged",
    "Urged",
    "ProgressReported",
    "FeedbackSubmitted",
    "Approved",
    "Returned",
    "ExtensionRequested",
    "ExtensionDecided",
    "Evaluated",
    "Archived",
    "Cancelled",
    "BulletinIssued",
    "RectificationReported",
    "DeadlineRevised",
}


def test_every_event_type_is_in_the_rich_log() -> None:
    assert {e.type for e in rich_log()} == CONTRACT_EVENTS
    assert set(ev.EVENT_TYPES) >= CONTRACT_EVENTS


def test_parse_refuses_what_is_not_an_event() -> None:
    with pytest.raises(ValidationError):
        ev.parse('{"type": "Nonsense"}')
    with pytest.raises(ValidationError):
        ev.parse("not json")
    event = drafted("A", at(2024, 9, 26)).model_dump(mode="json")
    event["schema_version"] = 999
    with pytest.raises(DubanError):
        ev.parse(event)


# -- the log records the deadlines the ledger decided -------------------------------------------


def test_assigned_and_returned_are_stored_with_the_due_day_decided() -> None:
    log = rich_log()
    assert all(e.due is None for e in log if isinstance(e, (ev.Assigned, ev.Returned)))
    ledger = incremental(log)
    for item in ledger.items.values():
        setting = {c.version: c for c in item.deadlines}
        for version, stored in enumerate(item.history, start=1):
            if isinstance(stored, (ev.Assigned, ev.Returned)):
                change = setting[version]
                assert change.kind is (
                    ChangeKind.ASSIGNED if isinstance(stored, ev.Assigned) else ChangeKind.REWORK
                )
                assert stored.due == change.deadline.due
    stored_a = [e for e in ledger.events if isinstance(e, (ev.Assigned, ev.Returned)) and e.item_id == "A"]
    assert [e.due for e in stored_a] == [date(2024, 10, 8), date(2024, 10, 16), date(2024, 10, 21)]

    # The stored copy is what model_copy(update=...) and validation would build (the ledger
    # builds it without either, on its hot path): same fields, fields set, JSON and equality.
    originals = {(e.item_id, e.at): e for e in log if isinstance(e, (ev.Assigned, ev.Returned))}
    for kept in ledger.events:
        if isinstance(kept, (ev.Assigned, ev.Returned)):
            original = originals[(kept.item_id, kept.at)]
            expected = original.model_copy(update={"due": kept.due})
            assert kept == expected
            assert ev.parse(kept.model_dump_json()) == kept
            assert kept.__dict__ == expected.__dict__
            assert list(kept.__dict__) == list(type(kept).model_fields)
            assert kept.model_fields_set == expected.model_fields_set
            assert kept.model_dump_json() == expected.model_dump_json()
            assert original.due is None  # the host's event is not changed


# -- a newer calendar never moves a recorded deadline by itself ------------------------------------

#: A newly published local holiday on Tuesday 2024-10-08: 5日 items received 2024-09-27
#: (and rework rounds returned 2024-09-30) would fall due on 2024-10-09 instead.
LOCAL_HOLIDAY = {date(2024, 10, 8): "地方性假日"}


def _rules_with(extra_holidays: dict[date, str]) -> RuleSet:
    data = RuleSet.default().model_dump()
    data["extra_holidays"] = extra_holidays
    return RuleSet.model_validate(data)


def _revision_log() -> list[Event]:
    """Items whose recorded deadlines the local holiday would or would not move."""
    return [
        # X: open, due 10-08 → would move.
        *lifecycle("X", State.IN_PROGRESS),
        # R: returned on 09-30; its rework round is due 10-08 → would move.
        *lifecycle("R", State.RETURNED),
        # Z: closed, due 10-08 → closed items are not revised.
        *lifecycle("Z", State.CLOSED),
        # M: open, received in March → unaffected.
        drafted("M", at(2024, 3, 1, 9)),
        registered("M", at(2024, 3, 1, 10)),
        assigned("M", at(2024, 3, 1, 11)),
        # Ext: open, extension granted to 10-08 → a leader's fixed date is never revised.
        drafted("Ext", at(2024, 9, 20, 9)),
        registered("Ext", at(2024, 9, 20, 10)),
        assigned("Ext", at(2024, 9, 20, 11)),  # 5日 → 09-25
        extension_requested("Ext", at(2024, 9, 24, 9), date(2024, 10, 8)),
        extension_decided("Ext", at(2024, 9, 24, 10)),
    ]


def test_replaying_the_stored_log_under_a_new_calendar_keeps_recorded_deadlines() -> None:
    new_rules = _rules_with(LOCAL_HOLIDAY)
    assert new_rules.deadline(Category.LEADER_INSTRUCTION, date(2024, 9, 27)).due == date(2024, 10, 9)
    ledger = incremental(_revision_log())
    replayed = Ledger.replay(ledger.events, new_rules)
    for item_id, item in ledger.items.items():
        again = replayed.items[item_id]
        assert again.deadline is not None
        assert item.deadline is not None
        assert again.deadline.due == item.deadline.due, item_id
        assert [c.deadline.due for c in again.deadlines] == [c.deadline.due for c in item.deadlines]
        assert [c.kind for c in again.deadlines] == [c.kind for c in item.deadlines]
        assert again.state is item.state
    assert replayed.items["X"].deadline is not None
    assert replayed.items["X"].deadline.due == date(2024, 10, 8)
    assert list(replayed.events) == list(ledger.events)
    # Whereas events that never recorded a due day are decided by the rules in force.
    fresh = Ledger.replay(_revision_log(), new_rules)
    assert fresh.items["X"].deadline is not None
    assert fresh.items["X"].deadline.due == date(2024, 10, 9)


def test_deadline_revisions_list_exactly_the_open_items_that_would_move() -> None:
    new_rules = _rules_with(LOCAL_HOLIDAY)
    ledger = incremental(_revision_log())
    assert ledger.deadline_revisions() == []
    assert ledger.deadline_revisions(ledger.rules) == []
    revisions = {r.item_id: r for r in ledger.deadline_revisions(new_rules)}
    assert set(revisions) == {"X", "R"}
    for revision in revisions.values():
        assert revision.current.due == date(2024, 10, 8)
        assert revision.proposed.due == date(2024, 10, 9)
    # The same list from a replay under the new rules: nothing moved by itself.
    replayed = Ledger.replay(ledger.events, new_rules)
    assert {r.item_id for r in replayed.deadline_revisions()} == {"X", "R"}
    assert {r.item_id for r in ledger.with_rules(new_rules).deadline_revisions()} == {"X", "R"}


def test_recording_a_revision_moves_the_deadline_with_history_and_timeline() -> None:
    new_rules = _rules_with(LOCAL_HOLIDAY)
    ledger = incremental(_revision_log()).with_rules(new_rules)
    revisions = {r.item_id: r for r in ledger.deadline_revisions()}
    when = at(2024, 10, 1, 9)
    for item_id in ("X", "R"):
        before = ledger.items[item_id]
        event = revisions[item_id].event(when, OFFICE)
        assert isinstance(event, ev.DeadlineRevised)
        assert event.due == date(2024, 10, 9)
        ledger = ledger.apply(event)
        item = ledger.items[item_id]
        assert item.state is before.state
        assert item.deadline is not None
        assert item.deadline.due == date(2024, 10, 9)
        assert [c.kind for c in item.deadlines] == [*(c.kind for c in before.deadlines), ChangeKind.REVISION]
        assert item.deadlines[-1].by == OFFICE
        assert item.deadlines[-1].at == when
        assert item.deadlines[:-1] == before.deadlines  # history is kept, not rewritten
        entry = ledger.timeline(item_id)[-1]
        assert entry.event == "DeadlineRevised"
        assert entry.by == OFFICE
        assert entry.deadline is not None
        assert entry.deadline.due == date(2024, 10, 9)
    assert ledger.deadline_revisions() == []
    # The revision is in the log: a replay under the *old* calendar keeps it.
    old = Ledger.replay(ledger.events)
    assert old.items["X"].deadline is not None
    assert old.items["X"].deadline.due == date(2024, 10, 9)
    assert [c.kind for c in old.items["X"].deadlines][-1] is ChangeKind.REVISION


def test_with_rules_applies_new_rules_to_new_items_only() -> None:
    ledger = incremental(_revision_log())
    before = Snapshot.of(ledger)
    newer = ledger.with_rules(_rules_with(LOCAL_HOLIDAY))
    newer = apply_all(newer, lifecycle("N", State.ASSIGNED))
    assert newer.items["N"].deadline is not None
    assert newer.items["N"].deadline.due == date(2024, 10, 9)
    assert newer.items["X"].deadline is not None
    assert newer.items["X"].deadline.due == date(2024, 10, 8)
    before.assert_unchanged(ledger)


def test_a_revision_is_refused_for_a_closed_item_or_a_day_before_the_start() -> None:
    ledger = incremental(_revision_log())
    refuse(ledger, deadline_revised("Z", at(2024, 10, 1), date(2024, 10, 9)), InvalidTransition)
    refuse(ledger, deadline_revised("X", at(2024, 10, 1), date(2024, 9, 26)), RuleViolation)


# -- provisional deadlines ---------------------------------------------------------------------


def test_deadlines_after_the_published_schedule_are_provisional() -> None:
    published = ChinaCalendar().published_through
    nxt = published + 1
    ledger = apply_all(
        Ledger(),
        [
            # 5日 from 28 December of the last published year: due in the next year.
            drafted("P1", at(published, 12, 28, 8)),
            registered("P1", at(published, 12, 28, 8, 30)),
            assigned("P1", at(published, 12, 28, 9)),
            # A stipulated date in the next year.
            drafted(
                "P2", at(published, 6, 1, 8), category=Category.MEDIA_ISSUE, stipulated_due=date(nxt, 3, 1)
            ),
            registered("P2", at(published, 6, 1, 9)),
            assigned("P2", at(published, 6, 1, 10)),
            # Received in March of the published year: known.
            drafted("K", at(published, 3, 2, 8)),
            registered("K", at(published, 3, 2, 9)),
            assigned("K", at(published, 3, 2, 10)),
            acknowledged("K", at(published, 3, 2, 11)),
            # …until an extension into the next year is granted.
            extension_requested("K", at(published, 3, 3, 9), date(nxt, 1, 15)),
            extension_decided("K", at(published, 3, 3, 10)),
        ],
    )
    p1, p2, k = (ledger.items[i] for i in ("P1", "P2", "K"))
    assert p1.deadline is not None
    assert p1.deadline.due.year == nxt
    assert p1.deadline.provisional is True
    assert p2.deadline is not None
    assert p2.deadline.due == date(nxt, 3, 1)
    assert p2.deadline.provisional is True
    assert k.deadlines[0].deadline.provisional is False
    assert k.deadline is not None
    assert k.deadline.due == date(nxt, 1, 15)
    assert k.deadline.provisional is True

    # The next year's schedule is published and makes P1's provisional due day a holiday:
    # the host asks which deadlines change and records each revision.
    due = p1.deadline.due
    new_rules = _rules_with({due: "新公布的假日"})
    revisions = ledger.deadline_revisions(new_rules)
    assert [r.item_id for r in revisions] == ["P1"]
    (revision,) = revisions
    assert revision.current == p1.deadline
    assert revision.proposed.due > due
    assert (
        revision.proposed.due == new_rules.deadline(Category.LEADER_INSTRUCTION, date(published, 12, 28)).due
    )
    ledger = ledger.apply(revision.event(at(published, 12, 29, 9), OFFICE))
    revised = ledger.items["P1"]
    assert revised.deadline is not None
    assert revised.deadline.due == revision.proposed.due
    assert [c.kind for c in revised.deadlines] == [ChangeKind.ASSIGNED, ChangeKind.REVISION]


def test_event_day_and_json_keep_the_instant() -> None:
    """A UTC time late on 2024-09-30 is 2024-10-01 in China, and stays that after JSON."""
    event = drafted("T", datetime(2024, 9, 30, 20, 0, tzinfo=UTC))
    back = ev.parse(event.model_dump_json())
    assert back.day == date(2024, 10, 1)
    assert back.at == event.at
    assert back.at.utcoffset() == timedelta(0)


def test_days_derived_from_times_are_shared_objects() -> None:
    """cst_day hands out one ``date`` object per day (a ledger's records share them), with
    the value unchanged for every kind of aware time."""
    from duban_core.clock import CST, cst_day, shared_day

    morning = datetime(2024, 9, 30, 9, 0, tzinfo=CST)
    evening_utc = datetime(2024, 9, 30, 10, 0, tzinfo=UTC)  # 18:00 in China
    own_zone = datetime(2024, 9, 30, 23, 59, tzinfo=timezone(timedelta(hours=8)))
    days = [cst_day(t) for t in (morning, evening_utc, own_zone)]
    assert days == [date(2024, 9, 30)] * 3
    assert days[0] is days[1] is days[2] is shared_day(date(2024, 9, 30))
    assert cst_day(datetime(2024, 9, 30, 16, 0, tzinfo=UTC)) == date(2024, 10, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        cst_day(datetime(2024, 9, 30, 9, 0))
    ledger = incremental(rich_log())
    days_held = [
        value
        for item in ledger.items.values()
        for value in (item.drafted_on, item.received_on, item.feedback_on, item.closed_on)
        if value is not None
    ]
    assert len({id(d) for d in days_held}) == len(set(days_held))
