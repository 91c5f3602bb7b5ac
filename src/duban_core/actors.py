"""Who sends events: the supervision office, leaders, and the units' heads and staff."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ._enums import LabelledEnum, labelled
from ._text import Name

__all__ = ["Actor", "LeaderRank", "Role"]


class Role(LabelledEnum):
    """The roles of the procedure (S0-3, S4-7, S4-20)."""

    OFFICE = "OFFICE"
    LEADER = "LEADER"
    UNIT_HEAD = "UNIT_HEAD"
    UNIT_STAFF = "UNIT_STAFF"


labelled(
    Role,
    {
        Role.OFFICE: "督查室",
        Role.LEADER: "领导",
        Role.UNIT_HEAD: "承办单位主要负责人",
        Role.UNIT_STAFF: "承办单位经办人",
    },
)


class LeaderRank(LabelledEnum):
    """Which leader: the seeds tell the 主要领导 (the principal leader, e.g. 区委书记、区长)
    from a 分管领导 (the leader in charge of the area) where their duties differ — an
    extension goes to the 分管领导 (S4-20(二)), but for a 主要领导's own 批示交办 to the
    主要领导 (S4-20, 第二十条第（三）项); 重大复杂事项 are settled by the leadership
    (S4-7(一)); the 主要领导 负总责 and 分管领导 check their own areas (大安区委规则第八条)."""

    PRINCIPAL = "PRINCIPAL"
    IN_CHARGE = "IN_CHARGE"


labelled(LeaderRank, {LeaderRank.PRINCIPAL: "主要领导", LeaderRank.IN_CHARGE: "分管领导"})


_HEAD, _STAFF, _OFFICE = Role.UNIT_HEAD, Role.UNIT_STAFF, Role.OFFICE


class Actor(BaseModel):
    """A person acting in a role; unit roles name their unit.

    >>> Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局").describe()
    '区住建局主要负责人王芳'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Name
    role: Role
    unit: Name | None = None
    #: For a LEADER: 主要领导 or 分管领导, where it matters (S4-20(二), S4-20); left out of the
    #: JSON when unset, so actors recorded without it read and write as before.
    rank: LeaderRank | None = Field(default=None, exclude_if=lambda value: value is None)

    @model_validator(mode="after")
    def _unit_matches_role(self) -> Actor:
        # One identity per actor: a unit role names its unit, and the office or a leader
        # names none — else an OFFICE actor "of" the lead unit could approve that unit's own
        # report, or a LEADER of it grant its own extension (S0-3.4, S0-4.6 经领导批准).
        # (Fields read from __dict__ once, the roles from module names: this runs for the
        # actor of every event parsed.)
        d = self.__dict__
        role, unit = d["role"], d["unit"]
        if d["rank"] is None and (
            (unit is not None and (role is _HEAD or role is _STAFF)) or (unit is None and role is _OFFICE)
        ):
            return self  # a unit's person or the office, as most events have it

        if role in (Role.UNIT_HEAD, Role.UNIT_STAFF) and self.unit is None:
            raise PydanticCustomError(
                "actor_unit_missing",
                "{label}须注明所在单位（role {role} must name its unit）",
                {"label": self.role.label, "role": self.role.value},
            )
        if self.role in (Role.OFFICE, Role.LEADER) and self.unit is not None:
            raise PydanticCustomError(
                "actor_unit_contradicts_role",
                "{label}不属于承办单位，不能同时注明单位“{unit}”；承办单位人员请用 UNIT_HEAD 或 UNIT_STAFF"
                "（role {role} carries no unit）",
                {"label": self.role.label, "role": self.role.value, "unit": self.unit},
            )
        if self.rank is not None and self.role is not Role.LEADER:
            raise PydanticCustomError(
                "actor_rank_not_leader",
                "只有领导才区分主要领导和分管领导，{label}不能注明（only a LEADER has a rank, not {role}）",
                {"label": self.role.label, "role": self.role.value},
            )
        return self

    def describe(self) -> str:
        """The actor as a Chinese phrase, e.g. ``区住建局主要负责人王芳``; a leader with a rank
        reads ``分管领导赵强``.

        A unit's people are named by their unit and post only: whether the unit leads the item
        (主办、承办) or helps (协办) depends on the item, not on the person, so the phrase says
        neither (a co-unit's staff is not a 承办单位经办人).
        """
        if self.role is Role.UNIT_HEAD:
            return f"{self.unit}主要负责人{self.name}"
        if self.role is Role.UNIT_STAFF:
            return f"{self.unit}经办人{self.name}"
        if self.rank is not None:
            return f"{self.rank.label}{self.name}"
        return f"{self.role.label}{self.name}"
