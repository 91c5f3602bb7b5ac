"""Events: small immutable facts, the record from which every ledger is folded.

Every event is a frozen pydantic model whose ``type`` field (the class name) tells
:func:`parse` which class to build, so a stored log of JSON lines reads back exactly::

    >>> from datetime import datetime
    >>> from duban_core import Actor, Role
    >>> from duban_core.clock import CST
    >>> office = Actor(name="李明", role=Role.OFFICE)
    >>> e = Registered(item_id="2024-001", at=datetime(2024, 3, 1, 9, tzinfo=CST), by=office)
    >>> parse(e.model_dump_json()) == e
    True

Item events carry ``item_id``, ``at`` (timezone-aware; its day is taken in China Standard
Time) and ``by``. ``schema_version`` lets stored logs evolve: :func:`parse` upgrades an
older version through :data:`UPCASTERS` before validating.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Final, Literal, TypeAlias, TypeVar

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._enums import LabelledEnum, labelled
from ._text import Name
from .actors import Actor
from .calendar import FIRST_DAY, LAST_DAY
from .categories import Category
from .clock import CST, cst_day
from .errors import DubanError

_PydanticTz = type(TypeAdapter(AwareDatetime).validate_json('"2000-01-01T00:00:00+08:00"').tzinfo)

__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "UPCASTERS",
    "Acknowledged",
    "Approved",
    "Archived",
    "Assigned",
    "BulletinEvent",
    "BulletinIssued",
    "BulletinKind",
    "BulletinLevel",
    "Cancelled",
    "DeadlineRevised",
    "Drafted",
    "Evaluated",
    "Event",
    "ExtensionDecided",
    "ExtensionRequested",
    "FeedbackSubmitted",
    "InspectionPlanned",
    "ItemEvent",
    "Outcome",
    "ProgressReported",
    "RectificationReported",
    "Registered",
    "ReportedToLeader",
    "ReturnKind",
    "Returned",
    "Satisfaction",
    "Urged",
    "compact",
    "dumps",
    "form_schema",
    "from_form",
    "parse",
    "stream_of",
]

#: The version of the event schema this release writes.
SCHEMA_VERSION: Final = 1

_Text = Annotated[str, Field(min_length=1, max_length=2000)]
# Ids and unit names decide identity: NFC, trimmed, no invisible characters (see _text).
_Id = Name
_Unit = Name


class ReturnKind(LabelledEnum):
    """How a report is sent back (S0-3.4, S0-3.5, S4-7)."""

    SUPPLEMENT = "SUPPLEMENT"
    REDO = "REDO"
    LEADER_FOLLOW_UP = "LEADER_FOLLOW_UP"


class Satisfaction(LabelledEnum):
    """A deputy's or member's evaluation of the reply (S2-2.1 满意率)."""

    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    UNSATISFIED = "UNSATISFIED"


class Outcome(LabelledEnum):
    """What the reply to a suggestion did (S2-2.1)."""

    SOLVED = "SOLVED"
    PLANNED = "PLANNED"
    EXPLAINED = "EXPLAINED"


class BulletinKind(LabelledEnum):
    """通报表扬 or 通报批评 (S0-6.3, S1-2.6)."""

    PRAISE = "PRAISE"
    CRITICISM = "CRITICISM"


class BulletinLevel(LabelledEnum):
    """Who issues the bulletin: the office, or — in serious cases — the government (S1-2.6)."""

    OFFICE = "OFFICE"
    GOVERNMENT = "GOVERNMENT"


labelled(
    ReturnKind,
    {
        ReturnKind.SUPPLEMENT: "补办",
        ReturnKind.REDO: "重新办理",
        ReturnKind.LEADER_FOLLOW_UP: "领导批示再督查",
    },
)
labelled(
    Satisfaction,
    {
        Satisfaction.SATISFIED: "满意",
        Satisfaction.BASICALLY_SATISFIED: "基本满意",
        Satisfaction.UNSATISFIED: "不满意",
    },
)
labelled(
    Outcome,
    {
        Outcome.SOLVED: "已解决",
        Outcome.PLANNED: "列入计划逐步解决",
        Outcome.EXPLAINED: "说明原因",
    },
)
labelled(
    BulletinKind,
    {
        BulletinKind.PRAISE: "通报表扬",
        BulletinKind.CRITICISM: "通报批评",
    },
)
labelled(
    BulletinLevel,
    {
        BulletinLevel.OFFICE: "政府办公室（督查室）通报",
        BulletinLevel.GOVERNMENT: "以政府名义通报",
    },
)


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    #: The event's name in Chinese (拟办, 立项, …).
    label: ClassVar[str] = ""

    #: The class name; :func:`parse` uses it to pick the class.
    type: str
    schema_version: Literal[1] = SCHEMA_VERSION
    at: AwareDatetime
    by: Actor

    @field_validator("at")
    @classmethod
    def _fixed_offset(cls, at: datetime) -> datetime:
        # A zone with daylight saving time (zoneinfo) is replaced by its fixed UTC offset at
        # that instant. Python compares two times of the *same* tzinfo by wall clock,
        # ignoring ``fold``: across a fall-back hour a later instant can compare as earlier,
        # so the ledger's "not earlier than the previous event" check would depend on the
        # zone object and a stored (offset-only) log would replay differently.
        tz = at.tzinfo
        offset = at.utcoffset()
        if type(tz) is _PydanticTz and offset == _CST_OFFSET:
            # What a stored log holds (+08:00): one shared tzinfo for every such time (an
            # equal instant, the same JSON; see compact), and its day without a conversion.
            at = at.replace(tzinfo=CST, fold=0)
            day = at.date()
            if not FIRST_DAY <= day <= LAST_DAY:
                raise _out_of_range(at)
            return at
        if type(tz) is not timezone and type(tz) is not _PydanticTz:
            at = at.replace(tzinfo=timezone(offset), fold=0)  # type: ignore[arg-type]
        if offset % _MINUTE:  # type: ignore[operator]
            # JSON (ISO 8601) offsets have whole minutes: an offset with seconds would be
            # stored as another instant. The same instant in China Standard Time stores exactly.
            at = at.astimezone(CST)
        try:
            cst = cst_day(at)
        except OverflowError:  # year 1 or 9999: no day in China Standard Time
            raise _out_of_range(at) from None
        if not FIRST_DAY <= cst <= LAST_DAY:
            raise _out_of_range(at)
        return at

    @property
    def day(self) -> date:
        """The day of the event in China Standard Time."""
        return cst_day(self.at)


def _out_of_range(at: datetime) -> PydanticCustomError:
    # A time the calendar cannot count with would be accepted and then lock the item
    # (nothing may come after it) or break every view of the ledger.
    return PydanticCustomError(
        "at_out_of_range",
        "事件时间 {at} 超出支持范围：其北京时间日期须在 {first} 至 {last} 之间"
        "（the event's day in China Standard Time must lie within the calendar range）",
        {"at": at.isoformat(), "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
    )


class ItemEvent(_Event):
    """An event about one supervision item."""

    item_id: _Id


class Drafted(ItemEvent):
    """拟办: the office proposes an item (S2-1.6, S4-7); it starts in ``DRAFTED``."""

    label: ClassVar[str] = "拟办"
    type: Literal["Drafted"] = "Drafted"
    title: _Text
    category: Category
    lead_unit: _Unit
    co_units: tuple[_Unit, ...] = ()
    urgent: bool = False
    stipulated_due: date | None = None
    #: 责任领导: the leader responsible for the item (S4-22 台账: 责任单位、责任领导、责任人、完成时限).
    responsible_leader: _Text | None = None
    parent_id: _Id | None = None
    project: bool = False
    source: _Text | None = None
    #: 批示领导: the leader whose own 批示 or 交办 the item carries out (S4-6.4), a LEADER
    #: with a recorded ``rank``; where that leader is a 主要领导, a rule set that follows the
    #: 大安区委 rules has only a 主要领导 decide its extensions (S4-20(三),
    #: :attr:`~duban_core.ruleset.RuleSet.principal_extensions`).
    #: The ledger refuses a non-leader or a leader without a rank here
    #: (:func:`~duban_core.machine.check_instructing_leader`). Left out of the JSON when
    #: unset, so logs written before it read and write as before.
    instructed_by: Actor | None = Field(default=None, exclude_if=lambda value: value is None)

    @model_validator(mode="after")
    def _units_distinct(self) -> Drafted:
        if self.lead_unit in self.co_units:
            raise PydanticCustomError(
                "lead_unit_is_co_unit",
                "the lead unit {unit!r} cannot also be a co-unit (协办单位)",
                {"unit": self.lead_unit},
            )
        if len(set(self.co_units)) != len(self.co_units):
            raise PydanticCustomError("duplicate_entry", "lists the same entry twice")
        if self.parent_id == self.item_id:
            raise PydanticCustomError("own_parent", "an item cannot be its own parent (S4-17 分解立项)")
        return self


class Registered(ItemEvent):
    """立项: the item is registered (S4-7 立项下达)."""

    label: ClassVar[str] = "立项"
    type: Literal["Registered"] = "Registered"


class Assigned(ItemEvent):
    """交办: the item is assigned; its deadline runs from ``received_on`` (S0-4).

    ``due`` is filled in by the ledger with the deadline it computed, so the log records the
    decision and a replay under a newer calendar never moves it silently. A host may also
    give it (a deadline decided elsewhere); see :meth:`Ledger.deadline_revisions`.
    """

    label: ClassVar[str] = "交办"
    type: Literal["Assigned"] = "Assigned"
    received_on: date
    due: date | None = None


class Acknowledged(ItemEvent):
    """签收: the lead unit accepts the item and names who handles it (S0-3.2 明确办理人员)."""

    label: ClassVar[str] = "签收"
    type: Literal["Acknowledged"] = "Acknowledged"
    handler: _Text


class Urged(ItemEvent):
    """催办: the office chases the unit (S0-3.3, S0-5.1: 督办通知书、电话催办)."""

    label: ClassVar[str] = "催办"
    type: Literal["Urged"] = "Urged"
    method: _Text


class _Report(ItemEvent):
    """What a unit's report states (S1-2.4): a summary and, for project items (项目类),
    the percentage complete, the investment made (万元) and the work done."""

    summary: _Text
    percent_complete: float | None = Field(default=None, ge=0, le=100)
    investment_done: Decimal | None = Field(default=None, ge=0, max_digits=20, decimal_places=4)
    work_done: _Text | None = None


class ProgressReported(_Report):
    """进展: the lead unit or a co-unit reports progress (S0-4.2, S4-20(一))."""

    label: ClassVar[str] = "报送进展"
    type: Literal["ProgressReported"] = "ProgressReported"


class FeedbackSubmitted(_Report):
    """反馈: the lead unit's written report, signed by its head (S0-3.4, S4-20(一))."""

    label: ClassVar[str] = "结果反馈"
    type: Literal["FeedbackSubmitted"] = "FeedbackSubmitted"
    signed_by: Actor


