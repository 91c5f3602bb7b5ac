"""``duban_core.jsonable``: every public record as JSON-ready data (issue #16).

Records are NamedTuples, dataclasses and pydantic models; a generic encoder writes a
NamedTuple as a bare array and refuses dates. ``jsonable`` gives dicts keyed by field name.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import BaseModel, TypeAdapter

from duban_core import (
    Actor,
    Alert,
    Assessment,
    Category,
    DubanError,
    Finding,
    Item,
    Jsonable,
    Ledger,
    Level,
    Metrics,
    RegisterRow,
    Role,
    jsonable,
)
from duban_core import strategies as dst
from duban_core.clock import CST
from duban_core.events import BulletinIssued, BulletinKind, RectificationReported
from duban_core.oversight import comprehensive_register, reports_due
from duban_core.oversight.inspections import inspection_conflicts
from duban_core.simulate import simulate

ON = date(2024, 6, 28)


@pytest.fixture(scope="module")
def year() -> Ledger:
    return simulate(seed=5, items=80, until=ON).replay()  # a seed with bulletins of both kinds by ON


def _roundtrips(value: Any) -> Any:
    data = jsonable(value)
    assert json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False)) == data
    return data


def _fields(record: Any) -> list[str]:
    if hasattr(record, "_fields"):
        return list(record._fields)
    if dataclasses.is_dataclass(record):
        return [f.name for f in dataclasses.fields(record)]
    return list(type(record).model_fields)


def test_every_public_record_is_a_dict_keyed_by_field_name(year: Ledger) -> None:
    item = next(i for i in year.items.values() if i.deadline is not None and i.deadlines)
    records: list[Any] = [
        item,
        item.deadline,
        item.deadlines[0],
        item.timeline()[0],
        year.alerts(ON)[0],
        comprehensive_register(year, ON)[0],
        year.metrics(),
        next(iter(year.assess(2024).values())),
        *year.findings(ON)[:1],
        *reports_due(year, ON, within_workdays=60)[:1],
        *year.bulletins.values(),
        *year.inspections.values(),
        *inspection_conflicts(year)[:1],
    ]
    kinds = {type(r).__name__ for r in records}
    assert {
        "Item",
        "Deadline",
        "Alert",
        "RegisterRow",
        "Metrics",
        "Assessment",
        "Finding",
    } <= kinds
    for record in records:
        data = _roundtrips(record)
        assert isinstance(data, dict), type(record)  # never a bare array
        assert set(_fields(record)) <= set(data), type(record)


def test_an_action_is_a_dict_a_form_can_use(year: Ledger) -> None:
    office = next(e.by for e in year.events if e.by.role is Role.OFFICE)
    actions = year.allowed("NEW-ITEM", office, datetime(2024, 6, 28, 9, tzinfo=CST))
    data = _roundtrips(actions)
    assert [a["event"] for a in data] == ["Drafted"]
    assert data[0]["label"] == "拟办"
    assert set(_fields(actions[0])) <= set(data[0])


def test_an_alert_by_hand() -> None:
    ledger = simulate(seed=3, items=80, until=ON).replay()
    alert: Alert = ledger.alerts(ON)[0]
    data = _roundtrips(alert)
    assert data["item_id"] == alert.item_id
    assert data["level"] == alert.level.value
    assert data["due"] == alert.due.isoformat()
    assert data["on"] == "2024-06-28"
    assert data["category"] == alert.category.value
    assert data["deadline"]["explanation"] == alert.deadline.explanation
    assert list(data)[:3] == ["item_id", "level", "reason"]  # field order kept


def test_an_item_with_its_history(year: Ledger) -> None:
    item: Item = next(i for i in year.items.values() if len(i.history) > 3)
    data = _roundtrips(item)
    assert data["state"] == item.state.value
    assert data["drafted_on"] == item.drafted_on.isoformat()
    assert data["last_at"] == item.last_at.isoformat()
    # events as their own JSON (what events.parse reads back)
    assert data["history"] == [json.loads(e.model_dump_json()) for e in item.history]


def test_metrics_carry_their_rates_and_groups_are_keyed_by_text(year: Ledger) -> None:
    whole: Metrics = year.metrics()
    data = _roundtrips(whole)
    assert data["total"] == whole.total
    assert data["completion_rate"] == whole.completion_rate
    by_category = _roundtrips(year.metrics(by="category"))
    assert set(by_category) <= {c.value for c in Category}


def test_assessments_and_register_rows(year: Ledger) -> None:
    assessed: dict[str, Assessment] = year.assess(2024, ON)
    data = _roundtrips(assessed)
    assert set(data) == set(assessed)
    unit, record = next(iter(assessed.items()))
    assert data[unit]["points_deducted"] == record.points_deducted
    row: RegisterRow = comprehensive_register(year, ON)[0]
    assert _roundtrips(row)["received_on"] == (row.received_on.isoformat() if row.received_on else None)


def test_scalars_by_hand() -> None:
    assert jsonable(Decimal("12.50")) == "12.50"  # 万元 amounts keep their digits
    assert jsonable(datetime(2024, 3, 1, 9, tzinfo=CST)) == "2024-03-01T09:00:00+08:00"
    assert jsonable(date(2024, 10, 8)) == "2024-10-08"
    assert jsonable(Level.RED) == "RED"
    assert jsonable({Level.RED: 2, date(2024, 1, 1): (1, 2), 3: {"b", "a"}}) == {
        "RED": 2,
        "2024-01-01": [1, 2],
        "3": ["a", "b"],
    }
    assert jsonable([None, True, 1, 1.5, "文字"]) == [None, True, 1, 1.5, "文字"]


def test_something_else_is_refused() -> None:
    with pytest.raises(DubanError) as caught:
        jsonable(timedelta(days=1))
    assert caught.value.code == "jsonable.unsupported"
    with pytest.raises(DubanError):
        jsonable({"x": object()})


def test_the_jsonable_type_serialises_records_in_pydantic_and_fastapi_models(year: Ledger) -> None:
    item = next(iter(year.items.values()))
    # FastAPI serialises a response through pydantic: a ``Jsonable`` return type or field
    # gives the record's dict, not the bare array a tuple would become.
    assert TypeAdapter(Jsonable).dump_python(item, mode="json") == jsonable(item)
    assert json.loads(TypeAdapter(Jsonable).dump_json(item)) == jsonable(item)

    class Page(BaseModel):
        items: list[Jsonable]
        lights: dict[str, Jsonable]

    page = Page(items=[item], lights={a.item_id: a for a in year.alerts(ON)})
    dumped = page.model_dump(mode="json")
    assert dumped["items"] == [jsonable(item)]
    assert all(isinstance(v, dict) for v in dumped["lights"].values())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dst.ledgers(max_items=3, max_events=25))
def test_every_record_of_any_ledger_is_json_ready(ledger: Ledger) -> None:
    for item in ledger.items.values():
        data = _roundtrips(item)
        assert data["item_id"] == item.item_id
        assert data["version"] == item.version
    on = (
        max((i.last_at for i in ledger.items.values()), default=datetime(2024, 1, 1, tzinfo=CST))
        .astimezone(CST)
        .date()
    )
    _roundtrips(ledger.alerts(on))
    _roundtrips(comprehensive_register(ledger, on))
    _roundtrips(ledger.findings(on))
    _roundtrips(ledger.metrics(by="lead_unit"))
    _roundtrips(list(ledger.bulletins.values()))
    found: list[Finding] = ledger.findings(on)
    assert all(isinstance(f, dict) for f in _roundtrips(found))


def test_a_bulletin_with_its_rectifications() -> None:
    office = Actor(name="李明", role=Role.OFFICE)
    head = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")
    at = datetime(2024, 3, 1, 9, tzinfo=CST)
    ledger = Ledger.replay(
        [
            BulletinIssued(
                bulletin_id="B1",
                at=at,
                by=office,
                kind=BulletinKind.CRITICISM,
                units=("区住建局",),
                reason="逾期",
            ),
            RectificationReported(bulletin_id="B1", at=at + timedelta(days=2), by=head, unit="区住建局"),
        ]
    )
    data = _roundtrips(ledger.bulletins["B1"])
    assert data["kind"] == "CRITICISM"
    assert data["issued_on"] == "2024-03-01"
    assert data["rectifications"] == [["区住建局", "2024-03-03"]]
    assert [e["type"] for e in data["history"]] == ["BulletinIssued", "RectificationReported"]
