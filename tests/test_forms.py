"""The host boundary (issue #16): form schemas and events built from forms.

A form may send only an event's content; the host stamps who (``by``) and when (``at``),
and the ledger records the due day of ``Assigned``/``Returned`` (S0-4). Enum fields accept
the code or the Chinese label; validation errors come out in Chinese.
"""

from __future__ import annotations

import json
import pickle
import re
from datetime import date, datetime
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from duban_core import Actor, Category, DubanError, Ledger, Role, RuleSet
from duban_core import events as ev
from duban_core.clock import CST
from duban_core.events import (
    EVENT_TYPES,
    BulletinKind,
    BulletinLevel,
    Drafted,
    Outcome,
    ReturnKind,
    Satisfaction,
)
from duban_core.forms import MESSAGES, SERVER_FIELDS, FormError, form_model, translate_errors

CJK = re.compile(r"[\u4e00-\u9fff]")
OFFICE = Actor(name="李明", role=Role.OFFICE)
HEAD = Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局")
STAFF = Actor(name="赵强", role=Role.UNIT_STAFF, unit="区住建局")
AT = datetime(2024, 3, 1, 9, tzinfo=CST)
LABELLED = (Category, Role, ReturnKind, Satisfaction, Outcome, BulletinKind, BulletinLevel)

DRAFT = {
    "item_id": "2024-001",
    "title": "老旧小区改造进度核查",
    "category": "LEADER_INSTRUCTION",
    "lead_unit": "区住建局",
}


