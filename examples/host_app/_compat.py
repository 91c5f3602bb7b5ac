"""TEMPORARY stand-ins for library API that is specified (shared contract, issues #8, #11, #13,
#16) but not yet on main. DELETE this file once main has the real names, and import them
from ``duban_core`` instead; nothing else in the example may reach into the library's
internals. Every function here is named and shaped like the contract's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from duban_core import Actor, Alert, DubanError, Ledger, Role
from duban_core import events as ev

__all__ = [
    "Action",
    "FormError",
    "alert_for",
    "allowed",
    "as_of",
    "clamp",
    "form_schema",
    "from_form",
    "jsonable",
    "last_at_of",
    "stream_of",
    "version_of",
]


class FormError(DubanError):
    """Stand-in for ``duban_core.FormError``."""

    default_code = "form.invalid"

    def __init__(
        self,
        message: str,
        *,
        errors: tuple[dict[str, Any], ...] = (),
        fields: tuple[str, ...] = (),
        code: str | None = None,
        clause: str | None = None,
        en: str | None = None,
    ) -> None:
        super().__init__(message, code=code, clause=clause, en=en)
        self.errors = errors
        self.fields = fields

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "errors": [dict(e) for e in self.errors], "fields": list(self.fields)}


_SERVER_FIELDS = ("type", "schema_version", "at", "by", "due")


def form_schema(event_type: str) -> dict[str, Any]:
    """Stand-in for ``duban_core.events.form_schema``."""
    cls = _event_class(event_type)
    schema = cls.model_json_schema()
    for name in _SERVER_FIELDS:
        schema.get("properties", {}).pop(name, None)
        if name in schema.get("required", ()):
            schema["required"].remove(name)
    return schema


def from_form(event_type: str, data: Mapping[str, Any], *, by: Actor, at: datetime) -> ev.Event:
    """Stand-in for ``duban_core.events.from_form``."""
    cls = _event_class(event_type)
    server = tuple(sorted(set(data) & set(_SERVER_FIELDS)))
    if server:
        raise FormError(
            f"表单不得填写由系统确定的字段：{'、'.join(server)}", code="form.server_field", fields=server
        )
    try:
        return ev.parse({**data, "type": cls.__name__, "by": by, "at": at})
    except ValidationError as exc:
        errors = tuple(
            {
                "loc": tuple(p for p in e["loc"] if p not in ev.EVENT_TYPES),
                "message": e["msg"],
                "en": e["msg"],
            }
            for e in exc.errors()
        )
        raise FormError("表单填写有误", errors=errors) from None


def _event_class(event_type: str) -> type[BaseModel]:
    cls = ev.EVENT_TYPES.get(event_type)
    if cls is None:
        raise FormError(f"未知的事件类型：{event_type}", code="form.unknown_event")
    return cls


def jsonable(obj: Any) -> Any:
    """Stand-in for ``duban_core.jsonable``."""
    if isinstance(obj, BaseModel):
        return obj.model_dump(mode="json")
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if hasattr(obj, "_asdict"):
        return {k: jsonable(v) for k, v in obj._asdict().items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    return obj


def stream_of(event: ev.Event) -> str:
    """Stand-in for ``duban_core.events.stream_of``."""
    for field, prefix in (("item_id", "item"), ("bulletin_id", "bulletin"), ("inspection_id", "inspection")):
        value = getattr(event, field, None)
        if isinstance(value, str):
            return f"{prefix}:{value}"
    raise AssertionError(event)  # pragma: no cover


def version_of(ledger: Ledger, stream: str) -> int:
    """Stand-in for ``Ledger.version_of``."""
    kind, _, key = stream.partition(":")
    if kind == "item":
        item = ledger.items.get(key)
        return 0 if item is None else item.version
    if kind == "bulletin":
        bulletin = ledger.bulletins.get(key)
        return 0 if bulletin is None else len(bulletin.history)
    return 1 if key in ledger.inspections else 0


class Action(NamedTuple):
    """Stand-in for ``duban_core.Action``."""

    event: str
    label: str


def _samples(ledger: Ledger, item_id: str, actor: Actor, at: datetime) -> list[dict[str, Any]]:
    item = ledger.items[item_id]
    due = item.deadline.due if item.deadline else at.date()
    head = Actor(name="负责人", role=Role.UNIT_HEAD, unit=item.lead_unit)
    report = {"summary": "进展", "percent_complete": 100, "investment_done": "0"}
    return [
        {"type": "Registered"},
        {"type": "Assigned", "received_on": (at + timedelta(hours=8)).date().isoformat()},
        {"type": "Acknowledged", "handler": actor.name},
        {"type": "Urged", "method": "电话催办"},
        {"type": "ProgressReported", **report},
        {"type": "FeedbackSubmitted", **report, "signed_by": head.model_dump(mode="json")},
        {"type": "Approved"},
        {"type": "Returned", "kind": "LEADER_FOLLOW_UP", "reason": "再督查"},
        {"type": "ExtensionRequested", "new_due": (due + timedelta(days=30)).isoformat(), "reason": "延期"},
        {"type": "ExtensionDecided", "granted": True},
        {"type": "Evaluated", "satisfaction": "SATISFIED", "outcome": "SOLVED"},
        {"type": "Archived"},
        {"type": "Cancelled", "reason": "撤销"},
    ]


def allowed(ledger: Ledger, item_id: str, actor: Actor, at: datetime) -> tuple[Action, ...]:
    """Stand-in for ``Ledger.allowed`` (#8): tries one sample of each event on a copy."""
    out = []
    for sample in _samples(ledger, item_id, actor, at):
        try:
            event = ev.parse({**sample, "item_id": item_id, "by": actor.model_dump(mode="json"), "at": at})
            ledger.copy().apply(event)
        except (DubanError, ValidationError):
            continue
        out.append(Action(event.type, event.label))
    return tuple(out)


def alert_for(ledger: Ledger, item_id: str, on: date) -> Alert | None:
    """Stand-in for ``duban_core.oversight.alert_for``."""
    return next((a for a in ledger.alerts(on) if a.item_id == item_id), None)


def as_of(ledger: Ledger, day: date) -> Ledger:
    """Stand-in for ``Ledger.as_of`` (#13)."""
    return Ledger.replay([e for e in ledger.events if e.day <= day], ledger.rules)


def last_at_of(ledger: Ledger, stream: str) -> datetime | None:
    """Stand-in for ``Ledger.last_at_of``."""
    kind, _, key = stream.partition(":")
    if kind == "item":
        item = ledger.items.get(key)
        return None if item is None else item.history[-1].at
    if kind == "bulletin":
        bulletin = ledger.bulletins.get(key)
        return None if bulletin is None else bulletin.last_at
    inspection = ledger.inspections.get(key)
    return None if inspection is None else inspection.at


def clamp(at: datetime, last_at: datetime | None, tolerance: timedelta = timedelta(seconds=5)) -> datetime:
    """Stand-in for ``duban_core.clock.clamp``."""
    if last_at is not None and last_at - tolerance <= at < last_at:
        return last_at
    return at
