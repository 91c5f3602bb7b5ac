"""The one labelled-enum base: every enum a clerk reads has a Chinese label for each member."""

from __future__ import annotations

import re

import pytest

from duban_core import Category, ChangeKind, FindingKind, Level, Role, State
from duban_core._enums import LabelledEnum, labelled
from duban_core.events import BulletinKind, BulletinLevel, Outcome, ReturnKind, Satisfaction
from duban_core.machine import Party

ENUMS = (
    Role,
    Category,
    State,
    Party,
    ChangeKind,
    FindingKind,
    Level,
    ReturnKind,
    Satisfaction,
    Outcome,
    BulletinKind,
    BulletinLevel,
)
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_has_a_chinese_label(enum: type[LabelledEnum]) -> None:
    assert issubclass(enum, LabelledEnum)
    for member in enum:
        assert HAN.search(member.label), (member, member.label)
        assert member.value == member.name  # stable English identifiers in the log


def test_hand_checked_labels() -> None:
    assert (State.REPORTED.label, Role.UNIT_HEAD.label, ReturnKind.LEADER_FOLLOW_UP.label) == (
        "已反馈待审核",
        "承办单位主要负责人",
        "领导批示再督查",
    )
    assert (Level.RED.label, Level.RED.light, Category.DEPUTY_PROPOSAL.clause) == ("逾期", "红灯", "S0-4.5")


def test_labels_must_name_every_member() -> None:
    class Colour(LabelledEnum):
        RED = "RED"
        BLUE = "BLUE"

    with pytest.raises(TypeError, match="BLUE"):
        labelled(Colour, {Colour.RED: "红"})