class Approved(ItemEvent):
    """审核办结: the office finds the report matches the item; the item is closed (S0-3.4)."""

    label: ClassVar[str] = "审核办结"
    type: Literal["Approved"] = "Approved"


class Returned(ItemEvent):
    """退回: the report is sent back for rework, with a new deadline (S0-3.4, S0-3.5, S4-7):
    补办 or 重新办理 by the office while the report awaits review; 领导批示再督查 (S0-3.5)
    by the office or a leader then, or by a leader's 批示 on an item already approved and
    not yet archived — the item reopens for 再督查、再落实.

    ``due`` is filled in by the ledger with the rework deadline it computed.
    """

    label: ClassVar[str] = "退回重办"
    type: Literal["Returned"] = "Returned"
    kind: ReturnKind
    reason: _Text
    due: date | None = None


class ReportedToLeader(ItemEvent):
    """上报: after approving the report, the office reports the result to the leader
    (审查相符的，及时向上级有关部门上报或向区政府有关领导汇报, S0-3.4), as a 《督查专报》 when
    ``special_report`` is set (S4-14(13) 编报《督查专报》). A leader's 批示 on it sends the
    item back for 领导批示再督查 (S0-3.5, :class:`Returned`)."""

    label: ClassVar[str] = "上报领导"
    type: Literal["ReportedToLeader"] = "ReportedToLeader"
    summary: _Text
    #: The leader reported to, by name or office (e.g. ``区长``), if recorded.
    leader: _Unit | None = None
    #: Reported as a 《督查专报》 (S4-14(13)) rather than an ordinary 汇报.
    special_report: bool = False


