"""Errors a clerk can act on (issue #16): every ``DubanError`` a broad set of bad inputs
raises has a stable dotted ``code`` more specific than its class default, a Chinese
``message``, English in ``en`` for logs, and the clause where a rule of the seeds refused.

The refusals decided in ``ledger.py``/``machine.py`` (state, actor and content guards) are
converted with the guard move of issue #13; the concurrency guard is covered here.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from duban_core import (
    Actor,
    Category,
    ChinaCalendar,
    DubanError,
    Ledger,
    Metrics,
    Role,
    RuleSet,
    RuleViolation,
    batch,
    clock,
    events,
    jsonable,
)
from duban_core import strategies as dst
from duban_core.clock import CST
from duban_core.events import BulletinIssued, BulletinKind, Drafted
from duban_core.oversight import (
    Assessment,
    alert_for,
    assess,
    draft_bulletin,
    findings,
    metrics,
    reports_due,
    special_register,
    to_pandas,
)
from duban_core.rules import CalendarDays, Months, Stipulated
from duban_core.simulate import simulate

CAL = ChinaCalendar()
RULES = RuleSet.default()
OFFICE = Actor(name="李明", role=Role.OFFICE)
T0 = datetime(2024, 3, 1, 9, tzinfo=CST)
DAY = date(2024, 3, 1)
CODE = re.compile(r"^[a-z]+(_[a-z]+)*(\.[a-z]+(_[a-z]+)*)+$")
# The guards of machine.py (issue #13) name the event type in some codes: "transition.Approved".
GUARD_CODE = re.compile(r"^[a-z]+(_[a-z]+)*(\.[A-Za-z]+(_[a-z]+)*)+$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def bad(value: object) -> Any:
    """A wrong value passed on purpose (typed ``Any`` so the type checker lets it through)."""
    return value


def _ledger() -> Ledger:
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
            BulletinIssued(
                bulletin_id="B1",
                at=T0,
                by=OFFICE,
                kind=BulletinKind.CRITICISM,
                units=("区住建局",),
                reason="逾期",
            ),
        ]
    )


#: (id, call, code, clause) — clause ``None`` where no rule of the seeds is involved.
CASES: list[tuple[str, Callable[[], Any], str, str | None]] = [
    # calendar
    ("calendar-datetime", lambda: CAL.is_workday(T0), "input.not_a_date", None),
    ("calendar-string", lambda: CAL.is_workday(bad("2024-03-01")), "input.not_a_date", None),
    ("calendar-1999", lambda: CAL.is_workday(date(1999, 12, 31)), "calendar.out_of_range", None),
    ("calendar-n-float", lambda: CAL.add_workdays(DAY, bad(1.5)), "input.not_an_int", None),
    ("calendar-n-huge", lambda: CAL.add_workdays(DAY, 10**9), "calendar.out_of_range", None),
    (
        "calendar-roll-past-2099",
        lambda: CAL.roll_forward(date(2099, 12, 31) + timedelta(1)),
        "calendar.out_of_range",
        None,
    ),
    (
        "calendar-holidays-list",
        lambda: ChinaCalendar(extra_holidays=bad([DAY])),
        "calendar.bad_holidays",
        None,
    ),
    (
        "calendar-workdays-str",
        lambda: ChinaCalendar(extra_workdays=bad("2024-03-01")),
        "calendar.bad_workdays",
        None,
    ),
    ("calendar-unnamed", lambda: ChinaCalendar(extra_holidays={DAY: " "}), "calendar.unnamed_holiday", None),
    (
        "calendar-both",
        lambda: ChinaCalendar(extra_holidays={DAY: "放假"}, extra_workdays=[DAY]),
        "calendar.holiday_and_workday",
        None,
    ),
    # rules and the rule set
    ("rule-calendar", lambda: CalendarDays(days=5).due(DAY, bad("calendar")), "input.not_a_calendar", None),
    (
        "rule-days-overflow",
        lambda: CalendarDays(days=5).due(date(2099, 12, 30), CAL),
        "calendar.out_of_range",
        None,
    ),
    (
        "rule-months-overflow",
        lambda: Months(months=12).due(date(2099, 6, 1), CAL),
        "calendar.out_of_range",
        None,
    ),
    ("stipulated-missing", lambda: Stipulated().due(DAY, CAL), "deadline.stipulated_missing", "S0-4.6"),
    (
        "stipulated-early",
        lambda: Stipulated().due(DAY, CAL, stipulated=date(2024, 2, 1)),
        "deadline.stipulated_before_start",
        "S0-4.6",
    ),
    ("category-unknown", lambda: RULES.deadline(bad("NOPE"), DAY), "category.unknown", None),
    (
        "category-required-date",
        lambda: RULES.deadline(Category.MEDIA_ISSUE, DAY),
        "deadline.stipulated_missing",
        "S1-1.5",
    ),
    (
        "urgent-not-bool",
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, DAY, urgent=bad("yes")),
        "input.not_a_bool",
        None,
    ),
    ("counting-lunar", lambda: RuleSet.default(counting=bad("lunar")), "ruleset.bad_counting", None),
    # events and forms
    ("parse-int", lambda: events.parse(bad(42)), "event.not_parsable", None),
    (
        "parse-newer",
        lambda: events.parse({"type": "Urged", "schema_version": 9}),
        "event.schema_too_new",
        None,
    ),
    (
        "parse-no-upcaster",
        lambda: events.parse({"type": "Urged", "schema_version": 0}),
        "event.no_upcaster",
        None,
    ),
    ("parse-deep", lambda: events.parse("[" * 100_000 + "]" * 100_000), "event.too_deep", None),
    ("stream-of-str", lambda: events.stream_of(bad("Urged")), "event.no_stream", None),
    ("form-unknown", lambda: events.form_schema("Promoted"), "form.unknown_event", None),
    (
        "form-server-field",
        lambda: events.from_form("Urged", {"at": "x"}, by=OFFICE, at=T0),
        "form.server_field",
        None,
    ),
    (
        "form-invalid",
        lambda: events.from_form("Urged", {"item_id": ""}, by=OFFICE, at=T0),
        "form.invalid",
        None,
    ),
    (
        "form-mapping",
        lambda: events.from_form("Urged", bad([]), by=OFFICE, at=T0),
        "form.not_a_mapping",
        None,
    ),
    (
        "form-stamp",
        lambda: events.from_form("Urged", {}, by=OFFICE, at=datetime(2024, 3, 1)),
        "form.bad_stamp",
        None,
    ),
    # streams and concurrency
    ("stream-unknown", lambda: _ledger().version_of("A"), "stream.unknown", None),
    (
        "stale-bulletin",
        lambda: _ledger().apply(
            BulletinIssued(
                bulletin_id="B2", at=T0, by=OFFICE, kind=BulletinKind.PRAISE, units=("区住建局",), reason="好"
            ),
            expected_version=99,
        ),
        "concurrency.stale_version",
        None,
    ),
    # time
    ("clock-naive", lambda: clock.cst_day(datetime(2024, 3, 1)), "time.naive", None),
    ("clamp-tolerance", lambda: clock.clamp(T0, T0, timedelta(seconds=-1)), "clock.bad_tolerance", None),
    ("clamp-naive", lambda: clock.clamp(datetime(2024, 3, 1), None), "clock.naive", None),
    # oversight
    ("alert-unknown", lambda: alert_for(_ledger(), "Z", DAY), "item.unknown", None),
    ("reports-window", lambda: reports_due(_ledger(), DAY, within_workdays=-1), "input.bad_window", None),
    ("findings-threshold", lambda: findings(_ledger(), DAY, urge_threshold=0), "input.bad_threshold", None),
    ("metrics-by", lambda: metrics(_ledger(), bad("weather")), "metrics.bad_group", None),
    ("metrics-basis", lambda: metrics(_ledger(), basis=bad("paid")), "metrics.bad_basis", None),
    (
        "metrics-span",
        lambda: metrics(_ledger(), start=date(2024, 5, 1), end=DAY),
        "input.span_reversed",
        None,
    ),
    ("metrics-merge", lambda: Metrics().merge(bad(3)), "merge.wrong_type", None),
    ("assess-year", lambda: assess(_ledger(), 1990), "calendar.out_of_range", None),
    ("assess-merge", lambda: Assessment("甲", 2024).merge(bad(3)), "merge.wrong_type", None),
    (
        "assess-merge-unit",
        lambda: Assessment("甲", 2024).merge(Assessment("乙", 2024)),
        "merge.different_unit",
        None,
    ),
    ("bulletin-period", lambda: draft_bulletin(_ledger(), DAY, period=bad((DAY,))), "input.bad_period", None),
    (
        "bulletin-period-reversed",
        lambda: draft_bulletin(_ledger(), DAY, period=(DAY, date(2024, 2, 1))),
        "input.span_reversed",
        None,
    ),
    ("bulletin-limit", lambda: draft_bulletin(_ledger(), DAY, limit=0), "input.bad_limit", None),
    ("register-subject", lambda: special_register(_ledger(), DAY), "register.no_subject", None),
    ("register-root", lambda: special_register(_ledger(), DAY, root="Z"), "item.unknown", None),
    ("to-pandas-row", lambda: to_pandas([3]), "register.not_a_row", None),
    ("jsonable-object", lambda: jsonable(object()), "jsonable.unsupported", None),
    # vectorised arithmetic
    ("batch-list", lambda: batch.is_workday_array(CAL, bad([DAY])), "batch.not_a_day_array", None),
    (
        "batch-dtype",
        lambda: batch.is_workday_array(CAL, np.array(["2024-03-01T09"], dtype="datetime64[h]")),
        "batch.not_a_day_array",
        None,
    ),
    (
        "batch-nat",
        lambda: batch.is_workday_array(CAL, np.array(["NaT"], dtype="datetime64[D]")),
        "batch.nat",
        None,
    ),
    (
        "batch-range",
        lambda: batch.is_workday_array(CAL, batch.as_days([date(1999, 1, 1)])),
        "calendar.out_of_range",
        None,
    ),
    (
        "batch-n",
        lambda: batch.add_workdays_array(CAL, batch.as_days([DAY]), bad(1.5)),
        "input.not_an_int",
        None,
    ),
    (
        "batch-n-huge",
        lambda: batch.add_workdays_array(CAL, batch.as_days([DAY]), 10**6),
        "calendar.out_of_range",
        None,
    ),
    (
        "batch-calendar",
        lambda: batch.is_workday_array(bad(None), batch.as_days([DAY])),
        "input.not_a_calendar",
        None,
    ),
    (
        "batch-stipulated",
        lambda: batch.due_array(Stipulated(), batch.as_days([DAY]), CAL),
        "deadline.stipulated_missing",
        "S0-4.6",
    ),
    ("batch-dates", lambda: batch.as_days(bad(3)), "input.not_a_date", None),
    # kits
    ("simulate-year", lambda: simulate(year=1990), "simulate.bad_argument", None),
    ("simulate-units", lambda: simulate(units=1), "simulate.bad_argument", None),
    ("strategies-dates", lambda: dst.dates(date(2030, 1, 1), date(2020, 1, 1)), "strategies.bad_range", None),
]


def _check(
    error: DubanError, code: str | None = None, clause: str | None = None, pattern: re.Pattern[str] = CODE
) -> None:
    assert pattern.match(error.code), error.code
    assert error.code != type(error).default_code, error.code
    if code is not None:
        assert error.code == code
    assert CJK.search(error.message), error.message
    assert error.en, "English for logs"
    assert str(error).startswith(error.message)
    if clause is not None:
        assert error.clause == clause
    assert error.to_dict()["code"] == error.code
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.code, again.message, again.clause) == (
        type(error),
        error.code,
        error.message,
        error.clause,
    )


@pytest.mark.parametrize(("call", "code", "clause"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_refusal_has_a_code_a_chinese_message_and_its_clause(
    call: Callable[[], Any], code: str, clause: str | None
) -> None:
    with pytest.raises(DubanError) as caught:
        call()
    _check(caught.value, code, clause)


def test_rule_refusals_name_their_clause() -> None:
    # every refusal by a deadline rule of the seeds is checked against its clause above
    assert all(clause is not None for _, _, code, clause in CASES if code.startswith("deadline."))
    with pytest.raises(RuleViolation) as caught:
        Stipulated().due(DAY, CAL)
    assert caught.value.clause == "S0-4.6"


def test_the_catalogue_is_broad() -> None:
    assert len(CASES) >= 60
    assert len({code for _, _, code, _ in CASES}) >= 35


@settings(max_examples=200, deadline=None)
@given(dst.malformed_events())
def test_malformed_events_are_refused_with_codes(raw: Any) -> None:
    try:
        events.parse(raw)
    except ValidationError:
        pass  # pydantic's own errors: translated with forms.translate_errors
    except DubanError as error:
        _check(error)


def test_class_defaults_remain_for_guards_not_yet_converted() -> None:
    # The defaults themselves are stable identifiers a host can switch on.
    from duban_core import errors

    for cls in (errors.DubanError, errors.InvalidTransition, errors.Unauthorized, errors.RuleViolation):
        assert re.fullmatch(r"[a-z_.]+", cls.default_code)
    assert errors.StaleVersion.default_code == "stale_version"
    assert errors.FormError.default_code == "form"


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_the_ledgers_own_refusals_have_codes_and_chinese_messages(data: st.DataObject) -> None:
    # The guards in machine.py (issue #13): wrong state, wrong actor, unknown item, earlier
    # time, duplicate id — each refusal a clerk can read and a host can switch on.
    model = dst.StreamState(RULES)
    ledger = Ledger(RULES)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8), label="steps")):
        event = data.draw(dst.next_events(model), label="valid event")
        ledger.apply(event)
        model.accept(event)
    for kind in dst.REFUSAL_KINDS:
        if kind == "malformed" or not dst.can_refuse(model, kind):
            continue
        bad, _errors, _ = data.draw(dst.refused_events(model, [kind]), label=kind)
        with pytest.raises(DubanError) as caught:
            ledger.apply(bad)
        _check(caught.value, pattern=GUARD_CODE)
