"""The host boundary: what a form may send, and the event a host builds from it.

A host (the 督查室's web platform, an OA system) takes a clerk's form and turns it into an
event. Some fields of an event are facts only the host knows and must never come from the
form: **who** acts (``by``, from the host's own session), **when** (``at``, from the host's
clock), the ``type`` and ``schema_version`` of the record, the version the clerk saw
(``expected_version``, an argument of :meth:`~duban_core.ledger.Ledger.apply`), and the due
day the ledger records on ``Assigned`` and ``Returned`` (the ledger computes it; S0-4).
Letting a form name them is how a backdated extension request or an approval "by" a
self-declared leader gets in.

* :func:`form_schema` — the JSON Schema of what a form may send for an event type: only the
  event's content fields, with Chinese titles; enum fields list their members as
  ``oneOf`` ``{"const": code, "title": 中文}``.
* :func:`from_form` — the event built from a form's data, stamped with ``by`` and ``at`` by
  the host. Data naming a server field is refused with :class:`FormError`; so are an unknown
  event type and invalid values, whose per-field messages are Chinese (:attr:`FormError.errors`).

Enums accept their code **or** their Chinese label on forms only (``"领导批示、交办"`` and
``"LEADER_INSTRUCTION"`` both give :attr:`Category.LEADER_INSTRUCTION`). Events themselves
stay strict: a stored log holds codes, and :func:`~duban_core.events.parse` round-trips it
exactly. An empty string for a field that has a default (an HTML form's empty input) means
the default.

Both are also reachable as ``duban_core.events.form_schema`` and ``events.from_form``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Final, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    computed_field,
    create_model,
    model_validator,
)
from pydantic.fields import FieldInfo

from .actors import Actor, LeaderRank, Role
from .clock import require_aware
from .errors import FormError
from .events import EVENT_TYPES, Assigned, Returned, _Event

__all__ = [
    "MESSAGES",
    "SERVER_FIELDS",
    "ActorForm",
    "FormError",
    "LeaderForm",
    "form_model",
    "form_schema",
    "from_form",
    "translate_errors",
]

#: Fields a form may never send: the host stamps them (``by``, ``at``), the library writes
#: them (``type``, ``schema_version``, the recorded ``due`` of ``Assigned``/``Returned``), or
#: they are arguments of ``Ledger.apply`` (``expected_version``).
SERVER_FIELDS: Final = frozenset({"type", "schema_version", "at", "by", "expected_version"})

# The due day an Assigned or Returned event records is the ledger's decision (S0-4), not
# the clerk's; DeadlineRevised.due, by contrast, is what the office decides and sends.
_RECORDED_DUE: Final = {Assigned.__name__, Returned.__name__}


# -- Chinese titles ------------------------------------------------------------------------------

#: The Chinese title of each content field, by field name.
_TITLES: Final[dict[str, str]] = {
    "item_id": "事项编号",
    "title": "督查事项名称",
    "category": "督查类别",
    "lead_unit": "主办（牵头）单位",
    "co_units": "协办单位",
    "urgent": "紧急事项",
    "stipulated_due": "规定办结时限",
    "responsible_leader": "责任领导",
    "instructed_by": "批示领导",
    "parent_id": "上级事项编号（分解立项）",
    "project": "项目类事项",
    "source": "事项来源",
    "received_on": "收到（交办）日期",
    "handler": "办理人",
    "method": "催办方式",
    "summary": "办理情况",
    "percent_complete": "完成任务百分比（%）",
    "investment_done": "已完成投资额（万元）",
    "work_done": "已完成工程量",
    "signed_by": "签发人（单位主要负责人）",
    "reason": "理由",
    "new_due": "申请延至",
    "granted": "同意延期",
    "satisfaction": "满意度",
    "outcome": "办理结果",
    "due": "调整后的办结时限",
    "bulletin_id": "通报编号",
    "level": "通报级别",
    "units": "单位",
    "item_ids": "相关事项编号",
    "unit": "整改单位",
    "inspection_id": "督查活动编号",
    "organiser": "组织单位",
    "topic": "督查主题",
    "start": "开始日期",
    "end": "结束日期",
    "leader": "上报领导",
    "special_report": "以《督查专报》上报",
    "name": "姓名",
    # server fields: titled for messages about an event's own validation (never on a form)
    "at": "办理时间",
    "by": "办理人员",
    "role": "角色",
    "rank": "领导类别（主要领导、分管领导）",
}

#: Titles that depend on the event: the same field name means different things.
_EVENT_TITLES: Final[dict[tuple[str, str], str]] = {
    ("Returned", "kind"): "退回方式",
    ("Returned", "reason"): "退回理由",
    ("ExtensionRequested", "reason"): "延期理由（含办理进展）",
    ("Cancelled", "reason"): "撤销理由",
    ("DeadlineRevised", "reason"): "调整理由",
    ("BulletinIssued", "kind"): "通报类型",
    ("BulletinIssued", "reason"): "通报事由",
    ("BulletinIssued", "units"): "通报单位",
    ("InspectionPlanned", "units"): "督查对象单位",
    ("ProgressReported", "summary"): "进展情况",
    ("FeedbackSubmitted", "summary"): "办理结果报告",
    ("ReportedToLeader", "summary"): "上报内容摘要",
    ("ReportedToLeader", "leader"): "上报领导",
    ("ReportedToLeader", "special_report"): "以《督查专报》上报",
}


def _title(event_type: str, name: str) -> str:
    return _EVENT_TITLES.get((event_type, name)) or _TITLES.get(name, name)


# -- enums by label or code ----------------------------------------------------------------------


def _labelled(enum: type[Enum]) -> Any:
    """``enum`` as a form field: accepts a member's code or its Chinese label, and shows the
    members in the schema as ``oneOf`` ``const`` (the code) + ``title`` (the label)."""
    by_label = {member.label: member for member in enum}  # type: ignore[attr-defined]

    def accept_label(value: Any) -> Any:
        if isinstance(value, str):
            return by_label.get(value.strip(), value)
        return value

    schema = {
        "type": "string",
        "oneOf": [{"const": member.value, "title": member.label} for member in enum],  # type: ignore[attr-defined]
    }
    return Annotated[enum, BeforeValidator(accept_label), WithJsonSchema(schema)]


def _is_labelled_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum) and hasattr(annotation, "label")


class _Form(BaseModel):
    """What every form model shares: unknown fields refused, empty inputs mean the default."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        # An HTML form sends "" for an input left empty; for a field with a default, that is
        # the default, not an invalid date or number.
        if isinstance(data, Mapping):
            fields = cls.model_fields
            return {
                key: value
                for key, value in data.items()
                if not (value == "" and key in fields and not fields[key].is_required())
            }
        return data