class ExtensionRequested(ItemEvent):
    """申请延期: filed in writing, with reasons, on or before the due day (S0-4.6, S4-20(二))."""

    label: ClassVar[str] = "申请延期"
    type: Literal["ExtensionRequested"] = "ExtensionRequested"
    new_due: date
    reason: _Text


class ExtensionDecided(ItemEvent):
    """延期审批: the responsible leader grants or refuses a pending request (S0-4.6, S0-6.2)."""

    label: ClassVar[str] = "延期审批"
    type: Literal["ExtensionDecided"] = "ExtensionDecided"
    granted: bool


class Evaluated(ItemEvent):
    """满意度测评: the deputy's or member's evaluation of the reply (S2-2.1)."""

    label: ClassVar[str] = "满意度测评"
    type: Literal["Evaluated"] = "Evaluated"
    satisfaction: Satisfaction
    outcome: Outcome


class Archived(ItemEvent):
    """归档: the closed item's file is archived (S2-1.6, S3-2.3, S4-7 立卷归档)."""

    label: ClassVar[str] = "归档"
    type: Literal["Archived"] = "Archived"


class Cancelled(ItemEvent):
    """撤销: the item is withdrawn before it closes."""

    label: ClassVar[str] = "撤销"
    type: Literal["Cancelled"] = "Cancelled"
    reason: _Text