def _props(schema: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = schema["properties"]
    return props


# -- form_schema ---------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_a_form_schema_never_names_a_server_field(event_type: str) -> None:
    schema = ev.form_schema(event_type)
    names = set(_props(schema))
    assert not names & SERVER_FIELDS
    assert not names & {"type", "schema_version", "at", "by", "expected_version"}
    if event_type in ("Assigned", "Returned"):
        assert "due" not in names  # the ledger records the due day it computed (S0-4)
    # everything else the event holds is on the form
    hidden = SERVER_FIELDS | ({"due"} if event_type in ("Assigned", "Returned") else set())
    assert names == set(EVENT_TYPES[event_type].model_fields) - hidden
    json.dumps(schema)


@pytest.mark.parametrize("event_type", sorted(EVENT_TYPES))
def test_a_form_schema_has_chinese_titles(event_type: str) -> None:
    schema = ev.form_schema(event_type)
    assert CJK.search(schema["title"]), schema["title"]
    assert schema["title"] == f"{EVENT_TYPES[event_type].label}（{event_type}）"
    for name, prop in _props(schema).items():
        assert CJK.search(prop["title"]), (name, prop["title"])
    for definition in schema.get("$defs", {}).values():
        for name, prop in definition["properties"].items():
            assert CJK.search(prop["title"]), (name, prop["title"])


def test_a_revised_deadline_is_what_the_office_sends() -> None:
    # DeadlineRevised.due is the office's decision, not a recorded computation.
    assert "due" in _props(ev.form_schema("DeadlineRevised"))
    assert _props(ev.form_schema("DeadlineRevised"))["due"]["title"] == "调整后的办结时限"


def test_enums_are_shown_by_their_chinese_labels() -> None:
    category = _props(ev.form_schema("Drafted"))["category"]
    assert category["title"] == "督查类别"
    assert category["oneOf"] == [{"const": c.value, "title": c.label} for c in Category]
    assert {"const": "LEADER_INSTRUCTION", "title": "领导批示、交办"} in category["oneOf"]
    kind = _props(ev.form_schema("Returned"))["kind"]
    assert kind["title"] == "退回方式"
    assert [o["title"] for o in kind["oneOf"]] == ["补办", "重新办理", "领导批示再督查"]
    bulletin = _props(ev.form_schema("BulletinIssued"))
    assert bulletin["kind"]["title"] == "通报类型"
    assert bulletin["level"]["default"] == "OFFICE"
    signer = ev.form_schema("FeedbackSubmitted")["$defs"]["ActorForm"]["properties"]["role"]
    assert {"const": "UNIT_HEAD", "title": "承办单位主要负责人"} in signer["oneOf"]


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(FormError) as caught:
        ev.form_schema("Promoted")
    assert caught.value.code == "form.unknown_event"
    assert CJK.search(caught.value.message)
    assert "Promoted" in caught.value.en
    with pytest.raises(FormError, match="Promoted"):
        ev.from_form("Promoted", {}, by=OFFICE, at=AT)


# -- from_form ----------------------------------------------------------------------------------


def test_the_host_stamps_who_and_when() -> None:
    event = ev.from_form("Drafted", DRAFT, by=OFFICE, at=AT)
    assert isinstance(event, Drafted)
    assert event.by == OFFICE
    assert event.at == AT
    assert event.category is Category.LEADER_INSTRUCTION
    assert event == Drafted(at=AT, by=OFFICE, **DRAFT)  # type: ignore[arg-type]


def test_a_category_is_accepted_by_label_or_code() -> None:
    by_label = ev.from_form("Drafted", {**DRAFT, "category": "领导批示、交办"}, by=OFFICE, at=AT)
    by_code = ev.from_form("Drafted", {**DRAFT, "category": "LEADER_INSTRUCTION"}, by=OFFICE, at=AT)
    assert by_label == by_code
    # stored events keep the code: the log round-trips exactly
    assert json.loads(by_label.model_dump_json())["category"] == "LEADER_INSTRUCTION"


def test_events_themselves_take_codes_only() -> None:
    # Documented choice: labels are a form convenience; the event schema (and a stored log)
    # holds codes, so parse stays an exact round trip.
    with pytest.raises(ValidationError):
        Drafted(at=AT, by=OFFICE, **{**DRAFT, "category": "领导批示、交办"})  # type: ignore[arg-type]


@given(st.sampled_from([(enum, member) for enum in LABELLED for member in enum]))
def test_every_labelled_member_parses_by_label_and_by_code(pair: tuple[type[Enum], Any]) -> None:
    enum, member = pair
    event_type, field = {
        Category: ("Drafted", "category"),
        ReturnKind: ("Returned", "kind"),
        Satisfaction: ("Evaluated", "satisfaction"),
        Outcome: ("Evaluated", "outcome"),
        BulletinKind: ("BulletinIssued", "kind"),
        BulletinLevel: ("BulletinIssued", "level"),
        Role: ("FeedbackSubmitted", "signed_by"),
    }[enum]
    model = form_model(event_type)
    bases: dict[str, dict[str, Any]] = {
        "Drafted": DRAFT,
        "Returned": {"item_id": "A", "kind": "REDO", "reason": "未答复全部要点"},
        "Evaluated": {"item_id": "A", "satisfaction": "SATISFIED", "outcome": "SOLVED"},
        "BulletinIssued": {
            "bulletin_id": "B1",
            "kind": "PRAISE",
            "units": ["区住建局"],
            "reason": "按时办结",
        },
        "FeedbackSubmitted": {
            "item_id": "A",
            "summary": "已完成",
            "signed_by": {"name": "王芳", "role": "OFFICE"},
        },
    }
    base = bases[event_type]

    def with_value(value: str) -> dict[str, Any]:
        if enum is Role:
            unit = "区住建局" if member in (Role.UNIT_HEAD, Role.UNIT_STAFF) else None
            return {**base, field: {"name": "王芳", "role": value, "unit": unit}}
        return {**base, field: value}

    by_code = model.model_validate(with_value(member.value))
    by_label = model.model_validate(with_value(member.label))
    assert by_code == by_label


def test_a_returned_kind_and_a_signer_role_by_label() -> None:
    returned = ev.from_form(
        "Returned", {"item_id": "A", "kind": "重新办理", "reason": "漏项"}, by=OFFICE, at=AT
    )
    assert returned.kind is ReturnKind.REDO  # type: ignore[union-attr]
    feedback = ev.from_form(
        "FeedbackSubmitted",
        {
            "item_id": "A",
            "summary": "已完成",
            "signed_by": {"name": "王芳", "role": "承办单位主要负责人", "unit": "区住建局"},
        },
        by=STAFF,
        at=AT,
    )
    assert feedback.signed_by == HEAD  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("event_type", "data", "named"),
    [
        # a backdated extension request (the issue's first finding)
        (
            "ExtensionRequested",
            {"item_id": "A", "new_due": "2024-04-01", "reason": "需协调", "at": "2024-01-01T09:00:00+08:00"},
            ("at",),
        ),
        # an approval "by" a self-declared leader
        ("Approved", {"item_id": "A", "by": {"name": "随便谁", "role": "LEADER"}}, ("by",)),
        # an Assigned carrying a holiday as its due
        ("Assigned", {"item_id": "A", "received_on": "2024-09-27", "due": "2024-10-01"}, ("due",)),
        ("Returned", {"item_id": "A", "kind": "REDO", "reason": "漏项", "due": "2024-10-01"}, ("due",)),
        ("Urged", {"item_id": "A", "method": "电话", "type": "Approved"}, ("type",)),
        ("Urged", {"item_id": "A", "method": "电话", "schema_version": 1}, ("schema_version",)),
        ("Urged", {"item_id": "A", "method": "电话", "expected_version": 3}, ("expected_version",)),
        ("Urged", {"item_id": "A", "method": "电话", "by": None, "at": None}, ("at", "by")),
        (
            "BulletinIssued",
            {"bulletin_id": "B", "kind": "PRAISE", "units": ["区住建局"], "reason": "好", "at": "x"},
            ("at",),
        ),
    ],
)
def test_server_fields_in_the_data_are_refused(
    event_type: str, data: dict[str, Any], named: tuple[str, ...]
) -> None:
    with pytest.raises(FormError) as caught:
        ev.from_form(event_type, data, by=OFFICE, at=AT)
    error = caught.value
    assert error.code == "form.server_field"
    assert error.fields == named
    assert all(name in error.message for name in named)
    assert CJK.search(error.message)
    assert isinstance(error, DubanError)


