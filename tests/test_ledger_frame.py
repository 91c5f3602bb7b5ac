"""``oversight.ledger_frame(ledger)`` without a day (issue #16: it raised an internal
``TypeError``). Since issue 13's layout it is an oversight function, not a ``Ledger`` method."""

from __future__ import annotations

from datetime import date

from duban_core import Ledger
from duban_core.oversight import COLUMN_LABELS, comprehensive_register, ledger_frame
from duban_core.simulate import simulate


def test_ledger_frame_without_a_day_uses_the_ledgers_latest_day() -> None:
    sim = simulate(seed=4, items=40, until=date(2024, 8, 30))
    ledger = sim.replay()
    latest = max(e.day for e in ledger.events)
    frame = ledger_frame(ledger)
    assert frame.equals(ledger_frame(ledger, latest))
    assert frame.index.name == "item_id"
    assert list(frame.index) == [row.item_id for row in comprehensive_register(ledger, latest)]
    chinese = ledger_frame(ledger, chinese=True)
    assert chinese.index.name == COLUMN_LABELS["item_id"]
    assert chinese.equals(ledger_frame(ledger, latest, chinese=True))


def test_an_empty_ledger_gives_an_empty_frame() -> None:
    frame = ledger_frame(Ledger())
    assert frame.empty
    assert frame.index.name == "item_id"
    assert "due" in frame.columns
