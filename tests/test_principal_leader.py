"""主要领导 and 分管领导 where the seeds tell them apart (issue #15, point 10; S4-20(二), S4-20(三)).

The 大安区委 rules (S4) send a request for more time on a 区委重大议定事项 to the 分管领导
(S4-20(二)), but on a 区委主要领导's own 批示交办 to the 主要领导 (S4-20(三)). An item records
who instructed it (``Drafted.instructed_by``, a leader with a rank); where the rule set
follows S4 (``RuleSet.principal_extensions``, on in the ``"daan"`` preset), only a 主要领导
decides such an item's extension. The district and 安康市 notices say only 经领导批准
(S0-4.6, S0-6.2): under them any leader decides, as before.

Every date is worked out by hand: a 领导批示件 drafted, registered and received Monday
2024-09-02 with the stipulated date Monday 09-30 (a working day: 国庆 2024 starts 10-01);
the unit asks on Friday 09-27 (before the due day, S4-20(二) 提前) for Thursday 10-31.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

import pytest
from pydantic import ValidationError

from duban_core import (
    Actor,
    Category,
    LeaderRank,
    Ledger,
    Role,
    RuleSet,
    RuleViolation,
    Unauthorized,
)
from duban_core import events as ev
from duban_core.clauses import cite
from duban_core.clock import CST
from duban_core.events import (
    Acknowledged,
    Assigned,
    Drafted,
    ExtensionDecided,
    ExtensionRequested,
    Registered,
    parse,
)
from duban_core.forms import FormError
from duban_core.machine import extension_decider_rank
from duban_core.presets import preset

OFFICE = Actor(name="李督查", role=Role.OFFICE)
PRINCIPAL = Actor(name="王书记", role=Role.LEADER, rank=LeaderRank.PRINCIPAL)
OTHER_PRINCIPAL = Actor(name="陈区长", role=Role.LEADER, rank=LeaderRank.PRINCIPAL)
IN_CHARGE = Actor(name="赵副区长", role=Role.LEADER, rank=LeaderRank.IN_CHARGE)
UNRANKED = Actor(name="孙领导", role=Role.LEADER)
STAFF = Actor(name="周经办", role=Role.UNIT_STAFF, unit="区住建局")
HEAD = Actor(name="吴局长", role=Role.UNIT_HEAD, unit="区住建局")

DUE = date(2024, 9, 30)
ASKED_FOR = date(2024, 10, 31)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CST)


def drafted(
    item_id: str = "PS-1",
    category: Category = Category.LEADER_INSTRUCTION,
    instructed_by: Actor | None = PRINCIPAL,
) -> Drafted:
    return Drafted(
        item_id=item_id,
        at=at(date(2024, 9, 2)),
        by=OFFICE,
        title="落实区委书记批示：老旧小区改造",
        category=category,
        lead_unit="区住建局",
        stipulated_due=DUE,
        instructed_by=instructed_by,
    )


def pending_request(
    rules: RuleSet,
    category: Category = Category.LEADER_INSTRUCTION,
    instructed_by: Actor | None = PRINCIPAL,
) -> Ledger:
    """The item assigned on 09-02 (due 09-30), acknowledged, its extension to 10-31 pending."""
    ledger = Ledger(rules)
    ledger.apply(drafted(category=category, instructed_by=instructed_by))
    ledger.apply(Registered(item_id="PS-1", at=at(date(2024, 9, 2), 10), by=OFFICE))
    ledger.apply(
        Assigned(item_id="PS-1", at=at(date(2024, 9, 2), 11), by=OFFICE, received_on=date(2024, 9, 2))
    )
    ledger.apply(Acknowledged(item_id="PS-1", at=at(date(2024, 9, 3)), by=STAFF, handler="周经办"))
    deadline = ledger.items["PS-1"].deadline
    assert deadline is not None
    assert deadline.due == DUE
    ledger.apply(
        ExtensionRequested(
            item_id="PS-1", at=at(date(2024, 9, 27)), by=STAFF, new_due=ASKED_FOR, reason="征地协调未完成"
        )
    )
    return ledger


def decided(by: Actor, granted: bool = True) -> ExtensionDecided:
    return ExtensionDecided(item_id="PS-1", at=at(date(2024, 9, 27), 15), by=by, granted=granted)


def _decisions(ledger: Ledger, actor: Actor) -> list[Any]:
    return [
        a for a in ledger.allowed("PS-1", actor, at(date(2024, 9, 27), 15)) if a.event == "ExtensionDecided"
    ]


# -- S4-20(三): a 主要领导's own 批示交办 is extended by a 主要领导 ------------------------------------


def test_s4_20_3_an_in_charge_leader_may_not_extend_a_principal_leaders_instruction() -> None:
    ledger = pending_request(preset("daan"))
    before = ledger.copy()
    with pytest.raises(Unauthorized) as refused:
        ledger.apply(decided(IN_CHARGE))
    error = refused.value
    assert error.code == "extension.needs_principal"
    assert error.clause == "S4-20(三)"
    assert "主要领导批示交办" in error.message
    assert "分管领导赵副区长不能审批" in error.message
    assert error.en is not None
    # Refused and nothing changed: the request still waits, the deadline is still 09-30.
    assert ledger == before
    item = ledger.items["PS-1"]
    assert item.pending_extension is not None
    assert item.deadline is not None
    assert item.deadline.due == DUE
    # A refusal is refused too: neither granting nor refusing is the 分管领导's to decide.
    with pytest.raises(Unauthorized):
        ledger.apply(decided(IN_CHARGE, granted=False))


def test_s4_20_3_the_principal_leader_extends_it_and_the_deadline_cites_the_clause() -> None:
    rules = preset("daan")
    ledger = pending_request(rules)
    ledger.apply(decided(PRINCIPAL))
    item = ledger.items["PS-1"]
    assert item.pending_extension is None
    deadline = item.deadline
    assert deadline is not None
    assert deadline.due == ASKED_FOR
    assert deadline.start == date(2024, 9, 27)  # the request's day (S0-4.6)
    assert deadline.clauses == ("S0-4.6", "S4-20(三)")
    assert deadline.clause == "S4-20(三)"
    assert rules.cite("S4-20(三)") in deadline.explanation
    assert "主要领导王书记于2024年9月27日（星期五）批准延期" in deadline.explanation


def test_s4_20_3_any_principal_leader_decides_not_only_the_one_who_instructed() -> None:
    # The seed says 区委主要领导, not the person who wrote the 批示: the rule follows the rank.
    ledger = pending_request(preset("daan"))
    ledger.apply(decided(OTHER_PRINCIPAL, granted=False))
    item = ledger.items["PS-1"]
    assert item.pending_extension is None
    assert item.deadline is not None
    assert item.deadline.due == DUE


def test_s4_20_3_a_leader_without_a_recorded_rank_is_told_to_record_it() -> None:
    ledger = pending_request(preset("daan"))
    before = ledger.copy()
    error = ledger.check(decided(UNRANKED))
    assert isinstance(error, Unauthorized)
    assert error.code == "extension.decider_rank_missing"
    assert error.clause == "S4-20(三)"
    assert "未注明是主要领导还是分管领导" in error.message
    assert "注明领导类别（rank）" in error.message
    with pytest.raises(Unauthorized) as refused:
        ledger.apply(decided(UNRANKED))
    assert str(refused.value) == str(error)
    assert ledger == before


def test_s4_20_3_check_gives_the_refusal_apply_would_raise() -> None:
    ledger = pending_request(preset("daan"))
    error = ledger.check(decided(IN_CHARGE))
    assert isinstance(error, Unauthorized)
    assert error.code == "extension.needs_principal"
    assert ledger.check(decided(PRINCIPAL)) is None
    assert ledger.check(decided(PRINCIPAL, granted=False)) is None


def test_s4_20_3_allowed_offers_the_decision_to_the_principal_leader_only() -> None:
    ledger = pending_request(preset("daan"))
    (offer,) = _decisions(ledger, PRINCIPAL)
    assert offer.leader_rank is LeaderRank.PRINCIPAL
    assert offer.requested_due == ASKED_FOR
    assert _decisions(ledger, IN_CHARGE) == []
    assert _decisions(ledger, UNRANKED) == []
    # The leaders' other buttons are unchanged: they may still cancel the item.
    assert "Cancelled" in [a.event for a in ledger.allowed("PS-1", IN_CHARGE, at(date(2024, 9, 27), 15))]


# -- S4-20(二): every other item is extended by the 分管领导 -----------------------------------------


def test_s4_20_2_a_major_decision_is_extended_by_the_in_charge_leader() -> None:
    # 区委重大议定事项 (a meeting decision, no 批示 recorded): the 分管领导 decides (S4-20(二)).
    rules = preset("daan")
    ledger = pending_request(rules, Category.MEETING_DECISION, instructed_by=None)
    (offer,) = _decisions(ledger, IN_CHARGE)
    assert offer.leader_rank is None
    assert len(_decisions(ledger, UNRANKED)) == 1  # no rank needed here: any leader, as before
    ledger.apply(decided(IN_CHARGE))
    deadline = ledger.items["PS-1"].deadline
    assert deadline is not None
    assert deadline.due == ASKED_FOR
    assert deadline.clauses == ("S0-4.6", "S4-20(二)")
    assert "分管领导赵副区长于2024年9月27日（星期五）批准延期" in deadline.explanation


def test_s4_20_2_an_in_charge_leaders_own_instruction_is_extended_by_the_in_charge_leader() -> None:
    ledger = pending_request(preset("daan"), instructed_by=IN_CHARGE)
    ledger.apply(decided(IN_CHARGE))
    deadline = ledger.items["PS-1"].deadline
    assert deadline is not None
    assert deadline.due == ASKED_FOR


@pytest.mark.parametrize("name", ["district", "ankang"])
def test_s0_4_6_the_notices_only_ask_for_a_leaders_approval(name: str) -> None:
    # Deliberate: S0-4.6 and S0-6.2 (and S1) say 经领导批准 without naming which leader, so
    # under their rule sets a 分管领导 — or a leader of no recorded rank — may extend even a
    # 主要领导's 批示. The default stipulated date gives the same due day, 09-30.
    rules = preset(name)
    assert rules.principal_extensions is False
    ledger = pending_request(rules)
    (offer,) = _decisions(ledger, IN_CHARGE)
    assert offer.leader_rank is None
    assert ledger.check(decided(UNRANKED)) is None
    ledger.apply(decided(IN_CHARGE))
    deadline = ledger.items["PS-1"].deadline
    assert deadline is not None
    assert deadline.due == ASKED_FOR
    assert deadline.clauses == ("S0-4.6", "S4-20(二)")


def test_the_rule_follows_the_rule_set_field_not_the_preset_name() -> None:
    rules = RuleSet.default().model_copy(update={"principal_extensions": True})
    assert extension_decider_rank(rules, LeaderRank.PRINCIPAL) is LeaderRank.PRINCIPAL
    assert extension_decider_rank(rules, LeaderRank.IN_CHARGE) is None
    assert extension_decider_rank(rules, None) is None
    assert extension_decider_rank(RuleSet.default(), LeaderRank.PRINCIPAL) is None
    assert preset("daan").principal_extensions is True
    ledger = pending_request(RuleSet.model_validate_json(rules.model_dump_json()))
    with pytest.raises(Unauthorized):
        ledger.apply(decided(IN_CHARGE))


# -- the recorded fact: who instructed the item -------------------------------------------------


def test_the_item_records_who_instructed_it_and_the_log_round_trips() -> None:
    event = drafted()
    data = json.loads(event.model_dump_json())
    assert data["instructed_by"] == {"name": "王书记", "role": "LEADER", "unit": None, "rank": "PRINCIPAL"}
    assert parse(event.model_dump_json()) == event
    # Unset, it is left out of the JSON: logs written before it read and write as before.
    plain = drafted(instructed_by=None)
    assert "instructed_by" not in plain.model_dump_json()
    assert parse(plain.model_dump_json()) == plain
    # A stored log replays to the same rule: the decision stays refused for the 分管领导.
    ledger = pending_request(preset("daan"))
    assert ledger.items["PS-1"].instructed_by == PRINCIPAL
    stored = [parse(e.model_dump_json()) for e in ledger.events]
    replayed = Ledger.replay(stored, preset("daan"))
    assert replayed == ledger
    assert replayed.items["PS-1"].instructed_by == PRINCIPAL
    with pytest.raises(Unauthorized):
        replayed.apply(decided(IN_CHARGE))


@pytest.mark.parametrize("rules", [RuleSet.default(), preset("daan")], ids=["district", "daan"])
@pytest.mark.parametrize(
    ("instructor", "code", "clause"),
    [
        (OFFICE, "draft.instructed_by_not_leader", "S4-6.4"),
        (HEAD, "draft.instructed_by_not_leader", "S4-6.4"),
        (UNRANKED, "draft.instructed_by_rank_missing", "S4-20(三)"),
    ],
    ids=["office", "unit-head", "rank-less-leader"],
)
def test_untrusted_an_instructing_leader_must_be_a_leader_with_a_rank(
    rules: RuleSet, instructor: Actor, code: str, clause: str
) -> None:
    # Under every rule set alike: a stored log drafts the same items whichever rules replay it.
    ledger = Ledger(rules)
    event = drafted(instructed_by=instructor)
    error = ledger.check(event)
    assert isinstance(error, RuleViolation)
    assert (error.code, error.clause) == (code, clause)
    assert re.search(r"[\u4e00-\u9fff]", error.message)
    assert error.en is not None
    with pytest.raises(RuleViolation) as refused:
        ledger.apply(event)
    assert str(refused.value) == str(error)
    assert ledger.items == {}
    assert ledger.version == 0
    assert ledger.allowed("PS-1", OFFICE, at(date(2024, 9, 2))) != ()  # still free to draft


def test_untrusted_json_with_a_malformed_instructing_leader_is_refused() -> None:
    data = json.loads(drafted().model_dump_json())
    for bad in (
        {"name": "王书记", "role": "LEADER", "rank": "BOSS"},  # no such rank
        {"name": "王书记", "role": "OFFICE", "rank": "PRINCIPAL"},  # only a leader has a rank
        {"name": "王书记", "role": "LEADER", "unit": "区委"},  # a leader names no unit
        {"name": " ", "role": "LEADER", "rank": "PRINCIPAL"},  # blank name
        "王书记",
    ):
        with pytest.raises(ValidationError):
            parse({**data, "instructed_by": bad})
        with pytest.raises(ValidationError):
            Ledger().apply(json.dumps({**data, "instructed_by": bad}, ensure_ascii=False))


# -- forms ------------------------------------------------------------------------------------------

DRAFT_FORM = {
    "item_id": "PS-1",
    "title": "落实区委书记批示：老旧小区改造",
    "category": "领导批示、交办",
    "lead_unit": "区住建局",
    "stipulated_due": "2024-09-30",
}


def test_the_form_asks_for_the_instructing_leader_with_a_chinese_title() -> None:
    schema = ev.form_schema("Drafted")
    field = schema["properties"]["instructed_by"]
    assert field["title"] == "批示领导"
    leader = schema["$defs"]["LeaderForm"]
    assert set(leader["properties"]) == {"name", "rank"}  # the role is always 领导
    assert set(leader["required"]) == {"name", "rank"}
    assert leader["properties"]["rank"]["oneOf"] == [
        {"const": "PRINCIPAL", "title": "主要领导"},
        {"const": "IN_CHARGE", "title": "分管领导"},
    ]


def test_the_form_takes_the_rank_by_label_or_code_and_builds_a_leader() -> None:
    stamp: dict[str, Any] = {"by": OFFICE, "at": at(date(2024, 9, 2))}
    by_label = ev.from_form(
        "Drafted", {**DRAFT_FORM, "instructed_by": {"name": "王书记", "rank": "主要领导"}}, **stamp
    )
    by_code = ev.from_form(
        "Drafted", {**DRAFT_FORM, "instructed_by": {"name": "王书记", "rank": "PRINCIPAL"}}, **stamp
    )
    assert by_label == by_code
    assert by_label.instructed_by == PRINCIPAL  # type: ignore[union-attr]
    empty = ev.from_form("Drafted", {**DRAFT_FORM, "instructed_by": ""}, **stamp)
    assert empty.instructed_by is None  # type: ignore[union-attr]
    ledger = Ledger(preset("daan"))
    ledger.apply(by_label)
    assert ledger.items["PS-1"].instructed_by == PRINCIPAL


def test_the_form_refuses_an_instructing_leader_without_a_rank_in_chinese() -> None:
    stamp: dict[str, Any] = {"by": OFFICE, "at": at(date(2024, 9, 2))}
    with pytest.raises(FormError) as missing:
        ev.from_form("Drafted", {**DRAFT_FORM, "instructed_by": {"name": "王书记"}}, **stamp)
    assert missing.value.code == "form.invalid"
    (problem,) = missing.value.errors
    assert problem["loc"] == ("instructed_by", "rank")
    assert problem["title"] == "批示领导·领导类别（主要领导、分管领导）"
    assert problem["message"] == "必须填写"
    with pytest.raises(FormError) as wrong:
        ev.from_form("Drafted", {**DRAFT_FORM, "instructed_by": {"name": "王书记", "rank": "书记"}}, **stamp)
    assert wrong.value.errors[0]["message"] == "应为以下之一：“主要领导”“分管领导”"
    with pytest.raises(FormError) as role:
        ev.from_form(
            "Drafted",
            {**DRAFT_FORM, "instructed_by": {"name": "王书记", "rank": "主要领导", "role": "OFFICE"}},
            **stamp,
        )
    assert role.value.errors[0]["type"] == "extra_forbidden"


def test_s4_20_3_is_in_the_packaged_catalogue() -> None:
    assert cite("S4-20(三)", short=True) == "《大安区委督查规则》第二十条第（三）项"
