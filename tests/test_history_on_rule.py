"""The on rule (issue 18; contract "History"): a view asked about a day answers as of it.

Every public oversight function that takes a day reads ``ledger.as_of(day)`` when the
ledger holds events after that day — never today's facts silently. The list below names
them all; ``test_every_view_taking_a_day_is_listed`` fails when a new one is not.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

import duban_core.oversight as oversight
from duban_core import Category, DubanError, Ledger
from duban_core.events import BulletinKind
from duban_core.machine import State
from duban_core.oversight import (
    FindingKind,
    Level,
    alert_for,
    alerts,
    assess,
    comprehensive_register,
    draft_bulletin,
    findings,
    ledger_frame,
    metrics,
    reports_due,
    special_register,
    summarize,
)
from duban_core.oversight._view import view_as_of
from oversight_support import Scenario

ON = date(2024, 9, 12)

# name -> (the day parameter, a call of the view on a ledger and a day)
VIEWS: dict[str, tuple[str, Callable[[Any, date], Any]]] = {
    "alerts": ("on", lambda ledger, on: alerts(ledger, on)),
    "alert_for": ("on", lambda ledger, on: alert_for(ledger, "A", on)),
    "reports_due": ("on", lambda ledger, on: reports_due(ledger, on, within_workdays=30)),
    "findings": ("on", lambda ledger, on: findings(ledger, on)),
    "comprehensive_register": ("on", lambda ledger, on: comprehensive_register(ledger, on)),
    "special_register": ("on", lambda ledger, on: special_register(ledger, on, unit="区住建局")),
    "ledger_frame": ("on", lambda ledger, on: ledger_frame(ledger, on).to_dict("split")),
    "draft_bulletin": ("on", lambda ledger, on: draft_bulletin(ledger, on)),
    "metrics": ("as_of", lambda ledger, on: metrics(ledger, "lead_unit", as_of=on)),
    "assess": ("on", lambda ledger, on: assess(ledger, on.year, on)),
    "summarize": ("on", lambda ledger, on: summarize(ledger, on=on, year=on.year)),
}


def _late_feedback() -> Scenario:
    # The issue's example: a 领导批示 (5 days, S0-4.4) received 2024-09-02 is due 2024-09-09
    # (09-07 is a Saturday); its feedback arrives 2024-09-20. Around it, enough history that
    # every view has something to say about 09-12 that differs from today: a second item
    # closed on time after 09-12, a criticism on 09-10 whose rectification comes 09-30.
    s = Scenario()
    s.item("A", Category.LEADER_INSTRUCTION, date(2024, 9, 2))
    s.ack("A", date(2024, 9, 3))
    s.item("B", Category.MEETING_DECISION, date(2024, 9, 9), unit="区教育局")
    s.ack("B", date(2024, 9, 10))
    s.bulletin("TB-1", date(2024, 9, 10), BulletinKind.CRITICISM, ["区住建局"])
    s.feedback("A", date(2024, 9, 20))
    s.feedback("B", date(2024, 9, 13))
    s.approve("B", date(2024, 9, 14))
    s.rectify("TB-1", "区住建局", date(2024, 9, 30))
    s.item("C", Category.LEADER_INSTRUCTION, date(2024, 10, 8))
    # recorded late, out of time order: a 工作报告 task whose Q3 progress report (due 09-30,
    # S0-4.2) came on 09-20 — owed as of 09-12
    s.item("WR", Category.WORK_REPORT_TASK, date(2024, 7, 1), stipulated=date(2024, 12, 31))
    s.ack("WR", date(2024, 7, 2))
    s.progress("WR", date(2024, 9, 20))
    return s


@pytest.fixture
def late() -> Ledger:
    return _late_feedback().ledger


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_view_answers_as_of_its_day(late: Ledger, name: str) -> None:
    _, view = VIEWS[name]
    past = late.as_of(ON)
    assert past.latest_day is not None
    assert past.latest_day <= ON < (late.latest_day or ON)
    assert view(late, ON) == view(past, ON)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_the_ledger_method_is_the_same_view(late: Ledger, name: str) -> None:
    method = {"comprehensive_register": "register", "ledger_frame": "to_pandas"}.get(name, name)
    if not hasattr(Ledger, method):
        return  # not every view is a Ledger method
    assert getattr(Ledger, method) is getattr(oversight, name)


def test_the_issue_example_through_the_on_rule(late: Ledger) -> None:
    assert late.items["A"].state is State.REPORTED  # today: answered
    red = [(a.item_id, a.level) for a in late.alerts(ON) if a.level is Level.RED]
    assert red == [("A", Level.RED)]
    assert [(f.kind, f.item_id) for f in late.findings(ON) if f.item_id == "A"] == [
        (FindingKind.OVERDUE, "A")
    ]
    # and what today's facts would say instead: nothing about A
    assert [a.item_id for a in alerts(late, date(2024, 10, 8))] == ["C", "WR"]


def test_the_assessment_of_a_year_not_yet_over_is_as_of_its_end() -> None:
    s = _late_feedback()
    s.bulletin("TB-2", date(2025, 1, 6), BulletinKind.CRITICISM, ["区卫健局"])
    ledger = s.ledger
    # 区卫健局 is first named in 2025: the 2024 assessment, as of 2024-12-31, does not know it
    assert "区卫健局" not in assess(ledger, 2024)
    assert assess(ledger, 2024) == assess(ledger.as_of(date(2024, 12, 31)), 2024)
    assert assess(ledger, 2025)["区卫健局"].criticisms == 1


def test_without_later_events_the_rule_costs_a_comparison(late: Ledger) -> None:
    assert late.latest_day == date(2024, 10, 8)
    assert view_as_of(late, date(2024, 10, 8)) is late
    assert view_as_of(late, date(2025, 1, 1)) is late
    assert view_as_of(late, "not a day") is late  # the view's own check refuses it
    with pytest.raises(DubanError):
        alerts(late, "2024-09-12")  # type: ignore[arg-type]


def test_a_view_without_history_refuses_to_look_back(late: Ledger) -> None:
    class Snapshot:  # what a host might pass: the four LedgerView fields, no log
        items = late.items
        bulletins = late.bulletins
        units = late.units
        rules = late.rules
        latest_day = late.latest_day

    with pytest.raises(DubanError) as refused:
        alerts(Snapshot(), ON)
    assert refused.value.code == "history.no_log"
    assert "as_of" in refused.value.message
    assert alerts(Snapshot(), date(2024, 10, 9)) == alerts(late, date(2024, 10, 9))


def _public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    modules = [oversight] + [
        importlib.import_module(f"duban_core.oversight.{info.name}")
        for info in pkgutil.iter_modules(oversight.__path__)
        if not info.name.startswith("_")
    ]
    for module in modules:
        for name in getattr(module, "__all__", [n for n in dir(module) if not n.startswith("_")]):
            value = getattr(module, name)
            if inspect.isfunction(value):
                found[name] = value
    for name, value in vars(Ledger).items():
        if (
            inspect.isfunction(value)
            and not name.startswith("_")
            and value.__module__.startswith("duban_core.oversight")
        ):
            found[value.__name__] = value
    return found


def test_every_view_taking_a_day_is_listed() -> None:
    taking_a_day = {
        name: param
        for name, func in _public_functions().items()
        for param in inspect.signature(func).parameters
        if param in ("on", "as_of")
    }
    assert taking_a_day == {name: param for name, (param, _) in VIEWS.items()}
    for name, param in taking_a_day.items():
        assert getattr(_public_functions()[name], "answers_as_of", None) == param, name


def _naive(monkeypatch: pytest.MonkeyPatch, late: Ledger, name: str) -> Any:
    """What the view said before the on rule: today's facts, whatever the day."""
    with monkeypatch.context() as patched:
        patched.setattr("duban_core.oversight._view.view_as_of", lambda ledger, day: ledger)
        return VIEWS[name][1](late, ON)


# Views whose own arithmetic was already cut at the day (metrics' as_of, reports filed by
# the day, the assessment's on): the rule changes nothing on this ledger; every other view
# said today's facts.
_ALREADY_DATED = {"metrics", "assess", "reports_due"}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_without_the_rule_the_view_would_say_todays_facts(
    monkeypatch: pytest.MonkeyPatch, late: Ledger, name: str
) -> None:
    naive = _naive(monkeypatch, late, name)
    if name in _ALREADY_DATED:
        assert naive == VIEWS[name][1](late, ON)
    else:
        assert naive != VIEWS[name][1](late, ON)
