"""Two processes racing on one item, on both databases: exactly one wins, nothing is lost."""

from __future__ import annotations

from datetime import timedelta

from duban_core import events as ev
from host_app.service import Service
from host_app.store import EventStore, NewEvent

from .conftest import FakeClock
from .support import ITEM, OFFICE, assigned_item, race, race_append, race_command


def test_two_processes_appending_the_same_version(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    urges = [
        ev.dumps(ev.Urged(item_id=ITEM, at=clock.now + timedelta(minutes=1), by=OFFICE, method=method))
        for method in ("电话催办", "发督办通知书")
    ]
    results = race(race_append, [(database_url, urge, 4) for urge in urges])
    winners = [r for r in results if r[0] == "won"]
    losers = [r for r in results if r[0] == "lost"]
    assert len(winners) == 1
    assert losers == [("lost", "store.conflict", 3, 4, f"item:{ITEM}")]
    rows = service.store.read()
    assert [(r.position, r.version) for r in rows] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    won = results.index(winners[0])
    assert ev.dumps(ev.parse(rows[-1].body)) == urges[won]
    # Nothing is lost: the loser, told the stream is at version 4, appends as version 5.
    service.store.append([NewEvent(f"item:{ITEM}", 5, ev.parse(urges[1 - won]))])
    assert [ev.dumps(ev.parse(r.body)) for r in service.store.read()[3:]] == [urges[won], urges[1 - won]]


def test_two_services_urging_on_the_same_view(database_url: str, clock: FakeClock) -> None:
    service = Service(EventStore(database_url), clock=clock)
    assigned_item(service)
    methods = ("电话催办", "发督办通知书")
    now = clock.now + timedelta(minutes=1)
    results = race(race_command, [(database_url, m, 3, now) for m in methods])
    assert sorted(results) == [("lost", "StaleVersion", 3, 4), ("won", 4)]
    # The loser reloads, sees the winner's urging and sends its own: nothing is lost.
    loser = methods[results.index(("lost", "StaleVersion", 3, 4))]
    clock.advance(minutes=2)
    service.submit("Urged", {"item_id": ITEM, "method": loser}, actor=OFFICE, expected_version=4)
    rows = service.store.read()
    assert [r.version for r in rows] == [1, 2, 3, 4, 5]
    assert sorted(r.body["method"] for r in rows[3:]) == sorted(methods)
    restarted = Service(EventStore(database_url), clock=clock)
    assert restarted.ledger() == service.ledger()
    assert restarted.ledger().items[ITEM].urge_count == 2