class DeadlineRevised(ItemEvent):
    """期限调整: the office records a new due day after a newer holiday schedule (or a
    correction) changed what the rules give. Deadlines never move without one."""

    label: ClassVar[str] = "期限调整"
    type: Literal["DeadlineRevised"] = "DeadlineRevised"
    due: date
    reason: _Text


class BulletinEvent(_Event):
    """An event about one bulletin (督查通报)."""

    bulletin_id: _Id


class BulletinIssued(BulletinEvent):
    """通报: praise or criticism of units (S0-3.6, S0-6.3, S1-2.6, S4-26)."""

    label: ClassVar[str] = "通报"
    type: Literal["BulletinIssued"] = "BulletinIssued"
    kind: BulletinKind
    level: BulletinLevel = BulletinLevel.OFFICE
    units: tuple[_Unit, ...] = Field(min_length=1)
    item_ids: tuple[_Id, ...] = ()
    reason: _Text

    @field_validator("units", "item_ids")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise PydanticCustomError("duplicate_entry", "lists the same entry twice")
        return value


class RectificationReported(BulletinEvent):
    """整改报告: a criticised unit's written rectification report (S1-2.6, within one week)."""

    label: ClassVar[str] = "整改报告"
    type: Literal["RectificationReported"] = "RectificationReported"
    unit: _Unit


class InspectionPlanned(_Event):
    """督查活动申报: a planned inspection of units, filed with the office so that activities
    can be coordinated (S4-16 统筹; S1-2.1 尽量减少督查次数, 避免多头督查、重复督查)."""

    label: ClassVar[str] = "督查活动申报"
    type: Literal["InspectionPlanned"] = "InspectionPlanned"
    inspection_id: _Id
    organiser: _Unit
    topic: _Text
    units: tuple[_Unit, ...] = Field(min_length=1)
    start: date
    end: date
    item_ids: tuple[_Id, ...] = ()

    @model_validator(mode="after")
    def _dates_in_order(self) -> InspectionPlanned:
        if self.end < self.start:
            raise PydanticCustomError(
                "ends_before_start",
                "the inspection ends ({end}) before it starts ({start})",
                {"end": self.end.isoformat(), "start": self.start.isoformat()},
            )
        if len(set(self.units)) != len(self.units):
            raise PydanticCustomError("duplicate_entry", "lists the same entry twice")
        return self


Event: TypeAlias = Annotated[
    Drafted
    | Registered
    | Assigned
    | Acknowledged
    | Urged
    | ProgressReported
    | FeedbackSubmitted
    | Approved
    | Returned
    | ReportedToLeader
    | ExtensionRequested
    | ExtensionDecided
    | Evaluated
    | Archived
    | Cancelled
    | DeadlineRevised
    | BulletinIssued
    | RectificationReported
    | InspectionPlanned,
    Field(discriminator="type"),
]
"""Any event; pydantic picks the class from ``type``."""

EVENT_TYPES: dict[str, type[_Event]] = {
    cls.__name__: cls
    for cls in (
        Drafted,
        Registered,
        Assigned,
        Acknowledged,
        Urged,
        ProgressReported,
        FeedbackSubmitted,
        Approved,
        Returned,
        ReportedToLeader,
        ExtensionRequested,
        ExtensionDecided,
        Evaluated,
        Archived,
        Cancelled,
        DeadlineRevised,
        BulletinIssued,
        RectificationReported,
        InspectionPlanned,
    )
}

_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event, config=ConfigDict(title="Event"))
# pydantic-core's validator itself: TypeAdapter.validate_json is a Python method around it,
# one more call per event of a replay from storage.
_validate_json = _ADAPTER.validator.validate_json

