"""Single events (schema-valid, not necessarily accepted) and malformed input."""

from __future__ import annotations

import functools
import json
import unicodedata
from datetime import date
from typing import Any

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from duban_core._strategies.values import (
    _PEOPLE,
    UNITS,
    _text,
    actors,
    aware_datetimes,
    dates,
    timezones,
    units,
)
from duban_core.actors import Role
from duban_core.calendar import FIRST_DAY, LAST_DAY
from duban_core.categories import Category
from duban_core.events import (
    Acknowledged,
    Approved,
    Archived,
    Assigned,
    BulletinIssued,
    BulletinKind,
    BulletinLevel,
    Cancelled,
    DeadlineRevised,
    Drafted,
    Evaluated,
    Event,
    ExtensionDecided,
    ExtensionRequested,
    FeedbackSubmitted,
    InspectionPlanned,
    ItemEvent,
    Outcome,
    ProgressReported,
    RectificationReported,
    Registered,
    ReportedToLeader,
    Returned,
    ReturnKind,
    Satisfaction,
    Urged,
)

# -- single events ------------------------------------------------------------------------------

# Ids as the events store them: NFC, trimmed, visible (duban_core._text.clean_name).
# Drawn from visible categories, so almost nothing is filtered out (a filter on arbitrary
# text rejects most draws and starves the stream strategies).
_IDS = st.from_regex(r"\A[0-9]{4}-[0-9]{3}\Z") | st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12
).map(lambda s: unicodedata.normalize("NFC", s).strip()).filter(
    lambda s: 0 < len(s) <= 200 and s.isprintable()
)
_percents = st.floats(0, 100, allow_nan=False)
_money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


def _common(item: bool = True) -> dict[str, SearchStrategy[Any]]:
    base: dict[str, SearchStrategy[Any]] = {"at": aware_datetimes(), "by": actors()}
    if item:
        base["item_id"] = _IDS
    return base


_EVENT_FIELDS: dict[type[Any], dict[str, SearchStrategy[Any]]] = {
    Drafted: {
        "title": _text(),
        "category": st.sampled_from(tuple(Category)),
        "lead_unit": st.just(UNITS[0]),
        "co_units": st.lists(st.sampled_from(UNITS[1:]), unique=True, max_size=3).map(tuple),
        "urgent": st.booleans(),
        "stipulated_due": st.none() | dates(),
        "project": st.booleans(),
        "source": st.none() | _text(),
        # Mostly a leader (ranked or not, S4-20(三)); sometimes anyone, which the ledger refuses.
        "instructed_by": st.none() | actors(Role.LEADER) | actors(),
    },
    Registered: {},
    Assigned: {"received_on": dates(), "due": st.none() | dates()},
    Acknowledged: {"handler": st.sampled_from(_PEOPLE)},
    Urged: {"method": _text()},
    ProgressReported: {
        "summary": _text(),
        "percent_complete": st.none() | _percents,
        "investment_done": st.none() | _money,
        "work_done": st.none() | _text(),
    },
    FeedbackSubmitted: {
        "summary": _text(),
        "percent_complete": st.none() | _percents,
        "investment_done": st.none() | _money,
        "work_done": st.none() | _text(),
        "signed_by": actors(Role.UNIT_HEAD),
    },
    Approved: {},
    Returned: {"kind": st.sampled_from(tuple(ReturnKind)), "reason": _text(), "due": st.none() | dates()},
    ReportedToLeader: {"summary": _text(), "leader": st.none() | units(), "special_report": st.booleans()},
    ExtensionRequested: {"new_due": dates(), "reason": _text()},
    ExtensionDecided: {"granted": st.booleans()},
    Evaluated: {
        "satisfaction": st.sampled_from(tuple(Satisfaction)),
        "outcome": st.sampled_from(tuple(Outcome)),
    },
    Archived: {},
    Cancelled: {"reason": _text()},
    DeadlineRevised: {"due": dates(), "reason": _text()},
    BulletinIssued: {
        "bulletin_id": _IDS,
        "kind": st.sampled_from(tuple(BulletinKind)),
        "level": st.sampled_from(tuple(BulletinLevel)),
        "units": st.lists(units(), unique=True, min_size=1, max_size=3).map(tuple),
        "item_ids": st.lists(_IDS, unique=True, max_size=3).map(tuple),
        "reason": _text(),
    },
    RectificationReported: {"bulletin_id": _IDS, "unit": units()},
    InspectionPlanned: {
        "inspection_id": _IDS,
        "organiser": units(),
        "topic": _text(),
        "units": st.lists(units(), unique=True, min_size=1, max_size=3).map(tuple),
        "start": dates(FIRST_DAY, date(2049, 12, 31)),
        "end": dates(date(2050, 1, 1), LAST_DAY),
        "item_ids": st.lists(_IDS, unique=True, max_size=3).map(tuple),
    },
}
_NOT_ITEM_EVENTS = (BulletinIssued, RectificationReported, InspectionPlanned)


def events(*types: type[Any]) -> SearchStrategy[Event]:
    """Schema-valid events of the given classes (all event types when none is given).

    They parse and round-trip through JSON, but a ledger may refuse them (an unknown item,
    a wrong state or actor): use :func:`event_streams` for events a ledger accepts.

    >>> from duban_core.events import Urged, parse
    >>> e = events(Urged).example()
    >>> parse(e.model_dump_json()) == e
    True
    """
    return _events(types)


