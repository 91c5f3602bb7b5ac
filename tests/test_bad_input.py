"""The bad-input catalogue (issue #5): named malformed inputs to every public entry point.

Each case asserts the error type — a :class:`~duban_core.errors.DubanError` subclass or
pydantic's ``ValidationError``, nothing else may escape — **and** that the message names the
problem (a substring), and, for events given to a ledger, that the ledger is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from duban_core import (
    Actor,
    CalendarRangeError,
    Category,
    ChinaCalendar,
    ConfigurationError,
    DubanError,
    InvalidTransition,
    Ledger,
    Role,
    RuleSet,
    RuleViolation,
    StaleVersion,
    Unauthorized,
)
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    Cancelled,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    Outcome,
    RectificationReported,
    Registered,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
    parse,
)
from workflow_support import (
    CO_HEAD,
    CO_UNIT,
    LEAD_HEAD,
    LEAD_STAFF,
    LEAD_UNIT,
    LEADER,
    OFFICE,
    OTHER_STAFF,
    OTHER_UNIT,
)

CST = timezone(timedelta(hours=8))
# The cast of the workflow tests (names from duban_core.district).
LEAD, CO, OTHER = LEAD_UNIT, CO_UNIT, OTHER_UNIT
HEAD, STAFF = LEAD_HEAD, LEAD_STAFF


def t(day: int, hour: int = 9) -> datetime:
    """A time in March 2024, China Standard Time."""
    return datetime(2024, 3, day, hour, tzinfo=CST)


NOW = t(5, 10)  # when the refused events below are sent (2024-03-05, a Tuesday)


def _item(item_id: str, **extra: Any) -> list[Event]:
    """Drafted → Registered → Assigned (received 2024-03-01, due 2024-03-06 under 5日)."""
    fields: dict[str, Any] = {"category": Category.LEADER_INSTRUCTION, "co_units": (CO,), **extra}
    return [
        Drafted(
            item_id=item_id, at=t(1), by=OFFICE, title="关于老旧小区改造的批示", lead_unit=LEAD, **fields
        ),
        Registered(item_id=item_id, at=t(1, 10), by=OFFICE),
        Assigned(item_id=item_id, at=t(1, 11), by=OFFICE, received_on=date(2024, 3, 1)),
    ]


def _feedback(item_id: str, day: int, **extra: Any) -> FeedbackSubmitted:
    return FeedbackSubmitted(item_id=item_id, at=t(day), by=STAFF, summary="已办结", signed_by=HEAD, **extra)


def base_events() -> list[Event]:
    """One ledger with items in many states and two bulletins."""
    return [
        # ASSIGNED
        *_item("A"),
        # IN_PROGRESS
        *_item("W"),
        Acknowledged(item_id="W", at=t(2), by=STAFF, handler="赵强"),
        # IN_PROGRESS, project item
        *_item("P", project=True),
        Acknowledged(item_id="P", at=t(2), by=STAFF, handler="赵强"),
        # IN_PROGRESS with an extension request pending
        *_item("E"),
        Acknowledged(item_id="E", at=t(2), by=STAFF, handler="赵强"),
        ExtensionRequested(item_id="E", at=t(3), by=STAFF, new_due=date(2024, 3, 20), reason="情况特殊"),
        # REPORTED
        *_item("R"),
        Acknowledged(item_id="R", at=t(2), by=STAFF, handler="赵强"),
        _feedback("R", 3),
        # CLOSED
        *_item("K"),
        Acknowledged(item_id="K", at=t(2), by=STAFF, handler="赵强"),
        _feedback("K", 3),
        Approved(item_id="K", at=t(4), by=OFFICE),
        # CANCELLED
        *_item("C"),
        Cancelled(item_id="C", at=t(2), by=LEADER, reason="任务调整"),
        # DRAFTED
        Drafted(
            item_id="D",
            at=t(1),
            by=OFFICE,
            title="媒体反映问题",
            category=Category.MEDIA_ISSUE,
            lead_unit=LEAD,
        ),
        # a parent REPORTED with an open child
        *_item("PARENT"),
        Acknowledged(item_id="PARENT", at=t(2), by=STAFF, handler="赵强"),
        Drafted(
            item_id="CHILD",
            at=t(2, 10),
            by=OFFICE,
            title="分解任务",
            category=Category.LEADER_INSTRUCTION,
            lead_unit=CO,
            parent_id="PARENT",
        ),
        _feedback("PARENT", 3),
        # bulletins
        BulletinIssued(
            bulletin_id="B1",
            at=t(4),
            by=OFFICE,
            kind=BulletinKind.CRITICISM,
            units=(LEAD, CO),
            reason="逾期未办结",
        ),
        BulletinIssued(
            bulletin_id="B2", at=t(4), by=OFFICE, kind=BulletinKind.PRAISE, units=(CO,), reason="办理迅速"
        ),
        RectificationReported(bulletin_id="B1", at=t(5), by=CO_HEAD, unit=CO),
    ]


@pytest.fixture(scope="module")
def base() -> Ledger:
    return Ledger.replay(base_events())


def _says(exc: BaseException, needle: str) -> bool:
    """Whether the error says ``needle``: in its (Chinese) message or its English ``en``."""
    return needle in str(exc) or needle in getattr(exc, "en", "")


def _assert_refused(ledger: Ledger, bad: Any, error: type[Exception], needle: str, **kwargs: Any) -> None:
    before = ledger.copy()
    version, log = ledger.version, list(ledger.events)
    with pytest.raises(error) as caught:
        ledger.apply(bad, **kwargs)
    assert _says(caught.value, needle), str(caught.value)
    assert ledger.version == version
    assert list(ledger.events) == log
    assert ledger == before


def test_the_base_ledger_is_what_the_cases_assume(base: Ledger) -> None:
    states = {item_id: item.state.value for item_id, item in base.items.items()}
    assert states == {
        "A": "ASSIGNED",
        "W": "IN_PROGRESS",
        "P": "IN_PROGRESS",
        "E": "IN_PROGRESS",
        "R": "REPORTED",
        "K": "CLOSED",
        "C": "CANCELLED",
        "D": "DRAFTED",
        "PARENT": "REPORTED",
        "CHILD": "DRAFTED",
    }
    assert base.items["A"].deadline is not None
    assert base.items["A"].deadline.due == date(2024, 3, 6)


# -- 1. malformed events: events.parse (and Ledger.apply of the same input) ---------------------


def _valid_dict(**changes: Any) -> dict[str, Any]:
    """A valid Drafted event as a JSON dict, with ``changes`` (None deletes a key)."""
    data: dict[str, Any] = json.loads(
        Drafted(
            item_id="N1",
            at=NOW,
            by=OFFICE,
            title="新事项",
            category=Category.LEADER_INSTRUCTION,
            lead_unit=LEAD,
        ).model_dump_json()
    )
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _with(base_type: str, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": base_type,
        "item_id": "W",
        "at": NOW.isoformat(),
        "by": STAFF.model_dump(),
    }
    data.update(fields)
    return data


_FEEDBACK = {"summary": "已办结", "signed_by": HEAD.model_dump()}

MALFORMED = [
    pytest.param(_valid_dict(at="2024-03-05T10:00:00"), ValidationError, "timezone", id="naive-datetime"),
    pytest.param(_valid_dict(at="2024-03-05 10:00"), ValidationError, "timezone", id="naive-datetime-space"),
    pytest.param(_valid_dict(at="yesterday"), ValidationError, "datetime", id="datetime-not-a-time"),
    pytest.param(_valid_dict(at=[2024, 3, 5]), ValidationError, "datetime", id="datetime-as-list"),
    pytest.param(
        _valid_dict(at="9999-12-31T23:00:00-08:00"),
        ValidationError,
        "China Standard Time",
        id="datetime-whose-cst-day-overflows",
    ),
    pytest.param(
        _valid_dict(at="0001-01-01T00:00:00+14:00"),
        ValidationError,
        "China Standard Time",
        id="datetime-whose-cst-day-underflows",
    ),
    pytest.param(_valid_dict(type="Approve"), ValidationError, "'Approve'", id="unknown-event-type"),
    pytest.param(_valid_dict(type=None), ValidationError, "type", id="missing-event-type"),
    pytest.param(_valid_dict(type=7), ValidationError, "type", id="event-type-not-a-string"),
    pytest.param(_valid_dict(by=None), ValidationError, "by", id="missing-actor"),
    pytest.param(_valid_dict(by={"name": "甲", "role": "BOSS"}), ValidationError, "role", id="unknown-role"),
    pytest.param(
        _valid_dict(by={"name": "甲", "role": "UNIT_HEAD"}),
        ValidationError,
        "must name its unit",
        id="unit-role-no-unit",
    ),
    pytest.param(
        _valid_dict(by={"name": "", "role": "OFFICE"}), ValidationError, "at least 1", id="empty-actor-name"
    ),
    pytest.param(_valid_dict(by="李明"), ValidationError, "by", id="actor-as-string"),
    pytest.param(_valid_dict(category="URGENT_STUFF"), ValidationError, "category", id="unknown-category"),
    pytest.param(_valid_dict(category=3), ValidationError, "category", id="category-as-number"),
    pytest.param(_valid_dict(title=""), ValidationError, "at least 1 character", id="empty-title"),
    pytest.param(_valid_dict(title="长" * 2001), ValidationError, "at most 2000", id="title-too-long"),
    pytest.param(_valid_dict(title=True), ValidationError, "title", id="title-as-bool"),
    pytest.param(_valid_dict(item_id="x" * 201), ValidationError, "at most 200", id="item-id-too-long"),
    pytest.param(_valid_dict(item_id=""), ValidationError, "at least 1 character", id="empty-item-id"),
    pytest.param(_valid_dict(urgent="maybe"), ValidationError, "urgent", id="urgent-not-a-bool"),
    pytest.param(
        _valid_dict(co_units=[LEAD]), ValidationError, "cannot also be a co-unit", id="lead-is-co-unit"
    ),
    pytest.param(_valid_dict(co_units=[CO, CO]), ValidationError, "twice", id="co-unit-twice"),
    pytest.param(_valid_dict(parent_id="N1"), ValidationError, "own parent", id="item-its-own-parent"),
    pytest.param(
        _valid_dict(stipulated_due="2024-02-30"), ValidationError, "stipulated_due", id="impossible-date"
    ),
    pytest.param(_valid_dict(flavour="extra"), ValidationError, "Extra inputs", id="unknown-field"),
    pytest.param(
        _valid_dict(schema_version=2), DubanError, "newer than this release", id="newer-schema-version"
    ),
    pytest.param(_valid_dict(schema_version=0), DubanError, "no upcaster", id="schema-version-zero"),
    pytest.param(
        _valid_dict(schema_version="1"), ValidationError, "schema_version", id="schema-version-as-string"
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", percent_complete=-1),
        ValidationError,
        "greater than or equal to 0",
        id="negative-percent",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", percent_complete=100.5),
        ValidationError,
        "less than or equal to 100",
        id="percent-over-100",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", percent_complete=float("nan")),
        ValidationError,
        "finite number",
        id="percent-nan",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", percent_complete=float("inf")),
        ValidationError,
        "finite number",
        id="percent-inf",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", investment_done="-5"),
        ValidationError,
        "greater than or equal to 0",
        id="negative-investment",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", investment_done=str(10**30)),
        ValidationError,
        "20 digits",
        id="huge-investment",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", investment_done="NaN"),
        ValidationError,
        "investment_done",
        id="investment-nan",
    ),
    pytest.param(
        _with("ProgressReported", summary="进展", investment_done="1.00001"),
        ValidationError,
        "decimal places",
        id="investment-too-precise",
    ),
    pytest.param(
        _with("Returned", kind="REDO_IT", reason="不符"), ValidationError, "kind", id="unknown-return-kind"
    ),
    pytest.param(
        _with("Evaluated", satisfaction="HAPPY", outcome="SOLVED"),
        ValidationError,
        "satisfaction",
        id="unknown-satisfaction",
    ),
    pytest.param(
        _with("Evaluated", satisfaction="SATISFIED", outcome="MAYBE"),
        ValidationError,
        "outcome",
        id="unknown-outcome",
    ),
    pytest.param(
        _with("ExtensionDecided", granted="perhaps"), ValidationError, "granted", id="granted-not-a-bool"
    ),
    pytest.param(
        _with("Assigned", received_on="03/01/2024"), ValidationError, "received_on", id="date-wrong-format"
    ),
    pytest.param(
        _with("FeedbackSubmitted", summary="完成"), ValidationError, "signed_by", id="feedback-missing-signer"
    ),
    pytest.param(
        {
            "type": "BulletinIssued",
            "bulletin_id": "B9",
            "at": NOW.isoformat(),
            "by": OFFICE.model_dump(),
            "kind": "CRITICISM",
            "units": [],
            "reason": "逾期",
        },
        ValidationError,
        "units",
        id="bulletin-without-units",
    ),
    pytest.param(
        {
            "type": "BulletinIssued",
            "bulletin_id": "B9",
            "at": NOW.isoformat(),
            "by": OFFICE.model_dump(),
            "kind": "CRITICISM",
            "reason": "逾期",
        },
        ValidationError,
        "units",
        id="bulletin-units-missing",
    ),
    pytest.param(
        {
            "type": "BulletinIssued",
            "bulletin_id": "B9",
            "at": NOW.isoformat(),
            "by": OFFICE.model_dump(),
            "kind": "CRITICISM",
            "units": [LEAD, LEAD],
            "reason": "逾期",
        },
        ValidationError,
        "twice",
        id="bulletin-unit-twice",
    ),
    pytest.param(
        {
            "type": "BulletinIssued",
            "bulletin_id": "B9",
            "at": NOW.isoformat(),
            "by": OFFICE.model_dump(),
            "kind": "SCOLD",
            "units": [LEAD],
            "reason": "逾期",
        },
        ValidationError,
        "kind",
        id="unknown-bulletin-kind",
    ),
    # JSON text and bytes
    pytest.param("", ValidationError, "Invalid JSON", id="empty-string"),
    pytest.param(b"", ValidationError, "Invalid JSON", id="empty-bytes"),
    pytest.param("{not json", ValidationError, "Invalid JSON", id="garbage-json"),
    pytest.param('{"type": "Drafted", "item_id": "N1"', ValidationError, "Invalid JSON", id="truncated-json"),
    pytest.param(
        b'{"type": "Registered\xff"}', ValidationError, "invalid unicode code point", id="invalid-utf8-bytes"
    ),
    pytest.param(b"\xfe\xff\x00{", ValidationError, "Invalid JSON", id="binary-garbage"),
    pytest.param("[1, 2, 3]", ValidationError, "dict", id="json-list"),
    pytest.param("null", ValidationError, "dict", id="json-null"),
    pytest.param('"Drafted"', ValidationError, "dict", id="json-string"),
    pytest.param(
        "[" * 100_000 + "]" * 100_000, DubanError, "nested too deeply", id="deeply-nested-json-list"
    ),
    pytest.param(
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        DubanError,
        "nested too deeply",
        id="deeply-nested-json-object",
    ),
    pytest.param(
        json.dumps(_valid_dict(at="2024-03-05T10:00:00")), ValidationError, "timezone", id="naive-in-json"
    ),
    # not an event at all
    pytest.param(42, DubanError, "cannot parse an event from int", id="an-int"),
    pytest.param(None, DubanError, "cannot parse an event from NoneType", id="none"),
    pytest.param([_valid_dict()], DubanError, "cannot parse an event from list", id="a-python-list"),
    pytest.param({1, 2}, DubanError, "cannot parse an event from set", id="a-set"),
]


@pytest.mark.parametrize(("raw", "error", "needle"), MALFORMED)
def test_parse_refuses(raw: Any, error: type[Exception], needle: str) -> None:
    with pytest.raises(error) as caught:
        parse(raw)
    assert _says(caught.value, needle), str(caught.value)


@pytest.mark.parametrize(("raw", "error", "needle"), MALFORMED)
def test_ledger_refuses_malformed_input_unchanged(
    base: Ledger, raw: Any, error: type[Exception], needle: str
) -> None:
    _assert_refused(base, raw, error, needle)


def test_naive_datetime_in_the_constructor() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Registered(item_id="A", at=datetime(2024, 3, 5, 10), by=OFFICE)


def test_daylight_saving_zone_is_stored_as_its_fixed_offset() -> None:
    """Regression (found while fuzzing): times in a zone with daylight saving time compare
    by wall clock when they share the zone object, so a later instant in the fall-back hour
    could be refused as "earlier" (or an earlier one accepted), unlike on replay of the JSON
    log. Events now keep the fixed UTC offset of their instant."""
    new_york = ZoneInfo("America/New_York")
    first = datetime(2024, 11, 3, 5, 30, tzinfo=timezone.utc).astimezone(new_york)  # 01:30 EDT
    later = datetime(2024, 11, 3, 6, 10, tzinfo=timezone.utc).astimezone(new_york)  # 01:10 EST
    assert later > first.astimezone(timezone.utc)
    ledger = Ledger()
    ledger.apply(
        Drafted(
            item_id="X", at=first, by=OFFICE, title="t", category=Category.LEADER_INSTRUCTION, lead_unit=LEAD
        )
    )
    ledger.apply(Registered(item_id="X", at=later, by=OFFICE))
    assert ledger.items["X"].last_at.utcoffset() == timedelta(hours=-5)
    assert Ledger.replay([e.model_dump_json() for e in ledger.events]) == ledger


# -- 2. well-formed events a ledger refuses -------------------------------------------------------

Make = Callable[[], Any]

LEDGER_REFUSALS: list[Any] = [
    # unknown items and duplicate ids
    pytest.param(
        lambda: Registered(item_id="NOPE", at=NOW, by=OFFICE),
        RuleViolation,
        "unknown item",
        id="unknown-item",
    ),
    pytest.param(
        lambda: Urged(item_id="nope", at=NOW, by=OFFICE, method="电话"),
        RuleViolation,
        "unknown item",
        id="unknown-item-case",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="A", at=NOW, by=OFFICE, title="重复", category=Category.LEADER_INSTRUCTION, lead_unit=LEAD
        ),
        RuleViolation,
        "already exists",
        id="duplicate-item-id",
    ),
    pytest.param(
        lambda: BulletinIssued(
            bulletin_id="B1", at=NOW, by=OFFICE, kind=BulletinKind.PRAISE, units=(LEAD,), reason="再次"
        ),
        RuleViolation,
        "already exists",
        id="duplicate-bulletin-id",
    ),
    # wrong states
    pytest.param(
        lambda: Approved(item_id="A", at=NOW, by=OFFICE), InvalidTransition, "ASSIGNED", id="approve-assigned"
    ),
    pytest.param(
        lambda: Acknowledged(item_id="D", at=NOW, by=STAFF, handler="赵强"),
        InvalidTransition,
        "not allowed while the item is DRAFTED",
        id="acknowledge-drafted",
    ),
    pytest.param(
        lambda: Archived(item_id="C", at=NOW, by=OFFICE),
        InvalidTransition,
        "CANCELLED",
        id="archive-cancelled",
    ),
    pytest.param(
        lambda: Cancelled(item_id="K", at=NOW, by=OFFICE, reason="撤销"),
        InvalidTransition,
        "CLOSED",
        id="cancel-closed",
    ),
    pytest.param(
        lambda: Returned(item_id="W", at=NOW, by=OFFICE, kind=ReturnKind.REDO, reason="不符"),
        InvalidTransition,
        "IN_PROGRESS",
        id="return-before-feedback",
    ),
    pytest.param(
        lambda: Assigned(item_id="A", at=NOW, by=OFFICE, received_on=date(2024, 3, 5)),
        InvalidTransition,
        "Assigned is not allowed",
        id="assign-twice",
    ),
    pytest.param(
        lambda: Approved(item_id="PARENT", at=NOW, by=OFFICE),
        InvalidTransition,
        "child",
        id="approve-with-open-child",
    ),
    # wrong actors
    pytest.param(
        lambda: Registered(item_id="D", at=NOW, by=STAFF),
        Unauthorized,
        "may not send Registered",
        id="unit-registers",
    ),
    pytest.param(
        lambda: Acknowledged(item_id="A", at=NOW, by=OTHER_STAFF, handler="郑敏"),
        Unauthorized,
        "may not send Acknowledged",
        id="other-unit-acknowledges",
    ),
    pytest.param(
        lambda: Acknowledged(item_id="A", at=NOW, by=OFFICE, handler="李明"),
        Unauthorized,
        "may not send Acknowledged",
        id="office-acknowledges",
    ),
    pytest.param(
        lambda: Returned(item_id="R", at=NOW, by=LEADER, kind=ReturnKind.REDO, reason="不符"),
        Unauthorized,
        "领导批示再督查",
        id="leader-returns-for-redo",
    ),
    pytest.param(
        lambda: ExtensionDecided(item_id="E", at=NOW, by=OFFICE, granted=True),
        Unauthorized,
        "may not send ExtensionDecided",
        id="office-decides-extension",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="N2",
            at=NOW,
            by=LEADER,
            title="领导拟办",
            category=Category.LEADER_INSTRUCTION,
            lead_unit=LEAD,
        ),
        Unauthorized,
        "may not send Drafted",
        id="leader-drafts",
    ),
    pytest.param(
        lambda: BulletinIssued(
            bulletin_id="B9", at=NOW, by=HEAD, kind=BulletinKind.PRAISE, units=(CO,), reason="自夸"
        ),
        Unauthorized,
        "may not send BulletinIssued",
        id="unit-issues-bulletin",
    ),
    # order in time
    pytest.param(
        lambda: Acknowledged(item_id="A", at=t(1, 10), by=STAFF, handler="赵强"),
        RuleViolation,
        "earlier than the item's previous event",
        id="earlier-than-previous",
    ),
    pytest.param(
        lambda: Acknowledged(
            item_id="A", at=datetime(2024, 3, 1, 2, 59, tzinfo=timezone.utc), by=STAFF, handler="赵强"
        ),
        RuleViolation,
        "earlier than the item's previous event",
        id="earlier-in-another-zone",
    ),
    pytest.param(
        lambda: RectificationReported(bulletin_id="B1", at=t(3), by=HEAD, unit=LEAD),
        RuleViolation,
        "earlier than bulletin",
        id="rectification-before-bulletin",
    ),
    # content rules
    pytest.param(
        lambda: _feedback("W", 5).model_copy(update={"signed_by": STAFF}),
        RuleViolation,
        "signed by the head",
        id="feedback-signed-by-staff",
    ),
    pytest.param(
        lambda: _feedback("P", 5), RuleViolation, "percent_complete", id="project-feedback-without-figures"
    ),
    pytest.param(
        lambda: _feedback("P", 5, percent_complete=100.0),
        RuleViolation,
        "investment_done",
        id="project-feedback-without-investment",
    ),
    pytest.param(
        lambda: ExtensionRequested(
            item_id="W", at=t(7), by=STAFF, new_due=date(2024, 3, 20), reason="来不及"
        ),
        RuleViolation,
        "after the due day",
        id="extension-after-due-day",
    ),
    pytest.param(
        lambda: ExtensionRequested(item_id="W", at=NOW, by=STAFF, new_due=date(2024, 3, 6), reason="来不及"),
        RuleViolation,
        "not later than",
        id="extension-not-later",
    ),
    pytest.param(
        lambda: ExtensionRequested(item_id="E", at=NOW, by=STAFF, new_due=date(2024, 3, 25), reason="再延"),
        RuleViolation,
        "pending",
        id="second-pending-extension",
    ),
    pytest.param(
        lambda: ExtensionRequested(item_id="W", at=NOW, by=STAFF, new_due=date(2100, 1, 4), reason="很久"),
        CalendarRangeError,
        "outside the supported range",
        id="extension-beyond-calendar",
    ),
    pytest.param(
        lambda: ExtensionDecided(item_id="W", at=NOW, by=LEADER, granted=True),
        RuleViolation,
        "no pending extension",
        id="decision-without-request",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="N3",
            at=NOW,
            by=OFFICE,
            title="子项",
            category=Category.LEADER_INSTRUCTION,
            lead_unit=LEAD,
            parent_id="GHOST",
        ),
        RuleViolation,
        "does not exist",
        id="unknown-parent",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="N3",
            at=NOW,
            by=OFFICE,
            title="子项",
            category=Category.LEADER_INSTRUCTION,
            lead_unit=LEAD,
            parent_id="K",
        ),
        RuleViolation,
        "only an open item",
        id="closed-parent",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="N4",
            at=NOW,
            by=OFFICE,
            title="限期",
            category=Category.MEDIA_ISSUE,
            lead_unit=LEAD,
            stipulated_due=date(2024, 3, 4),
        ),
        RuleViolation,
        "before the drafting day",
        id="stipulated-before-drafting",
    ),
    pytest.param(
        lambda: Drafted(
            item_id="N4",
            at=NOW,
            by=OFFICE,
            title="限期",
            category=Category.MEDIA_ISSUE,
            lead_unit=LEAD,
            stipulated_due=date(2100, 1, 1),
        ),
        CalendarRangeError,
        "outside the supported range",
        id="stipulated-beyond-calendar",
    ),
    pytest.param(
        lambda: Assigned(item_id="D", at=NOW, by=OFFICE, received_on=date(2024, 2, 29)),
        InvalidTransition,
        "DRAFTED",
        id="assign-drafted",
    ),
    pytest.param(
        lambda: Evaluated(
            item_id="R", at=NOW, by=OFFICE, satisfaction=Satisfaction.SATISFIED, outcome=Outcome.SOLVED
        ),
        RuleViolation,
        "deputies",
        id="evaluate-non-deputy-item",
    ),
    pytest.param(
        lambda: BulletinIssued(
            bulletin_id="B9",
            at=NOW,
            by=OFFICE,
            kind=BulletinKind.CRITICISM,
            units=(LEAD,),
            item_ids=("GHOST",),
            reason="x",
        ),
        RuleViolation,
        "unknown items",
        id="bulletin-unknown-item",
    ),
    pytest.param(
        lambda: RectificationReported(bulletin_id="B404", at=NOW, by=HEAD, unit=LEAD),
        RuleViolation,
        "unknown bulletin",
        id="rectification-unknown-bulletin",
    ),
    pytest.param(
        lambda: RectificationReported(bulletin_id="B2", at=NOW, by=CO_HEAD, unit=CO),
        RuleViolation,
        "praise",
        id="rectification-of-praise",
    ),
    pytest.param(
        lambda: RectificationReported(
            bulletin_id="B1", at=NOW, by=Actor(name="吴刚", role=Role.UNIT_HEAD, unit=OTHER), unit=OTHER
        ),
        RuleViolation,
        "not named in bulletin",
        id="rectification-unit-not-named",
    ),
    pytest.param(
        lambda: RectificationReported(bulletin_id="B1", at=NOW, by=STAFF, unit=LEAD),
        Unauthorized,
        "its head",
        id="rectification-by-staff",
    ),
    pytest.param(
        lambda: RectificationReported(bulletin_id="B1", at=NOW, by=CO_HEAD, unit=CO),
        RuleViolation,
        "already filed",
        id="rectification-twice",
    ),
]


@pytest.mark.parametrize(("make", "error", "needle"), LEDGER_REFUSALS)
def test_ledger_refuses_and_is_unchanged(
    base: Ledger, make: Make, error: type[Exception], needle: str
) -> None:
    _assert_refused(base.copy(), make(), error, needle)


def test_media_issue_assigned_without_a_stipulated_due(base: Ledger) -> None:
    ledger = base.copy().apply(Registered(item_id="D", at=NOW, by=OFFICE))
    _assert_refused(
        ledger,
        Assigned(item_id="D", at=NOW, by=OFFICE, received_on=date(2024, 3, 5)),
        RuleViolation,
        "stipulated_due",
    )


@pytest.mark.parametrize(
    ("received", "error", "needle"),
    [
        pytest.param(
            date(2024, 2, 29), RuleViolation, "before the item was drafted", id="received-before-drafted"
        ),
        pytest.param(date(1999, 12, 31), RuleViolation, "before the item was drafted", id="received-in-1999"),
    ],
)
def test_assignment_dates(base: Ledger, received: date, error: type[Exception], needle: str) -> None:
    ledger = base.copy().apply(Registered(item_id="CHILD", at=NOW, by=OFFICE))
    _assert_refused(ledger, Assigned(item_id="CHILD", at=NOW, by=OFFICE, received_on=received), error, needle)


def test_received_on_beyond_the_calendar() -> None:
    ledger = Ledger()
    far = datetime(2099, 12, 31, 9, tzinfo=CST)
    ledger.apply(
        Drafted(
            item_id="F", at=far, by=OFFICE, title="远期", category=Category.MEETING_DECISION, lead_unit=LEAD
        )
    )
    ledger.apply(Registered(item_id="F", at=far, by=OFFICE))
    _assert_refused(
        ledger,
        Assigned(item_id="F", at=far, by=OFFICE, received_on=date(2099, 12, 31)),
        CalendarRangeError,
        "supported range",
    )


def test_stale_expected_version(base: Ledger) -> None:
    ledger = base.copy()
    _assert_refused(
        ledger,
        Acknowledged(item_id="A", at=NOW, by=STAFF, handler="赵强"),
        StaleVersion,
        "expected 2",
        expected_version=2,
    )


def test_ledger_needs_a_rule_set() -> None:
    with pytest.raises(RuleViolation, match="需要一个规则集"):
        Ledger("default")  # type: ignore[arg-type]


# -- 3. invalid rule sets (objects and JSON) ------------------------------------------------------


def _rules_json(**changes: Any) -> str:
    data: dict[str, Any] = json.loads(RuleSet.default().model_dump_json())
    data.update(changes)
    return json.dumps(data)


def _without_category() -> str:
    data = json.loads(RuleSet.default().model_dump_json())
    del data["categories"]["MEDIA_ISSUE"]
    return json.dumps(data)


def _category_rule(rule: dict[str, Any], **extra: Any) -> str:
    data = json.loads(RuleSet.default().model_dump_json())
    data["categories"]["LEADER_INSTRUCTION"] = {"deadline": rule, **extra}
    return json.dumps(data)


RULE_SETS = [
    pytest.param(_without_category(), "missing for categories: MEDIA_ISSUE", id="ruleset-missing-category"),
    pytest.param(
        _category_rule({"kind": "calendar_days", "days": -1}),
        "greater than or equal to 1",
        id="negative-days",
    ),
    pytest.param(
        _category_rule({"kind": "calendar_days", "days": 0}), "greater than or equal to 1", id="zero-days"
    ),
    pytest.param(
        _category_rule({"kind": "calendar_days", "days": 10**6}),
        "less than or equal to 36500",
        id="huge-days",
    ),
    pytest.param(_category_rule({"kind": "calendar_days", "days": True}), "valid integer", id="days-as-bool"),
    pytest.param(_category_rule({"kind": "calendar_days", "days": 5.5}), "valid integer", id="days-as-float"),
    pytest.param(
        _category_rule({"kind": "months", "months": 0}), "greater than or equal to 1", id="zero-months"
    ),
    pytest.param(_category_rule({"kind": "fortnights", "days": 2}), "fortnights", id="unknown-rule-kind"),
    pytest.param(
        _category_rule({"kind": "calendar_days", "days": 5}, default_due="year_end"),
        "default_due applies only",
        id="default-due-without-stipulated",
    ),
    pytest.param(_rules_json(counting="lunar"), "counting", id="unknown-counting"),
    pytest.param(_rules_json(warning_workdays=-1), "greater than or equal to 0", id="negative-warning"),
    pytest.param(_rules_json(warning_share=float("nan")), "warning_share", id="warning-share-nan"),
    pytest.param(_rules_json(points_per_criticism=10**9), "less than or equal to 100", id="huge-points"),
    pytest.param(
        _rules_json(extra_holidays={"2024-05-06": "补休"}, extra_workdays=["2024-05-06"]),
        "both an extra holiday and an extra workday",
        id="holiday-and-workday-same-day",
    ),
    pytest.param(
        _rules_json(extra_holidays={"1999-10-01": "国庆"}),
        "outside the supported range",
        id="override-out-of-range",
    ),
    pytest.param(
        _rules_json(
            escalation=[
                {"after_workdays": 5, "action": "催办", "clause": "S0-5.1"},
                {"after_workdays": 2, "action": "通报", "clause": "S1-2.6"},
            ]
        ),
        "strictly increasing",
        id="escalation-out-of-order",
    ),
    pytest.param(
        _rules_json(rectification={"kind": "months", "months": 1}),
        "rectification",
        id="rectification-not-days",
    ),
    pytest.param(_rules_json(surprise=1), "Extra inputs", id="ruleset-unknown-field"),
    pytest.param("{", "Invalid JSON", id="ruleset-garbage-json"),
    pytest.param("[]", "RuleSet", id="ruleset-json-list"),
    pytest.param(b'{"counting": "calendar\xff"}', "invalid unicode code point", id="ruleset-invalid-utf8"),
]


@pytest.mark.parametrize(("text", "needle"), RULE_SETS)
def test_invalid_rule_sets(text: str | bytes, needle: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RuleSet.model_validate_json(text)
    assert _says(caught.value, needle), str(caught.value)


def test_unknown_counting_for_the_default() -> None:
    with pytest.raises(ConfigurationError, match="计算方式"):
        RuleSet.default(counting="lunar")  # type: ignore[arg-type]


# -- 4. the calendar -----------------------------------------------------------------------------

# Typed as Any: these calls break the signatures on purpose.
CAL: Any = ChinaCalendar()
AnyCalendar: Any = ChinaCalendar
CALENDAR_CALLS = [
    pytest.param(
        lambda: CAL.is_workday(date(1999, 12, 31)),
        CalendarRangeError,
        "outside the supported range",
        id="day-before-range",
    ),
    pytest.param(
        lambda: CAL.is_workday(date(2100, 1, 1)),
        CalendarRangeError,
        "outside the supported range",
        id="day-after-range",
    ),
    pytest.param(
        lambda: CAL.is_workday("2024-01-01"), DubanError, "must be a datetime.date", id="day-as-string"
    ),
    pytest.param(
        lambda: CAL.is_workday(datetime(2024, 1, 1, tzinfo=CST)),
        DubanError,
        "not a datetime",
        id="day-as-datetime",
    ),
    pytest.param(lambda: CAL.is_workday(None), DubanError, "must be a datetime.date", id="day-none"),
    pytest.param(
        lambda: CAL.add_workdays(date(2024, 1, 1), 1.5), DubanError, "must be an int", id="n-as-float"
    ),
    pytest.param(
        lambda: CAL.add_workdays(date(2024, 1, 1), True), DubanError, "must be an int", id="n-as-bool"
    ),
    pytest.param(
        lambda: CAL.add_workdays(date(2024, 1, 1), "3"), DubanError, "must be an int", id="n-as-string"
    ),
    pytest.param(
        lambda: CAL.add_workdays(date(2099, 12, 30), 10),
        CalendarRangeError,
        "leaves the supported range",
        id="n-past-range-end",
    ),
    pytest.param(
        lambda: CAL.add_workdays(date(2000, 1, 4), -100),
        CalendarRangeError,
        "leaves the supported range",
        id="n-before-range-start",
    ),
    pytest.param(
        lambda: CAL.add_workdays(date(2024, 1, 1), 10**12),
        CalendarRangeError,
        "leaves the supported range",
        id="n-huge",
    ),
    pytest.param(
        lambda: CAL.workdays_between(date(2024, 1, 1), date(2100, 1, 1)),
        CalendarRangeError,
        "outside the supported range",
        id="between-out-of-range",
    ),
    pytest.param(
        lambda: CAL.roll_forward(date(2099, 12, 31) + timedelta(1)),
        CalendarRangeError,
        "outside the supported range",
        id="roll-out-of-range",
    ),
    pytest.param(
        lambda: AnyCalendar(extra_holidays=[date(2024, 5, 6)]),
        ConfigurationError,
        "must map dates to names",
        id="holidays-as-list",
    ),
    pytest.param(
        lambda: AnyCalendar(extra_workdays="2024-05-06"),
        ConfigurationError,
        "iterable of dates",
        id="workdays-as-string",
    ),
    pytest.param(
        lambda: AnyCalendar(extra_holidays={date(2024, 5, 6): ""}),
        ConfigurationError,
        "non-empty name",
        id="holiday-without-name",
    ),
    pytest.param(
        lambda: AnyCalendar({date(2024, 5, 6): "补休"}, [date(2024, 5, 6)]),
        ConfigurationError,
        "both",
        id="override-both-ways",
    ),
    pytest.param(
        lambda: AnyCalendar(extra_workdays=[date(1990, 1, 1)]),
        CalendarRangeError,
        "outside the supported range",
        id="override-before-range",
    ),
    pytest.param(
        lambda: AnyCalendar(extra_workdays=["2024-05-06"]),
        DubanError,
        "must be a datetime.date",
        id="override-as-string",
    ),
]


@pytest.mark.parametrize(("call", "error", "needle"), CALENDAR_CALLS)
def test_calendar_refuses(call: Make, error: type[Exception], needle: str) -> None:
    with pytest.raises(error) as caught:
        call()
    assert _says(caught.value, needle), str(caught.value)


# -- 5. RuleSet.deadline ----------------------------------------------------------------------------

RULES: Any = RuleSet.default()
DEADLINE_CALLS = [
    pytest.param(
        lambda: RULES.deadline("URGENT", date(2024, 3, 1)),
        DubanError,
        "未知的事项类别",
        id="deadline-unknown-category",
    ),
    pytest.param(
        lambda: RULES.deadline(None, date(2024, 3, 1)),
        DubanError,
        "未知的事项类别",
        id="deadline-category-none",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, "2024-03-01"),
        DubanError,
        "must be a datetime.date",
        id="deadline-received-string",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, datetime(2024, 3, 1, tzinfo=CST)),
        DubanError,
        "not a datetime",
        id="deadline-received-datetime",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, date(1999, 3, 1)),
        CalendarRangeError,
        "outside the supported range",
        id="deadline-received-1999",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, date(2099, 12, 30)),
        CalendarRangeError,
        "range",
        id="deadline-runs-past-2099",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 1), urgent="yes"),
        DubanError,
        "True or False",
        id="deadline-urgent-string",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 1), stipulated=date(2024, 2, 1)),
        RuleViolation,
        "早于起算日",
        id="deadline-stipulated-before-start",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.LEADER_INSTRUCTION, date(2024, 3, 1), stipulated="2024-04-01"),
        DubanError,
        "must be a datetime.date",
        id="deadline-stipulated-string",
    ),
    pytest.param(
        lambda: RULES.deadline(Category.MEDIA_ISSUE, date(2024, 3, 1)),
        RuleViolation,
        "stipulated_due",
        id="deadline-stipulated-required",
    ),
    pytest.param(
        lambda: RULES.rework_deadline(Category.LEADER_INSTRUCTION, 20240301),
        DubanError,
        "must be a datetime.date",
        id="rework-deadline-int",
    ),
    pytest.param(
        lambda: RULES.rectification_due(date(2100, 1, 1)),
        CalendarRangeError,
        "outside the supported range",
        id="rectification-out-of-range",
    ),
]


@pytest.mark.parametrize(("call", "error", "needle"), DEADLINE_CALLS)
def test_deadline_refuses(call: Make, error: type[Exception], needle: str) -> None:
    with pytest.raises(error) as caught:
        call()
    assert _says(caught.value, needle), str(caught.value)


def test_the_catalogue_has_at_least_fifty_named_cases() -> None:
    cases = MALFORMED + LEDGER_REFUSALS + RULE_SETS + CALENDAR_CALLS + DEADLINE_CALLS
    assert all(isinstance(case.id, str) for case in cases)
    ids = [case.id for case in cases]
    assert len(set(ids)) == len(ids) >= 50