#: Upgrades of stored events: ``UPCASTERS[(type, version)]`` turns the dict of an event
#: written with schema ``version`` into the dict of ``version + 1``. Empty while the schema
#: is at version 1; a release that changes an event adds its step here, so old logs still
#: parse.
UPCASTERS: dict[tuple[str, int], Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _upcast(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        return data  # let validation report it
    if version > SCHEMA_VERSION:
        raise DubanError(
            f"事件的模式版本 {version} 高于本版本能读取的 {SCHEMA_VERSION}：请升级 duban_core 后再读取",
            code="event.schema_too_new",
            en=f"event schema_version {version} is newer than this release understands "
            f"({SCHEMA_VERSION}); upgrade duban_core to read it",
        )
    while version < SCHEMA_VERSION:
        step = UPCASTERS.get((str(data.get("type")), version))
        if step is None:
            raise DubanError(
                f"无法把模式版本 {version} 的 {data.get('type')!r} 事件升级：没有登记对应的升级函数（UPCASTERS）",
                code="event.no_upcaster",
                en=f"no upcaster for {data.get('type')!r} from schema_version {version}",
            )
        try:
            upgraded = step(data)
        except (DubanError, ValidationError):
            raise
        except Exception as exc:
            # An upcaster is the host's code reading untrusted stored data: whatever it trips
            # on (a missing key, a wrong type) is a refusal of that data, not a crash.
            raise DubanError(
                f"旧版本事件无法升级：{data.get('type')!r} 从 schema_version {version} 升级时出错"
                f"（{type(exc).__name__}: {exc}）",
                code="event.upcast_failed",
                en=f"upcasting {data.get('type')!r} from schema_version {version} failed: "
                f"{type(exc).__name__}: {exc}",
            ) from exc
        if not isinstance(upgraded, dict):
            raise DubanError(
                f"旧版本事件无法升级：{data.get('type')!r} 的升级函数未返回字典",
                code="event.upcast_failed",
                en=f"the upcaster of {data.get('type')!r} from schema_version {version} returned "
                f"{type(upgraded).__name__}, not a dict",
            )
        data = {**upgraded, "schema_version": version + 1}
        version += 1
    return data


# -- compact storage --------------------------------------------------------------------------
#
# A province keeps millions of events in memory. Two pieces of pydantic bookkeeping dominate
# their size: each instance's own ``__pydantic_fields_set__`` (hundreds of bytes, though it
# is nearly always "every field"), and a fresh ``Actor`` per event although a district has a
# few hundred people. ``compact`` shares both. It changes no value: pydantic's equality and
# serialisation ignore which set object is used, and an interned actor equals the original.

_ACTORS: dict[tuple[str, str, str | None, str | None], Actor] = {}
_CST_OFFSET = timedelta(hours=8)
_MINUTE = timedelta(minutes=1)
_ACTOR_LIMIT = 16_384  # ~2 KB each at most: ~32 MB; a province has tens of thousands of staff
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def _intern_actor(actor: Actor) -> Actor:
    d = actor.__dict__
    key = (d["name"], d["role"], d["unit"], d["rank"])
    shared = _ACTORS.get(key)
    if shared is None:
        if len(_ACTORS) >= _ACTOR_LIMIT:
            _ACTORS.clear()
        _share_fields_set(actor)
        shared = _ACTORS[key] = actor
    return shared


def _share_fields_set(model: BaseModel) -> None:
    cls = type(model)
    everything = _ALL_FIELDS.get(cls)
    if everything is None:
        everything = _ALL_FIELDS[cls] = set(cls.model_fields)
    if model.__pydantic_fields_set__ == everything:
        object.__setattr__(model, "__pydantic_fields_set__", everything)


_E = TypeVar("_E", bound=_Event)


def compact(event: _E) -> _E:
    """Share ``event``'s actors and field bookkeeping with equal events, in place, and return
    it. Values, equality and JSON are unchanged; memory per stored event drops by about
    half. :func:`parse` does this to every event it builds; hosts that build events in bulk
    (e.g. with ``model_construct``) can call it too."""
    d = event.__dict__
    at = d["at"]
    # pydantic gives every parsed time its own tzinfo object; +08:00 ones can share ours
    # (an equal instant, the same JSON). Validation already did it for parsed events.
    if at.tzinfo is not CST and at.utcoffset() == _CST_OFFSET:
        d["at"] = at.replace(tzinfo=CST)
    by = d["by"]
    a = by.__dict__
    shared = _ACTORS.get((a["name"], a["role"], a["unit"], a["rank"]))  # _intern_actor's hit
    d["by"] = _intern_actor(by) if shared is None else shared
    signer = d.get("signed_by")
    if signer is not None:
        d["signed_by"] = _intern_actor(signer)
    # _share_fields_set's common case inlined: this runs for every event parsed.
    everything = _ALL_FIELDS.get(type(event))
    if everything is None or event.__pydantic_fields_set__ != everything:
        _share_fields_set(event)
    else:
        object.__setattr__(event, "__pydantic_fields_set__", everything)
    return event


def parse(obj: dict[str, Any] | str | bytes | Event) -> Event:
    """The event described by ``obj``: a dict, a JSON text or JSON bytes (an event
    instance is returned as it is).

    Raises pydantic's ``ValidationError`` for a malformed event (invalid JSON, unknown
    ``type``, a naive time, a bad field) and :class:`~duban_core.errors.DubanError` for
    input that is not an event at all or comes from a newer schema.
    """
    if type(obj) is bytes or type(obj) is str:  # a stored log's line: the common case first
        try:
            event: Event = _validate_json(obj)
            return compact(event)
        except ValidationError:
            pass  # an older schema, perhaps: the general path below tells
        except RecursionError:
            pass
    if isinstance(obj, _Event):
        return obj
    try:
        if isinstance(obj, (str, bytes, bytearray)):
            try:
                return compact(_ADAPTER.validate_json(obj))
            except ValidationError:
                data = _old_schema(obj)
                if data is None:
                    raise
                return compact(_ADAPTER.validate_python(_upcast(data)))
        if isinstance(obj, dict):
            if obj.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
                obj = _upcast(obj)
            return compact(_ADAPTER.validate_python(obj))
    except RecursionError:
        raise DubanError(
            "数据嵌套过深，不是事件", code="event.too_deep", en="event nested too deeply to be an event"
        ) from None
    raise DubanError(
        f"无法从 {type(obj).__name__} 读取事件：请提供字典、JSON 文本或 JSON 字节串",
        code="event.not_parsable",
        en=f"cannot parse an event from {type(obj).__name__}; give a dict, str or bytes",
    )


def _old_schema(text: str | bytes | bytearray) -> dict[str, Any] | None:
    """The decoded event when it is a JSON object of another schema version, else ``None``."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return None
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        return data
    return None


def dumps(event: Event) -> str:
    """The event as one line of JSON (what :func:`parse` reads back)."""
    return event.model_dump_json()


# -- the host boundary ---------------------------------------------------------------------------


def stream_of(event: Event) -> str:
    """The stream ``event`` belongs to, for optimistic concurrency and a host's
    ``UNIQUE(stream, version)`` constraint: ``"item:<item_id>"``, ``"bulletin:<bulletin_id>"``
    or ``"inspection:<inspection_id>"`` (prefixed, so ids of different kinds never collide).

    >>> from datetime import datetime
    >>> from duban_core import Actor, Role
    >>> from duban_core.clock import CST
    >>> stream_of(Registered(item_id="2024-001", at=datetime(2024, 3, 1, tzinfo=CST),
    ...                      by=Actor(name="李明", role=Role.OFFICE)))
    'item:2024-001'
    """
    if isinstance(event, ItemEvent):
        return f"item:{event.item_id}"
    if isinstance(event, BulletinEvent):
        return f"bulletin:{event.bulletin_id}"
    inspection_id = getattr(event, "inspection_id", None)
    if isinstance(inspection_id, str):
        return f"inspection:{inspection_id}"
    raise DubanError(
        f"{type(event).__name__} 不是事件，无法确定其所属的事件流",
        code="event.no_stream",
        en=f"{type(event).__name__} is not an event of any stream",
    )


def form_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of what a form may send for ``event_type``: content fields only,
    Chinese titles, enums shown by their Chinese labels. See :func:`duban_core.forms.form_schema`."""
    from .forms import form_schema as schema  # forms builds on the classes of this module

    return schema(event_type)


def from_form(event_type: str, data: Mapping[str, Any], *, by: Actor, at: datetime) -> Event:
    """The ``event_type`` event from a form's ``data``, with ``by`` and ``at`` stamped by
    the host; server fields in ``data`` are refused. See :func:`duban_core.forms.from_form`."""
    from .forms import from_form as build  # forms builds on the classes of this module

    return build(event_type, data, by=by, at=at)  # type: ignore[return-value]