@functools.cache
def _events(types: tuple[type[Any], ...]) -> SearchStrategy[Event]:
    chosen = types or tuple(_EVENT_FIELDS)
    strategies = []
    for cls in chosen:
        fields = {**_common(item=issubclass(cls, ItemEvent)), **_EVENT_FIELDS[cls]}
        if cls in _NOT_ITEM_EVENTS:
            fields.pop("item_id", None)
        strategies.append(st.builds(cls, **fields))
    return st.one_of(strategies)


# -- malformed input ----------------------------------------------------------------------------

_json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
_json = st.recursive(
    _json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
_weird_values = st.one_of(
    _json,
    st.sampled_from(
        [
            float("nan"),
            float("inf"),
            -float("inf"),
            10**400,
            -1,
            "",
            " ",
            "\x00",
            "\ud800",
            "2024-13-45",
            "2024-03-01T09:00:00",  # naive
            "9999-12-31T23:59:59-12:00",
            "0001-01-01T00:00:00+14:00",
            "1999-12-31",
            "2100-01-01",
            "NOT_A_MEMBER",
            [],
            {},
            True,
        ]
    ),
    st.datetimes(timezones=timezones() | st.none()).map(lambda d: d.isoformat()),
    st.dates().map(date.isoformat),
)


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid event's dict with fields dropped, added or given odd values, and finally one
    change that no event survives (a required field dropped, an unknown field, a field
    nested in an object, a naive time)."""
    data: dict[str, Any] = json.loads(draw(events()).model_dump_json())
    for _ in range(draw(st.integers(0, 2))):
        how = draw(st.sampled_from(["drop", "set", "add", "type"]))
        key = draw(st.sampled_from(sorted(data))) if data else "type"
        if how == "drop":
            data.pop(key, None)
        elif how == "set":
            data[key] = draw(_weird_values)
        elif how == "add":
            data[draw(st.text(min_size=1, max_size=10))] = draw(_json)
        else:
            data["type"] = draw(st.sampled_from([*sorted(_TYPE_NAMES), "drafted", "Event", "", "ItemEvent"]))
    how = draw(st.sampled_from(["drop", "extra", "nest", "naive"]))
    if how == "drop":
        data.pop(draw(st.sampled_from(["type", "at", "by"])), None)
    elif how == "extra":
        data["x_" + draw(st.text(max_size=8))] = draw(_json)
    elif how == "nest":
        key = draw(st.sampled_from(sorted(data))) if data else "type"
        data[key] = {"nested": data.get(key)}
    else:
        data["at"] = "2024-03-01T09:00:00"  # no offset
    return data


_TYPE_NAMES = frozenset(cls.__name__ for cls in _EVENT_FIELDS)


@st.composite
def _surely_malformed(draw: st.DrawFn) -> dict[str, Any] | str | bytes:
    """Input that is never a valid event (each case breaks a rule every event has)."""
    data: dict[str, Any] = json.loads(draw(events()).model_dump_json())
    how = draw(st.sampled_from(["drop", "naive", "type", "extra", "bytes", "cut", "list", "actor"]))
    if how == "drop":
        del data[draw(st.sampled_from(["type", "at", "by"]))]
    elif how == "naive":
        data["at"] = data["at"][:19]  # the time without its offset
    elif how == "type":
        data["type"] = draw(st.sampled_from(["drafted", "Event", "", "ItemEvent", "Unknown"]))
    elif how == "extra":
        data["unexpected_field"] = draw(_json)
    elif how == "bytes":
        return json.dumps(data).encode() + b"\xff"
    elif how == "cut":
        text = json.dumps(data)
        return text[: draw(st.integers(0, len(text) - 1))]
    elif how == "list":
        return json.dumps([data])
    else:
        data["by"] = {"name": "", "role": draw(st.sampled_from(["OFFICE", "NOBODY"]))}
    form = draw(st.sampled_from(["dict", "str", "bytes"]))
    if form == "str":
        return json.dumps(data, ensure_ascii=False)
    if form == "bytes":
        return json.dumps(data).encode()
    return data


_SURELY_MALFORMED = _surely_malformed()


@functools.cache
def malformed_events() -> SearchStrategy[dict[str, Any] | str | bytes]:
    """Input that is never a valid event: mutated event dicts (each with at least one
    change no event survives), the same as JSON text and bytes, arbitrary JSON values,
    garbage bytes (invalid UTF-8, truncated JSON), deeply nested JSON. ``events.parse`` and
    ``Ledger.apply`` must refuse it with a ``DubanError`` or a pydantic ``ValidationError``
    — nothing else.

    >>> from pydantic import ValidationError
    >>> from duban_core import DubanError
    >>> from duban_core.events import parse
    >>> try:
    ...     parse(malformed_events().example())
    ... except (ValidationError, DubanError):
    ...     print("refused")
    refused
    """
    mutated = _mutated()
    return st.one_of(
        mutated,
        mutated.map(lambda d: json.dumps(d, ensure_ascii=False, default=str)),
        mutated.map(lambda d: json.dumps(d, default=str).encode()),
        _json.map(lambda v: json.dumps(v)),
        st.binary(max_size=200),
        events().map(lambda e: e.model_dump_json()[: len(e.model_dump_json()) // 2]),
        events().map(lambda e: e.model_dump_json().encode("utf-8") + b"\xff"),
        st.integers(1, 5000).map(lambda n: "[" * n + "]" * n),
        st.integers(1, 5000).map(lambda n: '{"a":' * n + "1" + "}" * n),
        st.sampled_from(["", "null", "[]", "{}", "1", '"Drafted"', '{"type": null}']),
    )
