"""DataFrames for analysts: ``to_pandas(chinese=True)`` gives Chinese headers in every frame,
from the one table of labels the library owns (``oversight.COLUMN_LABELS``), and
``ledger.to_pandas()`` works without a day (the ledger as it stands)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from duban_core import Ledger
from duban_core.oversight import (
    COLUMN_LABELS,
    Alert,
    Assessment,
    Finding,
    Metrics,
    RegisterRow,
    ReportDue,
    comprehensive_register,
    to_pandas,
)
from duban_core.simulate import simulate

ON = date(2024, 12, 31)


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return simulate(seed=3, items=120).replay()


def _frames(ledger: Ledger) -> dict[str, object]:
    return {
        "register": comprehensive_register(ledger, ON),
        "alerts": ledger.alerts(date(2024, 6, 28)),
        "findings": ledger.findings(date(2024, 6, 28)),
        "metrics_by_unit": ledger.metrics(by="lead_unit"),
        "metrics_by_category": ledger.metrics(by="category"),
        "metrics_by_month": ledger.metrics(by="month"),
        "assessment": ledger.assess(2024),
    }


def test_every_frame_has_chinese_headers_from_the_one_table(ledger: Ledger) -> None:
    chinese = set(COLUMN_LABELS.values())
    for name, records in _frames(ledger).items():
        frame = to_pandas(records, chinese=True)  # type: ignore[arg-type]
        assert len(frame) > 0, name
        untranslated = [c for c in frame.columns if c not in chinese]
        assert untranslated == [], (name, untranslated)
        plain = to_pandas(records)  # type: ignore[arg-type]
        assert [COLUMN_LABELS[c] for c in plain.columns] == list(frame.columns), name


def test_every_field_of_every_record_has_a_label() -> None:
    names = {
        *RegisterRow._fields,
        *Alert._fields,
        *ReportDue._fields,
        *Finding._fields,
        *Metrics().as_dict(),
        *(f.name for f in fields(Assessment)),
    }
    assert sorted(names - set(COLUMN_LABELS)) == []


def test_grouped_frames_name_their_index(ledger: Ledger) -> None:
    assert to_pandas(ledger.metrics(by="category"), chinese=True).index.name == "督查类别"
    assert to_pandas(ledger.assess(2024), chinese=True).index.name == "单位"
    assert to_pandas(ledger.assess(2024)).index.name == "unit"
    # 按时办结率 of a category, by its Chinese label.
    frame = to_pandas(ledger.metrics(by="category"), chinese=True)
    whole = ledger.metrics()
    assert frame["交办"].sum() == whole.total
    assert frame["按时办结数"].sum() == whole.on_time


def test_ledger_to_pandas_without_a_day_is_the_register_as_the_ledger_stands(ledger: Ledger) -> None:
    latest = max(event.day for event in ledger.events)
    assert ledger.to_pandas().equals(ledger.to_pandas(latest))
    assert ledger.to_pandas(chinese=True).index.name == "事项编号"
    assert len(Ledger().to_pandas()) == 0