class ActorForm(_Form):
    """签发人 on a form: a person, a role (by code or Chinese label) and, for unit roles, the unit."""

    model_config = ConfigDict(title="人员")

    name: Annotated[str, FieldInfo.merge_field_infos(Actor.model_fields["name"], title=_TITLES["name"])]
    role: Annotated[_labelled(Role), Field(title=_TITLES["role"])]  # type: ignore[valid-type]
    unit: Annotated[str | None, FieldInfo.merge_field_infos(Actor.model_fields["unit"], title="所在单位")] = (
        None
    )


class LeaderForm(_Form):
    """批示领导 on a form (``Drafted.instructed_by``): the leader's name and rank — 主要领导 or
    分管领导, by code or Chinese label; both required, since a 主要领导's own 批示交办 is
    extended by a 主要领导 (S4-20(三)). The role is always 领导 and not asked for."""

    model_config = ConfigDict(title="批示领导")

    name: Annotated[str, FieldInfo.merge_field_infos(Actor.model_fields["name"], title="领导姓名")]
    rank: Annotated[_labelled(LeaderRank), Field(title=_TITLES["rank"])]  # type: ignore[valid-type]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def role(self) -> Role:
        """Always a leader: the event's actor is built with it."""
        return Role.LEADER


#: Event fields whose form type is not derived from the event's own annotation.
_FORM_TYPES: Final[dict[str, Any]] = {"instructed_by": LeaderForm | None}


def _form_field(event_type: str, name: str, info: FieldInfo) -> tuple[Any, FieldInfo]:
    annotation = info.annotation
    if name in _FORM_TYPES:
        annotation = _FORM_TYPES[name]
    elif annotation is Actor:
        annotation = ActorForm
    elif _is_labelled_enum(annotation):
        annotation = _labelled(annotation)  # type: ignore[arg-type]
    return annotation, FieldInfo.merge_field_infos(info, title=_title(event_type, name))


def _server_fields(event_type: str) -> frozenset[str]:
    return SERVER_FIELDS | {"due"} if event_type in _RECORDED_DUE else SERVER_FIELDS


def _build(event_type: str) -> type[_Form]:
    cls = EVENT_TYPES[event_type]
    hidden = _server_fields(event_type)
    fields = {
        name: _form_field(event_type, name, info)
        for name, info in cls.model_fields.items()
        if name not in hidden
    }
    model: type[_Form] = create_model(  # type: ignore[call-overload]
        f"{event_type}Form",
        __base__=_Form,
        __doc__=(cls.__doc__ or "").strip().split("\n", 1)[0],
        **fields,
    )
    model.model_config["title"] = f"{cls.label}（{event_type}）"
    model.model_rebuild(force=True)
    return model