def test_validation_errors_come_out_in_chinese_with_english_kept() -> None:
    data = {
        **DRAFT,
        "title": "",
        "category": "不存在的类别",
        "co_units": ["区住建局"],
        "stipulated_due": "明天",
        "colour": "red",
    }
    with pytest.raises(FormError) as caught:
        ev.from_form("Drafted", data, by=OFFICE, at=AT)
    error = caught.value
    assert error.code == "form.invalid"
    by_field = {e["loc"][0]: e for e in error.errors}
    assert by_field["title"] == {
        "loc": ("title",),
        "title": "督查事项名称",
        "type": "string_too_short",
        "message": "至少应有1个字符",
        "en": "String should have at least 1 character",
    }
    assert by_field["category"]["message"].startswith("应为以下之一：“上级重大决策、文件和部署”")
    assert by_field["stipulated_due"]["title"] == "规定办结时限"
    assert by_field["stipulated_due"]["message"] == "应为日期（如 2024-03-01）"
    assert by_field["colour"]["message"] == "表单中没有这一项，请删除"
    for problem in error.errors:
        assert CJK.search(problem["message"]), problem
        assert not CJK.search(problem["en"]) or problem["type"] == "enum", problem
    assert error.message.startswith("表单填写有误：督查事项名称：至少应有1个字符")
    assert "title: String should have at least 1 character" in error.en
    json.dumps(error.to_dict(), ensure_ascii=False)


