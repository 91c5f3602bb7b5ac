"""``ledger.to_pandas()`` without a day (issue #16: it raised an internal ``TypeError``)."""

from __future__ import annotations

from datetime import date

from duban_core import Ledger
from duban_core.oversight import COLUMN_LABELS
from duban_core.simulate import simulate


def test_to_pandas_without_a_day_uses_the_ledgers_latest_day() -> None:
    sim = simulate(seed=4, items=40, until=date(2024, 8, 30))
    ledger = sim.replay()
    latest = max(e.day for e in ledger.events)
    frame = ledger.to_pandas()
    assert frame.equals(ledger.to_pandas(latest))
    assert frame.index.name == "item_id"
    assert list(frame.index) == [row.item_id for row in ledger.register(latest)]
    chinese = ledger.to_pandas(chinese=True)
    assert chinese.index.name == COLUMN_LABELS["item_id"]
    assert chinese.equals(ledger.to_pandas(latest, chinese=True))


def test_an_empty_ledger_gives_an_empty_frame() -> None:
    frame = Ledger().to_pandas()
    assert frame.empty
    assert frame.index.name == "item_id"
    assert "due" in frame.columns