# One form model per event type, built on first use (18 at most: bounded).
_FORMS: dict[str, type[_Form]] = {}


def form_model(event_type: str) -> type[BaseModel]:
    """The pydantic model of what a form may send for ``event_type`` (see :func:`form_schema`)."""
    model = _FORMS.get(event_type)
    if model is None:
        if event_type not in EVENT_TYPES:
            known = "、".join(EVENT_TYPES)
            raise FormError(
                f"没有名为“{event_type}”的事件类型；可用的事件类型：{known}",
                code="form.unknown_event",
                en=f"unknown event type {event_type!r}; known types: {', '.join(EVENT_TYPES)}",
            )
        model = _FORMS[event_type] = _build(event_type)
    return model


def form_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of what a form may send for ``event_type`` (e.g. ``"Urged"``).

    Only the event's content fields: never ``type``, ``schema_version``, ``at``, ``by``,
    ``expected_version``, nor the ``due`` the ledger records on ``Assigned``/``Returned``.
    Titles are Chinese; an enum field lists its members as ``oneOf`` entries of ``const``
    (the code, what a form should send) and ``title`` (the Chinese label to show).
    An unknown event type raises :class:`FormError` (``form.unknown_event``).
    """
    return form_model(event_type).model_json_schema()


def from_form(event_type: str, data: Mapping[str, Any], *, by: Actor, at: datetime) -> _Event:
    """The ``event_type`` event built from a form's ``data``, stamped by the host.

    ``by`` is the signed-in actor from the host's own session and ``at`` the host's clock
    (timezone-aware); neither may come from the form. ``data`` holds the content fields of
    :func:`form_schema` (enums by code or Chinese label). Refusals are :class:`FormError`:
    ``form.unknown_event``, ``form.not_a_mapping``, ``form.server_field`` (``data`` names
    ``type``, ``schema_version``, ``at``, ``by``, ``expected_version`` or a recorded
    ``due``), ``form.invalid`` (per-field Chinese messages in ``errors``) and
    ``form.bad_stamp`` (``by`` is not an :class:`~duban_core.actors.Actor` or ``at`` is not
    an aware datetime: the host's mistake). Whether the ledger accepts the event is decided
    by :meth:`~duban_core.ledger.Ledger.apply`, as for any event.
    """
    model = form_model(event_type)
    if not isinstance(data, Mapping):
        raise FormError(
            f"表单数据应为键值对（JSON 对象），收到的是 {type(data).__name__}",
            code="form.not_a_mapping",
            en=f"form data must be a mapping, got {type(data).__name__}",
        )
    named = tuple(sorted(str(key) for key in data if key in _server_fields(event_type)))
    if named:
        raise FormError(
            f"表单不得填写由系统确定的字段：{'、'.join(named)}（办理人和时间由系统根据登录身份和服务器时钟记录，"
            "版本号作为提交参数，交办、退回的期限由规则计算）",
            code="form.server_field",
            fields=named,
            en=f"form data may not name server fields: {', '.join(named)} (the host stamps who and when)",
        )
    if not isinstance(by, Actor):
        raise FormError(
            "宿主应用须以登录人员（Actor）作为办理人",
            code="form.bad_stamp",
            en=f"by must be the signed-in Actor, got {type(by).__name__}",
        )
    try:
        require_aware(at)
    except (ValueError, AttributeError):
        raise FormError(
            "宿主应用须以带时区的服务器时间作为办理时间",
            code="form.bad_stamp",
            en=f"at must be a timezone-aware datetime, got {at!r}",
        ) from None
    try:
        form = model.model_validate(dict(data))
        content = form.model_dump()
        return EVENT_TYPES[event_type].model_validate({**content, "at": at, "by": by})
    except ValidationError as exc:
        problems = translate_errors(exc, event_type)
        summary = "；".join(f"{p['title']}：{p['message']}" for p in problems)
        raise FormError(
            f"表单填写有误：{summary}",
            code="form.invalid",
            errors=problems,
            en="invalid form: " + "; ".join(f"{'.'.join(map(str, p['loc']))}: {p['en']}" for p in problems),
        ) from exc


# -- validation errors in Chinese ----------------------------------------------------------------
#
# pydantic's documented way to customise messages: map each error's ``type`` to a template
# filled from its ``ctx``. Types missing here fall back to a generic Chinese sentence (the
# English original stays in ``en``).

#: Chinese message templates by pydantic error type (filled from the error's ``ctx``).
MESSAGES: Final[dict[str, str]] = {
    "missing": "必须填写",
    "extra_forbidden": "表单中没有这一项，请删除",
    "string_type": "应为文字",
    "string_too_short": "至少应有{min_length}个字符",
    "string_too_long": "不能超过{max_length}个字符",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_digits": "数字不能超过{max_digits}位",
    "decimal_max_places": "小数不能超过{decimal_places}位",
    "decimal_whole_digits": "整数部分不能超过{whole_digits}位",
    "finite_number": "应为有限的数字",
    "greater_than": "应大于{gt}",
    "greater_than_equal": "不能小于{ge}",
    "less_than": "应小于{lt}",
    "less_than_equal": "不能大于{le}",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "date_type": "应为日期（如 2024-03-01）",
    "date_parsing": "应为日期（如 2024-03-01）",
    "date_from_datetime_parsing": "应为日期（如 2024-03-01）",
    "date_from_datetime_inexact": "应为日期，不含时刻",
    "datetime_type": "应为带时区的时间（如 2024-03-01T09:00:00+08:00）",
    "datetime_parsing": "应为带时区的时间（如 2024-03-01T09:00:00+08:00）",
    "timezone_aware": "时间须带时区",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "too_short": "至少应有{min_length}项",
    "too_long": "不能超过{max_length}项",
    "model_type": "应为一组字段（JSON 对象）",
    "model_attributes_type": "应为一组字段（JSON 对象）",
    "dict_type": "应为一组字段（JSON 对象）",
    # the events' own checks (duban_core.events)
    "lead_unit_is_co_unit": "主办单位“{unit}”不能同时是协办单位",
    "duplicate_entry": "同一单位或事项填写了两次",
    "own_parent": "事项不能以自身为上级事项（分解立项时上级事项须为另一事项）",
    "ends_before_start": "结束日期 {end} 早于开始日期 {start}",
    "no_cst_day": "时间 {at} 换算为北京时间后超出可表示的日期范围",
    "actor_unit_missing": "{label}须注明所在单位",
    "actor_unit_contradicts_role": "{label}不属于承办单位，不能同时注明单位“{unit}”",
    "at_out_of_range": "事件时间 {at} 超出支持范围：其北京时间日期须在 {first} 至 {last} 之间",
    "value_error": "{error}",
    "assertion_error": "{error}",
}


def _enum_at(event_type: str | None, loc: tuple[int | str, ...]) -> type[Enum] | None:
    """The labelled enum of the field at ``loc`` of ``event_type``'s form, if it is one."""
    if event_type not in EVENT_TYPES or not loc:
        return None
    model: type[BaseModel] = form_model(event_type)
    annotation: Any = None
    for part in loc:
        if not isinstance(part, str) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        # An optional nested form (``LeaderForm | None``) reads as its form.
        nested = [a for a in get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        if nested:
            annotation = nested[0]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return annotation if _is_labelled_enum(annotation) else None


def translate_errors(exc: ValidationError, event_type: str | None = None) -> tuple[dict[str, Any], ...]:
    """pydantic's errors of ``exc`` with Chinese messages, one dict per problem.

    Each has ``loc`` (the path to the field), ``title`` (the field's Chinese title),
    ``type`` (pydantic's error type, stable), ``message`` (Chinese, from :data:`MESSAGES`)
    and ``en`` (pydantic's English message, for logs). Works on any ``ValidationError`` of
    an event or a form; ``event_type`` picks titles that depend on the event.
    """
    out = []
    for error in exc.errors(include_url=False, include_input=False):
        kind = error["type"]
        ctx = error.get("ctx") or {}
        template = MESSAGES.get(kind)
        if template is None:
            message = f"填写的内容无效（{kind}）"
        else:
            try:
                message = template.format(**ctx)
            except (KeyError, IndexError):
                message = template
        if kind == "enum":
            enum = _enum_at(event_type, error["loc"])
            if enum is not None:
                message = "应为以下之一：" + "".join(f"“{m.label}”" for m in enum)  # type: ignore[attr-defined]
        if kind in ("value_error", "assertion_error"):
            message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        loc = tuple(error["loc"])
        # a discriminated union puts the event type in the path: not a field
        names = [part for part in loc if isinstance(part, str) and part not in EVENT_TYPES]
        title = "·".join(_title(event_type or "", name) for name in names) or "表单"
        out.append({"loc": loc, "title": title, "type": kind, "message": message, "en": error["msg"]})
    return tuple(out)