def test_the_events_own_checks_come_out_in_chinese() -> None:
    with pytest.raises(FormError) as caught:
        ev.from_form("Drafted", {**DRAFT, "co_units": ["区住建局"]}, by=OFFICE, at=AT)
    (problem,) = caught.value.errors
    assert problem["type"] == "lead_unit_is_co_unit"
    assert problem["message"] == "主办单位“区住建局”不能同时是协办单位"
    assert "cannot also be a co-unit" in problem["en"]
    with pytest.raises(FormError) as caught:
        ev.from_form(
            "InspectionPlanned",
            {
                "inspection_id": "I1",
                "organiser": "区政府办",
                "topic": "安全生产",
                "units": ["区住建局"],
                "start": "2024-03-05",
                "end": "2024-03-01",
            },
            by=OFFICE,
            at=AT,
        )
    assert caught.value.errors[0]["message"] == "结束日期 2024-03-01 早于开始日期 2024-03-05"


def test_an_empty_input_means_the_default() -> None:
    event = ev.from_form(
        "Drafted", {**DRAFT, "stipulated_due": "", "source": "", "urgent": ""}, by=OFFICE, at=AT
    )
    assert isinstance(event, Drafted)
    assert event.stipulated_due is None
    assert event.source is None
    assert event.urgent is False
    with pytest.raises(FormError) as caught:  # a required field left empty is still missing content
        ev.from_form("Drafted", {**DRAFT, "title": ""}, by=OFFICE, at=AT)
    assert caught.value.errors[0]["loc"] == ("title",)


@pytest.mark.parametrize(
    ("by", "at"),
    [(OFFICE, datetime(2024, 3, 1, 9)), ({"name": "李明", "role": "OFFICE"}, AT), (OFFICE, "2024-03-01")],
)
def test_the_hosts_own_stamp_must_be_right(by: Any, at: Any) -> None:
    with pytest.raises(FormError) as caught:
        ev.from_form("Urged", {"item_id": "A", "method": "电话"}, by=by, at=at)
    assert caught.value.code == "form.bad_stamp"


def test_data_must_be_a_mapping() -> None:
    with pytest.raises(FormError) as caught:
        ev.from_form("Urged", [("item_id", "A")], by=OFFICE, at=AT)  # type: ignore[arg-type]
    assert caught.value.code == "form.not_a_mapping"


def test_a_form_error_survives_pickling_and_keeps_its_fields() -> None:
    with pytest.raises(FormError) as caught:
        ev.from_form("Drafted", {**DRAFT, "title": ""}, by=OFFICE, at=AT)
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is FormError
    assert (again.code, again.message, again.errors) == (
        caught.value.code,
        caught.value.message,
        caught.value.errors,
    )
    prefixed = caught.value.prefixed("第1行：", "line 1: ")
    assert isinstance(prefixed, FormError)
    assert prefixed.errors == caught.value.errors


def test_a_form_goes_through_the_ledger_like_any_event() -> None:
    ledger = Ledger(RuleSet.default())
    ledger.apply(ev.from_form("Drafted", {**DRAFT, "category": "领导批示、交办"}, by=OFFICE, at=AT))
    ledger.apply(ev.from_form("Registered", {"item_id": "2024-001"}, by=OFFICE, at=AT))
    ledger.apply(
        ev.from_form("Assigned", {"item_id": "2024-001", "received_on": "2024-03-01"}, by=OFFICE, at=AT)
    )
    item = ledger.items["2024-001"]
    assert item.deadline is not None
    assert item.deadline.due == date(2024, 3, 6)
    # the form's who is the host's: a unit clerk cannot urge, whatever the form says
    urged = ev.from_form("Urged", {"item_id": "2024-001", "method": "电话催办"}, by=STAFF, at=AT)
    with pytest.raises(DubanError):
        ledger.apply(urged)


def test_translate_errors_works_on_an_events_own_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        ev.parse(
            {
                "type": "Urged",
                "at": "2024-03-01T09:00:00",
                "by": OFFICE.model_dump(),
                "item_id": "A",
                "method": "",
            }
        )
    problems = translate_errors(caught.value, "Urged")
    assert {p["title"] for p in problems} >= {"催办方式"}
    assert all(CJK.search(p["message"]) for p in problems)


def test_every_message_template_is_chinese() -> None:
    for kind, template in MESSAGES.items():
        assert template in ("{error}",) or CJK.search(template), kind
