"""Who sends events: the supervision office, leaders, and the units' heads and staff."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ._enums import LabelledEnum, labelled

__all__ = ["Actor", "Role"]


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


class Actor(BaseModel):
    """A person acting in a role; unit roles name their unit.

    >>> Actor(name="王芳", role=Role.UNIT_HEAD, unit="区住建局").describe()
    '区住建局承办单位主要负责人王芳'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    role: Role
    unit: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _unit_roles_name_their_unit(self) -> Actor:
        if self.role in (Role.UNIT_HEAD, Role.UNIT_STAFF) and self.unit is None:
            raise ValueError(f"role {self.role.value} ({self.role.label}) must name its unit")
        return self

    def describe(self) -> str:
        """The actor as a Chinese phrase, e.g. ``区住建局承办单位主要负责人王芳``."""
        return f"{self.unit or ''}{self.role.label}{self.name}"
